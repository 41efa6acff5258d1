//! Voice-over: voice providers behind one trait, [`VoiceProvider`], described by a
//! [`VoiceDescriptor`] (protocol DTO) like the video providers, and the [`VoiceRegistry`].
//!
//! A provider turns a text into a 16-bit PCM WAV file, with word alignment when it has one.
//! Around the providers: the text actually spoken ([`spoken_text`]: stage directions out,
//! cut into phrases; [`text_chunks`]: a text cut to a service's size and the neighbouring
//! text sent beside it), word timing for voices without alignment ([`word_timing`]: each phrase
//! synthesized alone and measured, words within it by weight), the WAV files themselves
//! ([`wav`]) and a segment's narration, cached by content ([`segment_narration`]).
//!
//! Providers: the offline espeak-ng ([`espeak`], the default), the system's own voices where
//! present (macOS `say`, [`system_say`]; Windows SAPI, [`sapi`]), any OpenAI-compatible speech
//! server and Kokoro-FastAPI ([`openai_speech`]) and ElevenLabs ([`elevenlabs`]); the voices
//! run as programs share [`local_program`], the hosted ones share [`hosted`] (key, base URL,
//! bounded retry of 429, typed refusals).
//!
//! Adding a voice provider is one file in this folder plus one line in
//! [`registry::builtin`].

pub mod elevenlabs;
pub mod error;
pub mod espeak;
pub mod hosted;
pub mod local_program;
pub mod openai_speech;
pub mod registry;
pub mod sapi;
pub mod segment_narration;
pub mod speaking_rate;
pub mod spoken_text;
#[cfg(test)]
mod stand_in_program;
pub mod system_say;
pub mod text_chunks;
pub mod transcription;
pub mod wav;
pub mod word_timing;

pub use error::{VoiceError, VoiceRefusal};
pub use reelforge_protocol::{VoiceDescriptor, VoiceOption};
pub use registry::VoiceRegistry;
pub use segment_narration::{NarrationAudio, VoiceSettings, cached_narration, narrate_segment};

use reelforge_protocol::ScriptLanguage;
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::time::Duration;

/// What to say, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpeechRequest {
    /// The text as spoken (already free of stage directions).
    pub text: String,
    /// One of the provider's voice ids.
    pub voice: String,
    pub language: ScriptLanguage,
    /// Speaking speed in percent of normal.
    pub speed_percent: u16,
    /// The text said around this one; providers that cannot use it ignore it.
    pub context: SpeechContext,
}

/// The text heard just before and just after a request's own (ElevenLabs' `previous_text`
/// and `next_text`), so a voice that takes it keeps one intonation across phrases. Not
/// spoken and not billed; empty when there is none.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SpeechContext {
    pub before: String,
    pub after: String,
}

/// One spoken word and when it is heard, from the start of its audio.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WordTiming {
    pub text: String,
    pub start: Duration,
    pub end: Duration,
}

/// A synthesis: the WAV was written where asked.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Speech {
    /// The provider's own word timing, when it gives one (offsets into the written audio).
    pub alignment: Option<Vec<WordTiming>>,
}

/// A voice provider: speaks a text into a WAV file.
#[async_trait::async_trait]
pub trait VoiceProvider: Send + Sync + std::fmt::Debug {
    fn descriptor(&self) -> &VoiceDescriptor;

    /// Speak `request` into `out` (16-bit PCM WAV, mono).
    async fn synthesize(&self, request: &SpeechRequest, out: &Path) -> Result<Speech, VoiceError>;

    /// Raised by a provider when it starts speaking the same request differently, so the
    /// narrations it cached before are made again (and other providers' are kept).
    fn audio_revision(&self) -> u32 {
        1
    }
}
