//! Fault injection (issue 15): a provider that echoes the key back in its 401 bodies. The
//! real `reelforge` binary, with the key in the real OS keychain and `RUST_LOG=trace`, tests
//! the key and generates a job on the fake Runway API, whose every create and key test
//! answers 401 quoting the `Authorization` header it received. The runs fail, saying why, and
//! the key is then looked for — and must not be found — in every file of the data directory
//! (the SQLite database, its `-wal` and `-shm`), in everything printed (stdout and stderr,
//! people's text and JSON), and in the trace logs.
//!
//! It needs a Secret Service, like `keychain.rs`: it runs when `REELFORGE_KEYCHAIN_TEST=1`
//! and fails instead of skipping when `REELFORGE_REQUIRE_KEYCHAIN=1`.

mod support;

use reelforge_core::secrets::{KeychainStore, SecretStore};
use reelforge_tests::fakes::{Fault, Route, runway};
use serde_json::Value;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Not shaped like any provider's key, so only knowing the key can hide it.
const KEY: &str = "echoed-secret-7f3a9c41d2";
const PROVIDER: &str = "runway";
const LIMIT: Duration = Duration::from_secs(120);

fn enabled() -> bool {
    let on = |name: &str| std::env::var(name).is_ok_and(|v| v == "1");
    if on("REELFORGE_REQUIRE_KEYCHAIN") || on("REELFORGE_KEYCHAIN_TEST") {
        return true;
    }
    eprintln!("skipped: set REELFORGE_KEYCHAIN_TEST=1 (with a Secret Service) to run");
    false
}

/// Removes the test's keychain entry however the test ends.
struct Cleanup(KeychainStore);

impl Drop for Cleanup {
    fn drop(&mut self) {
        let _ = self.0.remove(PROVIDER);
    }
}

struct Run<'a> {
    data: &'a Path,
    service: String,
    base_url: String,
    printed: Vec<u8>,
}

impl Run<'_> {
    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = support::command(self.data, args);
        cmd.env("REELFORGE_KEYCHAIN_SERVICE", &self.service)
            .env("REELFORGE_RUNWAY_BASE_URL", &self.base_url)
            .env("RUST_LOG", "trace");
        cmd
    }

    fn run(&mut self, args: &[&str]) -> Output {
        let out = support::output_within(&mut self.command(args), LIMIT);
        self.printed.extend_from_slice(&out.stdout);
        self.printed.extend_from_slice(&out.stderr);
        out
    }

    fn json(&mut self, args: &[&str]) -> Value {
        let out = self.run(args);
        support::success_json(args, &out)
    }

    fn set_key(&mut self) {
        let mut child = self
            .command(&["providers", "set-key", PROVIDER])
            .stdin(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(format!("{KEY}\n").as_bytes()).unwrap();
        drop(stdin);
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "set-key failed (is a Secret Service running and unlocked?): {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn a_key_echoed_in_provider_errors_is_stored_printed_and_logged_nowhere() {
    if !enabled() {
        return;
    }
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let service = format!("studio.reelforge.test.echo.{}.{nanos}", std::process::id());
    let _cleanup = Cleanup(KeychainStore::with_service(service.clone()));
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let fake = runtime
        .block_on(runway::start(0, &dir.path().join("clips")))
        .unwrap();
    fake.core.set_expected_key(KEY);
    fake.arm(Route::Other, Fault::EchoKey { status: 401 }, 100);
    fake.arm(Route::Create, Fault::EchoKey { status: 401 }, 100);
    let mut run = Run {
        data: &data,
        service,
        base_url: fake.base_url().to_owned(),
        printed: Vec::new(),
    };
    run.set_key();

    let tested = run.run(&["providers", "test-key", PROVIDER, "--json"]);
    assert!(!tested.status.success(), "a refused key fails test-key");
    let tested: Value = serde_json::from_slice(&tested.stdout).unwrap();
    assert_eq!(tested["error"]["code"], "provider_rejected", "{tested}");
    let refused = run.run(&["providers", "test-key", PROVIDER]);
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("Invalid API key provided"),
        "the provider's words are kept: {}",
        String::from_utf8_lossy(&refused.stderr)
    );

    let job = run.json(&[
        "jobs",
        "create",
        "--title",
        "Echo",
        "--segments",
        "1",
        "--provider",
        PROVIDER,
        "--model",
        "gen4.5",
        "--aspect",
        "16:9",
        "--duration",
        "5",
        "--json",
    ]);
    let job = job["id"].as_str().unwrap().to_owned();
    run.json(&[
        "jobs",
        "configure",
        &job,
        "--prompt",
        "a lighthouse",
        "--json",
    ]);
    let generated = run.run(&["generate", &job, "--wait"]);
    assert!(!generated.status.success(), "a refused key fails the job");
    let generated = run.run(&["generate", &job, "--wait", "--json"]);
    assert!(!generated.status.success());
    run.run(&["status", &job]);
    run.run(&["status", &job, "--json"]);
    let shown = run.json(&["jobs", "show", &job, "--json"]);
    assert!(
        shown.to_string().contains("Invalid API key provided"),
        "the failure keeps the provider's words: {shown}"
    );
    run.run(&["jobs", "show", &job]);
    assert!(
        fake.calls(Route::Create) >= 1,
        "the create reached the fake"
    );

    let files = support::files_containing(&data, KEY.as_bytes());
    assert!(files.is_empty(), "the key was written to {files:?}");
    assert!(data.join("reelforge.sqlite3").is_file());
    let printed = String::from_utf8_lossy(&run.printed);
    assert!(
        printed.contains("TRACE") || printed.contains("DEBUG"),
        "RUST_LOG=trace produced logs on stderr"
    );
    assert!(
        !printed.contains(KEY),
        "the key was printed or logged: {printed}"
    );
}
