//! The Tauri commands: one per name in [`reelforge_protocol::commands::ALL`], each a one-line
//! hand-off to the [`Core`] through [`with_core`], which waits while the Core is still opening
//! ([`CoreSlot`]) and fails with the open's `{code, message}` when it could not be opened.
//!
//! Every command takes exactly one argument, `req` (the UI sends `{"req": …}`; for commands
//! without input it sends `{"req": null}`, which deserialises into `()`), and returns
//! `Result<Response, ApiError>`; the error reaches the webview as `{code, message}`.
//!
//! Each call logs one line, `command <name> ok` or `command <name> err <code>`, and nothing
//! else: never a request or response payload (they may hold prompts or, later, secrets).

use crate::CoreSlot;
use reelforge_core::{Core, CoreError};
use reelforge_protocol::commands::{self as names, AppInfo, UpdateTemplateRequest};
use reelforge_protocol::{
    ApiError, AssembleRequest, AssemblyResult, ConfigureSegmentsRequest, CostEstimate,
    CreateJobRequest, DecideRequest, JobDetail, JobId, JobListQuery, JobPage, ProviderDescriptor,
    SegmentRef, SelectTakeRequest, TemplateDto, TemplateId, TemplateInput,
};
use tauri::{Runtime, State, Window};

/// Runs `call` on the [`Core`] once it is open (at once after start-up), then logs the outcome
/// of command `name` and converts the error for the wire. When the Core could not be opened,
/// the command fails with that error without calling `call`.
async fn with_core<T, E: Into<ApiError>>(
    name: &str,
    slot: &CoreSlot,
    call: impl AsyncFnOnce(Core) -> Result<T, E>,
) -> Result<T, ApiError> {
    let result = match slot.wait().await {
        Ok(core) => call(core).await.map_err(Into::into),
        Err(error) => Err(error),
    };
    match result {
        Ok(value) => {
            tracing::info!("command {name} ok");
            Ok(value)
        }
        Err(error) => {
            tracing::warn!("command {name} err {}", error.code.as_str());
            Err(error)
        }
    }
}

#[tauri::command]
pub async fn app_info(core: State<'_, CoreSlot>, req: ()) -> Result<AppInfo, ApiError> {
    let () = req;
    with_core(names::APP_INFO, &core, async |core| {
        Ok::<_, CoreError>(AppInfo {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            data_dir: core.data_dir().display().to_string(),
        })
    })
    .await
}

#[tauri::command]
pub async fn list_templates(
    core: State<'_, CoreSlot>,
    req: (),
) -> Result<Vec<TemplateDto>, ApiError> {
    let () = req;
    with_core(names::LIST_TEMPLATES, &core, async |core| {
        core.list_templates().await
    })
    .await
}

#[tauri::command]
pub async fn get_template(
    core: State<'_, CoreSlot>,
    req: TemplateId,
) -> Result<TemplateDto, ApiError> {
    with_core(names::GET_TEMPLATE, &core, async |core| {
        core.get_template(&req).await
    })
    .await
}

#[tauri::command]
pub async fn create_template(
    core: State<'_, CoreSlot>,
    req: TemplateInput,
) -> Result<TemplateDto, ApiError> {
    with_core(names::CREATE_TEMPLATE, &core, async |core| {
        core.create_template(req).await
    })
    .await
}

#[tauri::command]
pub async fn update_template(
    core: State<'_, CoreSlot>,
    req: UpdateTemplateRequest,
) -> Result<TemplateDto, ApiError> {
    with_core(names::UPDATE_TEMPLATE, &core, async |core| {
        core.update_template(&req.id, req.input).await
    })
    .await
}

#[tauri::command]
pub async fn delete_template(core: State<'_, CoreSlot>, req: TemplateId) -> Result<(), ApiError> {
    with_core(names::DELETE_TEMPLATE, &core, async |core| {
        core.delete_template(&req).await
    })
    .await
}

