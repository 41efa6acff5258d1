//! The real `reelforge` binary with a key in the real OS keychain: `providers set-key` (from
//! stdin), `list --json`, `test-key` against a local HTTP endpoint standing in for fal.ai's
//! storage API (it checks the `Authorization: Key …` header), `set`, `remove-key`. Then the
//! key is looked for — and must not be found — in every file of the data directory (the
//! SQLite database, its `-wal` and `-shm`), in everything the runs printed (stdout, stderr,
//! JSON) and in the logs (`RUST_LOG=trace`).
//!
//! It needs a Secret Service (CI: `scripts/test` runs it under `dbus-run-session` with an
//! unlocked `gnome-keyring-daemon`): it runs when `REELFORGE_KEYCHAIN_TEST=1` and fails
//! instead of skipping when `REELFORGE_REQUIRE_KEYCHAIN=1`. The keychain service name is
//! unique to the run and the entry is removed at the end, even when the test fails.

mod support;

use reelforge_core::secrets::{KeychainStore, SecretStore};
use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

const KEY: &str = "fal-key-cli-5e0c2b7a91d4";
const PROVIDER: &str = "fal";

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

/// A one-thread HTTP server answering every request `200 {}` when it carries `Key <KEY>`, else
/// `401`; it records the Authorization headers it saw.
fn fake_storage_api() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut auth = String::new();
            let mut length = 0usize;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                let lower = line.to_ascii_lowercase();
                if lower.starts_with("authorization:") {
                    auth = line["authorization:".len()..].trim().to_owned();
                }
                if let Some(n) = lower.strip_prefix("content-length:") {
                    length = n.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            let ok = auth == format!("Key {KEY}");
            record.lock().unwrap().push(auth);
            let (status, body) = if ok {
                (
                    "200 OK",
                    r#"{"token":"t","token_type":"Bearer","base_url":"x","expires_at":"y"}"#,
                )
            } else {
                ("401 Unauthorized", r#"{"detail":"Invalid key"}"#)
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    (url, seen)
}

struct Run {
    data: std::path::PathBuf,
    service: String,
    base_url: String,
    printed: Vec<u8>,
}

impl Run {
    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = support::command(&self.data, args);
        cmd.env("REELFORGE_KEYCHAIN_SERVICE", &self.service)
            .env("REELFORGE_FAL_BASE_URL", &self.base_url)
            .env("RUST_LOG", "trace");
        cmd
    }

    fn keep(&mut self, out: &Output) {
        self.printed.extend_from_slice(&out.stdout);
        self.printed.extend_from_slice(&out.stderr);
    }

    fn run(&mut self, args: &[&str]) -> Output {
        let out = self.command(args).output().expect("reelforge runs");
        self.keep(&out);
        out
    }

    fn json(&mut self, args: &[&str]) -> Value {
        let out = self.run(args);
        support::success_json(args, &out)
    }

    fn set_key(&mut self, key: &str) -> Output {
        let mut child = self
            .command(&["providers", "set-key", PROVIDER, "--json"])
            .stdin(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(format!("{key}\n").as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        self.keep(&out);
        out
    }
}

#[test]
fn a_key_in_the_keychain_is_used_and_never_written_or_printed() {
    if !enabled() {
        return;
    }
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let service = format!("studio.reelforge.test.cli.{}.{nanos}", std::process::id());
    let _cleanup = Cleanup(KeychainStore::with_service(service.clone()));
    let dir = tempfile::tempdir().unwrap();
    let (base_url, seen) = fake_storage_api();
    let mut run = Run {
        data: dir.path().to_owned(),
        service: service.clone(),
        base_url,
        printed: Vec::new(),
    };

    let set = run.set_key(KEY);
    assert!(
        set.status.success(),
        "set-key failed (is a Secret Service running and unlocked?): {}{}",
        String::from_utf8_lossy(&set.stdout),
        String::from_utf8_lossy(&set.stderr)
    );
    let status: Value = serde_json::from_slice(&set.stdout).unwrap();
    assert_eq!(status["has_key"], true);
    assert_eq!(status["key_storage"], "keychain");

    // The key is really in the OS keychain, under the run's service name.
    let stored = KeychainStore::with_service(service.clone())
        .get(PROVIDER)
        .unwrap()
        .expect("the key in the keychain");
    assert_eq!(stored.expose(), KEY);

    let list = run.json(&["providers", "list", "--json"]);
    let fal = list
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == PROVIDER)
        .expect("fal is listed");
    assert_eq!(fal["has_key"], true);
    assert_eq!(fal["key_storage"], "keychain");
    assert_eq!(fal["key_error"], Value::Null);

    let tested = run.json(&["providers", "test-key", PROVIDER, "--json"]);
    assert_eq!(tested["ok"], true, "{tested}");
    assert_eq!(
        seen.lock().unwrap().last().map(String::as_str),
        Some(format!("Key {KEY}").as_str()),
        "the key from the keychain went into the request"
    );

    let set = run.json(&["providers", "set", PROVIDER, "--concurrency", "2", "--json"]);
    assert_eq!(set["concurrency"], 2);

    // A wrong key is refused by the endpoint: test-key fails, saying why.
    assert!(run.set_key("wrong-key").status.success());
    let refused = run.run(&["providers", "test-key", PROVIDER]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("did not work"));
    assert!(run.set_key(KEY).status.success());

    let removed = run.json(&["providers", "remove-key", PROVIDER, "--json"]);
    assert_eq!(removed["has_key"], false);
    assert_eq!(
        KeychainStore::with_service(service).get(PROVIDER).unwrap(),
        None
    );

    // --session-only is refused with an explanation, not silently ignored.
    let session = run.run(&["providers", "set-key", PROVIDER, "--session-only"]);
    assert!(!session.status.success());
    assert!(String::from_utf8_lossy(&session.stderr).contains("forgotten when this command exits"));

    // Nowhere: not in the database (nor its -wal / -shm), nor in anything printed or logged.
    let files = support::files_containing(dir.path(), KEY.as_bytes());
    assert!(files.is_empty(), "the key was written to {files:?}");
    assert!(dir.path().join("reelforge.sqlite3").is_file());
    let printed = String::from_utf8_lossy(&run.printed);
    assert!(!printed.contains(KEY), "the key was printed: {printed}");
}
