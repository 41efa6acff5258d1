//! One typed async function per shell command of [`reelforge_protocol::commands`].
//!
//! Each sends its request as `{ "req": … }` through [`crate::bridge::call`] and returns the
//! command's response or its [`ApiError`].

use crate::bridge::call;
use reelforge_protocol::commands::{self, AppInfo, UpdateTemplateRequest};
use reelforge_protocol::{
    ApiError, ConfigureSegmentsRequest, CostEstimate, CreateJobRequest, DecideRequest, JobDetail,
    JobId, JobListQuery, JobPage, ProviderDescriptor, SegmentRef, TemplateDto, TemplateId,
    TemplateInput,
};

/// The shell's version and data folder.
pub async fn app_info() -> Result<AppInfo, ApiError> {
    call(commands::APP_INFO, ()).await
}

/// Every template, built-in ones included.
pub async fn list_templates() -> Result<Vec<TemplateDto>, ApiError> {
    call(commands::LIST_TEMPLATES, ()).await
}

pub async fn get_template(id: TemplateId) -> Result<TemplateDto, ApiError> {
    call(commands::GET_TEMPLATE, id).await
}

pub async fn create_template(input: TemplateInput) -> Result<TemplateDto, ApiError> {
    call(commands::CREATE_TEMPLATE, input).await
}

pub async fn update_template(req: UpdateTemplateRequest) -> Result<TemplateDto, ApiError> {
    call(commands::UPDATE_TEMPLATE, req).await
}

pub async fn delete_template(id: TemplateId) -> Result<(), ApiError> {
    call(commands::DELETE_TEMPLATE, id).await
}

/// One page of the dashboard's jobs, with the whole-history stats.
pub async fn list_jobs(query: JobListQuery) -> Result<JobPage, ApiError> {
    call(commands::LIST_JOBS, query).await
}

pub async fn get_job(id: JobId) -> Result<JobDetail, ApiError> {
    call(commands::GET_JOB, id).await
}

pub async fn create_job(req: CreateJobRequest) -> Result<JobDetail, ApiError> {
    call(commands::CREATE_JOB, req).await
}

pub async fn configure_segments(req: ConfigureSegmentsRequest) -> Result<JobDetail, ApiError> {
    call(commands::CONFIGURE_SEGMENTS, req).await
}

pub async fn delete_job(id: JobId) -> Result<(), ApiError> {
    call(commands::DELETE_JOB, id).await
}

/// Every available provider's descriptor: the choices of models, modes, durations and prices.
pub async fn list_providers() -> Result<Vec<ProviderDescriptor>, ApiError> {
    call(commands::LIST_PROVIDERS, ()).await
}

/// What generating the job's remaining segments would cost, and whether it fits its cap.
pub async fn estimate_job(id: JobId) -> Result<CostEstimate, ApiError> {
    call(commands::ESTIMATE_JOB, id).await
}

pub async fn launch_job(id: JobId) -> Result<JobDetail, ApiError> {
    call(commands::LAUNCH_JOB, id).await
}

pub async fn pause_job(id: JobId) -> Result<JobDetail, ApiError> {
    call(commands::PAUSE_JOB, id).await
}

pub async fn resume_job(id: JobId) -> Result<JobDetail, ApiError> {
    call(commands::RESUME_JOB, id).await
}

pub async fn cancel_job(id: JobId) -> Result<JobDetail, ApiError> {
    call(commands::CANCEL_JOB, id).await
}

pub async fn cancel_segment(segment: SegmentRef) -> Result<JobDetail, ApiError> {
    call(commands::CANCEL_SEGMENT, segment).await
}

/// Generates one segment again with a new take.
pub async fn retry_segment(segment: SegmentRef) -> Result<JobDetail, ApiError> {
    call(commands::RETRY_SEGMENT, segment).await
}

/// Resubmits or abandons a take left `submit_unknown` by an interruption.
pub async fn decide_submit_unknown(req: DecideRequest) -> Result<JobDetail, ApiError> {
    call(commands::DECIDE_SUBMIT_UNKNOWN, req).await
}

