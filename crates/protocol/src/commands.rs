//! The commands the UI sends the shell, each declared once, and the events the shell emits.
//!
//! A command is a [`Command`] type: its wire name and the types of its request and response.
//! The one list below ([`declare_commands!`]) declares every command and generates, from that
//! list only: the command types, [`ALL`] (the names the shell's build script declares to Tauri
//! and grants in the capability file), and [`CommandName`] (a name resolved to its command, so
//! the shell's `match` must handle every command and cannot pair a name with another type).
//! The UI calls a command by its type (`call::<ListTemplates>(())`), so shell and UI cannot
//! disagree on a type.
//!
//! On the wire each command takes one argument object, `{ "req": … }` ([`Args`]; a command
//! without input gets `{ "req": null }`), and answers its response or an
//! [`ApiError`](crate::ApiError) as `{code, message}`.
//!
//! Adding a command: one line in the list below, the `Core` method it calls, and the UI
//! function calling it (`ui/src/api.rs`, one line). The compiler then asks for the line that
//! binds it to that method in the engine (`CommandCall`, which the shell and the automation
//! API share) and for its sample request in the shell's IPC tests; `build.rs` grants it in
//! the capability file (commit it). With the `schema` feature, `schemas` gives each
//! command's JSON Schemas, from which the automation API builds its OpenAPI document.

use crate::ids::TemplateId;
use crate::template::TemplateInput;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// A command of the shell: its wire name and what it takes and answers.
pub trait Command: Copy + Default + Send + Sync + 'static {
    /// The wire name (snake_case): what the UI invokes and the capability grants.
    const NAME: &'static str;
    /// What the UI sends, as `{ "req": … }`.
    type Request: Serialize + DeserializeOwned + Send + 'static;
    /// What the shell answers on success.
    type Response: Serialize + DeserializeOwned + Send + 'static;
}

