//! Command and event names: the one list the shell registers, grants and the UI calls.
//!
//! Each command takes one request value (sent as the `req` argument) and returns
//! `Result<Response, ApiError>`. The shell's build script declares [`ALL`] to Tauri and a test
//! checks that every name is registered and granted.

use crate::ids::TemplateId;
use crate::template::TemplateInput;
use serde::{Deserialize, Serialize};

/// `()` → `AppInfo`.
pub const APP_INFO: &str = "app_info";
/// `()` → `Vec<TemplateDto>`.
pub const LIST_TEMPLATES: &str = "list_templates";
/// `TemplateId` → `TemplateDto`.
pub const GET_TEMPLATE: &str = "get_template";
/// `TemplateInput` → `TemplateDto`.
pub const CREATE_TEMPLATE: &str = "create_template";
/// `UpdateTemplateRequest` → `TemplateDto`.
pub const UPDATE_TEMPLATE: &str = "update_template";
/// `TemplateId` → `()`.
pub const DELETE_TEMPLATE: &str = "delete_template";
/// `JobListQuery` → `JobPage`.
pub const LIST_JOBS: &str = "list_jobs";
/// `JobId` → `JobDetail`.
pub const GET_JOB: &str = "get_job";
/// `CreateJobRequest` → `JobDetail`.
pub const CREATE_JOB: &str = "create_job";
/// `ConfigureSegmentsRequest` → `JobDetail`.
pub const CONFIGURE_SEGMENTS: &str = "configure_segments";
/// `JobId` → `()`.
pub const DELETE_JOB: &str = "delete_job";
/// `()` → `Vec<ProviderDescriptor>`.
pub const LIST_PROVIDERS: &str = "list_providers";
/// `JobId` → `CostEstimate`.
pub const ESTIMATE_JOB: &str = "estimate_job";
/// `JobId` → `JobDetail`.
pub const LAUNCH_JOB: &str = "launch_job";
/// `JobId` → `JobDetail`.
pub const PAUSE_JOB: &str = "pause_job";
/// `JobId` → `JobDetail`.
pub const RESUME_JOB: &str = "resume_job";
/// `JobId` → `JobDetail`.
pub const CANCEL_JOB: &str = "cancel_job";
/// `SegmentRef` → `JobDetail`.
pub const CANCEL_SEGMENT: &str = "cancel_segment";
/// `SegmentRef` → `JobDetail`.
pub const RETRY_SEGMENT: &str = "retry_segment";
/// `DecideRequest` → `JobDetail`.
pub const DECIDE_SUBMIT_UNKNOWN: &str = "decide_submit_unknown";
/// `QuickRequest` → `ScriptDto` (quick mode: write the script, nothing is created).
pub const WRITE_SCRIPT: &str = "write_script";
/// `QuickRequest` → `JobDetail` (quick mode: create the job from the script, then generate and
/// assemble in the background unless `review` is set).
pub const START_QUICK: &str = "start_quick";
/// `()` → `WriterSettings`.
pub const GET_WRITER_SETTINGS: &str = "get_writer_settings";
/// `WriterSettings` → `WriterSettings`.
pub const SET_WRITER_SETTINGS: &str = "set_writer_settings";
/// `()` → `Vec<ProviderStatus>`: per provider `has_key`, where the key is kept, settings.
pub const LIST_PROVIDER_STATUS: &str = "list_provider_status";
/// `SetProviderKeyRequest` → `ProviderStatus` (the only command a key is sent to).
pub const SET_PROVIDER_KEY: &str = "set_provider_key";
/// Provider id (`String`) → `KeyTestResult`.
pub const TEST_PROVIDER_KEY: &str = "test_provider_key";
/// Provider id (`String`) → `ProviderStatus`.
pub const REMOVE_PROVIDER_KEY: &str = "remove_provider_key";
/// `UpdateProviderSettingsRequest` → `ProviderStatus`.
pub const UPDATE_PROVIDER_SETTINGS: &str = "update_provider_settings";
/// `MediaRef` → `String`: the preview-server URL showing a library file (this launch only).
pub const PREVIEW_URL: &str = "preview_url";
/// `ImportAssetRequest` → `ImportedAsset`: import a file the OS offered (drop or dialog).
pub const IMPORT_ASSET: &str = "import_asset";
/// `SetSegmentReferencesRequest` → `JobDetail`: a segment's reference images, by asset id.
pub const SET_SEGMENT_REFERENCES: &str = "set_segment_references";

