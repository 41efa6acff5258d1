//! The commands: one invoke handler ([`handler`]) that resolves each call's name to its
//! declared [`Command`] ([`CommandName`]) and binds it to one call, to the [`Core`] or, for
//! the few that need the window or the shell's own state, to a shell function. The `match`
//! does not compile while a declared command is unhandled, nor when a call does not take the
//! command's request type or answer its response type.
//!
//! Each call's request is read from `{ "req": … }` (a command without input gets
//! `{ "req": null }`); a malformed one is refused with a plain string, as Tauri refuses bad
//! arguments, and the command does not run. The call waits while the Core is still opening
//! ([`CoreSlot`]) and fails with the open's `{code, message}` when it could not be opened;
//! its own error reaches the webview as `{code, message}`. Tauri checks the capability
//! before the handler runs: a call the capability does not grant never gets here.
//!
//! Each call logs one line, `command <name> ok` or `command <name> err <code>`, and nothing
//! else: never a request or response payload (they may hold prompts or keys).

use crate::preview::PreviewServer;
use crate::{CoreSlot, import, reveal};
use reelforge_core::Core;
use reelforge_protocol::commands::{Args, Command, CommandName};
use reelforge_protocol::{ApiError, AppInfo, ErrorCode};
use std::future::Future;
use tauri::ipc::{Invoke, InvokeBody, InvokeError};
use tauri::{Manager, Runtime, Window};

/// The invoke handler of every command of [`reelforge_protocol::commands::ALL`]; `false`
/// (Tauri's "command not found") for any other name.
///
/// Whoever installs it must also `manage` a [`CoreSlot`], a
/// [`PreviewServer`](crate::preview::PreviewServer) and an [`import::OfferedFiles`].
pub fn handler<R: Runtime>() -> impl Fn(Invoke<R>) -> bool + Send + Sync + 'static {
    |invoke| match CommandName::from_name(invoke.message.command()) {
        Some(command) => {
            handle(command, invoke);
            true
        }
        None => false,
    }
}

/// `Name(core, req) => call,`: command `Name`'s call on the open [`Core`], its request bound
/// to `req`; `Name(core, req, window) => call,` also gets the calling [`Window`]. Expands to a
/// `match` on the [`CommandName`], so every declared command must have its line, and each
/// call must take and answer its command's declared types.
macro_rules! serve {
    ($command:expr, $invoke:expr;
     $($name:ident($core:pat, $req:pat $(, $window:ident)?) => $call:expr,)*) => {
        match $command {
            $(CommandName::$name(c) => {
                serve!(@one c, $invoke, $core, $req, ($($window)?), $call)
            })*
        }
    };
    (@one $c:ident, $invoke:expr, $core:pat, $req:pat, (), $call:expr) => {
        on_core($c, $invoke, |$core, $req| async move { $call })
    };
    (@one $c:ident, $invoke:expr, $core:pat, $req:pat, ($window:ident), $call:expr) => {
        on_shell($c, $invoke, |$core, $window, $req| async move { $call })
    };
}

/// Binds each command to its call.
fn handle<R: Runtime>(command: CommandName, invoke: Invoke<R>) {
    serve! { command, invoke;
        AppInfo(core, ()) => ready(app_info(&core)),
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
        ListProviders(core, ()) => ready(core.list_providers()),
        ListVoices(core, ()) => ready(core.list_voices()),
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
        PreviewUrl(_, media, window) => ready(window.state::<PreviewServer>().url(&media)),
        ImportAsset(core, req, window) => import::import_asset(&core, &window, &req).await,
        SetSegmentReferences(core, req) => core.set_segment_references(&req).await,
        AssembleJob(core, req) => core.assemble_request(&req).await,
        SelectTake(core, req) => core.select_take(&req).await,
        GetAppSettings(core, ()) => core.app_settings().await,
        SetAppSettings(core, settings) => core.set_app_settings(settings).await,
        FfmpegInfo(core, ()) => ready(core.ffmpeg_info().await),
        SetFfmpegLocation(core, location) => core.set_ffmpeg_location(location).await,
        PickReferenceFiles(core, (), window) => import::pick_reference_files(&core, &window).await,
        RevealJobOutput(core, id) => reveal::reveal_job_output(&core, &id).await,
        PickAudioFile(core, (), window) => import::pick_audio(&window, &core).await,
        SetJobVoice(core, req) => core.set_job_voice(req).await,
        PreviewVoice(core, req) => core.preview_narration(&req).await,
        PreviewCaptions(core, req) => core.preview_captions(&req).await,
    }
}

/// What the shell tells the UI about itself.
fn app_info(core: &Core) -> AppInfo {
    AppInfo {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        data_dir: core.data_dir().display().to_string(),
    }
}

/// The answer of a call that cannot fail.
fn ready<T>(value: T) -> Result<T, ApiError> {
    Ok(value)
}

/// Serves command `C` with `call`, which gets the [`Core`] once it is open.
fn on_core<C, R, F, Fut, E>(command: C, invoke: Invoke<R>, call: F)
where
    C: Command,
    R: Runtime,
    F: FnOnce(Core, C::Request) -> Fut + Send + 'static,
    Fut: Future<Output = Result<C::Response, E>> + Send,
    E: Into<ApiError>,
{
    on_shell(command, invoke, |core, _, req| call(core, req));
}

/// Serves command `C` with `call`, which gets the [`Core`] once it is open and the calling
/// window (its dialogs, the shell's managed state).
fn on_shell<C, R, F, Fut, E>(_: C, invoke: Invoke<R>, call: F)
where
    C: Command,
    R: Runtime,
    F: FnOnce(Core, Window<R>, C::Request) -> Fut + Send + 'static,
    Fut: Future<Output = Result<C::Response, E>> + Send,
    E: Into<ApiError>,
{
    let Invoke {
        message, resolver, ..
    } = invoke;
    let req = match request::<C>(message.payload()) {
        Ok(req) => req,
        Err(refusal) => {
            return resolver.reject(format!(
                "invalid args `req` for command `{}`: {refusal}",
                C::NAME
            ));
        }
    };
    let window = message.webview().window();
    resolver.respond_async(async move {
        let opened = match window.try_state::<CoreSlot>() {
            Some(slot) => slot.wait().await,
            None => Err(ApiError::new(
                ErrorCode::Internal,
                "the engine is not available",
            )),
        };
        let answer = match opened {
            Ok(core) => call(core, window, req).await.map_err(Into::into),
            Err(error) => Err(error),
        };
        match &answer {
            Ok(_) => tracing::info!("command {} ok", C::NAME),
            Err(error) => tracing::warn!("command {} err {}", C::NAME, error.code.as_str()),
        }
        answer.map_err(InvokeError::from)
    });
}

/// The request in a `{ "req": … }` argument object.
fn request<C: Command>(payload: &InvokeBody) -> Result<C::Request, String> {
    match payload {
        InvokeBody::Json(args) => serde_json::from_value::<Args<C::Request>>(args.clone())
            .map(|args| args.req)
            .map_err(|error| error.to_string()),
        InvokeBody::Raw(_) => Err("a JSON argument object was expected, not bytes".to_owned()),
    }
}
