//! The command line's grammar (clap derive).

pub use crate::arg_values::VoiceSpec;
use crate::arg_values::{
    parse_caption_platform, parse_caption_style, parse_lang, parse_status, parse_usd,
};
use clap::{Args, Parser, Subcommand, ValueEnum};
use reelforge_protocol::{
    AspectRatio, CaptionPlatform, CaptionStyle, GenerationMode, JobStatus, ProviderId,
};
use std::path::PathBuf;

/// Reelforge: produce short AI-generated videos from templates and segments.
#[derive(Debug, Parser)]
#[command(name = "reelforge", version, about)]
pub struct Cli {
    /// Data directory (database and library).
    #[arg(long, global = true, env = "REELFORGE_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Print machine-readable JSON instead of text.
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Reusable job shapes.
    #[command(subcommand)]
    Templates(TemplatesCommand),
    /// Production jobs.
    #[command(subcommand)]
    Jobs(JobsCommand),
    /// Video providers and what they can do.
    #[command(subcommand)]
    Providers(ProvidersCommand),
    /// Launch a job's generation; with --wait, generate here and show progress until it ends.
    Generate {
        job: String,
        /// Run the engine in this process until the job ends; fails unless every segment
        /// succeeded.
        #[arg(long)]
        wait: bool,
        /// 1-based segment number: only a new take of this segment, from its current
        /// settings (earlier takes stay).
        #[arg(long)]
        segment: Option<u32>,
    },
    /// A job's generation status: per segment, take status, progress, costs, output.
    Status { job: String },
    /// Generate one segment again with a new take.
    Retry {
        job: String,
        /// 1-based segment number.
        segment: u32,
    },
    /// Cancel a job, or only what is under way for one segment.
    Cancel {
        job: String,
        /// 1-based segment number: cancel only this segment.
        #[arg(long)]
        segment: Option<u32>,
    },
    /// Stop sending new takes of a job (takes already sent finish).
    Pause { job: String },
    /// Send a paused job's takes again.
    Resume { job: String },
    /// Resubmit or abandon a segment's take left `submit_unknown` by an interruption.
    Decide(DecideArgs),
    /// Assemble a generated job's selected takes into the final video, with its .srt beside.
    Assemble(AssembleArgs),
    /// Export a generated job to several platform formats in one run (reels, feed45, youtube…).
    Export(ExportArgs),
    /// Set where a segment's picture is cropped around when it is reframed to another shape.
    Focus(FocusArgs),
    /// Continuity chaining: each segment's chain state; chain segments to the previous one's
    /// last frame, or not; regenerate the out-of-date ones.
    Chain(ChainArgs),
    /// Quick mode: subject → script → generated and assembled video, in one go.
    Quick(QuickArgs),
    /// One quick job per line of a JSON Lines file, with a summary table at the end.
    Batch(BatchArgs),
    /// The ffmpeg Reelforge runs (path, version, origin), or choose where it is.
    Ffmpeg(FfmpegArgs),
    /// Narration voices: list them, or hear one.
    #[command(subcommand)]
    Voices(VoicesCommand),
    /// The local automation API: every command over HTTP on 127.0.0.1, and the engine's
    /// events; runs the engine on this data folder until Ctrl-C.
    Serve(ServeArgs),
    /// The MCP server for AI agents, over stdio: the creator-level commands as tools; runs the
    /// engine here unless the app (or another) already runs it on this data folder.
    Mcp,
    /// The music library: its folder and usable tracks, or choose the folder.
    Music(MusicArgs),
    /// Storyboard keyframes: render one keyframe image from a prompt (outside any job), or
    /// list the image providers.
    Keyframe(KeyframeArgs),
    /// A job's storyboard: make the missing keyframes (or a new one of `--segment N`) and wait
    /// for them, approve them, or animate the approved ones (image-to-video from them).
    Storyboard(StoryboardArgs),
}

