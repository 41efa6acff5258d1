//! Start-up: the Core opens in the background ([`CoreSlot`]) while the window starts. A command
//! the UI sends meanwhile waits for the open; when the open failed, every command answers with
//! that `{code, message}` error.

use super::{Harness, assert_api_error, invoke_on, sample_request, seeded_templates};
use crate::CoreSlot;
use crate::import::OfferedFiles;
use crate::preview::PreviewListener;
use reelforge_core::Core;
use reelforge_protocol::Command;
use reelforge_protocol::commands::{self, CommandName};
use reelforge_protocol::{ApiError, ErrorCode};
use serde_json::{Value, json};
use std::time::Duration;
use tauri::test::{MockRuntime, mock_builder};
use tauri::{App, Manager, WebviewWindow, WebviewWindowBuilder};

/// The app as `run` assembles it before the Core is open: `slot` instead of an open Core, the
/// preview server bound but not answering.
fn app_with(slot: CoreSlot) -> (App<MockRuntime>, WebviewWindow<MockRuntime>) {
    let (preview, _not_serving) = PreviewListener::bind().unwrap().split();
    let app = mock_builder()
        .invoke_handler(crate::handler())
        .manage(slot)
        .manage(preview)
        .manage(OfferedFiles::default())
        .build(crate::context())
        .unwrap();
    let webview = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    (app, webview)
}

#[test]
fn commands_wait_for_the_core_while_it_opens() {
    let (app, webview) = app_with(CoreSlot::opening());
    assert!(app.state::<CoreSlot>().get().is_none());
    let data_dir = tempfile::tempdir().unwrap();
    let opener = {
        let (app, path) = (app.handle().clone(), data_dir.path().to_owned());
        std::thread::spawn(move || {
            // Well after the commands below were sent.
            std::thread::sleep(Duration::from_millis(300));
            let core = tauri::async_runtime::block_on(Core::open(&path)).unwrap();
            app.state::<CoreSlot>().fill(Ok(core));
        })
    };
    let info = invoke_on(&webview, commands::AppInfo::NAME, json!({ "req": null }))
        .unwrap_or_else(|e| panic!("app_info while opening: {e}"));
    assert_eq!(info["data_dir"], data_dir.path().display().to_string());
    let templates = invoke_on(
        &webview,
        commands::ListTemplates::NAME,
        json!({ "req": null }),
    )
    .unwrap_or_else(|e| panic!("list_templates while opening: {e}"));
    assert!(!templates.as_array().unwrap().is_empty(), "{templates}");
    opener.join().unwrap();

    // Filled once: a second outcome changes nothing.
    let slot = app.state::<CoreSlot>();
    slot.fill(Err(ApiError::new(ErrorCode::Internal, "too late")));
    assert!(slot.get().is_some());
}

#[test]
fn every_command_fails_with_the_open_error_when_the_core_could_not_be_opened() {
    let template = seeded_templates(&Harness::new())
        .into_iter()
        .next()
        .expect("no seeded template");
    let slot = CoreSlot::opening();
    let message = "the data directory /nowhere could not be opened: permission denied";
    slot.fill(Err(ApiError::new(ErrorCode::Storage, message)));
    let (_app, webview) = app_with(slot);

    for &command in CommandName::EVERY {
        let cmd = command.name();
        let error = invoke_on(
            &webview,
            cmd,
            json!({ "req": sample_request(command, &template) }),
        )
        .expect_err(cmd);
        assert_api_error(&error, "storage");
        assert_eq!(error["message"], Value::from(message), "{cmd}");
    }
}
