//! Script writing for quick mode: a subject becomes a [`ScriptDto`] of segments (beat,
//! narration, visual prompt, suggested mode and duration).
//!
//! Writers sit behind the [`ScriptWriter`] trait:
//! - [`OfflineWriter`] (the default, no network) fills the beat structure hook → problem →
//!   revelation → solution → proof → call to action from phrase tables per language and pillar;
//! - [`ChatWriter`] asks any OpenAI-compatible chat-completions server (OpenAI, Ollama,
//!   LM Studio, OpenRouter) for strict JSON-schema output, with one repair attempt on
//!   truncated or invalid output and a typed [`ScriptError`] otherwise.
//!
//! Writers also write the post published with the video ([`post`]: title, description,
//! hashtags), for the export's metadata sidecar.
//!
//! A writer only drafts: [`finish::finish_script`] then snaps every duration to what the chosen
//! model allows ([`snap::snap_durations`], keeping the total near the target) and prepends the
//! shared style (visual style, character, scene) to every prompt.

mod beats;
mod chat;
mod chat_wire;
mod error;
pub mod finish;
mod offline;
mod phrases;
pub mod post;
mod post_wire;
pub mod snap;

pub use beats::{beats_for, guess_language, segment_count_for};
pub use chat::{ChatWriter, LLM_SECRET_ID};
pub use error::ScriptError;
pub use offline::OfflineWriter;

use reelforge_protocol::{AspectRatio, Beat, ScriptDto, ScriptLanguage, StyleDefaults};

/// What a writer is asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptBrief {
    pub subject: String,
    /// Content pillar: tips, education, demo, story, … (anything else gets generic phrasing).
    pub pillar: String,
    pub language: ScriptLanguage,
    /// Wanted total length in seconds.
    pub target_duration_s: u32,
    pub aspect_ratio: AspectRatio,
    /// The beats to write, one segment each, in order (see [`beats_for`]).
    pub beats: Vec<Beat>,
    /// The durations the chosen model allows (to suggest durations it can make).
    pub allowed_durations_s: Vec<u32>,
    /// The person's shared style; empty fields are the writer's to fill.
    pub style: StyleDefaults,
}

/// Something that writes a draft script from a brief.
#[async_trait::async_trait]
pub trait ScriptWriter: Send + Sync + std::fmt::Debug {
    /// A short name for the job's log and the script's `writer` field.
    fn name(&self) -> String;

    /// Writes one segment per beat of the brief; durations and style are finished afterwards.
    async fn write(&self, brief: &ScriptBrief) -> Result<ScriptDto, ScriptError>;

    /// Writes the title, description and hashtags posted with the finished video, in the
    /// brief's language (see [`post`]).
    async fn write_post(&self, brief: &post::PostBrief) -> Result<post::PostText, ScriptError>;
}
