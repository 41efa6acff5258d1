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
    ApiError, ConfigureSegmentsRequest, CostEstimate, CreateJobRequest, DecideRequest, JobDetail,
    JobId, JobListQuery, JobPage, ProviderDescriptor, SegmentRef, TemplateDto, TemplateId,
    TemplateInput,
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