/// Quick mode: the script the configured writer makes for `req` (nothing is created).
pub async fn write_script(
    req: reelforge_protocol::QuickRequest,
) -> Result<reelforge_protocol::ScriptDto, ApiError> {
    call(commands::WRITE_SCRIPT, req).await
}

/// Quick mode: creates the job from the (reviewed) script and, unless `review`, generates and
/// assembles it in the background.
pub async fn start_quick(req: reelforge_protocol::QuickRequest) -> Result<JobDetail, ApiError> {
    call(commands::START_QUICK, req).await
}

/// Which script writer quick mode uses.
pub async fn get_writer_settings() -> Result<reelforge_protocol::WriterSettings, ApiError> {
    call(commands::GET_WRITER_SETTINGS, ()).await
}

pub async fn set_writer_settings(
    settings: reelforge_protocol::WriterSettings,
) -> Result<reelforge_protocol::WriterSettings, ApiError> {
    call(commands::SET_WRITER_SETTINGS, settings).await
}

/// Every provider with `has_key`, where its key is kept (keychain or session) and its
/// settings; never a key.
pub async fn list_provider_status() -> Result<Vec<reelforge_protocol::ProviderStatus>, ApiError> {
    call(commands::LIST_PROVIDER_STATUS, ()).await
}

/// Sends a key to the shell (the only call that carries one): into the OS keychain, or for
/// this session only when `req.session_only`.
pub async fn set_provider_key(
    req: reelforge_protocol::SetProviderKeyRequest,
) -> Result<reelforge_protocol::ProviderStatus, ApiError> {
    call(commands::SET_PROVIDER_KEY, req).await
}

/// Checks the stored key with the provider's cheapest authenticated call.
pub async fn test_provider_key(
    provider: String,
) -> Result<reelforge_protocol::KeyTestResult, ApiError> {
    call(commands::TEST_PROVIDER_KEY, provider).await
}

pub async fn remove_provider_key(
    provider: String,
) -> Result<reelforge_protocol::ProviderStatus, ApiError> {
    call(commands::REMOVE_PROVIDER_KEY, provider).await
}

/// Replaces a provider's base URL, concurrency and default model.
pub async fn update_provider_settings(
    req: reelforge_protocol::UpdateProviderSettingsRequest,
) -> Result<reelforge_protocol::ProviderStatus, ApiError> {
    call(commands::UPDATE_PROVIDER_SETTINGS, req).await
}

/// The preview-server URL showing a take, thumbnail, preview proxy, final video or imported
/// image (for `<video src>` / `<img src>`; valid for this launch of the app only).
pub async fn preview_url(media: reelforge_protocol::MediaRef) -> Result<String, ApiError> {
    call(commands::PREVIEW_URL, media).await
}

/// Imports a file the OS offered (dropped on the window or chosen in a file dialog). Drops
/// are imported by the shell itself and arrive as the `files_dropped` event.
pub async fn import_asset(path: String) -> Result<reelforge_protocol::ImportedAsset, ApiError> {
    call(
        commands::IMPORT_ASSET,
        reelforge_protocol::ImportAssetRequest { path },
    )
    .await
}

/// Replaces a segment's reference images (imported assets, in order; empty removes them).
pub async fn set_segment_references(
    req: reelforge_protocol::SetSegmentReferencesRequest,
) -> Result<JobDetail, ApiError> {
    call(commands::SET_SEGMENT_REFERENCES, req).await
}

/// Assembles the job's selected takes into the final video (and its captions).
pub async fn assemble_job(
    req: reelforge_protocol::AssembleRequest,
) -> Result<reelforge_protocol::AssemblyResult, ApiError> {
    call(commands::ASSEMBLE_JOB, req).await
}

