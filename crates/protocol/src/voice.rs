//! Voice-over: what a voice provider says about itself ([`VoiceDescriptor`], from which
//! screens are built, as for video providers) and how an assembly narrates
//! ([`NarrationChoice`]); the voice and captions stored on a job ([`VoiceAndCaptions`]) and
//! the app's previews of them (a voice heard, a caption style drawn on a take).

use crate::captions::{CaptionPlatform, CaptionStyle};
use crate::ids::JobId;
use crate::music::MusicChoice;
use crate::preview::MediaRef;
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

/// The voice and captions a job is made with, chosen in the wizard or on the job screen and
/// stored on the job (its assembly's starting choices).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct VoiceAndCaptions {
    pub narration: NarrationChoice,
    pub caption_style: CaptionStyle,
    pub caption_platform: CaptionPlatform,
    /// The music bed from the library (an imported file chosen at assembly takes its place).
    pub music: MusicChoice,
}

/// `set_job_voice`: store `choice` on the job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SetJobVoiceRequest {
    pub job_id: JobId,
    pub choice: VoiceAndCaptions,
}

/// `preview_voice`: `text` spoken as `narration` says (its language, else the text's), through
/// the narration cache, so asking again, or assembling the same text later, costs nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct VoicePreviewRequest {
    #[serde(default)]
    pub narration: NarrationChoice,
    pub text: String,
}

/// A spoken preview: the WAV to play (through `preview_url`) and how long it lasts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct VoicePreview {
    /// `None`: nothing to say once stage directions are removed.
    pub media: Option<MediaRef>,
    pub duration_ms: u64,
    /// The provider and voice that spoke.
    pub provider: String,
    pub voice: String,
}

/// `preview_captions`: a still of segment `segment_index`'s take in use, at the job's frame,
/// with the first words of its narration drawn in `style` inside `platform`'s safe zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CaptionPreviewRequest {
    pub job_id: JobId,
    pub segment_index: u32,
    pub style: CaptionStyle,
    #[serde(default)]
    pub platform: CaptionPlatform,
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

    #[test]
    fn a_job_without_a_stored_voice_reads_the_defaults() {
        let empty: VoiceAndCaptions = serde_json::from_str("{}").unwrap();
        assert_eq!(empty, VoiceAndCaptions::default());
        assert_eq!(empty.caption_style, CaptionStyle::BoldPop);
        let chosen: VoiceAndCaptions =
            serde_json::from_str(r#"{"caption_style":"karaoke","narration":{"voice":"fr"}}"#)
                .unwrap();
        assert_eq!(chosen.caption_style, CaptionStyle::Karaoke);
        assert_eq!(chosen.narration.voice.as_deref(), Some("fr"));
        assert!(chosen.narration.enabled);
    }
}
