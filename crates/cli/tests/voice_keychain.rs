//! A hosted voice's key in the real OS keychain: `providers set-key elevenlabs` (from stdin),
//! then `voices preview elevenlabs:…` against the fake ElevenLabs server sends it in
//! `xi-api-key` and writes the speech, and nothing the runs printed carries the key; after
//! `remove-key` the preview fails with `key_missing` and sends nothing.
//!
//! Like `keychain.rs`, it needs a Secret Service: it runs when `REELFORGE_KEYCHAIN_TEST=1`
//! and fails instead of skipping when `REELFORGE_REQUIRE_KEYCHAIN=1`; the service name is
//! unique to the run and the entry is removed at the end.

mod support;

use reelforge_core::secrets::{KeychainStore, SecretStore};
use reelforge_tests::fakes::{Route, elevenlabs};
use serde_json::Value;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{SystemTime, UNIX_EPOCH};

const KEY: &str = "el-key-cli-8c1f4e2a67b9";
const PROVIDER: &str = "elevenlabs";

fn enabled() -> bool {
    let on = |name: &str| std::env::var(name).is_ok_and(|v| v == "1");
    if on("REELFORGE_REQUIRE_KEYCHAIN") {
        return true;
    }
    if !on("REELFORGE_KEYCHAIN_TEST") {
        eprintln!("skipped: set REELFORGE_KEYCHAIN_TEST=1 (with a Secret Service) to run");
        return false;
    }
    true
}

/// Removes the test's keychain entry however the test ends.
struct Cleanup(KeychainStore);

impl Drop for Cleanup {
    fn drop(&mut self) {
        let _ = self.0.remove(PROVIDER);
    }
}

fn command(data: &Path, service: &str, base: &str, args: &[&str]) -> Command {
    let mut cmd = support::command(data, args);
    cmd.env("REELFORGE_KEYCHAIN_SERVICE", service)
        .env("REELFORGE_ELEVENLABS_BASE_URL", base);
    cmd
}

fn printed(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_voice_key_set_in_the_keychain_is_sent_to_the_voice_and_never_printed() {
    if !enabled() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let fake = elevenlabs::start(0, &dir.path().join("clips"))
        .await
        .unwrap();
    fake.core.set_expected_key(KEY);
    let base = fake.base_url().to_owned();
    let data = dir.path().join("data");
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let service = format!("studio.reelforge.test.voice.{}.{nanos}", std::process::id());
    let _cleanup = Cleanup(KeychainStore::with_service(service.clone()));
    let wav = dir.path().join("george.wav");
    tokio::task::block_in_place(|| {
        let mut set = command(
            &data,
            &service,
            &base,
            &["providers", "set-key", PROVIDER, "--json"],
        )
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
        set.stdin.take().unwrap().write_all(KEY.as_bytes()).unwrap();
        let set = set.wait_with_output().unwrap();
        assert!(set.status.success(), "set-key failed: {}", printed(&set));
        let status: Value = serde_json::from_slice(&set.stdout).unwrap();
        assert_eq!(status["has_key"], true, "{status}");
        assert_eq!(status["key_storage"], "keychain", "{status}");

        let args = [
            "voices",
            "preview",
            "elevenlabs:JBFqnCBsd6RMkjVDRZzb",
            "Bonjour tout le monde.",
            "--out",
            wav.to_str().unwrap(),
            "--json",
        ];
        let preview = command(&data, &service, &base, &args).output().unwrap();
        assert!(preview.status.success(), "{}", printed(&preview));
        let sent = fake.core.requests(Route::Create);
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0].headers["xi-api-key"], KEY);
        assert!(wav.is_file());

        let removed = command(
            &data,
            &service,
            &base,
            &["providers", "remove-key", PROVIDER, "--json"],
        )
        .output()
        .unwrap();
        assert!(removed.status.success(), "{}", printed(&removed));
        let again = command(&data, &service, &base, &args).output().unwrap();
        assert!(!again.status.success());
        let error: Value = serde_json::from_slice(&again.stdout).unwrap();
        assert_eq!(error["error"]["code"], "key_missing", "{error}");
        assert_eq!(fake.calls(Route::Create), 1, "nothing sent without a key");
        for out in [&set, &preview, &removed, &again] {
            assert!(!printed(out).contains(KEY), "the key was printed");
        }
    });
}
