//! [`LayeredStore`]: the store of the app and the CLI — keys the person chose to keep for this
//! session only, then the OS keychain.
//!
//! A key goes to the keychain unless the person explicitly asks for session-only (after the
//! keychain refused with an actionable error): there is no silent fallback, and
//! [`SecretStore::locate`] reports per provider where the key lives, so the UI can show
//! `session`. Keychain reads are cached (keys and absences), so adapters reading their key
//! before every call cost one D-Bus round trip per provider and run; [`SecretStore::locate`]
//! reads the keychain afresh and refreshes the cache.

use super::{ApiKey, SecretBackend, SecretError, SecretStore, SessionStore, SharedSecrets};
use std::collections::HashMap;
use std::sync::Mutex;

/// Session keys first, then the keychain.
#[derive(Debug)]
pub struct LayeredStore {
    session: SessionStore,
    keychain: SharedSecrets,
    /// What the keychain answered, by provider (`None`: no key there).
    cache: Mutex<HashMap<String, Option<ApiKey>>>,
}

impl LayeredStore {
    /// Session keys in front of `keychain` (a [`super::KeychainStore`] in the app).
    pub fn new(keychain: SharedSecrets) -> Self {
        Self {
            session: SessionStore::new(),
            keychain,
            cache: Mutex::new(HashMap::new()),
        }
    }

    fn cache(&self) -> std::sync::MutexGuard<'_, HashMap<String, Option<ApiKey>>> {
        self.cache.lock().expect("keychain cache")
    }

    fn keychain_get(&self, provider: &str) -> Result<Option<ApiKey>, SecretError> {
        let key = self.keychain.get(provider)?;
        self.cache().insert(provider.to_owned(), key.clone());
        Ok(key)
    }
}

impl SecretStore for LayeredStore {
    fn get(&self, provider: &str) -> Result<Option<ApiKey>, SecretError> {
        if let Some(key) = self.session.get(provider)? {
            return Ok(Some(key));
        }
        if let Some(cached) = self.cache().get(provider) {
            return Ok(cached.clone());
        }
        self.keychain_get(provider)
    }

    /// Stores in the keychain (verified there); on success a session key of the same provider
    /// is dropped, so the status says `keychain`. A keychain failure is returned as is.
    fn set(&self, provider: &str, key: &ApiKey) -> Result<(), SecretError> {
        self.cache().remove(provider);
        self.keychain.set(provider, key)?;
        self.cache().insert(provider.to_owned(), Some(key.clone()));
        self.session.remove(provider)
    }

    /// Removes the key everywhere. When only a session key existed, a keychain that is not
    /// there does not make the removal fail.
    fn remove(&self, provider: &str) -> Result<(), SecretError> {
        let had_session = self.session.get(provider)?.is_some();
        self.session.remove(provider)?;
        self.cache().remove(provider);
        match self.keychain.remove(provider) {
            Ok(()) => {
                self.cache().insert(provider.to_owned(), None);
                Ok(())
            }
            Err(SecretError::Unavailable(_)) if had_session => Ok(()),
            Err(e) => Err(e),
        }
    }

    fn backend(&self) -> SecretBackend {
        SecretBackend::Keychain
    }

    fn set_session_only(&self, provider: &str, key: &ApiKey) -> Result<(), SecretError> {
        self.session.set(provider, key)
    }

    fn locate(&self, provider: &str) -> Result<Option<SecretBackend>, SecretError> {
        if self.session.get(provider)?.is_some() {
            return Ok(Some(SecretBackend::SessionOnly));
        }
        Ok(self
            .keychain_get(provider)?
            .map(|_| SecretBackend::Keychain))
    }
}

/// A keychain that always fails with one error: a missing or locked keychain in tests.
#[derive(Debug, Clone)]
pub struct FailingStore {
    pub error: SecretError,
}

impl FailingStore {
    pub fn new(error: SecretError) -> Self {
        Self { error }
    }
}

impl SecretStore for FailingStore {
    fn get(&self, _: &str) -> Result<Option<ApiKey>, SecretError> {
        Err(self.error.clone())
    }

    fn set(&self, _: &str, _: &ApiKey) -> Result<(), SecretError> {
        Err(self.error.clone())
    }

    fn remove(&self, _: &str) -> Result<(), SecretError> {
        Err(self.error.clone())
    }

