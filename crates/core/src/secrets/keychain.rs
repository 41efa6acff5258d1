//! [`KeychainStore`]: API keys in the OS keychain through the `keyring` crate (v4, `v1`
//! feature): the Secret Service on Linux (GNOME Keyring, KWallet, KeePassXC), the Keychain on
//! macOS, the Credential Manager on Windows.
//!
//! One entry per provider: service = [`service_name`] (namespaced by build flavour so a debug
//! build never reads or overwrites the release build's keys), user = the provider id. Every
//! write is read back and compared (a keychain that "saves" and forgets counts as a failure),
//! and every platform error is mapped to a [`SecretError`] that tells the person what to do.
//!
//! Every call is blocking (a D-Bus round trip on Linux): async code calls this store through
//! `spawn_blocking` (the facade does).

use super::{ApiKey, SecretBackend, SecretError, SecretStore};
use keyring::Error as KeyringError;

/// Environment variable that replaces the keychain service name (tests use a unique one).
pub const SERVICE_ENV: &str = "REELFORGE_KEYCHAIN_SERVICE";
/// The service name of release builds (the app's bundle identifier).
pub const RELEASE_SERVICE: &str = "studio.reelforge.desktop";
/// The service name of debug builds.
pub const DEBUG_SERVICE: &str = "studio.reelforge.desktop.debug";

/// The keychain service name: `$REELFORGE_KEYCHAIN_SERVICE` when set, else
/// [`RELEASE_SERVICE`] in release builds and [`DEBUG_SERVICE`] in debug builds.
pub fn service_name() -> String {
    match std::env::var(SERVICE_ENV) {
        Ok(name) if !name.trim().is_empty() => name.trim().to_owned(),
        _ if cfg!(debug_assertions) => DEBUG_SERVICE.to_owned(),
        _ => RELEASE_SERVICE.to_owned(),
    }
}

/// Keys in the OS keychain under one service name.
#[derive(Debug, Clone)]
pub struct KeychainStore {
    service: String,
}

impl Default for KeychainStore {
    fn default() -> Self {
        Self::new()
    }
}

impl KeychainStore {
    /// The store under [`service_name`].
    pub fn new() -> Self {
        Self::with_service(service_name())
    }

    /// The store under `service` (must not be empty: macOS refuses empty names).
    pub fn with_service(service: impl Into<String>) -> Self {
        Self {
            service: service.into(),
        }
    }

    /// The service name entries are stored under.
    pub fn service(&self) -> &str {
        &self.service
    }

    fn entry(&self, provider: &str) -> Result<keyring::Entry, SecretError> {
        if provider.is_empty() || self.service.is_empty() {
            return Err(SecretError::Platform(
                "the keychain needs a non-empty service and provider name".into(),
            ));
        }
        keyring::Entry::new(&self.service, provider).map_err(map_error)
    }
}

impl SecretStore for KeychainStore {
    fn get(&self, provider: &str) -> Result<Option<ApiKey>, SecretError> {
        match self.entry(provider)?.get_password() {
            Ok(raw) => Ok(ApiKey::new(raw)),
            Err(KeyringError::NoEntry) => Ok(None),
            Err(e) => Err(map_error(e)),
        }
    }

    fn set(&self, provider: &str, key: &ApiKey) -> Result<(), SecretError> {
        let entry = self.entry(provider)?;
        entry.set_password(key.expose()).map_err(map_error)?;
        // Verify after write: a fresh entry, so nothing cached in this one answers.
        let check = self.entry(provider)?;
        match check.get_password() {
            Ok(back) if back == key.expose() => Ok(()),
            Ok(_) => Err(SecretError::NotKept(
                "a different value was read back".into(),
            )),
            Err(KeyringError::NoEntry) => Err(SecretError::NotKept(
                "nothing was found when reading it back".into(),
            )),
            Err(e) => Err(match map_error(e) {
                SecretError::Platform(m) => SecretError::NotKept(m),
                other => other,
            }),
        }
    }

