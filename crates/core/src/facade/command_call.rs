//! Every declared command bound once to its [`Core`] call, over JSON: the one binding the
//! desktop shell and the HTTP API both use, so a command declared in
//! `reelforge_protocol::commands` is served by both without more code.
//!
//! [`CommandCall::parse`] reads a command's request (its declared `Request` type, as JSON)
//! before anything runs; [`CommandCall::run`] calls the `Core` method and answers its declared
//! `Response` type as JSON, or an [`ApiError`]. The few commands that need the app's window
//! (OS dialogs, the file manager, the window's preview server, paths the OS offered) are not
//! bound here: `parse` refuses them with [`CallRefusal::NeedsWindow`], and the shell serves
//! them itself. The `match` below does not compile while a declared command is neither bound
//! nor named as needing the window.

use super::Core;
use futures_util::future::BoxFuture;
use reelforge_protocol::commands::{Command, CommandName};
use reelforge_protocol::{ApiError, AppInfo, ErrorCode};
use serde_json::Value;
use std::future::Future;

/// Why a command cannot be called as asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallRefusal {
    /// The request is not the command's declared request type (serde's reason).
    BadRequest(String),
    /// The command works only in the app's window (a dialog, the file manager, a path).
    NeedsWindow,
}

impl CallRefusal {
    /// The refusal as `{code, message}`, for callers without a window (the HTTP API).
    pub fn into_api_error(self, command: CommandName) -> ApiError {
        match self {
            Self::BadRequest(reason) => ApiError::new(
                ErrorCode::Validation,
                format!("invalid request for `{}`: {reason}", command.name()),
            ),
            Self::NeedsWindow => ApiError::new(
                ErrorCode::WindowOnly,
                format!("`{}` works only in the app's window", command.name()),
            ),
        }
    }
}

type Run = Box<dyn FnOnce(Core) -> BoxFuture<'static, Result<Value, ApiError>> + Send>;

/// A command with its request read, ready to run on a [`Core`].
pub struct CommandCall {
    command: CommandName,
    run: Run,
}

impl std::fmt::Debug for CommandCall {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CommandCall")
            .field("command", &self.command)
            .finish_non_exhaustive()
    }
}

/// `Name(core, req) => call,` for each command bound to the `Core`, then `; window: Name, …`
/// for the ones only the shell serves.
macro_rules! bind {
    ($command:expr, $json:expr;
     $($name:ident($core:ident, $req:pat) => $call:expr,)*
     ; window: $($window:ident),* $(,)?) => {
        match $command {
            $(CommandName::$name(c) => bound(c, $json, move |$core: Core, $req| async move {
                $call
            }),)*
            $(CommandName::$window(_) => Err(CallRefusal::NeedsWindow),)*
        }
    };
}

