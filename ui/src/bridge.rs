//! The one door to the desktop shell: [`call`] of a declared command and [`listen`] to a shell
//! event.
//!
//! On `wasm32` the calls go through `window.__TAURI__` (the shell sets `withGlobalTauri`). On
//! other targets the same functions exist and fail with an [`ApiError`] saying there is no
//! desktop shell, so the crate compiles and its views render natively in tests.

use reelforge_protocol::commands::{Args, Command};
use reelforge_protocol::{ApiError, ErrorCode};
use serde::de::DeserializeOwned;

/// What a rejection that carries no `{code, message}` becomes.
fn internal(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::Internal, message)
}

/// Calls the shell command `C` with `{ "req": req }` and decodes its answer as `C`'s response:
/// the request and response types are those the command is declared with, so a call that
/// disagrees with the shell does not compile.
///
/// A rejection carrying a serialised [`ApiError`] comes back as that error; any other
/// rejection (a thrown `TypeError`, a plain string) becomes [`ErrorCode::Internal`] with its text.
pub async fn call<C: Command>(req: C::Request) -> Result<C::Response, ApiError> {
    shell::invoke(C::NAME, Args { req }).await
}

/// Runs `handler` with the payload of every `event` the shell emits, for the life of the app.
pub async fn listen<T, F>(event: &str, handler: F) -> Result<(), ApiError>
where
    T: DeserializeOwned + 'static,
    F: FnMut(T) + 'static,
{
    shell::listen(event, handler).await
}

#[cfg(target_arch = "wasm32")]
mod shell {
    use super::internal;
    use reelforge_protocol::ApiError;
    use serde::Serialize;
    use serde::de::DeserializeOwned;
    use wasm_bindgen::JsValue;
    use wasm_bindgen::prelude::*;

    // Synchronous externs returning the promise: with `async fn … catch`, a synchronous throw
    // (no `window.__TAURI__`, e.g. the page opened in a browser) reaches the glue as `undefined`
    // and traps the whole wasm instance. Here a throw is an `Err` and the promise is awaited below.
    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "core"], js_name = invoke, catch)]
        fn tauri_invoke(cmd: &str, args: JsValue) -> Result<JsValue, JsValue>;

        #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "event"], js_name = listen, catch)]
        fn tauri_listen(
            event: &str,
            handler: &Closure<dyn FnMut(JsValue)>,
        ) -> Result<JsValue, JsValue>;
    }

    /// Waits for what a shell function returned (a promise, or a plain value).
    async fn settle(returned: Result<JsValue, JsValue>) -> Result<JsValue, JsValue> {
        let promise = js_sys::Promise::resolve(&returned?);
        wasm_bindgen_futures::JsFuture::from(promise).await
    }

    /// Plain objects, `null` for `None` and `()`: what Tauri's JSON argument decoding expects.
    fn to_js<T: Serialize>(value: &T) -> Result<JsValue, ApiError> {
        value
            .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
            .map_err(|e| internal(format!("could not encode the request: {e}")))
    }

    /// The text of a rejection that is not an `ApiError`.
    fn describe(value: &JsValue) -> String {
        if let Some(text) = value.as_string() {
            return text;
        }
        if let Some(error) = value.dyn_ref::<js_sys::Error>() {
            return String::from(error.message());
        }
        js_sys::JSON::stringify(value)
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_else(|| format!("{value:?}"))
    }

    fn to_api_error(value: JsValue) -> ApiError {
        serde_wasm_bindgen::from_value::<ApiError>(value.clone())
            .unwrap_or_else(|_| internal(describe(&value)))
    }

    pub(super) async fn invoke<A: Serialize, Res: DeserializeOwned>(
        cmd: &str,
        args: A,
    ) -> Result<Res, ApiError> {
        let args = to_js(&args)?;
        let answer = settle(tauri_invoke(cmd, args))
            .await
            .map_err(to_api_error)?;
        serde_wasm_bindgen::from_value(answer)
            .map_err(|e| internal(format!("unexpected answer from `{cmd}`: {e}")))
    }

    pub(super) async fn listen<T, F>(event: &str, mut handler: F) -> Result<(), ApiError>
    where
        T: DeserializeOwned + 'static,
        F: FnMut(T) + 'static,
    {
        let event_name = event.to_owned();
        // Tauri hands the callback `{ event, id, payload }`.
        let closure = Closure::<dyn FnMut(JsValue)>::new(move |message: JsValue| {
            let payload = js_sys::Reflect::get(&message, &JsValue::from_str("payload"))
                .unwrap_or(JsValue::NULL);
            match serde_wasm_bindgen::from_value::<T>(payload) {
                Ok(value) => handler(value),
                Err(e) => dioxus::logger::tracing::warn!("bad `{event_name}` payload: {e}"),
            }
        });
        settle(tauri_listen(event, &closure))
            .await
            .map_err(to_api_error)?;
        // The subscription lives as long as the page: the shell holds the callback.
        closure.forget();
        Ok(())
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod shell {
    use super::internal;
    use reelforge_protocol::ApiError;
    use reelforge_protocol::commands::Args;
    use serde::Serialize;
    use serde::de::DeserializeOwned;

    /// The message of every call made outside the webview.
    pub const NO_SHELL: &str = "no desktop shell";

    pub(super) async fn invoke<A: Serialize, Res: DeserializeOwned>(
        cmd: &str,
        args: Args<A>,
    ) -> Result<Res, ApiError> {
        // Encode anyway, so a request that could not cross the boundary fails here too.
        serde_json::to_value(&args)
            .map_err(|e| internal(format!("could not encode the request: {e}")))?;
        Err(internal(format!("{NO_SHELL} ({cmd})")))
    }

    pub(super) async fn listen<T, F>(event: &str, _handler: F) -> Result<(), ApiError>
    where
        T: DeserializeOwned + 'static,
        F: FnMut(T) + 'static,
    {
        Err(internal(format!("{NO_SHELL} ({event})")))
    }
}

#[cfg(not(target_arch = "wasm32"))]
pub use shell::NO_SHELL;
