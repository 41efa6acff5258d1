//! The Providers screen's state and requests: what runs or was just done for a provider, its
//! settings draft and why it cannot be saved, its transient state ([`ProviderUi`]) and what the
//! person asked for ([`ProviderAction`]).

use reelforge_protocol::{ApiError, KeyTestResult, ProviderSettings, ProviderStatus};

/// What is running for one provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProviderBusy {
    SavingKey,
    Testing,
    Removing,
    SavingSettings,
}

/// What was just done, for a short confirmation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProviderNotice {
    KeySaved,
    KeyRemoved,
    SettingsSaved,
}

/// The settings fields as typed. Empty means the default.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SettingsDraft {
    pub base_url: String,
    pub concurrency: String,
    pub default_model: String,
}

impl SettingsDraft {
    /// The stored settings, as fields.
    pub fn from_status(status: &ProviderStatus) -> Self {
        let settings = &status.settings;
        Self {
            base_url: settings.base_url.clone().unwrap_or_default(),
            concurrency: settings
                .concurrency
                .map(|n| n.to_string())
                .unwrap_or_default(),
            default_model: settings.default_model.clone().unwrap_or_default(),
        }
    }

    /// The settings to send, or what is wrong with them.
    pub fn to_settings(&self) -> Result<ProviderSettings, SettingsProblem> {
        let base_url = self.base_url.trim();
        let web = base_url.starts_with("http://") || base_url.starts_with("https://");
        if !base_url.is_empty() && !web {
            return Err(SettingsProblem::BaseUrl);
        }
        let concurrency = match self.concurrency.trim() {
            "" => None,
            text => match text.parse::<u32>() {
                Ok(n) if (1..=64).contains(&n) => Some(n),
                _ => return Err(SettingsProblem::Concurrency),
            },
        };
        let model = self.default_model.trim();
        Ok(ProviderSettings {
            base_url: (!base_url.is_empty()).then(|| base_url.to_owned()),
            concurrency,
            default_model: (!model.is_empty()).then(|| model.to_owned()),
        })
    }
}

/// Why a settings draft cannot be saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingsProblem {
    BaseUrl,
    Concurrency,
}

/// The screen's transient state for one provider.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProviderUi {
    /// The key being typed; write-only, cleared after a successful save.
    pub key: String,
    /// Edited settings; `None` shows the stored ones.
    pub settings: Option<SettingsDraft>,
    pub busy: Option<ProviderBusy>,
    pub test: Option<KeyTestResult>,
    pub error: Option<ApiError>,
    /// The last save failed because the keychain is missing or locked.
    pub keychain_failed: bool,
    pub confirm_remove: bool,
    pub notice: Option<ProviderNotice>,
}

/// Whether saving a key failed because the OS keychain cannot be used (missing or locked):
/// decided by the error's code alone.
pub fn is_keychain_failure(error: &ApiError) -> bool {
    error.code.is_keychain()
}

/// What the person asked for on one provider.
#[derive(Debug, Clone, PartialEq)]
pub enum ProviderAction {
    /// The key field changed.
    Key(String),
    /// The settings fields changed.
    Settings(SettingsDraft),
    /// Save the typed key: in the keychain, or for this session only.
    SaveKey {
        session_only: bool,
    },
    Test,
    /// Ask to remove the key (opens the confirmation).
    AskRemove,
    Remove,
    CancelRemove,
    SaveSettings,
    /// Forget the error, test result and notice.
    Dismiss,
}