#[derive(Debug, Args)]
pub struct KeyframeArgs {
    /// List the image providers (models, sizes per aspect ratio, prices) instead.
    #[arg(long, conflicts_with_all = ["prompt", "out"])]
    pub list: bool,
    /// Image provider id (default: the offline `local` card renderer).
    #[arg(long)]
    pub provider: Option<String>,
    /// Model id (default: the provider's first model).
    #[arg(long)]
    pub model: Option<String>,
    /// Aspect ratio of the keyframe (the job's): 9:16, 16:9, 1:1 or 4:5.
    #[arg(long, default_value = "9:16")]
    pub aspect: AspectRatio,
    /// What the keyframe shows.
    #[arg(long, required_unless_present = "list")]
    pub prompt: Option<String>,
    /// The image file to write (PNG for the local provider).
    #[arg(long, value_name = "FILE", required_unless_present = "list")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The port on 127.0.0.1 (0: one the OS picks, printed at start).
    #[arg(long, default_value_t = 8765)]
    pub port: u16,
    /// Make a new token (printed once), replacing the one callers have; one is made anyway
    /// when the data folder has none.
    #[arg(long)]
    pub new_token: bool,
}

#[derive(Debug, Args)]
pub struct MusicArgs {
    /// Take music from this folder from now on.
    #[arg(long, value_name = "FOLDER", conflicts_with = "no_folder")]
    pub folder: Option<PathBuf>,
    /// No music library any more.
    #[arg(long)]
    pub no_folder: bool,
}

#[derive(Debug, Subcommand)]
pub enum VoicesCommand {
    /// Every voice provider: offline or hosted, key needed, price per 1,000 characters, word
    /// timing, and its voices by language.
    List,
    /// Speak TEXT with a voice into a WAV file (not cached, billed by hosted providers).
    Preview {
        /// PROVIDER or PROVIDER:VOICE (`espeak-ng:fr`, `elevenlabs:JBFqnCBsd6RMkjVDRZzb`,
        /// `kokoro:ff_siwis`); without a voice, the provider's first in the text's language.
        voice: VoiceSpec,
        text: String,
        /// The WAV to write (default: voice-preview-<provider>.wav here).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// The text's language (default: guessed from it).
        #[arg(long, value_parser = parse_lang)]
        lang: Option<reelforge_protocol::ScriptLanguage>,
    },
    /// How long each segment's narration speaks against its clip ("voice 4.2 s / clip 5 s",
    /// measured once spoken, else estimated) and what the voice would charge; nothing is
    /// spoken.
    Plan {
        job: String,
        /// PROVIDER or PROVIDER:VOICE (default: the offline voice).
        #[arg(long)]
        voice: Option<VoiceSpec>,
        /// The narration's language (default: the job's).
        #[arg(long, value_parser = parse_lang)]
        lang: Option<reelforge_protocol::ScriptLanguage>,
        /// Speaking speed in percent of normal.
        #[arg(long, default_value_t = 100)]
        speed: u16,
    },
}

#[derive(Debug, Args)]
pub struct FfmpegArgs {
    /// Run ffmpeg from here from now on: the program, or the folder holding ffmpeg and ffprobe
    /// (refused unless both are found there).
    #[arg(long = "use", value_name = "PATH", conflicts_with = "automatic")]
    pub location: Option<PathBuf>,
    /// Find ffmpeg automatically again: bundled beside the app, then PATH.
    #[arg(long)]
    pub automatic: bool,
}