impl CommandCall {
    /// Reads `request` as `command`'s declared request type (`null` for a command without
    /// input); refuses it when it is not, or when the command needs the window.
    pub fn parse(command: CommandName, request: Value) -> Result<Self, CallRefusal> {
        bind! { command, request;
            AppInfo(core, ()) => Ok::<_, ApiError>(app_info(&core)),
            ListTemplates(core, ()) => core.list_templates().await,
            GetTemplate(core, id) => core.get_template(&id).await,
            CreateTemplate(core, input) => core.create_template(input).await,
            UpdateTemplate(core, req) => core.update_template(&req.id, req.input).await,
            DeleteTemplate(core, id) => core.delete_template(&id).await,
            ListJobs(core, query) => core.list_jobs(query).await,
            GetJob(core, id) => core.get_job(&id).await,
            CreateJob(core, req) => core.create_job(req).await,
            ConfigureSegments(core, req) => core.configure_segments(req).await,
            DeleteJob(core, id) => core.delete_job(&id).await,
            ListProviders(core, ()) => Ok::<_, ApiError>(core.list_providers()),
            ListVoices(core, ()) => Ok::<_, ApiError>(core.list_voices()),
            GetMusicLibrary(core, ()) => core.music_library().await,
            SetMusicFolder(core, req) => core.set_music_folder(req.folder).await,
            EstimateJob(core, id) => core.estimate_job(&id).await,
            LaunchJob(core, id) => core.launch_job(&id).await,
            PauseJob(core, id) => core.pause_job(&id).await,
            ResumeJob(core, id) => core.resume_job(&id).await,
            CancelJob(core, id) => core.cancel_job(&id).await,
            CancelSegment(core, segment) => core.cancel_segment(&segment).await,
            RetrySegment(core, segment) => core.retry_segment(&segment).await,
            DecideSubmitUnknown(core, req) => core.decide_submit_unknown(&req).await,
            ListProviderStatus(core, ()) => core.list_provider_status().await,
            SetProviderKey(core, req) => core.set_provider_key(req).await,
            TestProviderKey(core, provider) => core.test_provider_key(&provider).await,
            RemoveProviderKey(core, provider) => core.remove_provider_key(&provider).await,
            UpdateProviderSettings(core, req) => core.update_provider_settings(req).await,
            WriteScript(core, req) => core.write_script(&req).await,
            StartQuick(core, req) => core.start_quick(req).await,
            GetWriterSettings(core, ()) => core.writer_settings().await,
            SetWriterSettings(core, settings) => core.set_writer_settings(settings).await,
            SetSegmentReferences(core, req) => core.set_segment_references(&req).await,
            AssembleJob(core, req) => core.assemble_request(&req).await,
            SelectTake(core, req) => core.select_take(&req).await,
            GetAppSettings(core, ()) => core.app_settings().await,
            SetAppSettings(core, settings) => core.set_app_settings(settings).await,
            FfmpegInfo(core, ()) => Ok::<_, ApiError>(core.ffmpeg_info().await),
            SetFfmpegLocation(core, location) => core.set_ffmpeg_location(location).await,
            SetJobVoice(core, req) => core.set_job_voice(req).await,
            PreviewVoice(core, req) => core.preview_narration(&req).await,
            PreviewCaptions(core, req) => core.preview_captions(&req).await,
            PlanNarration(core, req) => core.plan_narration(req).await,
            // Continuity chaining (issue 17)
            GetChainStatus(core, id) => core.chain_status(&id).await,
            SetChaining(core, req) => core.set_chaining(&req).await,
            RegenerateStale(core, id) => core.regenerate_stale(&id).await,
            // Draft → final promotion (issue 17).
            EstimatePromotion(core, req) => core.estimate_promotion(&req).await,
            PromoteSegments(core, req) => core.promote_segments(&req).await,
            // Issue 17, segment editing and the job's reference set:
            EditSegment(core, req) => core.edit_segment(&req).await,
            SetJobReferences(core, req) => core.set_job_references(&req).await,
            // Own clips as segments (issue 17)
            UseSegmentClip(core, req) => core.use_segment_clip(&req).await,
            // Issue 17 — duplicate, re-run, bulk actions.
            DuplicateJob(core, req) => core.duplicate_job(req).await,
            RerunJob(core, id) => core.rerun_job(&id).await,
            BulkJobs(core, req) => core.bulk_jobs(req).await,
            // Storyboard keyframes (issue 19)
            ListImageProviders(core, ()) => Ok::<_, ApiError>(core.list_image_providers()),
            // Issue 18 — the per-segment focus point dragged on the preview.
            GetSegmentFocus(core, id) => core.segment_focus_points(&id).await,
            SetSegmentFocus(core, req) => core.set_segment_focus_point(&req).await,
            // Storyboard (issue 19)
            GetStoryboard(core, id) => core.get_storyboard(&id).await,
            SetStoryboardOptions(core, req) => core.set_storyboard_options(&req).await,
            GenerateKeyframes(core, req) => core.generate_keyframes(&req).await,
            SelectKeyframe(core, req) => core.select_keyframe(&req).await,
            ApproveKeyframes(core, req) => core.approve_keyframes(&req).await,
            AnimateStoryboard(core, id) => core.animate_storyboard(&id).await,
            ; window: PreviewUrl, ImportAsset, PickReferenceFiles, RevealJobOutput, PickAudioFile,
            // The automation API's switch: served by the shell, never by the API itself.
            GetApiState, TurnOnApi, TurnOffApi, RotateApiToken,
            // Own clips as segments (issue 17)
            PickVideoFile,
        }
    }

    /// The command this call runs.
    pub fn command(&self) -> CommandName {
        self.command
    }

    /// Runs the command on `core`: its response as JSON, or its error.
    pub async fn run(self, core: &Core) -> Result<Value, ApiError> {
        (self.run)(core.clone()).await
    }
}

/// Whether `command` is served without the app's window (bound here).
pub fn needs_window(command: CommandName) -> bool {
    let request = Value::Null;
    matches!(
        CommandCall::parse(command, request),
        Err(CallRefusal::NeedsWindow)
    )
}

/// Command `C` bound to `call`, its request read from `json`.
fn bound<C, F, Fut, E>(command: C, json: Value, call: F) -> Result<CommandCall, CallRefusal>
where
    C: Command,
    F: FnOnce(Core, C::Request) -> Fut + Send + 'static,
    Fut: Future<Output = Result<C::Response, E>> + Send + 'static,
    E: Into<ApiError>,
{
    let _ = command;
    let request: C::Request =
        serde_json::from_value(json).map_err(|error| CallRefusal::BadRequest(error.to_string()))?;
    let run: Run = Box::new(move |core| {
        Box::pin(async move {
            let response = call(core, request).await.map_err(Into::into)?;
            serde_json::to_value(response)
                .map_err(|error| ApiError::new(ErrorCode::Internal, error.to_string()))
        })
    });
    Ok(CommandCall {
        command: CommandName::from_name(C::NAME).expect("a declared command"),
        run,
    })
}

/// What the engine tells about itself: its version and data folder.
fn app_info(core: &Core) -> AppInfo {
    AppInfo {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        data_dir: core.data_dir().display().to_string(),
    }
}