/// Declares each command once: `Type = "wire_name": Request => Response;`, with its doc.
macro_rules! declare_commands {
    ($( $(#[doc = $doc:literal])* $name:ident = $wire:literal : $req:ty => $res:ty; )*) => {
        $(
            $(#[doc = $doc])*
            #[doc = concat!("\n\nWire name `", $wire, "`.")]
            #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
            pub struct $name;

            impl Command for $name {
                const NAME: &'static str = $wire;
                type Request = $req;
                type Response = $res;
            }
        )*

        /// Every command's wire name, in declaration order.
        pub const ALL: &[&str] = &[$($wire),*];

        /// A command known by its wire name; each variant holds its [`Command`] type, so a
        /// `match` on it handles every command with that command's own types.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum CommandName {
            $( $(#[doc = $doc])* $name($name), )*
        }

        impl CommandName {
            /// Every command, in declaration order (the order of [`ALL`]).
            pub const EVERY: &[CommandName] = &[$(CommandName::$name($name)),*];

            /// The command called `name` on the wire, if there is one.
            pub fn from_name(name: &str) -> Option<Self> {
                match name {
                    $( $wire => Some(Self::$name($name)), )*
                    _ => None,
                }
            }

            /// The wire name.
            pub const fn name(self) -> &'static str {
                match self {
                    $( Self::$name(_) => $wire, )*
                }
            }
        }

        /// Every command's name, doc, and the JSON Schemas of its request and response (their
        /// named types land in `generator`'s definitions), in declaration order.
        #[cfg(feature = "schema")]
        pub fn schemas(generator: &mut schemars::SchemaGenerator) -> Vec<CommandSchema> {
            vec![$(CommandSchema {
                name: $wire,
                doc: concat!("" $(, $doc, "\n")*),
                request: generator.subschema_for::<$req>(),
                response: generator.subschema_for::<$res>(),
            }),*]
        }
    };
}

/// A command's schemas, for the automation API's OpenAPI document.
#[cfg(feature = "schema")]
#[derive(Debug, Clone)]
pub struct CommandSchema {
    pub name: &'static str,
    /// The declaration's doc (empty when it has none).
    pub doc: &'static str,
    pub request: schemars::Schema,
    pub response: schemars::Schema,
}

use crate::api_access::{ApiAccess, ApiAccessChange, TurnOnApiRequest};
use crate::assembly::{AssembleRequest, ImportedAudio, SelectTakeRequest};
use crate::bulk::{BulkJobsRequest, BulkSummary, DuplicateJobRequest};
use crate::chain::{ChainStatus, SetChainingRequest};
use crate::generation::{AssemblyResult, CostEstimate, DecideRequest, SegmentRef};
use crate::ids::JobId;
use crate::image_provider::ImageProviderDescriptor;
use crate::job::{ConfigureSegmentsRequest, CreateJobRequest, JobDetail, JobListQuery, JobPage};
use crate::keys::{
    KeyTestResult, ProviderStatus, SetProviderKeyRequest, UpdateProviderSettingsRequest,
};
use crate::music::{MusicLibrary, SetMusicFolderRequest};
use crate::narration_plan::{NarrationPlan, NarrationPlanRequest};
use crate::own_clip::{ImportedClip, UseClipRequest};
use crate::preview::{
    ImportAssetRequest, ImportedAsset, MediaRef, PickedFiles, SetSegmentReferencesRequest,
};
use crate::promotion::PromotionRequest;
use crate::provider::ProviderDescriptor;
use crate::quick::{QuickRequest, ScriptDto, WriterSettings};
use crate::segment_edit::{EditSegmentRequest, SetJobReferencesRequest};
use crate::segment_focus::{SegmentFocus, SetSegmentFocusRequest};
use crate::settings::{AppInfo as AppInfoDto, AppSettings, FfmpegInfo as FfmpegInfoDto};
use crate::storyboard::{
    AnimateOutcome, ApproveKeyframesRequest, GenerateKeyframesRequest, SelectKeyframeRequest,
    Storyboard, StoryboardOptionsRequest,
};
use crate::template::TemplateDto;
use crate::voice::{
    CaptionPreviewRequest, SetJobVoiceRequest, VoiceDescriptor, VoicePreview, VoicePreviewRequest,
};

declare_commands! {
    /// The shell's version and data folder.
    AppInfo = "app_info": () => AppInfoDto;
    /// Every template, built-in ones included.
    ListTemplates = "list_templates": () => Vec<TemplateDto>;
    GetTemplate = "get_template": TemplateId => TemplateDto;
    CreateTemplate = "create_template": TemplateInput => TemplateDto;
    UpdateTemplate = "update_template": UpdateTemplateRequest => TemplateDto;
    DeleteTemplate = "delete_template": TemplateId => ();
    /// One page of the dashboard's jobs, with the whole-history stats.
    ListJobs = "list_jobs": JobListQuery => JobPage;
    GetJob = "get_job": JobId => JobDetail;
    CreateJob = "create_job": CreateJobRequest => JobDetail;
    ConfigureSegments = "configure_segments": ConfigureSegmentsRequest => JobDetail;
    /// Deletes a job with its takes' files and exports (refused while something is under way).
    DeleteJob = "delete_job": JobId => ();
    /// Every available provider's descriptor: models, modes, durations and prices.
    ListProviders = "list_providers": () => Vec<ProviderDescriptor>;
    /// Every narration voice provider's descriptor: its voices by language, whether it needs
    /// a key, its price per 1,000 characters and whether it times words itself.
    ListVoices = "list_voices": () => Vec<VoiceDescriptor>;
    /// What generating the job's remaining segments would cost, and whether it fits its cap.
    EstimateJob = "estimate_job": JobId => CostEstimate;
    LaunchJob = "launch_job": JobId => JobDetail;
    PauseJob = "pause_job": JobId => JobDetail;
    ResumeJob = "resume_job": JobId => JobDetail;
    CancelJob = "cancel_job": JobId => JobDetail;
    CancelSegment = "cancel_segment": SegmentRef => JobDetail;
    /// Generates one segment again with a new take.
    RetrySegment = "retry_segment": SegmentRef => JobDetail;
    /// Resubmits or abandons a take left `submit_unknown` by an interruption.
    DecideSubmitUnknown = "decide_submit_unknown": DecideRequest => JobDetail;
    /// Every provider with `has_key`, where its key is kept and its settings; never a key.
    ListProviderStatus = "list_provider_status": () => Vec<ProviderStatus>;
    /// The only command a key is sent to: into the OS keychain, or for this session only.
    SetProviderKey = "set_provider_key": SetProviderKeyRequest => ProviderStatus;
    /// Checks a provider's stored key (by provider id) with its cheapest authenticated call.
    TestProviderKey = "test_provider_key": String => KeyTestResult;
    /// Forgets a provider's key (by provider id).
    RemoveProviderKey = "remove_provider_key": String => ProviderStatus;
    /// Replaces a provider's base URL, concurrency and default model.
    UpdateProviderSettings = "update_provider_settings": UpdateProviderSettingsRequest => ProviderStatus;
    /// Quick mode: the script the configured writer makes (nothing is created).
    WriteScript = "write_script": QuickRequest => ScriptDto;
    /// Quick mode: creates the job from the script, then generates and assembles it in the
    /// background unless `review` is set.
    StartQuick = "start_quick": QuickRequest => JobDetail;
    /// Which script writer quick mode uses.
    GetWriterSettings = "get_writer_settings": () => WriterSettings;
    SetWriterSettings = "set_writer_settings": WriterSettings => WriterSettings;
    /// The preview-server URL showing a library file (for `<video>`/`<img>`; this launch only).
    PreviewUrl = "preview_url": MediaRef => String;
    /// Imports a file the OS offered (dropped on the window or chosen in a file dialog).
    ImportAsset = "import_asset": ImportAssetRequest => ImportedAsset;
    /// Replaces a segment's reference images (imported assets, in order; empty removes them).
    SetSegmentReferences = "set_segment_references": SetSegmentReferencesRequest => JobDetail;
    /// Assembles the job's selected takes into the final video (and its captions).
    AssembleJob = "assemble_job": AssembleRequest => AssemblyResult;
    /// Uses a succeeded take for its segment in the assembly.
    SelectTake = "select_take": SelectTakeRequest => JobDetail;
    /// The app-wide settings the shell reads too (OS notifications and their language).
    GetAppSettings = "get_app_settings": () => AppSettings;
    SetAppSettings = "set_app_settings": AppSettings => AppSettings;
    /// The ffmpeg the engine runs, its version and where it was found, or what is wrong.
    FfmpegInfo = "ffmpeg_info": () => FfmpegInfoDto;
    /// Runs ffmpeg from this location (the binary or its folder; `None` or blank: found
    /// automatically); a location without a working pair is refused.
    SetFfmpegLocation = "set_ffmpeg_location": Option<String> => FfmpegInfoDto;
    /// Opens the OS file dialog (images) and imports the chosen files as a drop would;
    /// cancelling gives empty lists.
    PickReferenceFiles = "pick_reference_files": () => PickedFiles;
    /// Shows the job's final video in the OS file manager.
    RevealJobOutput = "reveal_job_output": JobId => ();
    /// Opens the OS file dialog (audio), checks the chosen file with ffprobe and imports it;
    /// `None` when cancelled. Never a path.
    PickAudioFile = "pick_audio_file": () => Option<ImportedAudio>;
    /// Stores the voice and captions chosen for a job (the assembly's starting choices).
    SetJobVoice = "set_job_voice": SetJobVoiceRequest => JobDetail;
    /// Speaks a text with a voice through the narration cache: the WAV to play and its
    /// length (also each segment's "voice 4.2 s / clip 5 s").
    PreviewVoice = "preview_voice": VoicePreviewRequest => VoicePreview;
    /// A still of a segment's take with its first words drawn in a caption style (JPEG).
    PreviewCaptions = "preview_captions": CaptionPreviewRequest => MediaRef;
    /// How each segment's narration would fit its clip with a voice, and what synthesising
    /// what is not cached yet would cost (nothing is synthesised by a hosted voice).
    PlanNarration = "plan_narration": NarrationPlanRequest => NarrationPlan;
    /// The music library: its folder and usable tracks with their lengths.
    GetMusicLibrary = "get_music_library": () => MusicLibrary;
    /// Chooses the music library's folder (`None`: no library); returns the library.
    SetMusicFolder = "set_music_folder": SetMusicFolderRequest => MusicLibrary;
    // The automation API's Settings switch (window only: the API cannot switch itself).
    /// Whether the automation API is served, on which port, and what turning it on uses.
    GetApiState = "get_api_state": () => ApiAccess;
    /// Serves the automation API (remembered for the next start); a token made now is in
    /// the answer, the only time it is shown.
    TurnOnApi = "turn_on_api": TurnOnApiRequest => ApiAccessChange;
    /// Stops the automation API (remembered: it stays off at the next start).
    TurnOffApi = "turn_off_api": () => ApiAccess;
    /// Makes a new token, shown once in the answer; the old one stops working at once.
    RotateApiToken = "rotate_api_token": () => ApiAccessChange;
    // Continuity chaining (issue 17)
    /// A job's chain state: the switches, and each segment waiting, stale or refused.
    GetChainStatus = "get_chain_status": JobId => ChainStatus;
    /// Turns chaining on or off for the job ("chain all") and/or some segments.
    SetChaining = "set_chaining": SetChainingRequest => ChainStatus;
    /// Regenerates the stale chained segments (and the chained ones after them, which wait
    /// for their new takes).
    RegenerateStale = "regenerate_stale": JobId => ChainStatus;
    // Draft → final promotion (issue 17).
    /// What regenerating the chosen segments at their template's final model would cost.
    EstimatePromotion = "estimate_promotion": PromotionRequest => CostEstimate;
    /// Regenerates the chosen segments at the final model, keeping the draft takes; refused
    /// over the job's budget cap.
    PromoteSegments = "promote_segments": PromotionRequest => JobDetail;
    // Issue 17, segment editing and the job's reference set:
    /// Changes one segment's settings (prompt, narration, mode, provider, model, duration,
    /// references) after launch too; refused with `segment_busy` while a take of it is being
    /// generated. Its next take (`retry_segment`) is made from them; earlier takes stay.
    EditSegment = "edit_segment": EditSegmentRequest => JobDetail;
    /// Replaces the job's character/style reference images, sent with every segment whose
    /// provider's model takes reference images (or as its start frame where that is the only
    /// image it takes and the segment has none).
    SetJobReferences = "set_job_references": SetJobReferencesRequest => JobDetail;
    // Own clips as segments (issue 17)
    /// Trims an imported clip with in/out points and uses it as the segment's take (no
    /// provider call, no cost).
    UseSegmentClip = "use_segment_clip": UseClipRequest => JobDetail;
    /// Opens the OS file dialog (video), checks the chosen file with ffprobe and imports it
    /// as a clip; `None` when cancelled. Never a path.
    PickVideoFile = "pick_video_file": () => Option<ImportedClip>;
    // Issue 17 — duplicate, re-run, delete with files, dashboard bulk actions.
    /// A new job from a job's settings, with copies of its selected takes when asked.
    DuplicateJob = "duplicate_job": DuplicateJobRequest => JobDetail;
    /// A new take for every segment of a finished or failed job, from its current settings.
    RerunJob = "rerun_job": JobId => JobDetail;
    /// One action over the dashboard's selection (ids, or a filter): what was done and what
    /// was refused, and why.
    BulkJobs = "bulk_jobs": BulkJobsRequest => BulkSummary;
    // Storyboard keyframes (issue 19)
    /// Every available image (keyframe) provider's descriptor: models, sizes per aspect
    /// ratio, reference images and prices.
    ListImageProviders = "list_image_providers": () => Vec<ImageProviderDescriptor>;
    // Issue 18 — the per-segment focus point dragged on the preview.
    /// The segments' stored focus points (a segment not listed is cropped around its centre).
    GetSegmentFocus = "get_segment_focus": JobId => Vec<SegmentFocus>;
    /// Sets where a segment is cropped around when reframed; the stored points after it.
    SetSegmentFocus = "set_segment_focus": SetSegmentFocusRequest => Vec<SegmentFocus>;
    // Storyboard (issue 19)
    /// The job's storyboard: image provider and model, "same character", each segment's
    /// keyframe takes, the selected one and its approval.
    GetStoryboard = "get_storyboard": JobId => Storyboard;
    /// Chooses the image provider and model of the job's keyframes and the "same character"
    /// switch.
    SetStoryboardOptions = "set_storyboard_options": StoryboardOptionsRequest => Storyboard;
    /// Queues a keyframe take for the segments asked (or every segment without one); the
    /// engine makes them, reporting through the take events.
    GenerateKeyframes = "generate_keyframes": GenerateKeyframesRequest => Storyboard;
    /// Chooses the keyframe its segment is animated from.
    SelectKeyframe = "select_keyframe": SelectKeyframeRequest => Storyboard;
    /// Approves (or withdraws approval of) the selected keyframes of the segments asked.
    ApproveKeyframes = "approve_keyframes": ApproveKeyframesRequest => Storyboard;
    /// Switches each segment with an approved keyframe to image-to-video from it (the
    /// keyframe as its first reference, on a model that takes a start image); does not
    /// launch.
    AnimateStoryboard = "animate_storyboard": JobId => AnimateOutcome;
}

/// Replace a template's fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UpdateTemplateRequest {
    pub id: TemplateId,
    pub input: TemplateInput,
}

/// Events the shell emits to the webview.
pub mod events {
    /// A job changed; payload: `JobId`.
    pub const JOB_UPDATED: &str = "job_updated";
    /// The generation engine reported something; payload: `EngineEvent`.
    pub const ENGINE_EVENT: &str = "engine_event";
    /// Files dropped from the OS were imported (or refused); payload: `FilesDropped`.
    pub const FILES_DROPPED: &str = "files_dropped";
}

/// Every command's argument object: `{ "req": … }`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Args<T> {
    pub req: T,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `UpdateProviderSettings` → `update_provider_settings`.
    fn snake_case(type_name: &str) -> String {
        let mut snake = String::new();
        for c in type_name.chars() {
            if c.is_ascii_uppercase() && !snake.is_empty() {
                snake.push('_');
            }
            snake.push(c.to_ascii_lowercase());
        }
        snake
    }

    #[test]
    fn command_names_are_unique_snake_case_and_name_their_type() {
        let mut seen = std::collections::HashSet::new();
        assert_eq!(CommandName::EVERY.len(), ALL.len());
        for (command, name) in CommandName::EVERY.iter().zip(ALL) {
            assert!(seen.insert(*name), "duplicate command {name}");
            assert!(
                name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{name} is not snake_case"
            );
            assert_eq!(command.name(), *name);
            assert_eq!(CommandName::from_name(name), Some(*command));
            // `GetJob(GetJob)` → `GetJob`: the type is the name in UpperCamelCase.
            let debug = format!("{command:?}");
            let type_name = debug.split('(').next().unwrap();
            assert_eq!(
                snake_case(type_name),
                *name,
                "{type_name} is sent as {name}"
            );
        }
        assert_eq!(CommandName::from_name("not_a_command"), None);
    }

    #[test]
    fn a_command_type_carries_its_name_and_types() {
        fn name_of<C: Command>(_: C) -> &'static str {
            C::NAME
        }
        assert_eq!(name_of(GetJob), "get_job");
        let request: <GetJob as Command>::Request = JobId::from("j");
        let args = serde_json::to_value(Args { req: request }).unwrap();
        assert_eq!(args, serde_json::json!({ "req": "j" }));
        let none: <AppInfo as Command>::Request = ();
        assert_eq!(
            serde_json::to_value(Args { req: none }).unwrap(),
            serde_json::json!({ "req": null })
        );
    }
}