#[derive(Debug, Args)]
pub struct QuickArgs {
    /// What the video is about, e.g. "3 astuces Python".
    pub subject: String,
    /// Content pillar: tips, education, demo, story, …
    #[arg(long, default_value = "tips")]
    pub pillar: String,
    /// Provider chain, comma-separated: the first generates, the others are fallbacks
    /// (default: local).
    #[arg(long, value_delimiter = ',')]
    pub provider: Vec<ProviderId>,
    /// Model of the first provider (default: its default model).
    #[arg(long)]
    pub model: Option<String>,
    /// Wanted length in seconds; the segments are snapped to what the model allows.
    #[arg(long, default_value_t = 30)]
    pub duration: u32,
    /// 9:16, 16:9, 1:1 or 4:5.
    #[arg(long, default_value = "9:16")]
    pub aspect: AspectRatio,
    /// Narration language, en or fr (default: guessed from the subject).
    #[arg(long, value_parser = parse_lang)]
    pub lang: Option<reelforge_protocol::ScriptLanguage>,
    /// The video to write (default: <data dir>/exports/<title>-<id>.mp4); the .srt goes beside.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Budget cap in US dollars: refuse to generate above it.
    #[arg(long, value_parser = parse_usd)]
    pub budget: Option<i64>,
    /// Visual style shared by every shot.
    #[arg(long)]
    pub style: Option<String>,
    /// Character shared by every shot.
    #[arg(long)]
    pub character: Option<String>,
    /// Scene shared by every shot.
    #[arg(long)]
    pub scene: Option<String>,
    /// Create the job from the script and stop, to review it before generating.
    #[arg(long, conflicts_with = "yes")]
    pub review: bool,
    /// Storyboard first: after the script, make a keyframe per segment and stop to review
    /// them (`reelforge storyboard JOB …`).
    #[arg(long, conflicts_with = "review")]
    pub storyboard_first: bool,
    /// With `--storyboard-first`: approve every keyframe, animate, generate and assemble.
    #[arg(long, requires = "storyboard_first")]
    pub run_on: bool,
    /// Run straight through without asking to confirm the script.
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Who speaks the narration: PROVIDER or PROVIDER:VOICE (see `reelforge voices list`);
    /// default: the offline voice (espeak-ng) in the script's language.
    #[arg(long, value_name = "PROVIDER[:VOICE]")]
    pub voice: Option<VoiceSpec>,
    /// Caption style: bold-pop (default), karaoke, clean-subtitle, or none (not burned; the
    /// .srt and .ass are still written).
    #[arg(long, value_name = "STYLE|none", value_parser = parse_caption_style)]
    pub captions: Option<CaptionStyle>,
    /// Keep the captions clear of this platform's interface: all (default), tiktok, reels or
    /// shorts.
    #[arg(long, value_name = "PLATFORM", value_parser = parse_caption_platform)]
    pub platform: Option<CaptionPlatform>,
}

#[derive(Debug, Args)]
pub struct BatchArgs {
    /// JSON Lines: one object per line, e.g. {"subject": "3 Python tips", "duration": 20,
    /// "provider": "local", "aspect": "9:16", "lang": "en", "pillar": "tips", "out": "a.mp4"}.
    pub file: PathBuf,
    /// Quick jobs run at once (providers still limit their own concurrency across jobs).
    #[arg(long, default_value_t = 2)]
    pub parallel: usize,
}

