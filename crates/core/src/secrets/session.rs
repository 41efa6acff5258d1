//! [`SessionStore`]: keys kept in memory for this run only — the store of tests and the
//! explicit, visible fallback when no OS keychain can be used.

use super::{ApiKey, SecretBackend, SecretError, SecretStore};
use std::collections::HashMap;
use std::sync::Mutex;

/// Keys in memory, forgotten when the process ends.
#[derive(Debug, Default)]
pub struct SessionStore {
    keys: Mutex<HashMap<String, ApiKey>>,
}

impl SessionStore {
    pub fn new() -> Self {
        Self::default()
    }
}

impl SecretStore for SessionStore {
    fn get(&self, provider: &str) -> Result<Option<ApiKey>, SecretError> {
        Ok(self.keys.lock().expect("secret map").get(provider).cloned())
    }

    fn set(&self, provider: &str, key: &ApiKey) -> Result<(), SecretError> {
        self.keys
            .lock()
            .expect("secret map")
            .insert(provider.to_owned(), key.clone());
        Ok(())
    }

    fn remove(&self, provider: &str) -> Result<(), SecretError> {
        self.keys.lock().expect("secret map").remove(provider);
        Ok(())
    }

    fn backend(&self) -> SecretBackend {
        SecretBackend::SessionOnly
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_get_remove_round_trip() {
        let store = SessionStore::new();
        assert_eq!(store.get("luma").unwrap(), None);
        store.set("luma", &ApiKey::new("k1").unwrap()).unwrap();
        assert_eq!(store.get("luma").unwrap().unwrap().expose(), "k1");
        store.remove("luma").unwrap();
        store.remove("luma").unwrap();
        assert_eq!(store.get("luma").unwrap(), None);
        assert_eq!(store.backend(), SecretBackend::SessionOnly);
    }
}
