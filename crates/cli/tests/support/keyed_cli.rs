//! The CLI pointed at one fake provider whose key lives in the real OS keychain, under a
//! keychain service unique to the test run (the crash tests): every call gets the fake's
//! base URL, that service and a short poll interval.

use super::{command, success_json};
use reelforge_tests::fakes::FAKE_KEY;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// The environment every CLI call of a keyed test gets.
pub struct KeyedCli {
    /// The provider slug the key is stored under (`runway`, `fal`).
    pub provider: &'static str,
    /// The variable that points the CLI at the fake (`REELFORGE_FAL_BASE_URL`).
    pub base_url_var: &'static str,
    pub base_url: String,
    /// The keychain service, unique to this run.
    pub service: String,
    /// Extra variables for every call (`RUST_LOG`).
    pub extra_env: Vec<(&'static str, &'static str)>,
}

impl KeyedCli {
    /// `reelforge ARGS` on `data` with this environment.
    pub fn cmd(&self, data: &Path, args: &[&str]) -> Command {
        let mut cmd = command(data, args);
        cmd.env(self.base_url_var, &self.base_url)
            .env("REELFORGE_KEYCHAIN_SERVICE", &self.service)
            .env("REELFORGE_POLL_INTERVAL_MS", "100");
        for (name, value) in &self.extra_env {
            cmd.env(name, value);
        }
        cmd
    }

    /// Runs `reelforge ARGS --json`-style and returns its successful JSON answer.
    pub fn json(&self, data: &Path, args: &[&str]) -> serde_json::Value {
        let out = self.cmd(data, args).output().expect("reelforge runs");
        success_json(args, &out)
    }

    /// Stores the fake's key in the keychain once (through `providers set-key`, from stdin);
    /// every data folder reads it from there.
    pub fn store_key(&self, data: &Path) {
        let mut set = self
            .cmd(data, &["providers", "set-key", self.provider, "--json"])
            .stdin(Stdio::piped())
            .spawn()
            .unwrap();
        set.stdin
            .take()
            .unwrap()
            .write_all(format!("{FAKE_KEY}\n").as_bytes())
            .unwrap();
        let set = set.wait_with_output().unwrap();
        assert!(
            set.status.success(),
            "set-key: {}",
            String::from_utf8_lossy(&set.stdout)
        );
    }

    /// Removes the key from the keychain (the end of the test).
    pub fn remove_key(&self, data: &Path) {
        let _ = self
            .cmd(data, &["providers", "remove-key", self.provider])
            .output();
    }
}