    fn backend(&self) -> SecretBackend {
        SecretBackend::Keychain
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn key(s: &str) -> ApiKey {
        ApiKey::new(s).unwrap()
    }

    /// A working keychain in memory that counts its reads.
    #[derive(Debug, Default)]
    struct CountingKeychain {
        inner: SessionStore,
        reads: AtomicUsize,
    }

    impl SecretStore for CountingKeychain {
        fn get(&self, p: &str) -> Result<Option<ApiKey>, SecretError> {
            self.reads.fetch_add(1, Ordering::SeqCst);
            self.inner.get(p)
        }
        fn set(&self, p: &str, k: &ApiKey) -> Result<(), SecretError> {
            self.inner.set(p, k)
        }
        fn remove(&self, p: &str) -> Result<(), SecretError> {
            self.inner.remove(p)
        }
        fn backend(&self) -> SecretBackend {
            SecretBackend::Keychain
        }
    }

    #[test]
    fn keys_go_to_the_keychain_and_reads_are_cached() {
        let keychain = Arc::new(CountingKeychain::default());
        let store = LayeredStore::new(keychain.clone());
        assert_eq!(store.get("luma").unwrap(), None);
        assert_eq!(store.get("luma").unwrap(), None);
        assert_eq!(
            keychain.reads.load(Ordering::SeqCst),
            1,
            "absence is cached"
        );

        store.set("luma", &key("k1")).unwrap();
        assert_eq!(keychain.inner.get("luma").unwrap(), Some(key("k1")));
        assert_eq!(store.get("luma").unwrap(), Some(key("k1")));
        assert_eq!(store.locate("luma").unwrap(), Some(SecretBackend::Keychain));

        // Another process changed the keychain: locate reads afresh and refreshes the cache.
        keychain.inner.remove("luma").unwrap();
        assert_eq!(store.locate("luma").unwrap(), None);
        assert_eq!(store.get("luma").unwrap(), None);

        store.set("luma", &key("k2")).unwrap();
        store.remove("luma").unwrap();
        assert_eq!(store.get("luma").unwrap(), None);
        assert_eq!(keychain.inner.get("luma").unwrap(), None);
    }

    #[test]
    fn a_missing_keychain_is_reported_and_session_keys_are_visible() {
        let unavailable =
            SecretError::Unavailable("no secret service provider or dbus session found".into());
        let store = LayeredStore::new(Arc::new(FailingStore::new(unavailable.clone())));

        // No silent fallback: the write fails with the actionable error.
        let err = store.set("luma", &key("k1")).unwrap_err();
        assert_eq!(err, unavailable);
        assert!(err.to_string().contains("GNOME Keyring or KWallet"));
        assert!(store.locate("luma").is_err());

        // The person chose "keep for this session only".
        store.set_session_only("luma", &key("k1")).unwrap();
        assert_eq!(store.get("luma").unwrap(), Some(key("k1")));
        assert_eq!(
            store.locate("luma").unwrap(),
            Some(SecretBackend::SessionOnly)
        );
        // Removing it works although the keychain is still missing.
        store.remove("luma").unwrap();
        assert_eq!(store.session.get("luma").unwrap(), None);
    }

    #[test]
    fn a_locked_keychain_says_unlock_and_a_session_key_shadows_it() {
        let locked = SecretError::Locked("SS Error: object locked".into());
        let store = LayeredStore::new(Arc::new(FailingStore::new(locked.clone())));
        let err = store.get("runway").unwrap_err();
        assert!(err.to_string().contains("unlock it"), "{err}");
        store.set_session_only("runway", &key("k9")).unwrap();
        assert_eq!(store.get("runway").unwrap(), Some(key("k9")));
        // The locked keychain may still hold a key: removal reports that it could not.
        assert_eq!(store.remove("runway").unwrap_err(), locked);
    }

    #[test]
    fn a_keychain_key_replaces_a_session_key() {
        let store = LayeredStore::new(Arc::new(SessionStore::new()));
        store.set_session_only("fal", &key("s")).unwrap();
        store.set("fal", &key("kc")).unwrap();
        assert_eq!(store.locate("fal").unwrap(), Some(SecretBackend::Keychain));
        assert_eq!(store.get("fal").unwrap(), Some(key("kc")));
    }

    #[test]
    fn session_store_locates_as_session_and_refuses_nothing() {
        let store = SessionStore::new();
        store.set_session_only("x", &key("k")).unwrap();
        assert_eq!(store.locate("x").unwrap(), Some(SecretBackend::SessionOnly));
        let keychain_only = FailingStore::new(SecretError::Platform("p".into()));
        assert!(keychain_only.set_session_only("x", &key("k")).is_err());
    }
}