#[tauri::command]
pub async fn list_jobs(core: State<'_, CoreSlot>, req: JobListQuery) -> Result<JobPage, ApiError> {
    with_core(names::LIST_JOBS, &core, async |core| {
        core.list_jobs(req).await
    })
    .await
}

#[tauri::command]
pub async fn get_job(core: State<'_, CoreSlot>, req: JobId) -> Result<JobDetail, ApiError> {
    with_core(names::GET_JOB, &core, async |core| core.get_job(&req).await).await
}

#[tauri::command]
pub async fn create_job(
    core: State<'_, CoreSlot>,
    req: CreateJobRequest,
) -> Result<JobDetail, ApiError> {
    with_core(names::CREATE_JOB, &core, async |core| {
        core.create_job(req).await
    })
    .await
}

#[tauri::command]
pub async fn configure_segments(
    core: State<'_, CoreSlot>,
    req: ConfigureSegmentsRequest,
) -> Result<JobDetail, ApiError> {
    with_core(names::CONFIGURE_SEGMENTS, &core, async |core| {
        core.configure_segments(req).await
    })
    .await
}

#[tauri::command]
pub async fn delete_job(core: State<'_, CoreSlot>, req: JobId) -> Result<(), ApiError> {
    with_core(names::DELETE_JOB, &core, async |core| {
        core.delete_job(&req).await
    })
    .await
}

#[tauri::command]
pub async fn list_providers(
    core: State<'_, CoreSlot>,
    req: (),
) -> Result<Vec<ProviderDescriptor>, ApiError> {
    let () = req;
    with_core(names::LIST_PROVIDERS, &core, async |core| {
        Ok::<_, CoreError>(core.list_providers())
    })
    .await
}

#[tauri::command]
pub async fn estimate_job(core: State<'_, CoreSlot>, req: JobId) -> Result<CostEstimate, ApiError> {
    with_core(names::ESTIMATE_JOB, &core, async |core| {
        core.estimate_job(&req).await
    })
    .await
}

#[tauri::command]
pub async fn launch_job(core: State<'_, CoreSlot>, req: JobId) -> Result<JobDetail, ApiError> {
    with_core(names::LAUNCH_JOB, &core, async |core| {
        core.launch_job(&req).await
    })
    .await
}

#[tauri::command]
pub async fn pause_job(core: State<'_, CoreSlot>, req: JobId) -> Result<JobDetail, ApiError> {
    with_core(names::PAUSE_JOB, &core, async |core| {
        core.pause_job(&req).await
    })
    .await
}

#[tauri::command]
pub async fn resume_job(core: State<'_, CoreSlot>, req: JobId) -> Result<JobDetail, ApiError> {
    with_core(names::RESUME_JOB, &core, async |core| {
        core.resume_job(&req).await
    })
    .await
}

#[tauri::command]
pub async fn cancel_job(core: State<'_, CoreSlot>, req: JobId) -> Result<JobDetail, ApiError> {
    with_core(names::CANCEL_JOB, &core, async |core| {
        core.cancel_job(&req).await
    })
    .await
}

#[tauri::command]
pub async fn cancel_segment(
    core: State<'_, CoreSlot>,
    req: SegmentRef,
) -> Result<JobDetail, ApiError> {
    with_core(names::CANCEL_SEGMENT, &core, async |core| {
        core.cancel_segment(&req).await
    })
    .await
}

#[tauri::command]
pub async fn retry_segment(
    core: State<'_, CoreSlot>,
    req: SegmentRef,
) -> Result<JobDetail, ApiError> {
    with_core(names::RETRY_SEGMENT, &core, async |core| {
        core.retry_segment(&req).await
    })
    .await
}

#[tauri::command]
pub async fn decide_submit_unknown(
    core: State<'_, CoreSlot>,
    req: DecideRequest,
) -> Result<JobDetail, ApiError> {
    with_core(names::DECIDE_SUBMIT_UNKNOWN, &core, async |core| {
        core.decide_submit_unknown(&req).await
    })
    .await
}

