//! What an assembly is asked ([`AssemblyRequest`]: the clips with their narration, the output,
//! the preset, captions and audio) and what it gives back ([`Assembly`]); see
//! [`assemble`](super::assembly::assemble).

use super::encoder::VideoEncoder;
use super::known_probe::KnownProbe;
use super::narration_track::ClipVoice;
use super::preset::{ExportPreset, FrameFit};
use super::probe::MediaInfo;
use super::segment_cache::SegmentCache;
use super::timeline::{Timeline, Transition};
use reelforge_protocol::{CaptionPlatform, CaptionStyle};
use std::collections::HashMap;
use std::path::PathBuf;

/// One clip of an assembly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clip {
    pub path: PathBuf,
    /// The segment's narration, shown as its caption.
    pub narration: Option<String>,
    /// How errors name the clip ("segment 3").
    pub label: String,
    /// The narration spoken (a voice-over file in [`AudioMix::voice`] takes its place).
    pub voice: Option<ClipVoice>,
}

/// Extra audio laid over the clips' own sound.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AudioMix {
    /// A music bed, looped to the video's length and ducked under the voice-over.
    pub music: Option<PathBuf>,
    pub voice: Option<PathBuf>,
    /// Normalise the loudness (EBU R128, -14 LUFS).
    pub normalize_loudness: bool,
}

/// Everything an assembly needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssemblyRequest {
    pub clips: Vec<Clip>,
    pub output: PathBuf,
    pub preset: ExportPreset,
    pub fit: FrameFit,
    pub transition: Transition,
    /// Write `<output stem>.srt` and `.ass` beside the output when any clip has narration.
    pub write_srt: bool,
    /// Burn the captions into the picture (unless the style is `none`).
    pub burn_captions: bool,
    /// How the captions look, burned and in the `.ass`.
    pub caption_style: CaptionStyle,
    /// Whose safe zone holds them on a vertical frame.
    pub caption_platform: CaptionPlatform,
    pub audio: AudioMix,
    /// Normalised-segment cache: with cut transitions, each take is normalised once into it
    /// (with its burned captions) and re-assembly re-encodes only the takes, or the captions,
    /// that changed.
    pub cache: Option<SegmentCache>,
    /// The H.264 encoder (see [`detect_video_encoder`](super::encoder::detect_video_encoder)).
    pub encoder: VideoEncoder,
    /// When set, every input (clips, music, voice-over) must lie inside this folder.
    pub library: Option<PathBuf>,
    /// ffprobe summaries read earlier, by clip path: a clip whose file still has the stamp
    /// of its summary is not probed again.
    pub known_probes: HashMap<PathBuf, KnownProbe>,
    /// The words of the voice-over file (`audio.voice`), timed from its start (from a
    /// transcription): captioned word by word instead of the segments' narration text.
    pub voice_over_words: Vec<crate::voice::WordTiming>,
}

impl AssemblyRequest {
    /// Cut transitions, fit framing, an .srt, no burn-in, no extra audio.
    pub fn new(clips: Vec<Clip>, output: impl Into<PathBuf>, preset: ExportPreset) -> Self {
        Self {
            clips,
            output: output.into(),
            preset,
            fit: FrameFit::Fit,
            transition: Transition::Cut,
            write_srt: true,
            burn_captions: false,
            caption_style: CaptionStyle::default(),
            caption_platform: CaptionPlatform::default(),
            audio: AudioMix::default(),
            cache: None,
            encoder: VideoEncoder::Libx264,
            library: None,
            known_probes: HashMap::new(),
            voice_over_words: Vec::new(),
        }
    }
}

/// How the output was produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssemblyMode {
    /// The clips were joined without re-encoding.
    StreamCopy,
    /// One encode through the filter graph.
    FilterGraph,
    /// Cached normalised segments joined by stream copy; `encoded` of them were (re)made.
    Segments { reused: usize, encoded: usize },
}

/// A finished assembly.
#[derive(Debug, Clone, PartialEq)]
pub struct Assembly {
    pub output: PathBuf,
    pub srt: Option<PathBuf>,
    /// The `.ass` beside the output (styled, a highlighted event per spoken word).
    pub ass: Option<PathBuf>,
    pub mode: AssemblyMode,
    pub timeline: Timeline,
    /// The output as ffprobe sees it (read back with our MP4 parsing after a box join).
    pub info: MediaInfo,
    /// How many clips ffprobe read; the others' known probes were still valid.
    pub probed: usize,
    /// The summaries ffprobe read (new or changed files), by clip path, to store back.
    pub reprobed: Vec<KnownProbe>,
}
