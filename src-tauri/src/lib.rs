//! The Reelforge desktop shell: a Tauri 2 window around the Dioxus UI, with the [`Core`]
//! engine as managed state and one command per name in [`reelforge_protocol::commands::ALL`].
//!
//! The shell holds no logic of its own. [`handler`] is the one registration list: the app
//! ([`run`]) and the tests use it, so a test that reaches every command through IPC proves
//! the app registers every command. At start-up it also starts the generation [`engine`],
//! which forwards the engine's events to the webview, and stops it on exit; the [`preview`]
//! server (bound before the window, so the CSP can name its port) serves library media to
//! the webview, and files dropped on the window are imported by [`import`].

use std::io::IsTerminal;
use std::process::ExitCode;

use reelforge_core::Core;
use tauri::ipc::Invoke;
use tauri::{Manager, RunEvent, Runtime};
use tracing_subscriber::EnvFilter;

pub mod commands;
pub mod engine;
pub mod import;
pub mod preview;

/// The invoke handler with every command of [`reelforge_protocol::commands::ALL`].
///
/// The commands read the [`Core`] from managed state: whoever installs this handler must also
/// `manage` a `Core`, a [`preview::PreviewServer`] and an [`import::OfferedFiles`].
pub fn handler<R: Runtime>() -> impl Fn(Invoke<R>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        commands::app_info,
        commands::list_templates,
        commands::get_template,
        commands::create_template,
        commands::update_template,
        commands::delete_template,
        commands::list_jobs,
        commands::get_job,
        commands::create_job,
        commands::configure_segments,
        commands::delete_job,
        commands::list_providers,
        commands::estimate_job,
        commands::launch_job,
        commands::pause_job,
        commands::resume_job,
        commands::cancel_job,
        commands::cancel_segment,
        commands::retry_segment,
        commands::decide_submit_unknown,
        commands::list_provider_status,
        commands::set_provider_key,
        commands::test_provider_key,
        commands::remove_provider_key,
        commands::update_provider_settings,
        commands::write_script,
        commands::start_quick,
        commands::get_writer_settings,
        commands::set_writer_settings,
        commands::preview_url,
        commands::import_asset,
        commands::set_segment_references,
        commands::assemble_job,
        commands::select_take,
    ]
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
/// the OS data directory), starts the generation [`engine::Engine`] (stopped on exit) and
/// shows the main window. Returns a failure exit code, after a
/// message on stderr, when the app cannot start.
pub fn run() -> ExitCode {
    init_tracing();
    tracing::info!("Reelforge {} starting", env!("CARGO_PKG_VERSION"));

    // Bound before the window exists, so its CSP can name the port (see `preview::csp`).
    let preview = match preview::PreviewListener::bind() {
        Ok(preview) => preview,
        Err(error) => {
            tracing::error!("cannot start the preview server: {error}");
            eprintln!("Reelforge cannot start: no loopback port for previews: {error}");
            return ExitCode::FAILURE;
        }
    };
    let mut context = context();
    preview::csp::allow_preview_origin(context.config_mut(), &preview.origin());

    let result = tauri::Builder::default()
        .invoke_handler(handler())
        .manage(import::OfferedFiles::default())
        .on_window_event(import::on_window_event)
        .setup(move |app| {
            let data_dir = Core::default_data_dir();
            match tauri::async_runtime::block_on(Core::open(&data_dir)) {
                Ok(core) => {
                    tracing::info!("data directory {}", core.data_dir().display());
                    app.manage(engine::Engine::start(app.handle(), &core));
                    app.manage(preview.serve(core.clone()));
                    app.manage(core);
                    Ok(())
                }
                Err(error) => {
                    // Setup runs inside the event loop, where an error would only panic: say
                    // what went wrong and leave with a failure code instead.
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
                    std::process::exit(1);
                }
            }
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

#[cfg(test)]
mod tests;