/// Uses a succeeded take for its segment in the assembly.
pub async fn select_take(
    req: reelforge_protocol::SelectTakeRequest,
) -> Result<JobDetail, ApiError> {
    call(commands::SELECT_TAKE, req).await
}

/// The app-wide settings the shell reads too (OS notifications and their language).
pub async fn get_app_settings() -> Result<reelforge_protocol::AppSettings, ApiError> {
    call(commands::GET_APP_SETTINGS, ()).await
}

pub async fn set_app_settings(
    settings: reelforge_protocol::AppSettings,
) -> Result<reelforge_protocol::AppSettings, ApiError> {
    call(commands::SET_APP_SETTINGS, settings).await
}

/// The ffmpeg the engine runs: path, version and where it was found, or what is wrong.
pub async fn ffmpeg_info() -> Result<reelforge_protocol::FfmpegInfo, ApiError> {
    call(commands::FFMPEG_INFO, ()).await
}

/// Runs ffmpeg from `location` (the binary or its folder; `None`: found automatically);
/// answers what the engine now finds there, or refuses a location without ffmpeg.
pub async fn set_ffmpeg_location(
    location: Option<String>,
) -> Result<reelforge_protocol::FfmpegInfo, ApiError> {
    call(commands::SET_FFMPEG_LOCATION, location).await
}

/// Opens the OS file dialog for reference images; the chosen files come back imported (by
/// id) or refused, exactly as dropped ones do. Both lists are empty when cancelled.
pub async fn pick_reference_files() -> Result<reelforge_protocol::PickedFiles, ApiError> {
    call(commands::PICK_REFERENCE_FILES, ()).await
}

/// Shows the job's final video in the OS file manager (the shell finds it by the job's id).
pub async fn reveal_job_output(id: JobId) -> Result<(), ApiError> {
    call(commands::REVEAL_JOB_OUTPUT, id).await
}

