//! Quick mode: a subject becomes a script, the script a job, the job a finished video.
//!
//! [`QuickRequest`] is what the person fills in; [`ScriptDto`] is the script a writer produced
//! (one [`ScriptSegment`] per beat: narration, visual prompt, suggested mode and duration) that
//! can be reviewed and edited before it is sent back in [`QuickRequest::script`];
//! [`WriterSettings`] says which writer to use (the offline one by default, or any
//! OpenAI-compatible chat-completions server); [`QuickProgress`] reports the flow's phases.

use crate::captions::{CaptionPlatform, CaptionStyle};
use crate::ids::{JobId, ProviderId};
use crate::media::{AspectRatio, GenerationMode};
use crate::template::StyleDefaults;
use serde::{Deserialize, Serialize};

/// Language of the narration (and of the captions made from it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ScriptLanguage {
    #[default]
    En,
    Fr,
}

impl ScriptLanguage {
    pub const ALL: [ScriptLanguage; 2] = [Self::En, Self::Fr];

    /// The ISO 639-1 code.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Fr => "fr",
        }
    }

    /// Parses `en`/`english`/`fr`/`français`…; `None` for anything else.
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_lowercase().as_str() {
            "en" | "eng" | "english" | "anglais" => Some(Self::En),
            "fr" | "fra" | "fre" | "french" | "français" | "francais" => Some(Self::Fr),
            _ => None,
        }
    }
}

/// One segment of a script.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ScriptSegment {
    /// Beat name: hook, problem, revelation, solution, proof, call_to_action.
    pub beat: String,
    /// What is said (and captioned).
    pub narration: String,
    /// What the video model is asked for, shared style first.
    pub prompt: String,
    /// The mode the writer suggests.
    pub mode: GenerationMode,
    /// Seconds, snapped to what the chosen provider's model allows.
    pub duration_s: u32,
}

/// A script ready to become a job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ScriptDto {
    /// The job's title.
    pub title: String,
    pub subject: String,
    pub pillar: String,
    pub language: ScriptLanguage,
    /// The look shared by every segment (already prepended to each prompt).
    pub style: StyleDefaults,
    pub segments: Vec<ScriptSegment>,
    /// Which writer produced it (`offline`, or `chat:<model>`).
    pub writer: String,
}

impl ScriptDto {
    /// Sum of the segments' durations.
    pub fn total_duration_s(&self) -> u32 {
        self.segments.iter().map(|s| s.duration_s).sum()
    }
}

/// Everything quick mode needs; only `subject` is required.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct QuickRequest {
    pub subject: String,
    /// Content pillar: tips, education, demo, story, …
    #[serde(default = "default_pillar")]
    pub pillar: String,
    /// Wanted length of the video; the segments' total is kept near it.
    #[serde(default = "default_target")]
    pub target_duration_s: u32,
    #[serde(default = "default_aspect")]
    pub aspect_ratio: AspectRatio,
    /// `None`: guessed from the subject.
    #[serde(default)]
    pub language: Option<ScriptLanguage>,
    /// Provider chain: the first generates, the others are fallbacks in order. Empty: the local
    /// provider ([`ProviderId::LOCAL`]).
    #[serde(default)]
    pub providers: Vec<ProviderId>,
    /// Model of the first provider; `None`: its default model.
    #[serde(default)]
    pub model: Option<String>,
    /// Refuse to generate when the estimate exceeds this (micro-USD).
    #[serde(default)]
    pub budget_cap_micros: Option<i64>,
    /// Stop once the job is created and configured, for the person to review it.
    #[serde(default)]
    pub review: bool,
    /// The look shared by every segment; empty fields are left to the writer.
    #[serde(default)]
    pub style: StyleDefaults,
    /// A reviewed (possibly edited) script to use instead of writing one.
    #[serde(default)]
    pub script: Option<ScriptDto>,
    /// Who speaks the narration (default: the offline voice in the script's language).
    #[serde(default)]
    pub narration: crate::voice::NarrationChoice,
    /// How the burned captions look (`none`: not burned).
    #[serde(default)]
    pub caption_style: CaptionStyle,
    /// Whose safe zone holds the captions.
    #[serde(default)]
    pub caption_platform: CaptionPlatform,
    /// Storyboard first: after the script, a keyframe per segment, then stop for the creator
    /// to review them (unless `storyboard_run_on`).
    #[serde(default)]
    pub storyboard_first: bool,
    /// With `storyboard_first`: approve every keyframe, animate, generate and assemble.
    #[serde(default)]
    pub storyboard_run_on: bool,
}

fn default_pillar() -> String {
    "tips".to_owned()
}

fn default_target() -> u32 {
    30
}

fn default_aspect() -> AspectRatio {
    AspectRatio::Portrait
}

impl QuickRequest {
    /// A request with every default: tips, 30 s, 9:16, local provider, run straight through.
    pub fn new(subject: impl Into<String>) -> Self {
        Self {
            subject: subject.into(),
            pillar: default_pillar(),
            target_duration_s: default_target(),
            aspect_ratio: default_aspect(),
            language: None,
            providers: Vec::new(),
            model: None,
            budget_cap_micros: None,
            review: false,
            style: StyleDefaults::default(),
            script: None,
            narration: crate::voice::NarrationChoice::default(),
            caption_style: CaptionStyle::default(),
            caption_platform: CaptionPlatform::default(),
            storyboard_first: false,
            storyboard_run_on: false,
        }
    }
}

/// Which script writer quick mode uses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum WriterKind {
    /// Built-in, no network: fills the beat structure from the subject.
    #[default]
    Offline,
    /// An OpenAI-compatible chat-completions server (OpenAI, Ollama, LM Studio, OpenRouter).
    Chat,
}

/// The script writer's settings (stored in the settings table; the key, when one is needed,
/// lives in the key store under the id `llm`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct WriterSettings {
    pub kind: WriterKind,
    /// Base URL up to `/v1`, e.g. `https://api.openai.com/v1` or `http://localhost:11434/v1`.
    pub base_url: String,
    pub model: String,
}

impl Default for WriterSettings {
    fn default() -> Self {
        Self {
            kind: WriterKind::Offline,
            base_url: "http://localhost:11434/v1".to_owned(),
            model: "llama3.2".to_owned(),
        }
    }
}

/// A phase of the quick flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum QuickPhase {
    Script,
    Create,
    Generate,
    Assemble,
    Done,
}

impl QuickPhase {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Script => "script",
            Self::Create => "create",
            Self::Generate => "generate",
            Self::Assemble => "assemble",
            Self::Done => "done",
        }
    }
}

/// Where a quick run is: its phase, its job once created, and generation progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct QuickProgress {
    pub phase: QuickPhase,
    pub job_id: Option<JobId>,
    pub segments_done: u32,
    pub segment_count: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_minimal_request_fills_the_defaults() {
        let req: QuickRequest = serde_json::from_str(r#"{"subject": "3 astuces Python"}"#).unwrap();
        assert_eq!(req, QuickRequest::new("3 astuces Python"));
        assert_eq!(ScriptLanguage::parse("Français"), Some(ScriptLanguage::Fr));
        assert_eq!(
            serde_json::to_value(WriterKind::Chat).unwrap(),
            serde_json::json!("chat")
        );
    }
}
