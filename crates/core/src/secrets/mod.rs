//! Provider API keys: the redacted [`ApiKey`] type and the [`SecretStore`] trait behind which
//! keys are kept (the OS keychain in the app and the CLI, memory in tests and as the visible
//! session-only fallback). Keys never reach the database, the logs or the UI: the rest of the
//! engine only ever learns whether a provider has a key. Every key made is remembered by
//! [`redaction`], whose [`redact`](redaction::redact) every provider text goes through.

pub mod keychain;
pub mod layered;
pub mod redaction;
pub mod session;

pub use keychain::KeychainStore;
pub use layered::{FailingStore, LayeredStore};
pub use session::SessionStore;

use reelforge_protocol::ErrorCode;
use std::fmt;
use std::sync::Arc;

/// A provider API key. It cannot be serialised, and `Debug` prints `ApiKey(redacted)`; the
/// only way to read it is [`ApiKey::expose`], used where the key goes into a request header.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// Wraps a key, trimming the whitespace a paste often brings. `None` when nothing is left.
    /// The key is remembered by [`redaction`], so no text carries it afterwards.
    pub fn new(raw: impl Into<String>) -> Option<Self> {
        let raw = raw.into();
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return None;
        }
        redaction::remember(trimmed);
        Some(Self(trimmed.to_owned()))
    }

    /// The key itself, for an authentication header. Never log or return it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(redacted)")
    }
}

/// Why a key could not be read, stored or removed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    /// The keychain exists but is locked, or access was refused.
    #[error("the system keychain is locked or refused access: unlock it and try again ({0})")]
    Locked(String),
    /// No keychain service runs on this machine.
    #[error(
        "no system keychain was found ({0}); install or start GNOME Keyring or KWallet, or keep the key for this session only"
    )]
    Unavailable(String),
    /// The key was written but could not be read back identical.
    #[error("the keychain did not keep the key (read-back failed): {0}")]
    NotKept(String),
    /// Anything else the platform reported.
    #[error("keychain error: {0}")]
    Platform(String),
}

impl SecretError {
    /// The IPC code: every keychain failure lets the person keep the key for this session
    /// only; a locked keychain can also be unlocked.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Locked(_) => ErrorCode::KeychainLocked,
            Self::Unavailable(_) | Self::NotKept(_) | Self::Platform(_) => {
                ErrorCode::KeychainUnavailable
            }
        }
    }
}

/// Where a store keeps keys, as shown to the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretBackend {
    /// The OS keychain: keys survive restarts.
    Keychain,
    /// Memory only: keys are forgotten when the app quits.
    SessionOnly,
}

/// A place to keep one API key per provider id. Implementations are blocking-safe to call
/// from async code only through `spawn_blocking` when they talk to the OS.
pub trait SecretStore: Send + Sync + fmt::Debug {
    /// The key stored for `provider`, if any.
    fn get(&self, provider: &str) -> Result<Option<ApiKey>, SecretError>;
    /// Stores (or replaces) the key for `provider`.
    fn set(&self, provider: &str, key: &ApiKey) -> Result<(), SecretError>;
    /// Removes the key for `provider`; removing a missing key is not an error.
    fn remove(&self, provider: &str) -> Result<(), SecretError>;
    /// Where this store keeps keys.
    fn backend(&self) -> SecretBackend;

    /// Keeps the key of `provider` in memory for this run only (the person's explicit choice
    /// when the keychain cannot be used). Stores that cannot do this refuse.
    fn set_session_only(&self, provider: &str, key: &ApiKey) -> Result<(), SecretError> {
        match self.backend() {
            SecretBackend::SessionOnly => self.set(provider, key),
            SecretBackend::Keychain => Err(SecretError::Platform(
                "this key store cannot keep a key for the session only".into(),
            )),
        }
    }

    /// Where the key of `provider` is kept right now, read afresh (not from a cache), or
    /// `None` when there is none.
    fn locate(&self, provider: &str) -> Result<Option<SecretBackend>, SecretError> {
        Ok(self.get(provider)?.map(|_| self.backend()))
    }
}

/// A shared store.
pub type SharedSecrets = Arc<dyn SecretStore>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_never_prints_and_is_trimmed() {
        let key = ApiKey::new("  sk-live-123\n").unwrap();
        assert_eq!(key.expose(), "sk-live-123");
        assert_eq!(format!("{key:?}"), "ApiKey(redacted)");
        assert!(!format!("{:?}", Some(&key)).contains("sk-live"));
        assert!(ApiKey::new("   ").is_none());
    }

    #[test]
    fn keychain_failures_have_keychain_codes() {
        assert_eq!(
            SecretError::Locked("dbus".into()).code(),
            ErrorCode::KeychainLocked
        );
        for err in [
            SecretError::Unavailable("no secret service".into()),
            SecretError::NotKept("read back empty".into()),
            SecretError::Platform("odd".into()),
        ] {
            assert_eq!(err.code(), ErrorCode::KeychainUnavailable, "{err}");
            assert!(err.code().is_keychain());
        }
    }
}