#[derive(Debug, Args)]
pub struct AssembleArgs {
    pub job: String,
    /// The video to write (default: <data dir>/exports/<title>-<id>.mp4); the .srt goes
    /// beside it with the same stem.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// 9x16, 16x9, 1x1, draft (720p, the job's shape), draft-9x16, draft-16x9, draft-1x1 or a
    /// preset id; default: the job's aspect ratio at 1080p.
    #[arg(long)]
    pub preset: Option<String>,
    #[arg(long, value_enum, default_value_t = TransitionKind::Cut)]
    pub transition: TransitionKind,
    /// A music bed, ducked under the voice-over (copied into the library if outside it);
    /// `auto`: one from the music library picked by length (see `reelforge music`); `none`
    /// (the default): no music.
    #[arg(long, value_name = "FILE|auto|none")]
    pub music: Option<String>,
    /// A voice-over track (copied into the library if outside it); replaces the narration.
    #[arg(long, value_name = "FILE")]
    pub voice_over: Option<PathBuf>,
    /// Caption the voice-over word by word from its transcription (the `openai` provider's
    /// `/audio/transcriptions`, or the server at REELFORGE_OPENAI_BASE_URL).
    #[arg(long, requires = "voice_over")]
    pub transcribe: bool,
    /// Who speaks the narration: PROVIDER or PROVIDER:VOICE (see `reelforge voices list`).
    /// An audio file given here is taken as --voice-over, as before.
    #[arg(long, value_name = "PROVIDER[:VOICE]")]
    pub voice: Option<String>,
    /// Burn the captions into the picture (the default; kept for older scripts).
    #[arg(long, hide = true, conflicts_with = "no_burn_captions")]
    pub burn_captions: bool,
    /// Write the captions as a .srt only, without burning them into the picture (as
    /// `--captions none`).
    #[arg(long, conflicts_with = "captions")]
    pub no_burn_captions: bool,
    /// Caption style: bold-pop (default), karaoke, clean-subtitle, or none (not burned; the
    /// .srt and .ass are still written).
    #[arg(long, value_name = "STYLE|none", value_parser = parse_caption_style)]
    pub captions: Option<CaptionStyle>,
    /// Keep the captions clear of this platform's interface: all (default), tiktok, reels or
    /// shorts.
    #[arg(long, value_name = "PLATFORM", value_parser = parse_caption_platform)]
    pub platform: Option<CaptionPlatform>,
    /// Do not speak the narration (by default the offline voice, espeak-ng, speaks it).
    #[arg(long)]
    pub no_narration: bool,
    /// A voice of the narration's provider (`fr`, `fr-be`, `en-us`, `en-gb` for espeak-ng);
    /// the same as the VOICE part of --voice.
    #[arg(long, value_name = "VOICE", conflicts_with = "voice")]
    pub narration_voice: Option<String>,
    /// Speaking speed in percent of normal.
    #[arg(long, value_name = "PERCENT", default_value_t = 100)]
    pub narration_speed: u16,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    pub job: String,
    /// The formats, comma-separated: tiktok, reels, shorts (9:16), feed45 (4:5), square (1:1),
    /// youtube (16:9), draft (720p, the job's shape).
    #[arg(long, value_delimiter = ',', required = true)]
    pub format: Vec<String>,
    /// How a picture of another shape fills a format: crop around the segment's focus, or
    /// fit over a blurred fill of itself.
    #[arg(long, value_enum, default_value_t = ReframeKind::Crop)]
    pub reframe: ReframeKind,
    /// Timelines for editors (otio, fcpxml, edl).
    #[arg(long, value_delimiter = ',')]
    pub timeline: Vec<String>,
    /// The folder to write to (default: <data dir>/exports).
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// Write over earlier exports of the same names (by default a free `-2` name is taken).
    #[arg(long)]
    pub overwrite: bool,
    /// Draw the job's title on each cover image.
    #[arg(long)]
    pub cover_title: bool,
    #[arg(long, value_enum, default_value_t = TransitionKind::Cut)]
    pub transition: TransitionKind,
    /// A music bed, ducked under the narration.
    #[arg(long, value_name = "FILE")]
    pub music: Option<PathBuf>,
    /// A voice-over track; replaces the narration.
    #[arg(long, value_name = "FILE")]
    pub voice_over: Option<PathBuf>,
    /// Caption style: bold-pop (default), karaoke, clean-subtitle, or none.
    #[arg(long, value_name = "STYLE|none", value_parser = parse_caption_style)]
    pub captions: Option<CaptionStyle>,
    /// Do not speak the narration.
    #[arg(long)]
    pub no_narration: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReframeKind {
    Crop,
    Blur,
}

#[derive(Debug, Args)]
pub struct ChainArgs {
    pub job: String,
    /// Chain every segment to the previous one ("chain all").
    #[arg(long, conflicts_with = "none")]
    pub all: bool,
    /// Turn "chain all" off (segments keep their own switches).
    #[arg(long)]
    pub none: bool,
    /// 1-based segments to start from the previous segment's last frame (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "N,N")]
    pub on: Vec<u32>,
    /// 1-based segments not to chain on their own (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "N,N")]
    pub off: Vec<u32>,
    /// Regenerate the out-of-date chained segments (and the chained ones after them).
    #[arg(long)]
    pub regenerate: bool,
}

#[derive(Debug, Args)]
pub struct StoryboardArgs {
    pub job: String,
    /// 1-based segment: regenerate (or approve) only its keyframe.
    #[arg(long, value_name = "N")]
    pub segment: Option<u32>,
    /// Approve the selected keyframes (of every segment, or of `--segment N`).
    #[arg(long)]
    pub approve: bool,
    /// Switch every segment with an approved keyframe to image-to-video from it (no launch).
    #[arg(long)]
    pub animate: bool,
}

#[derive(Debug, Args)]
pub struct FocusArgs {
    pub job: String,
    /// 1-based segment number.
    pub segment: u32,
    /// X,Y in thousandths of the picture from its top left (500,500: the centre).
    #[arg(value_parser = crate::export::parse_focus)]
    pub at: (u16, u16),
}

/// How one clip gives way to the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TransitionKind {
    Cut,
    Crossfade,
    /// Dip to black.
    Dip,
}

