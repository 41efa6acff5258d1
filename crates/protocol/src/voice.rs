//! Voice-over: what a voice provider says about itself ([`VoiceDescriptor`], from which
//! screens are built, as for video providers) and how an assembly narrates
//! ([`NarrationChoice`]).

use crate::quick::ScriptLanguage;
use serde::{Deserialize, Serialize};

/// One voice a provider offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct VoiceOption {
    /// The provider's id for the voice (`fr`, `en-us`…).
    pub id: String,
    /// What people see ("French (France)").
    pub label: String,
    pub language: ScriptLanguage,
}

/// A voice provider, described for screens and the CLI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct VoiceDescriptor {
    /// Stable id (`espeak-ng`).
    pub id: String,
    pub display_name: String,
    /// An honest one-line description.
    pub label: String,
    /// Runs on this machine without network and sounds synthetic: shown as such.
    pub robotic_offline: bool,
    /// The narration languages it speaks.
    pub languages: Vec<ScriptLanguage>,
    pub voices: Vec<VoiceOption>,
    pub needs_key: bool,
    /// List price per 1,000 characters synthesized, in micro-USD (0: free, as offline and
    /// self-hosted voices are).
    #[serde(default)]
    pub price_per_1k_chars_micro_usd: i64,
    /// Whether it reports when each word is spoken (else words are timed within each
    /// phrase by weight).
    #[serde(default)]
    pub word_alignment: bool,
}

impl VoiceDescriptor {
    /// The provider's first voice for `language`.
    pub fn default_voice(&self, language: ScriptLanguage) -> Option<&VoiceOption> {
        self.voices.iter().find(|v| v.language == language)
    }

    /// What synthesizing `characters` characters costs at list price, in micro-USD
    /// (rounded up).
    pub fn cost_micro_usd(&self, characters: u64) -> i64 {
        let characters = i64::try_from(characters).unwrap_or(i64::MAX);
        characters
            .saturating_mul(self.price_per_1k_chars_micro_usd)
            .saturating_add(999)
            / 1000
    }
}

/// Normal speaking speed, in percent.
pub const NORMAL_SPEED_PERCENT: u16 = 100;

/// How an assembly narrates each segment's text. On by default, with the offline voice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct NarrationChoice {
    /// Speak each segment's narration (ignored when a voice-over file is given).
    pub enabled: bool,
    /// A voice provider id; `None`: the offline default.
    pub provider: Option<String>,
    /// One of the provider's voices; `None`: its first voice in the job's language.
    pub voice: Option<String>,
    /// The narration's language; `None`: the job's script language.
    pub language: Option<ScriptLanguage>,
    /// Speaking speed in percent of normal (100).
    pub speed_percent: u16,
}

impl Default for NarrationChoice {
    fn default() -> Self {
        Self {
            enabled: true,
            provider: None,
            voice: None,
            language: None,
            speed_percent: NORMAL_SPEED_PERCENT,
        }
    }
}

impl NarrationChoice {
    /// No synthesized narration.
    pub fn off() -> Self {
        Self {
            enabled: false,
            ..Self::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narration_is_on_by_default_and_partial_json_keeps_the_defaults() {
        let empty: NarrationChoice = serde_json::from_str("{}").unwrap();
        assert_eq!(empty, NarrationChoice::default());
        assert!(empty.enabled);
        let off: NarrationChoice = serde_json::from_str(r#"{"enabled":false}"#).unwrap();
        assert_eq!(off, NarrationChoice::off());
        let fr: NarrationChoice =
            serde_json::from_str(r#"{"language":"fr","speed_percent":120}"#).unwrap();
        assert_eq!(
            (fr.language, fr.speed_percent, fr.enabled),
            (Some(ScriptLanguage::Fr), 120, true)
        );
    }
}