    fn remove(&self, provider: &str) -> Result<(), SecretError> {
        match self.entry(provider)?.delete_credential() {
            Ok(()) | Err(KeyringError::NoEntry) => Ok(()),
            Err(e) => Err(map_error(e)),
        }
    }

    fn backend(&self) -> SecretBackend {
        SecretBackend::Keychain
    }
}

/// Whether a platform message says that no keychain service runs (rather than a failure of
/// one that does).
fn says_unavailable(message: &str) -> bool {
    const SIGNS: &[&str] = &[
        "no secret service provider",
        "org.freedesktop.secrets",
        "ServiceUnknown",
        "was not provided",
        "DBUS_SESSION_BUS_ADDRESS",
        "dbus session",
        "Address",
        "No such file or directory",
        "Connection refused",
    ];
    SIGNS.iter().any(|s| message.contains(s))
}

/// A `keyring` error as something the person can act on. Never includes secret bytes.
pub(crate) fn map_error(error: KeyringError) -> SecretError {
    match error {
        KeyringError::NoStorageAccess(e) => SecretError::Locked(e.to_string()),
        KeyringError::PlatformFailure(e) => {
            let message = e.to_string();
            if message.contains("prompt") {
                SecretError::Locked(message)
            } else if says_unavailable(&message) {
                SecretError::Unavailable(message)
            } else {
                SecretError::Platform(message)
            }
        }
        KeyringError::NoDefaultStore => match keyring::Entry::store_status() {
            Err(KeyringError::Invalid(_, reason)) => SecretError::Unavailable(reason.clone()),
            Err(e) => SecretError::Unavailable(e.to_string()),
            Ok(()) => SecretError::Unavailable("no credential store is set up".into()),
        },
        KeyringError::NoEntry => SecretError::Platform("no such keychain entry".into()),
        KeyringError::BadEncoding(_) | KeyringError::BadDataFormat(..) => {
            SecretError::Platform("the stored key is unreadable; set it again".into())
        }
        KeyringError::TooLong(name, limit) => SecretError::Platform(format!(
            "the keychain refuses a {name} longer than {limit} characters"
        )),
        KeyringError::Invalid(what, reason) => {
            SecretError::Platform(format!("invalid {what}: {reason}"))
        }
        KeyringError::Ambiguous(items) => SecretError::Platform(format!(
            "{} keychain entries match; remove the duplicates",
            items.len()
        )),
        other => SecretError::Platform(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn boxed(message: &str) -> Box<dyn std::error::Error + Send + Sync> {
        message.to_owned().into()
    }

    #[test]
    fn errors_map_to_actionable_secret_errors() {
        let locked = map_error(KeyringError::NoStorageAccess(boxed(
            "SS Error: object locked",
        )));
        assert!(matches!(locked, SecretError::Locked(_)));
        assert!(locked.to_string().contains("unlock it"));

        for msg in [
            "no secret service provider or dbus session found",
            "zbus error: org.freedesktop.DBus.Error.ServiceUnknown: The name org.freedesktop.secrets was not provided by any .service files",
        ] {
            let e = map_error(KeyringError::PlatformFailure(boxed(msg)));
            assert!(matches!(e, SecretError::Unavailable(_)), "{msg}");
            let text = e.to_string();
            assert!(text.contains("GNOME Keyring or KWallet"), "{text}");
            assert!(text.contains("session only"), "{text}");
        }

        let odd = map_error(KeyringError::PlatformFailure(boxed("crypto went wrong")));
        assert!(matches!(odd, SecretError::Platform(_)));

        let bad = map_error(KeyringError::BadEncoding(b"sk-secret-bytes".to_vec()));
        assert!(!bad.to_string().contains("sk-secret"));
    }

    #[test]
    fn service_name_is_namespaced_by_build() {
        // The variable is only read here when unset by the test runner's environment.
        if std::env::var_os(SERVICE_ENV).is_none() {
            let name = service_name();
            if cfg!(debug_assertions) {
                assert_eq!(name, DEBUG_SERVICE);
            } else {
                assert_eq!(name, RELEASE_SERVICE);
            }
        }
        assert_eq!(KeychainStore::with_service("x.y").service(), "x.y");
    }
}
