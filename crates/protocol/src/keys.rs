//! The Providers screen's DTOs: per provider, whether a key is set and where it is kept, and
//! the person's settings (base URL, concurrency, default model).
//!
//! A key crosses the IPC boundary in one place only, inbound: [`SetProviderKeyRequest`]
//! (whose `Debug` never shows it). Nothing the engine returns carries a key: the UI and the
//! CLI only ever learn [`ProviderStatus::has_key`] and [`KeyStorage`].

use crate::ids::ProviderId;
use crate::provider::ProviderDescriptor;
use crate::take_error::TakeErrorCode;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Where a provider's key is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum KeyStorage {
    /// The OS keychain: the key survives restarts.
    Keychain,
    /// Memory only, by the person's choice: forgotten when the app quits.
    Session,
    /// No key (or it could not be read: see [`ProviderStatus::key_error`]).
    None,
}

impl KeyStorage {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Keychain => "keychain",
            Self::Session => "session",
            Self::None => "none",
        }
    }
}

/// The person's settings of one provider, as stored (never a key). `None` means the default.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ProviderSettings {
    /// Base URL replacing the documented one (a proxy, a gateway, a local server).
    #[serde(default)]
    pub base_url: Option<String>,
    /// Generations at once, replacing the descriptor's default.
    #[serde(default)]
    pub concurrency: Option<u32>,
    /// Model used when a segment names none, replacing the descriptor's first model.
    #[serde(default)]
    pub default_model: Option<String>,
}

/// One provider as the Providers screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ProviderStatus {
    pub descriptor: ProviderDescriptor,
    /// Whether a key is set (always false for providers that need none).
    pub has_key: bool,
    pub key_storage: KeyStorage,
    /// Why the key could not be read (keychain missing or locked), with what to do.
    pub key_error: Option<String>,
    /// The stored settings.
    pub settings: ProviderSettings,
    /// The base URL override in effect (`REELFORGE_<ID>_BASE_URL` wins over the setting);
    /// `None`: the provider's documented URL.
    pub base_url: Option<String>,
    /// Generations at once in effect.
    pub concurrency: u32,
    /// The default model in effect.
    pub default_model: Option<String>,
}

/// Sets a provider's key: the only request that carries one.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SetProviderKeyRequest {
    pub provider: ProviderId,
    pub key: String,
    /// Keep the key in memory for this session only (the person's explicit choice when the
    /// keychain is missing or locked).
    #[serde(default)]
    pub session_only: bool,
}

impl fmt::Debug for SetProviderKeyRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SetProviderKeyRequest")
            .field("provider", &self.provider)
            .field("key", &"<redacted>")
            .field("session_only", &self.session_only)
            .finish()
    }
}

/// Replaces a provider's settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UpdateProviderSettingsRequest {
    pub provider: ProviderId,
    pub settings: ProviderSettings,
}

/// What testing a key found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct KeyTestResult {
    pub provider: ProviderId,
    /// The provider accepted the key.
    pub ok: bool,
    /// Why it did not (`bad_key`, `rate_limited`, `no_key`, …); the UI words it.
    pub code: Option<TakeErrorCode>,
    /// What happened, for people.
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_request_never_prints_its_key() {
        let req = SetProviderKeyRequest {
            provider: "luma".into(),
            key: "sk-live-secret".into(),
            session_only: false,
        };
        assert!(!format!("{req:?}").contains("sk-live"));
        let back: SetProviderKeyRequest =
            serde_json::from_value(serde_json::json!({"provider": "luma", "key": "k"})).unwrap();
        assert!(!back.session_only);
        assert_eq!(
            serde_json::to_value(KeyStorage::Session).unwrap(),
            serde_json::json!("session")
        );
    }
}