#[derive(Debug, Subcommand)]
pub enum ProvidersCommand {
    /// Every available provider with its models, modes, durations and prices, whether its key
    /// is set (and where: keychain or session) and its settings. Never prints a key.
    List,
    /// Store a provider's API key in the system keychain, read from stdin (one line).
    SetKey {
        provider: ProviderId,
        /// Refused: a session-only key would be forgotten when this command exits.
        #[arg(long, hide = true)]
        session_only: bool,
    },
    /// Check the stored key with the provider's cheapest authenticated call.
    TestKey { provider: ProviderId },
    /// Remove a provider's key from the keychain.
    RemoveKey { provider: ProviderId },
    /// Change a provider's base URL, concurrency or default model.
    Set(ProviderSetArgs),
}

#[derive(Debug, Args)]
pub struct ProviderSetArgs {
    pub provider: ProviderId,
    /// Base URL replacing the documented one (a proxy, a gateway, a local server).
    #[arg(long, value_name = "URL", conflicts_with = "clear_base_url")]
    pub base_url: Option<String>,
    /// Go back to the documented base URL.
    #[arg(long)]
    pub clear_base_url: bool,
    /// Generations at once (1–32).
    #[arg(long, value_name = "N", conflicts_with = "clear_concurrency")]
    pub concurrency: Option<u32>,
    /// Go back to the provider's default concurrency.
    #[arg(long)]
    pub clear_concurrency: bool,
    /// Model used when a segment names none.
    #[arg(long, value_name = "MODEL", conflicts_with = "clear_model")]
    pub model: Option<String>,
    /// Go back to the provider's first model.
    #[arg(long)]
    pub clear_model: bool,
}