#[tauri::command]
pub async fn write_script(
    core: State<'_, CoreSlot>,
    req: reelforge_protocol::QuickRequest,
) -> Result<reelforge_protocol::ScriptDto, ApiError> {
    with_core(names::WRITE_SCRIPT, &core, async |core| {
        core.write_script(&req).await
    })
    .await
}

#[tauri::command]
pub async fn start_quick(
    core: State<'_, CoreSlot>,
    req: reelforge_protocol::QuickRequest,
) -> Result<JobDetail, ApiError> {
    with_core(names::START_QUICK, &core, async |core| {
        core.start_quick(req).await
    })
    .await
}

#[tauri::command]
pub async fn get_writer_settings(
    core: State<'_, CoreSlot>,
    req: (),
) -> Result<reelforge_protocol::WriterSettings, ApiError> {
    let () = req;
    with_core(names::GET_WRITER_SETTINGS, &core, async |core| {
        core.writer_settings().await
    })
    .await
}

#[tauri::command]
pub async fn set_writer_settings(
    core: State<'_, CoreSlot>,
    req: reelforge_protocol::WriterSettings,
) -> Result<reelforge_protocol::WriterSettings, ApiError> {
    with_core(names::SET_WRITER_SETTINGS, &core, async |core| {
        core.set_writer_settings(req).await
    })
    .await
}

#[tauri::command]
pub async fn list_provider_status(
    core: State<'_, CoreSlot>,
    req: (),
) -> Result<Vec<reelforge_protocol::ProviderStatus>, ApiError> {
    let () = req;
    with_core(names::LIST_PROVIDER_STATUS, &core, async |core| {
        core.list_provider_status().await
    })
    .await
}

/// The one command a key is sent to; like every command it logs its name and outcome only.
#[tauri::command]
pub async fn set_provider_key(
    core: State<'_, CoreSlot>,
    req: reelforge_protocol::SetProviderKeyRequest,
) -> Result<reelforge_protocol::ProviderStatus, ApiError> {
    with_core(names::SET_PROVIDER_KEY, &core, async |core| {
        core.set_provider_key(req).await
    })
    .await
}

#[tauri::command]
pub async fn test_provider_key(
    core: State<'_, CoreSlot>,
    req: String,
) -> Result<reelforge_protocol::KeyTestResult, ApiError> {
    with_core(names::TEST_PROVIDER_KEY, &core, async |core| {
        core.test_provider_key(&req).await
    })
    .await
}

#[tauri::command]
pub async fn remove_provider_key(
    core: State<'_, CoreSlot>,
    req: String,
) -> Result<reelforge_protocol::ProviderStatus, ApiError> {
    with_core(names::REMOVE_PROVIDER_KEY, &core, async |core| {
        core.remove_provider_key(&req).await
    })
    .await
}

#[tauri::command]
pub async fn update_provider_settings(
    core: State<'_, CoreSlot>,
    req: reelforge_protocol::UpdateProviderSettingsRequest,
) -> Result<reelforge_protocol::ProviderStatus, ApiError> {
    with_core(names::UPDATE_PROVIDER_SETTINGS, &core, async |core| {
        core.update_provider_settings(req).await
    })
    .await
}

#[tauri::command]
pub async fn preview_url(
    core: State<'_, CoreSlot>,
    preview: State<'_, crate::preview::PreviewServer>,
    req: reelforge_protocol::MediaRef,
) -> Result<String, ApiError> {
    // The server answers once the Core is open: no URL before that.
    with_core(names::PREVIEW_URL, &core, async |_| {
        Ok::<_, CoreError>(preview.url(&req))
    })
    .await
}

/// Imports a file the OS offered this session; the answer names it by id, never by path.
#[tauri::command]
pub async fn import_asset(
    core: State<'_, CoreSlot>,
    preview: State<'_, crate::preview::PreviewServer>,
    offered: State<'_, crate::import::OfferedFiles>,
    req: reelforge_protocol::ImportAssetRequest,
) -> Result<reelforge_protocol::ImportedAsset, ApiError> {
    let path = std::path::Path::new(&req.path);
    with_core(names::IMPORT_ASSET, &core, async |core| {
        crate::import::import_offered(&core, &preview, &offered, path).await
    })
    .await
}

