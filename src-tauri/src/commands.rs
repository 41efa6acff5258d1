//! The commands: one invoke handler ([`handler`]) that resolves each call's name to its
//! declared [`Command`] ([`CommandName`]). The engine binds every command to its [`Core`]
//! call once ([`CommandCall`], shared with the HTTP API); the shell serves only the few that
//! need the window or its own state (dialogs, the file manager, the preview server, the
//! automation API's switch).
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
use reelforge_api::ApiSwitch;
use reelforge_core::{CallRefusal, CommandCall, Core};
use reelforge_protocol::commands::{Args, Command, CommandName};
use reelforge_protocol::{ApiError, ErrorCode};
use std::future::Future;
use tauri::ipc::{Invoke, InvokeBody, InvokeError};
use tauri::{Manager, Runtime, Window};

/// The invoke handler of every command of [`reelforge_protocol::commands::ALL`]; `false`
/// (Tauri's "command not found") for any other name.
///
/// Whoever installs it must also `manage` a [`CoreSlot`], a
/// [`PreviewServer`](crate::preview::PreviewServer), an [`import::OfferedFiles`] and an
/// [`ApiSwitch`].
pub fn handler<R: Runtime>() -> impl Fn(Invoke<R>) -> bool + Send + Sync + 'static {
    |invoke| match CommandName::from_name(invoke.message.command()) {
        Some(command) => {
            handle(command, invoke);
            true
        }
        None => false,
    }
}

/// Binds each command to its call: the window's few here, every other one through the
/// engine's own binding ([`CommandCall`]), which the HTTP API shares. A window command not
/// handled here answers `window_only` (the IPC test of every command catches it).
fn handle<R: Runtime>(command: CommandName, invoke: Invoke<R>) {
    match command {
        CommandName::PreviewUrl(c) => on_shell(c, invoke, |_, window, media| async move {
            ready(window.state::<PreviewServer>().url(&media))
        }),
        CommandName::ImportAsset(c) => on_shell(c, invoke, |core, window, req| async move {
            import::import_asset(&core, &window, &req).await
        }),
        CommandName::PickReferenceFiles(c) => on_shell(c, invoke, |core, window, ()| async move {
            import::pick_reference_files(&core, &window).await
        }),
        CommandName::RevealJobOutput(c) => on_shell(c, invoke, |core, _, id| async move {
            reveal::reveal_job_output(&core, &id).await
        }),
        CommandName::PickAudioFile(c) => on_shell(c, invoke, |core, window, ()| async move {
            import::pick_audio(&window, &core).await
        }),
        // The automation API's Settings switch, on this app's own engine.
        CommandName::GetApiState(c) => on_shell(c, invoke, |core, window, ()| async move {
            api_switch(&window)?.access(&core).await
        }),
        CommandName::TurnOnApi(c) => on_shell(c, invoke, |core, window, req| async move {
            api_switch(&window)?.turn_on_from_settings(core, req).await
        }),
        CommandName::TurnOffApi(c) => on_shell(c, invoke, |core, window, ()| async move {
            api_switch(&window)?.turn_off_from_settings(&core).await
        }),
        CommandName::RotateApiToken(c) => on_shell(c, invoke, |core, window, ()| async move {
            api_switch(&window)?.rotate_token(core).await
        }),
        // Own clips as segments (issue 17)
        CommandName::PickVideoFile(c) => on_shell(c, invoke, |core, window, ()| async move {
            import::pick_video(&window, &core).await
        }),
        bound => on_engine(bound, invoke),
    }
}

/// The app's [`ApiSwitch`] (managed state).
fn api_switch<R: Runtime>(window: &Window<R>) -> Result<tauri::State<'_, ApiSwitch>, ApiError> {
    window.try_state::<ApiSwitch>().ok_or_else(|| {
        ApiError::new(
            ErrorCode::Internal,
            "the automation API switch is not available",
        )
    })
}

/// The answer of a call that cannot fail.
fn ready<T>(value: T) -> Result<T, ApiError> {
    Ok(value)
}

/// Serves a command the engine binds ([`CommandCall`]) once the [`Core`] is open; its request
/// is read first, so a malformed one is refused before anything runs.
fn on_engine<R: Runtime>(command: CommandName, invoke: Invoke<R>) {
    let Invoke {
        message, resolver, ..
    } = invoke;
    let parsed = args(message.payload()).and_then(|req| {
        CommandCall::parse(command, req).map_err(|refusal| match refusal {
            CallRefusal::BadRequest(reason) => reason,
            CallRefusal::NeedsWindow => "served by the window".to_owned(),
        })
    });
    let call = match parsed {
        Ok(call) => call,
        Err(refusal) => {
            return resolver.reject(format!(
                "invalid args `req` for command `{}`: {refusal}",
                command.name()
            ));
        }
    };
    let window = message.webview().window();
    resolver.respond_async(async move {
        let answer = match opened_core(&window).await {
            Ok(core) => call.run(&core).await,
            Err(error) => Err(error),
        };
        log_answer(command.name(), &answer);
        answer.map_err(InvokeError::from)
    });
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
        let answer = match opened_core(&window).await {
            Ok(core) => call(core, window, req).await.map_err(Into::into),
            Err(error) => Err(error),
        };
        log_answer(C::NAME, &answer);
        answer.map_err(InvokeError::from)
    });
}

/// The [`Core`] once it is open, or the open's error.
async fn opened_core<R: Runtime>(window: &Window<R>) -> Result<Core, ApiError> {
    match window.try_state::<CoreSlot>() {
        Some(slot) => slot.wait().await,
        None => Err(ApiError::new(
            ErrorCode::Internal,
            "the engine is not available",
        )),
    }
}

/// The one log line of a call: its name and its error code, never a payload.
fn log_answer<T>(name: &str, answer: &Result<T, ApiError>) {
    match answer {
        Ok(_) => tracing::info!("command {name} ok"),
        Err(error) => tracing::warn!("command {name} err {}", error.code.as_str()),
    }
}

/// The request in a `{ "req": … }` argument object.
fn request<C: Command>(payload: &InvokeBody) -> Result<C::Request, String> {
    serde_json::from_value(args(payload)?).map_err(|error| error.to_string())
}

/// The JSON `req` of a `{ "req": … }` argument object.
fn args(payload: &InvokeBody) -> Result<serde_json::Value, String> {
    match payload {
        InvokeBody::Json(args) => serde_json::from_value::<Args<serde_json::Value>>(args.clone())
            .map(|args| args.req)
            .map_err(|error| error.to_string()),
        InvokeBody::Raw(_) => Err("a JSON argument object was expected, not bytes".to_owned()),
    }
}
