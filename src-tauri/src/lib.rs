//! The Reelforge desktop shell: a Tauri 2 window around the Dioxus UI, with the [`Core`]
//! engine as managed state (a [`CoreSlot`]: the Core opens in the background while the window
//! starts) and every command of [`reelforge_protocol::commands`].
//!
//! The shell holds no logic of its own. [`handler`] ([`commands`]) serves every declared
//! command: the app ([`run`]) and the tests install it, so a test that reaches every command
//! through IPC proves the app serves every command. At start-up it also starts the generation
//! [`engine`], which forwards the engine's events to the webview, and stops it on exit; the [`preview`]
//! server (bound before the window, so the CSP can name its port) serves library media to
//! the webview, and files dropped on the window (or chosen in the file dialog) are imported by
//! [`import`]. Tauri plugins do the native parts, called from Rust only: window state (size and
//! position remembered), notifications ([`notify`]), file dialogs and the opener ([`reveal`]).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

pub use commands::handler;
pub use core_slot::CoreSlot;
use reelforge_core::Core;
use reelforge_protocol::{ApiError, ErrorCode};
use tauri::{AppHandle, Manager, RunEvent, Runtime};
use tracing_subscriber::EnvFilter;

pub mod commands;
pub mod core_slot;
pub mod engine;
pub mod import;
pub mod notify;
pub mod preview;
pub mod rendering;
pub mod reveal;

/// The native plugins, used from Rust only (the capability grants the webview none of their
/// commands): window state (the main window's size, position and maximised state remembered
/// between launches), notifications ([`notify`]) and file dialogs ([`import::pick_images`]).
/// "Reveal in folder" calls tauri-plugin-opener's function directly ([`reveal`]).
pub fn plugins<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_dialog::init())
}

/// The compile-time context: `tauri.conf.json`, the embedded UI (`ui/dist`), the icons and the
/// access-control list resolved from `capabilities/` by the build script.
pub fn context<R: Runtime>() -> tauri::Context<R> {
    tauri::generate_context!()
}

/// Logs to stderr; `RUST_LOG` selects what (default `info`).
fn init_tracing() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    // A second initialisation (e.g. an embedding test) keeps the first subscriber.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .try_init();
}

/// Starts the app: opens the [`Core`] at [`Core::default_data_dir`] (`$REELFORGE_DATA_DIR` or
/// the OS data directory) in the background while the main window and the webview start, then
/// starts the preview server and the generation [`engine::Engine`] (stopped on exit) on it,
/// and the automation API when Settings left it on.
/// Commands wait for the open ([`CoreSlot`]). Returns a failure exit code, after a message on
/// stderr, when the app cannot start; a data directory that cannot be opened ends it with
/// code 1.
pub fn run() -> ExitCode {
    init_tracing();
    tracing::info!("Reelforge {} starting", env!("CARGO_PKG_VERSION"));

    // Migrations, seeding and the first queries run on the async runtime from the start, while
    // Tauri builds the window and WebKit starts; nothing waits for them but the commands.
    let opening = tauri::async_runtime::spawn(open_core(Core::default_data_dir()));

    // Bound before the window exists, so its CSP can name the port (see `preview::csp`); it
    // answers once the Core is open.
    let (preview, preview_socket) = match preview::PreviewListener::bind() {
        Ok(preview) => preview.split(),
        Err(error) => {
            tracing::error!("cannot start the preview server: {error}");
            eprintln!("Reelforge cannot start: no loopback port for previews: {error}");
            return ExitCode::FAILURE;
        }
    };
    let mut context = context();
    preview::csp::allow_preview_origin(context.config_mut(), &preview.origin());

    let result = plugins(tauri::Builder::default())
        .invoke_handler(handler())
        .manage(CoreSlot::opening())
        .manage(preview)
        .manage(import::OfferedFiles::default())
        .manage(reelforge_api::ApiSwitch::default())
        .on_window_event(import::on_window_event)
        .setup(move |app| {
            rendering::apply(app);
            // Returns at once: the window shows while the Core opens.
            let app = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                let opened = opening.await.unwrap_or_else(|error| {
                    tracing::error!("opening the data directory failed: {error}");
                    eprintln!("Reelforge cannot start: opening the data directory failed: {error}");
                    Err(ApiError::new(
                        ErrorCode::Internal,
                        format!("opening the data directory failed: {error}"),
                    ))
                });
                core_opened(&app, preview_socket, opened);
            });
            Ok(())
        })
        .build(context);

    match result {
        Ok(app) => {
            app.run(|app, event| {
                if let RunEvent::Exit = event
                    && let Some(engine) = app.try_state::<engine::Engine>()
                {
                    engine.stop();
                }
            });
            ExitCode::SUCCESS
        }
        Err(error) => {
            tracing::error!("the app failed: {error}");
            eprintln!("Reelforge failed: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Opens the Core on `data_dir`; a failure is told on stderr and becomes the `{code, message}`
/// the commands answer with.
async fn open_core(data_dir: PathBuf) -> Result<Core, ApiError> {
    match Core::open(&data_dir).await {
        Ok(core) => {
            tracing::info!("data directory {}", core.data_dir().display());
            Ok(core)
        }
        Err(error) => {
            tracing::error!(
                "cannot open the data directory {}: {error}",
                data_dir.display()
            );
            eprintln!(
                "Reelforge cannot start: the data directory {} could not be opened: \
                 {error}\nCheck that it is writable, or point REELFORGE_DATA_DIR \
                 at another directory.",
                data_dir.display()
            );
            let message = format!(
                "the data directory {} could not be opened: {error}",
                data_dir.display()
            );
            Err(ApiError::new(error.code(), message))
        }
    }
}

/// Once the Core is open: starts the preview server, the engine and (when left on) the
/// automation API on it, then lets the commands waiting for it through. After a failed open the commands answer with its error and
/// the app ends with code 1 (from the main thread, where the event loop runs).
fn core_opened<R: Runtime>(
    app: &AppHandle<R>,
    preview: preview::PreviewSocket,
    opened: Result<Core, ApiError>,
) {
    let slot = app.state::<CoreSlot>();
    match opened {
        Ok(core) => {
            preview.serve(core.clone());
            app.manage(engine::Engine::start(app, &core));
            resume_api(app, core.clone());
            slot.fill(Ok(core));
        }
        Err(error) => {
            slot.fill(Err(error));
            if app.run_on_main_thread(|| std::process::exit(1)).is_err() {
                std::process::exit(1);
            }
        }
    }
}

/// Serves the automation API again when Settings left it on (a port taken is logged; the
/// switch then shows it off).
fn resume_api<R: Runtime>(app: &AppHandle<R>, core: Core) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let Some(switch) = app.try_state::<reelforge_api::ApiSwitch>() else {
            return;
        };
        if let Err(error) = switch.resume(core).await {
            tracing::warn!("the automation API stays off: {}", error.message);
        }
    });
}

#[cfg(test)]
#[path = "../capability.rs"]
mod capability;
#[cfg(test)]
mod tests;
