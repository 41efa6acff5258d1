//! Running an official provider SDK (Python, from PyPI) against a fake server: the proof
//! that a fake speaks its provider's wire format. `scripts/setup.sh` installs the SDKs named
//! in `tests/sdk/requirements.txt` into a virtual environment and `scripts/test` points
//! `REELFORGE_SDK_PYTHON` at its interpreter and sets `REELFORGE_REQUIRE_SDK=1`, so in CI a
//! missing SDK fails the test instead of skipping it.

use crate::adapter_check::assert_mp4_bytes;
use crate::fakes::FakeServer;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The SDK environment's Python, or `None` (with a note) when it is not set up and not
/// required.
pub fn python() -> Option<PathBuf> {
    match std::env::var_os("REELFORGE_SDK_PYTHON") {
        Some(path) if Path::new(&path).exists() => Some(PathBuf::from(path)),
        _ if std::env::var_os("REELFORGE_REQUIRE_SDK").is_some_and(|v| v == "1") => {
            panic!(
                "REELFORGE_REQUIRE_SDK=1 but REELFORGE_SDK_PYTHON does not name a Python: run scripts/setup.sh"
            )
        }
        _ => {
            eprintln!(
                "SDK round-trip skipped: REELFORGE_SDK_PYTHON is not set (scripts/test sets it)"
            );
            None
        }
    }
}

/// The script `tests/sdk/<name>`.
pub fn script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sdk").join(name)
}

/// Runs `script` with `python` and `env`; panics with both output streams unless it exits 0.
/// Returns its standard output.
pub fn run(python: &Path, script: &Path, env: &[(&str, &str)]) -> String {
    let output = Command::new(python)
        .arg(script)
        .envs(env.iter().copied())
        .output()
        .expect("the SDK Python runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{} failed ({})\n--- stdout\n{stdout}\n--- stderr\n{}",
        script.display(),
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// Starts a fake with `start` (a `fakes::<id>::start`) in a fresh temporary directory, which
/// lives as long as the returned guard.
pub async fn start_fake(
    start: impl AsyncFnOnce(u16, &Path) -> std::io::Result<FakeServer>,
) -> (tempfile::TempDir, FakeServer) {
    let dir = tempfile::tempdir().unwrap();
    let fake = start(0, &dir.path().join("clips")).await.unwrap();
    (dir, fake)
}

/// [`run`]s the script `tests/sdk/<name>` on this worker thread while the fake keeps serving
/// on the other (a multi-thread runtime's `block_in_place`); returns its standard output.
pub fn run_beside_fake(python: &Path, name: &str, env: &[(&str, &str)]) -> String {
    tokio::task::block_in_place(|| run(python, &script(name), env))
}

/// The last line a round-trip script printed: by convention, the output URL it got.
pub fn printed_url(stdout: &str) -> String {
    stdout.lines().last().unwrap_or_default().trim().to_owned()
}

/// Sends `request` (a GET of a printed URL) and checks it answers 2xx with an MP4.
pub async fn assert_serves_mp4(request: reqwest::RequestBuilder) {
    let response = request.send().await.unwrap();
    assert!(response.status().is_success(), "{}", response.status());
    let bytes = response.bytes().await.unwrap();
    assert_mp4_bytes(&bytes);
}
