//! The Tauri commands: one per name in [`reelforge_protocol::commands::ALL`], each a one-line
//! hand-off to the [`Core`].
//!
//! Every command takes exactly one argument, `req` (the UI sends `{"req": …}`; for commands
//! without input it sends `{"req": null}`, which deserialises into `()`), and returns
//! `Result<Response, ApiError>`; the error reaches the webview as `{code, message}`.
//!
//! Each call logs one line, `command <name> ok` or `command <name> err <code>`, and nothing
//! else: never a request or response payload (they may hold prompts or, later, secrets).

use reelforge_core::{Core, CoreError};
use reelforge_protocol::commands::{self as names, AppInfo, UpdateTemplateRequest};
use reelforge_protocol::{
    ApiError, AssembleRequest, AssemblyResult, ConfigureSegmentsRequest, CostEstimate,
    CreateJobRequest, DecideRequest, JobDetail, JobId, JobListQuery, JobPage, ProviderDescriptor,
    SegmentRef, SelectTakeRequest, TemplateDto, TemplateId, TemplateInput,
};
use tauri::State;

/// Logs the outcome of command `name` and converts the engine error for the wire.
fn finish<T>(name: &str, result: Result<T, CoreError>) -> Result<T, ApiError> {
    match result {
        Ok(value) => {
            tracing::info!("command {name} ok");
            Ok(value)
        }
        Err(error) => {
            let error = ApiError::from(error);
            tracing::warn!("command {name} err {}", error.code.as_str());
            Err(error)
        }
    }
}

#[tauri::command]
pub async fn app_info(core: State<'_, Core>, req: ()) -> Result<AppInfo, ApiError> {
    let () = req;
    let info = AppInfo {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        data_dir: core.data_dir().display().to_string(),
    };
    finish(names::APP_INFO, Ok(info))
}

#[tauri::command]
pub async fn list_templates(core: State<'_, Core>, req: ()) -> Result<Vec<TemplateDto>, ApiError> {
    let () = req;
    finish(names::LIST_TEMPLATES, core.list_templates().await)
}

#[tauri::command]
pub async fn get_template(core: State<'_, Core>, req: TemplateId) -> Result<TemplateDto, ApiError> {
    finish(names::GET_TEMPLATE, core.get_template(&req).await)
}

#[tauri::command]
pub async fn create_template(
    core: State<'_, Core>,
    req: TemplateInput,
) -> Result<TemplateDto, ApiError> {
    finish(names::CREATE_TEMPLATE, core.create_template(req).await)
}

#[tauri::command]
pub async fn update_template(
    core: State<'_, Core>,
    req: UpdateTemplateRequest,
) -> Result<TemplateDto, ApiError> {
    finish(
        names::UPDATE_TEMPLATE,
        core.update_template(&req.id, req.input).await,
    )
}

#[tauri::command]
pub async fn delete_template(core: State<'_, Core>, req: TemplateId) -> Result<(), ApiError> {
    finish(names::DELETE_TEMPLATE, core.delete_template(&req).await)
}

#[tauri::command]
pub async fn list_jobs(core: State<'_, Core>, req: JobListQuery) -> Result<JobPage, ApiError> {
    finish(names::LIST_JOBS, core.list_jobs(req).await)
}

#[tauri::command]
pub async fn get_job(core: State<'_, Core>, req: JobId) -> Result<JobDetail, ApiError> {
    finish(names::GET_JOB, core.get_job(&req).await)
}

#[tauri::command]
pub async fn create_job(
    core: State<'_, Core>,
    req: CreateJobRequest,
) -> Result<JobDetail, ApiError> {
    finish(names::CREATE_JOB, core.create_job(req).await)
}

#[tauri::command]
pub async fn configure_segments(
    core: State<'_, Core>,
    req: ConfigureSegmentsRequest,
) -> Result<JobDetail, ApiError> {
    finish(
        names::CONFIGURE_SEGMENTS,
        core.configure_segments(req).await,
    )
}

#[tauri::command]
pub async fn delete_job(core: State<'_, Core>, req: JobId) -> Result<(), ApiError> {
    finish(names::DELETE_JOB, core.delete_job(&req).await)
}

#[tauri::command]
pub async fn list_providers(
    core: State<'_, Core>,
    req: (),
) -> Result<Vec<ProviderDescriptor>, ApiError> {
    let () = req;
    finish(names::LIST_PROVIDERS, Ok(core.list_providers()))
}

#[tauri::command]
pub async fn estimate_job(core: State<'_, Core>, req: JobId) -> Result<CostEstimate, ApiError> {
    finish(names::ESTIMATE_JOB, core.estimate_job(&req).await)
}

#[tauri::command]
pub async fn launch_job(core: State<'_, Core>, req: JobId) -> Result<JobDetail, ApiError> {
    finish(names::LAUNCH_JOB, core.launch_job(&req).await)
}

#[tauri::command]
pub async fn pause_job(core: State<'_, Core>, req: JobId) -> Result<JobDetail, ApiError> {
    finish(names::PAUSE_JOB, core.pause_job(&req).await)
}

#[tauri::command]
pub async fn resume_job(core: State<'_, Core>, req: JobId) -> Result<JobDetail, ApiError> {
    finish(names::RESUME_JOB, core.resume_job(&req).await)
}