#[derive(Debug, Args)]
pub struct DecideArgs {
    pub job: String,
    /// 1-based segment number.
    pub segment: u32,
    /// Send the take again (the provider may charge twice).
    #[arg(long, conflicts_with = "abandon", required_unless_present = "abandon")]
    pub resubmit: bool,
    /// Give the take up.
    #[arg(long)]
    pub abandon: bool,
    /// The undecided take (a keyframe's id, from `status --json`); by default the segment's
    /// clip take, else its keyframe.
    #[arg(long)]
    pub take: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// List the templates.
    List,
    /// Show one template (by id or name).
    Show { template: String },
    /// Create a template.
    Create(TemplateFields),
    /// Create a template from a JSON file (as written by `export`).
    Import { file: PathBuf },
    /// Write a template as JSON (to stdout, or to --out).
    Export {
        template: String,
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Copy a template under a free name.
    Duplicate { template: String },
    /// Delete a template (archived instead if jobs use it).
    Delete { template: String },
}

#[derive(Debug, Args)]
pub struct TemplateFields {
    #[arg(long)]
    pub name: String,
    #[arg(long, default_value = "")]
    pub description: String,
    /// Content pillar: tips, education, demo, story, …
    #[arg(long, default_value = "")]
    pub pillar: String,
    #[arg(long, default_value_t = 6)]
    pub segments: u32,
    /// Seconds per segment.
    #[arg(long, default_value_t = 5)]
    pub duration: u32,
    /// 9:16, 16:9, 1:1 or 4:5.
    #[arg(long, default_value = "9:16")]
    pub aspect: AspectRatio,
    #[arg(long, default_value_t = ProviderId::LOCAL)]
    pub provider: ProviderId,
    #[arg(long)]
    pub model: Option<String>,
    /// text_to_video, image_to_video, first_last_frame or uploaded_clip.
    #[arg(long, default_value = "text_to_video")]
    pub mode: GenerationMode,
    /// Beat names, comma-separated (hook,problem,…).
    #[arg(long, value_delimiter = ',')]
    pub beats: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum JobsCommand {
    /// Create a job from a template (or from scratch with --segments).
    Create(CreateJob),
    /// List jobs, newest first.
    List {
        #[arg(long, value_parser = parse_status)]
        status: Option<JobStatus>,
        #[arg(long)]
        search: Option<String>,
        /// Zero-based page.
        #[arg(long, default_value_t = 0)]
        page: u32,
        #[arg(long, default_value_t = 25)]
        page_size: u32,
    },
    /// Show a job with its segments and activity.
    Show { job: String },
    /// Set fields on several segments at once.
    Configure(ConfigureJob),
    /// Regenerate segments at the final model the template names (draft → final).
    Promote(crate::promote::PromoteJob),
    /// Change one segment's settings, after launch too (refused while a take of it is
    /// generated); `reelforge generate JOB --segment N` then makes a new take from them.
    Edit(crate::segment_edit_args::EditSegmentArgs),
    /// Replace the job's character/style reference images (library asset ids).
    References(crate::segment_edit_args::JobReferencesArgs),
    /// Use your own video, trimmed with --in/--out, as a segment's take (no provider call).
    Clip(crate::own_clip::ClipArgs),
    /// Delete jobs with their takes' files and exports (asks first; --yes in scripts).
    Delete(crate::job_copies::DeleteJobsArgs),
    // Issue 17 — duplicate and re-run.
    /// Duplicate a job's settings (--with-takes: its selected takes too, files copied).
    Duplicate(crate::job_copies::DuplicateJobArgs),
    /// Generate every segment of a finished or failed job again, from its current settings.
    Rerun { job: String },
}

#[derive(Debug, Args)]
pub struct CreateJob {
    /// Template id or name.
    #[arg(long)]
    pub template: Option<String>,
    #[arg(long)]
    pub title: String,
    #[arg(long, default_value = "")]
    pub subject: String,
    /// Segment count (required without a template).
    #[arg(long)]
    pub segments: Option<u32>,
    #[arg(long)]
    pub aspect: Option<AspectRatio>,
    #[arg(long)]
    pub provider: Option<ProviderId>,
    #[arg(long)]
    pub model: Option<String>,
    #[arg(long)]
    pub mode: Option<GenerationMode>,
    /// Seconds per segment.
    #[arg(long)]
    pub duration: Option<u32>,
    /// Fallback providers, in order, comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub fallback: Option<Vec<ProviderId>>,
    #[arg(long)]
    pub allow_fallback: Option<bool>,
    /// Budget cap in US dollars.
    #[arg(long, value_parser = parse_usd)]
    pub budget: Option<i64>,
}

#[derive(Debug, Args)]
pub struct ConfigureJob {
    pub job: String,
    /// 1-based segment number; repeat for several; none means every segment.
    #[arg(long = "segment")]
    pub segments: Vec<u32>,
    #[arg(long)]
    pub beat: Option<String>,
    #[command(flatten)]
    pub fields: crate::segment_edit_args::SegmentFields,
}
