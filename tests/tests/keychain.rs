//! API keys in the REAL OS keychain (the Secret Service on Linux): set, read back, replace,
//! remove, through the [`KeychainStore`], the app's [`LayeredStore`] and the Core facade.
//!
//! Runs when `REELFORGE_KEYCHAIN_TEST=1`; with `REELFORGE_REQUIRE_KEYCHAIN=1` it runs and fails
//! when no keychain answers (CI: `scripts/test` starts `dbus-run-session` with an unlocked
//! `gnome-keyring-daemon`). Each test uses its own service name and removes its entries.

use reelforge_core::Core;
use reelforge_core::pipeline::EngineSetup;
use reelforge_core::providers::http::ProviderEnv;
use reelforge_core::secrets::{
    ApiKey, KeychainStore, LayeredStore, SecretBackend, SecretError, SecretStore,
};
use reelforge_protocol::{KeyStorage, SetProviderKeyRequest};
use std::path::Path;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

fn enabled() -> bool {
    let on = |name: &str| std::env::var(name).is_ok_and(|v| v == "1");
    if on("REELFORGE_REQUIRE_KEYCHAIN") || on("REELFORGE_KEYCHAIN_TEST") {
        return true;
    }
    eprintln!("skipped: set REELFORGE_KEYCHAIN_TEST=1 (with a Secret Service) to run");
    false
}

fn unique_service(test: &str) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!(
        "studio.reelforge.test.{test}.{}.{nanos}",
        std::process::id()
    )
}

/// Removes the listed entries however the test ends.
struct Cleanup(KeychainStore, &'static [&'static str]);

impl Drop for Cleanup {
    fn drop(&mut self) {
        for provider in self.1 {
            let _ = self.0.remove(provider);
        }
    }
}

fn key(s: &str) -> ApiKey {
    ApiKey::new(s).unwrap()
}

/// Fails with the store's actionable message when no keychain answers.
fn require<T>(result: Result<T, SecretError>) -> T {
    result.unwrap_or_else(|e| panic!("the system keychain is not usable here: {e}"))
}

#[test]
fn keychain_round_trip() {
    if !enabled() {
        return;
    }
    let store = KeychainStore::with_service(unique_service("store"));
    let _cleanup = Cleanup(store.clone(), &["luma", "runway"]);

    assert_eq!(require(store.get("luma")), None);
    require(store.set("luma", &key("luma-key-1")));
    assert_eq!(store.get("luma").unwrap(), Some(key("luma-key-1")));
    // Replacing keeps one entry with the new value (verified after write).
    store.set("luma", &key("luma-key-2")).unwrap();
    assert_eq!(store.get("luma").unwrap(), Some(key("luma-key-2")));
    // Entries are per provider.
    store.set("runway", &key("runway-key")).unwrap();
    assert_eq!(store.get("luma").unwrap(), Some(key("luma-key-2")));
    assert_eq!(store.get("runway").unwrap(), Some(key("runway-key")));
    // Another service name (another build flavour) does not see them.
    let other = KeychainStore::with_service(unique_service("other"));
    assert_eq!(other.get("luma").unwrap(), None);

    store.remove("luma").unwrap();
    store.remove("luma").unwrap();
    assert_eq!(store.get("luma").unwrap(), None);
    assert_eq!(store.get("runway").unwrap(), Some(key("runway-key")));
    store.remove("runway").unwrap();
    assert_eq!(store.backend(), SecretBackend::Keychain);
}

#[test]
fn layered_store_over_the_real_keychain() {
    if !enabled() {
        return;
    }
    let keychain = KeychainStore::with_service(unique_service("layered"));
    let _cleanup = Cleanup(keychain.clone(), &["fal", "veo"]);
    let store = LayeredStore::new(Arc::new(keychain.clone()));

    require(store.set("fal", &key("fal-key")));
    assert_eq!(store.locate("fal").unwrap(), Some(SecretBackend::Keychain));
    // A second store (another process, as the CLI next to the app) reads it from the keychain.
    let fresh = LayeredStore::new(Arc::new(keychain.clone()));
    assert_eq!(fresh.get("fal").unwrap(), Some(key("fal-key")));

    store.set_session_only("veo", &key("veo-key")).unwrap();
    assert_eq!(
        store.locate("veo").unwrap(),
        Some(SecretBackend::SessionOnly)
    );
    assert_eq!(
        keychain.get("veo").unwrap(),
        None,
        "session keys stay in memory"
    );

    store.remove("fal").unwrap();
    assert_eq!(keychain.get("fal").unwrap(), None);
    assert_eq!(fresh.locate("fal").unwrap(), None);
}

#[tokio::test]
async fn the_facade_keeps_keys_in_the_keychain_and_out_of_the_database() {
    if !enabled() {
        return;
    }
    const SECRET: &str = "veo-facade-key-3b8d1f";
    let keychain = KeychainStore::with_service(unique_service("facade"));
    let _cleanup = Cleanup(keychain.clone(), &["veo"]);
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(LayeredStore::new(Arc::new(keychain.clone())));
    let setup = EngineSetup::with_env(ProviderEnv::new(store));
    let core = Core::open_with(dir.path(), setup).await.unwrap();

    let status = core
        .set_provider_key(SetProviderKeyRequest {
            provider: "veo".into(),
            key: SECRET.into(),
            session_only: false,
        })
        .await
        .unwrap_or_else(|e| panic!("the system keychain is not usable here: {e}"));
    assert_eq!(status.key_storage, KeyStorage::Keychain);
    assert_eq!(keychain.get("veo").unwrap(), Some(key(SECRET)));

    let listed = core.list_provider_status().await.unwrap();
    let veo = listed.iter().find(|s| s.descriptor.id == "veo").unwrap();
    assert!(veo.has_key && veo.key_error.is_none());
    assert!(!serde_json::to_string(&listed).unwrap().contains(SECRET));

    let removed = core.remove_provider_key("veo").await.unwrap();
    assert!(!removed.has_key);
    core.close().await;
    assert_eq!(keychain.get("veo").unwrap(), None);
    assert_no_file_contains(dir.path(), SECRET);
}

fn assert_no_file_contains(dir: &Path, needle: &str) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            assert_no_file_contains(&path, needle);
        } else if let Ok(bytes) = std::fs::read(&path) {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
                "the key was written to {}",
                path.display()
            );
        }
    }
}