#[tauri::command]
pub async fn set_segment_references(
    core: State<'_, CoreSlot>,
    req: reelforge_protocol::SetSegmentReferencesRequest,
) -> Result<JobDetail, ApiError> {
    with_core(names::SET_SEGMENT_REFERENCES, &core, async |core| {
        core.set_segment_references(&req).await
    })
    .await
}

#[tauri::command]
pub async fn assemble_job(
    core: State<'_, CoreSlot>,
    req: AssembleRequest,
) -> Result<AssemblyResult, ApiError> {
    with_core(names::ASSEMBLE_JOB, &core, async |core| {
        core.assemble_request(&req).await
    })
    .await
}

#[tauri::command]
pub async fn select_take(
    core: State<'_, CoreSlot>,
    req: SelectTakeRequest,
) -> Result<JobDetail, ApiError> {
    with_core(names::SELECT_TAKE, &core, async |core| {
        core.select_take(&req).await
    })
    .await
}

#[tauri::command]
pub async fn get_app_settings(
    core: State<'_, CoreSlot>,
    req: (),
) -> Result<reelforge_protocol::AppSettings, ApiError> {
    let () = req;
    with_core(names::GET_APP_SETTINGS, &core, async |core| {
        core.app_settings().await
    })
    .await
}

#[tauri::command]
pub async fn set_app_settings(
    core: State<'_, CoreSlot>,
    req: reelforge_protocol::AppSettings,
) -> Result<reelforge_protocol::AppSettings, ApiError> {
    with_core(names::SET_APP_SETTINGS, &core, async |core| {
        core.set_app_settings(req).await
    })
    .await
}

#[tauri::command]
pub async fn ffmpeg_info(
    core: State<'_, CoreSlot>,
    req: (),
) -> Result<reelforge_protocol::FfmpegInfo, ApiError> {
    let () = req;
    with_core(names::FFMPEG_INFO, &core, async |core| {
        Ok::<_, CoreError>(core.ffmpeg_info().await)
    })
    .await
}

#[tauri::command]
pub async fn set_ffmpeg_location(
    core: State<'_, CoreSlot>,
    req: Option<String>,
) -> Result<reelforge_protocol::FfmpegInfo, ApiError> {
    with_core(names::SET_FFMPEG_LOCATION, &core, async |core| {
        core.set_ffmpeg_location(req).await
    })
    .await
}

/// Opens the OS file dialog (images) and imports the chosen files as a drop would.
#[tauri::command]
pub async fn pick_reference_files<R: Runtime>(
    window: Window<R>,
    core: State<'_, CoreSlot>,
    preview: State<'_, crate::preview::PreviewServer>,
    req: (),
) -> Result<reelforge_protocol::PickedFiles, ApiError> {
    let () = req;
    with_core(names::PICK_REFERENCE_FILES, &core, async |core| {
        let paths = crate::import::pick_images(&window).await?;
        Ok::<_, ApiError>(crate::import::import_all(&core, &preview, &paths).await)
    })
    .await
}

/// Opens the OS file dialog (audio) and imports the chosen file for a music bed or a
/// voice-over; answers its id and name (never a path), or `None` when cancelled.
#[tauri::command]
pub async fn pick_audio_file<R: Runtime>(
    window: Window<R>,
    core: State<'_, CoreSlot>,
    req: (),
) -> Result<Option<reelforge_protocol::ImportedAudio>, ApiError> {
    let () = req;
    with_core(names::PICK_AUDIO_FILE, &core, async |core| {
        crate::import::pick_audio(&window, &core).await
    })
    .await
}

/// Shows the job's final video in the OS file manager; the file is found by the job's id.
#[tauri::command]
pub async fn reveal_job_output(core: State<'_, CoreSlot>, req: JobId) -> Result<(), ApiError> {
    with_core(names::REVEAL_JOB_OUTPUT, &core, async |core| {
        crate::reveal::reveal_job_output(&core, &req).await
    })
    .await
}