#[tauri::command]
pub async fn cancel_job(core: State<'_, Core>, req: JobId) -> Result<JobDetail, ApiError> {
    finish(names::CANCEL_JOB, core.cancel_job(&req).await)
}

#[tauri::command]
pub async fn cancel_segment(core: State<'_, Core>, req: SegmentRef) -> Result<JobDetail, ApiError> {
    finish(names::CANCEL_SEGMENT, core.cancel_segment(&req).await)
}

#[tauri::command]
pub async fn retry_segment(core: State<'_, Core>, req: SegmentRef) -> Result<JobDetail, ApiError> {
    finish(names::RETRY_SEGMENT, core.retry_segment(&req).await)
}

#[tauri::command]
pub async fn decide_submit_unknown(
    core: State<'_, Core>,
    req: DecideRequest,
) -> Result<JobDetail, ApiError> {
    finish(
        names::DECIDE_SUBMIT_UNKNOWN,
        core.decide_submit_unknown(&req).await,
    )
}

#[tauri::command]
pub async fn write_script(
    core: State<'_, Core>,
    req: reelforge_protocol::QuickRequest,
) -> Result<reelforge_protocol::ScriptDto, ApiError> {
    finish(names::WRITE_SCRIPT, core.write_script(&req).await)
}

#[tauri::command]
pub async fn start_quick(
    core: State<'_, Core>,
    req: reelforge_protocol::QuickRequest,
) -> Result<JobDetail, ApiError> {
    finish(names::START_QUICK, core.start_quick(req).await)
}

#[tauri::command]
pub async fn get_writer_settings(
    core: State<'_, Core>,
    req: (),
) -> Result<reelforge_protocol::WriterSettings, ApiError> {
    let () = req;
    finish(names::GET_WRITER_SETTINGS, core.writer_settings().await)
}

#[tauri::command]
pub async fn set_writer_settings(
    core: State<'_, Core>,
    req: reelforge_protocol::WriterSettings,
) -> Result<reelforge_protocol::WriterSettings, ApiError> {
    finish(
        names::SET_WRITER_SETTINGS,
        core.set_writer_settings(req).await,
    )
}

#[tauri::command]
pub async fn list_provider_status(
    core: State<'_, Core>,
    req: (),
) -> Result<Vec<reelforge_protocol::ProviderStatus>, ApiError> {
    let () = req;
    finish(
        names::LIST_PROVIDER_STATUS,
        core.list_provider_status().await,
    )
}

/// The one command a key is sent to; like every command it logs its name and outcome only.
#[tauri::command]
pub async fn set_provider_key(
    core: State<'_, Core>,
    req: reelforge_protocol::SetProviderKeyRequest,
) -> Result<reelforge_protocol::ProviderStatus, ApiError> {
    finish(names::SET_PROVIDER_KEY, core.set_provider_key(req).await)
}

#[tauri::command]
pub async fn test_provider_key(
    core: State<'_, Core>,
    req: String,
) -> Result<reelforge_protocol::KeyTestResult, ApiError> {
    finish(names::TEST_PROVIDER_KEY, core.test_provider_key(&req).await)
}

#[tauri::command]
pub async fn remove_provider_key(
    core: State<'_, Core>,
    req: String,
) -> Result<reelforge_protocol::ProviderStatus, ApiError> {
    finish(
        names::REMOVE_PROVIDER_KEY,
        core.remove_provider_key(&req).await,
    )
}

#[tauri::command]
pub async fn update_provider_settings(
    core: State<'_, Core>,
    req: reelforge_protocol::UpdateProviderSettingsRequest,
) -> Result<reelforge_protocol::ProviderStatus, ApiError> {
    finish(
        names::UPDATE_PROVIDER_SETTINGS,
        core.update_provider_settings(req).await,
    )
}

#[tauri::command]
pub async fn preview_url(
    preview: State<'_, crate::preview::PreviewServer>,
    req: reelforge_protocol::MediaRef,
) -> Result<String, ApiError> {
    finish(names::PREVIEW_URL, Ok(preview.url(&req)))
}

/// Imports a file the OS offered this session; the answer names it by id, never by path.
#[tauri::command]
pub async fn import_asset(
    core: State<'_, Core>,
    preview: State<'_, crate::preview::PreviewServer>,
    offered: State<'_, crate::import::OfferedFiles>,
    req: reelforge_protocol::ImportAssetRequest,
) -> Result<reelforge_protocol::ImportedAsset, ApiError> {
    let path = std::path::Path::new(&req.path);
    let imported = crate::import::import_offered(&core, &preview, &offered, path).await;
    finish(names::IMPORT_ASSET, imported)
}

#[tauri::command]
pub async fn set_segment_references(
    core: State<'_, Core>,
    req: reelforge_protocol::SetSegmentReferencesRequest,
) -> Result<JobDetail, ApiError> {
    finish(
        names::SET_SEGMENT_REFERENCES,
        core.set_segment_references(&req).await,
    )
}

#[tauri::command]
pub async fn assemble_job(
    core: State<'_, Core>,
    req: AssembleRequest,
) -> Result<AssemblyResult, ApiError> {
    finish(names::ASSEMBLE_JOB, core.assemble_request(&req).await)
}

#[tauri::command]
pub async fn select_take(
    core: State<'_, Core>,
    req: SelectTakeRequest,
) -> Result<JobDetail, ApiError> {
    finish(names::SELECT_TAKE, core.select_take(&req).await)
}