/// `AssembleRequest` → `AssemblyResult`.
pub const ASSEMBLE_JOB: &str = "assemble_job";
/// `SelectTakeRequest` → `JobDetail`.
pub const SELECT_TAKE: &str = "select_take";
/// `()` → `AppSettings` (OS notifications, their language).
pub const GET_APP_SETTINGS: &str = "get_app_settings";
/// `AppSettings` → `AppSettings`.
pub const SET_APP_SETTINGS: &str = "set_app_settings";
/// `()` → `FfmpegInfo`: the ffmpeg the engine runs, its version and where it was found.
pub const FFMPEG_INFO: &str = "ffmpeg_info";
/// `Option<String>` → `FfmpegInfo`: run ffmpeg from this location (the binary or its folder;
/// `None` or blank: found automatically); a location without a working pair is refused.
pub const SET_FFMPEG_LOCATION: &str = "set_ffmpeg_location";
/// `()` → `PickedFiles`: opens the OS file dialog (images) and imports the chosen files as a
/// drop would; cancelling gives empty lists.
pub const PICK_REFERENCE_FILES: &str = "pick_reference_files";
/// `JobId` → `()`: shows the job's final video in the OS file manager.
pub const REVEAL_JOB_OUTPUT: &str = "reveal_job_output";
/// `()` → `Option<ImportedAudio>`: opens the OS file dialog (audio), checks the chosen file
/// with ffprobe and imports it into the library; `None` when cancelled. Never a path.
pub const PICK_AUDIO_FILE: &str = "pick_audio_file";

/// Every command, in the order the shell registers them.
pub const ALL: &[&str] = &[
    APP_INFO,
    LIST_TEMPLATES,
    GET_TEMPLATE,
    CREATE_TEMPLATE,
    UPDATE_TEMPLATE,
    DELETE_TEMPLATE,
    LIST_JOBS,
    GET_JOB,
    CREATE_JOB,
    CONFIGURE_SEGMENTS,
    DELETE_JOB,
    LIST_PROVIDERS,
    ESTIMATE_JOB,
    LAUNCH_JOB,
    PAUSE_JOB,
    RESUME_JOB,
    CANCEL_JOB,
    CANCEL_SEGMENT,
    RETRY_SEGMENT,
    DECIDE_SUBMIT_UNKNOWN,
    LIST_PROVIDER_STATUS,
    SET_PROVIDER_KEY,
    TEST_PROVIDER_KEY,
    REMOVE_PROVIDER_KEY,
    UPDATE_PROVIDER_SETTINGS,
    WRITE_SCRIPT,
    START_QUICK,
    GET_WRITER_SETTINGS,
    SET_WRITER_SETTINGS,
    PREVIEW_URL,
    IMPORT_ASSET,
    SET_SEGMENT_REFERENCES,
    ASSEMBLE_JOB,
    SELECT_TAKE,
    GET_APP_SETTINGS,
    SET_APP_SETTINGS,
    FFMPEG_INFO,
    SET_FFMPEG_LOCATION,
    PICK_REFERENCE_FILES,
    REVEAL_JOB_OUTPUT,
    PICK_AUDIO_FILE,
];

/// Replace a template's fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateTemplateRequest {
    pub id: TemplateId,
    pub input: TemplateInput,
}

/// What the shell tells the UI about itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppInfo {
    pub version: String,
    pub data_dir: String,
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

/// Wrapper kept for the UI: every command's argument object is `{ "req": … }`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Args<T> {
    pub req: T,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_names_are_unique_snake_case() {
        let mut seen = std::collections::HashSet::new();
        for name in ALL {
            assert!(seen.insert(*name), "duplicate command {name}");
            assert!(
                name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{name} is not snake_case"
            );
        }
    }
}