/// Opens the OS file dialog for a music bed or a voice-over; the shell checks and imports the
/// chosen file and answers its id and name (never a path), or `None` when cancelled.
pub async fn pick_audio_file() -> Result<Option<reelforge_protocol::ImportedAudio>, ApiError> {
    call(commands::PICK_AUDIO_FILE, ()).await
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use reelforge_protocol::JobListQuery;
    use std::collections::BTreeSet;
    use std::future::Future;
    use std::task::{Context, Poll, Waker};

    /// Natively every call fails at once, so one poll finishes it.
    fn finish<T>(call: impl Future<Output = Result<T, ApiError>>) -> ApiError {
        let mut call = std::pin::pin!(call);
        match call.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
            Poll::Ready(Err(error)) => error,
            Poll::Ready(Ok(_)) => panic!("a native call succeeded"),
            Poll::Pending => panic!("a native call is pending"),
        }
    }

    /// The command named in the native "no desktop shell (<command>)" error.
    fn command_of(error: ApiError) -> String {
        assert_eq!(error.code, reelforge_protocol::ErrorCode::Internal);
        let inner = error
            .message
            .strip_prefix(crate::bridge::NO_SHELL)
            .and_then(|rest| rest.trim().strip_prefix('('))
            .and_then(|rest| rest.strip_suffix(')'))
            .unwrap_or_else(|| panic!("unexpected message {:?}", error.message));
        inner.to_owned()
    }

    fn template_input() -> TemplateInput {
        TemplateInput {
            name: "t".into(),
            description: String::new(),
            pillar: String::new(),
            segment_count: 1,
            segment_duration_s: 5,
            aspect_ratio: reelforge_protocol::AspectRatio::Portrait,
            provider: "fal".into(),
            model: None,
            mode: reelforge_protocol::GenerationMode::TextToVideo,
            fallback_providers: Vec::new(),
            allow_fallback: false,
            beats: Vec::new(),
            style: Default::default(),
        }
    }

    fn segment() -> SegmentRef {
        SegmentRef {
            job_id: "j".into(),
            index: 0,
        }
    }

    #[test]
    fn every_command_has_exactly_one_function() {
        let called = vec![
            command_of(finish(app_info())),
            command_of(finish(list_templates())),
            command_of(finish(get_template("t".into()))),
            command_of(finish(create_template(template_input()))),
            command_of(finish(update_template(UpdateTemplateRequest {
                id: "t".into(),
                input: template_input(),
            }))),
            command_of(finish(delete_template("t".into()))),
            command_of(finish(list_jobs(JobListQuery::default()))),
            command_of(finish(get_job("j".into()))),
            command_of(finish(create_job(CreateJobRequest {
                title: "j".into(),
                subject: String::new(),
                template_id: None,
                segment_count: Some(1),
                config: Default::default(),
                budget_cap_micros: None,
            }))),
            command_of(finish(configure_segments(ConfigureSegmentsRequest {
                job_id: "j".into(),
                indexes: Vec::new(),
                patch: Default::default(),
            }))),
            command_of(finish(delete_job("j".into()))),
            command_of(finish(list_providers())),
            command_of(finish(estimate_job("j".into()))),
            command_of(finish(launch_job("j".into()))),
            command_of(finish(pause_job("j".into()))),
            command_of(finish(resume_job("j".into()))),
            command_of(finish(cancel_job("j".into()))),
            command_of(finish(cancel_segment(segment()))),
            command_of(finish(retry_segment(segment()))),
            command_of(finish(decide_submit_unknown(DecideRequest {
                segment: segment(),
                decision: reelforge_protocol::SubmitUnknownDecision::Resubmit,
            }))),
            command_of(finish(write_script(reelforge_protocol::QuickRequest::new(
                "s",
            )))),
            command_of(finish(list_provider_status())),
            command_of(finish(set_provider_key(
                reelforge_protocol::SetProviderKeyRequest {
                    provider: "fal".into(),
                    key: "k".into(),
                    session_only: false,
                },
            ))),
            command_of(finish(test_provider_key("fal".into()))),
            command_of(finish(remove_provider_key("fal".into()))),
            command_of(finish(update_provider_settings(
                reelforge_protocol::UpdateProviderSettingsRequest {
                    provider: "fal".into(),
                    settings: Default::default(),
                },
            ))),
            command_of(finish(start_quick(reelforge_protocol::QuickRequest::new(
                "s",
            )))),
            command_of(finish(get_writer_settings())),
            command_of(finish(set_writer_settings(Default::default()))),
            command_of(finish(preview_url(reelforge_protocol::MediaRef::Take {
                take_id: "t".into(),
            }))),
            command_of(finish(import_asset("/x.png".into()))),
            command_of(finish(set_segment_references(
                reelforge_protocol::SetSegmentReferencesRequest {
                    segment: segment(),
                    assets: Vec::new(),
                },
            ))),
            command_of(finish(assemble_job(
                reelforge_protocol::AssembleRequest::new("j".into()),
            ))),
            command_of(finish(select_take(reelforge_protocol::SelectTakeRequest {
                job_id: "j".into(),
                segment_id: "s".into(),
                take_id: "t".into(),
            }))),
            command_of(finish(get_app_settings())),
            command_of(finish(set_app_settings(Default::default()))),
            command_of(finish(ffmpeg_info())),
            command_of(finish(set_ffmpeg_location(None))),
            command_of(finish(pick_reference_files())),
            command_of(finish(reveal_job_output("j".into()))),
            command_of(finish(pick_audio_file())),
        ];
        let unique: BTreeSet<&str> = called.iter().map(String::as_str).collect();
        assert_eq!(
            unique.len(),
            called.len(),
            "a command is called twice: {called:?}"
        );
        let all: BTreeSet<&str> = commands::ALL.iter().copied().collect();
        assert_eq!(unique, all);
    }

    #[test]
    fn requests_are_wrapped_in_req() {
        let args = commands::Args { req: () };
        assert_eq!(
            serde_json::to_value(&args).unwrap(),
            serde_json::json!({ "req": null })
        );
    }
}
