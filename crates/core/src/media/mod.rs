//! Media: everything Reelforge does with ffmpeg and ffprobe. Finds the binaries
//! ([`MediaTools`]), runs ffmpeg off the async runtime with progress and cancellation
//! ([`run_ffmpeg`]), reads what a file holds ([`probe`]) and assembles the selected takes into
//! the final video with captions, audio and an export preset ([`assemble`]), or to several
//! platform formats in one run ([`export_formats`]), re-encoding only
//! changed takes through the [`SegmentCache`]; makes each take's thumbnail and preview proxy
//! ([`prepare_take_media`]) and keeps its ffprobe summary ([`KnownProbe`]) so assembly need
//! not probe an unchanged take again; picks a working H.264 encoder ([`detect_video_encoder`]).
//!
//! Every ffmpeg input is restricted to the `file` protocol and argument building is pure, so
//! each command line is unit-tested without running ffmpeg.

pub mod args;
pub mod assembly;
pub mod assembly_request;
pub mod caption_files;
pub mod caption_images;
pub mod caption_look;
pub mod clip_check;
pub mod captions;
pub mod cover;
pub mod encoder;
pub mod editor_timeline;
pub mod encoder_memory;
pub mod error;
pub mod format_export;
pub mod graph;
pub mod incremental;
pub mod join_args;
pub mod known_probe;
pub mod last_frame;
pub mod library_path;
pub mod loudness;
pub mod loudness_memory;
pub mod music_library;
pub mod mp4;
pub mod narration_track;
pub mod preset;
pub mod probe;
pub mod runner;
pub mod segment_cache;
pub mod segment_captions;
pub mod take_media;
pub mod timeline;
pub mod tools;
pub mod validation;
pub mod word_captions;

pub use args::FfmpegArgs;
pub use assembly::{Assembly, AssemblyMode, AssemblyRequest, AudioMix, Clip, assemble};
pub use captions::{CaptionCue, parse_srt};
pub use encoder::{VideoEncoder, detect_video_encoder};
pub use error::{MediaError, MediaResult};
pub use format_export::{FormatFile, FormatTarget, FormatsExport, FormatsRequest, export_formats};
pub use graph::Focus;
pub use known_probe::{FileStamp, KnownProbe};
pub use preset::{ExportPreset, FrameFit};
pub use probe::{AudioStream, MediaInfo, Ratio, VideoStream, probe, probe_header};
pub use runner::{Cancellation, Progress, ProgressFn, RunOptions, run_ffmpeg};
pub use segment_cache::SegmentCache;
pub use take_media::{TakeMedia, prepare_take_media};
pub use timeline::{Timeline, Transition};
pub use tools::{MediaTools, ToolLocation};
