//! App-wide settings the shell needs as well as the UI ([`AppSettings`]: OS notifications and
//! the language they are written in), what the app knows about its ffmpeg ([`FfmpegInfo`],
//! its location set with `set_ffmpeg_location`) and about itself ([`AppInfo`]).

use crate::quick::ScriptLanguage;
use serde::{Deserialize, Serialize};

/// Settings kept by the engine (not in the webview), so the shell can read them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AppSettings {
    /// Show an OS notification when a job finishes, fails or needs a decision.
    #[serde(default = "on")]
    pub notifications: bool,
    /// The interface language, which OS notifications are written in.
    #[serde(default)]
    pub language: ScriptLanguage,
}

fn on() -> bool {
    true
}

impl Default for AppSettings {
    fn default() -> Self {
        Self {
            notifications: true,
            language: ScriptLanguage::En,
        }
    }
}

/// `app_info`: what the shell tells the UI about itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AppInfo {
    pub version: String,
    pub data_dir: String,
}

/// Where the ffmpeg in use was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ToolSource {
    /// The path set in the settings.
    Configured,
    /// Bundled next to the app's executable.
    Bundled,
    /// Found on `PATH`.
    Path,
}

/// `ffmpeg_info`: the ffmpeg the engine would run, and its version; or why there is none.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FfmpegInfo {
    /// The location chosen in Settings (the binary or its folder), when one is.
    #[serde(default)]
    pub configured: Option<String>,
    /// Absolute path of the binary, when found.
    pub path: Option<String>,
    /// The version `ffmpeg -version` reports (e.g. `5.1.6-0+deb12u1`), when it ran.
    pub version: Option<String>,
    pub source: Option<ToolSource>,
    /// What is wrong (not found, does not run), in words for the person.
    pub problem: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn app_settings_default_to_notifications_on_and_fill_missing_fields() {
        let parsed: AppSettings = serde_json::from_str("{}").unwrap();
        assert_eq!(parsed, AppSettings::default());
        assert!(parsed.notifications);
        let value = serde_json::to_value(AppSettings {
            notifications: false,
            language: ScriptLanguage::Fr,
        })
        .unwrap();
        assert_eq!(
            value,
            serde_json::json!({"notifications": false, "language": "fr"})
        );
        assert_eq!(
            serde_json::to_value(ToolSource::Path).unwrap(),
            serde_json::json!("path")
        );
    }
}
