// Loads the wasm UI built by scripts/build-ui.sh (wasm-bindgen --target web --out-name ui).
// Kept out of index.html so the CSP needs no 'unsafe-inline' for scripts.
import init from "./ui.js";

init({ module_or_path: new URL("./ui_bg.wasm", import.meta.url) }).catch((error) => {
  console.error("Reelforge UI failed to start:", error);
});
