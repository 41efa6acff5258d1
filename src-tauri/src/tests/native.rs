//! The native-integration commands over IPC: app settings stored by the engine (the shell
//! reads the notification toggle there), the ffmpeg report and location, the file picker's import path
//! (the same as drops), reveal-in-folder by job id only, and notification delivery gated by
//! the stored toggle and worded in the stored language.

use super::imports::PNG_1X1;
use super::{Harness, assert_api_error, from_json, to_json};
use crate::notify::{self, Notice, NoticeKind, NoticeLog};
use crate::preview::PreviewServer;
use reelforge_protocol::Command;
use reelforge_protocol::{
    AppSettings, FfmpegInfo, JobDetail, ScriptLanguage, ToolSource, commands,
};
use serde_json::{Value, json};
use tauri::Manager;

fn job(harness: &Harness, title: &str) -> JobDetail {
    from_json(
        harness
            .invoke(
                commands::CreateJob::NAME,
                json!({ "title": title, "segment_count": 1 }),
            )
            .unwrap(),
    )
}

#[test]
fn app_settings_are_stored_by_the_engine() {
    let harness = Harness::new();
    let initial: AppSettings = from_json(
        harness
            .invoke(commands::GetAppSettings::NAME, Value::Null)
            .unwrap(),
    );
    assert_eq!(initial, AppSettings::default());
    assert!(initial.notifications, "notifications are on by default");

    let chosen = AppSettings {
        notifications: false,
        language: ScriptLanguage::Fr,
    };
    let saved: AppSettings = from_json(
        harness
            .invoke(commands::SetAppSettings::NAME, to_json(&chosen))
            .unwrap(),
    );
    assert_eq!(saved, chosen);
    let read: AppSettings = from_json(
        harness
            .invoke(commands::GetAppSettings::NAME, Value::Null)
            .unwrap(),
    );
    assert_eq!(read, chosen);
    let stored = tauri::async_runtime::block_on(harness.core.app_settings()).unwrap();
    assert_eq!(stored, chosen, "the shell reads what the UI stored");
}

#[test]
fn ffmpeg_info_reports_a_path_and_version_or_a_problem() {
    let harness = Harness::new();
    let info: FfmpegInfo = from_json(
        harness
            .invoke(commands::FfmpegInfo::NAME, Value::Null)
            .unwrap(),
    );
    match (&info.path, &info.problem) {
        (Some(path), None) => {
            assert!(std::path::Path::new(path).is_absolute(), "{info:?}");
            assert!(
                info.version.as_deref().is_some_and(|v| !v.is_empty()),
                "{info:?}"
            );
            assert!(
                matches!(info.source, Some(ToolSource::Path | ToolSource::Bundled)),
                "{info:?}"
            );
        }
        (_, Some(problem)) => assert!(!problem.is_empty()),
        (None, None) => panic!("neither a path nor a problem: {info:?}"),
    }
}

#[test]
fn an_ffmpeg_location_is_checked_stored_and_used_then_cleared() {
    let harness = Harness::new();
    let automatic: FfmpegInfo = from_json(
        harness
            .invoke(commands::FfmpegInfo::NAME, Value::Null)
            .unwrap(),
    );
    let Some(found) = automatic.path.clone() else {
        return; // no ffmpeg on this machine: nothing to point at
    };
    // A folder holding ffmpeg and ffprobe under their plain names, elsewhere than PATH.
    let dir = tempfile::tempdir().unwrap();
    let ffprobe = std::path::Path::new(&found).with_file_name("ffprobe");
    std::os::unix::fs::symlink(&found, dir.path().join("ffmpeg")).unwrap();
    std::os::unix::fs::symlink(&ffprobe, dir.path().join("ffprobe")).unwrap();
    let folder = dir.path().display().to_string();
    let info: FfmpegInfo = from_json(
        harness
            .invoke(
                commands::SetFfmpegLocation::NAME,
                Value::from(folder.clone()),
            )
            .unwrap(),
    );
    assert_eq!(info.configured.as_deref(), Some(folder.as_str()));
    assert_eq!(info.source, Some(ToolSource::Configured), "{info:?}");
    assert!(
        info.path.as_deref().unwrap().starts_with(&folder),
        "{info:?}"
    );
    assert_eq!(info.version, automatic.version);

    // Refused: relative, missing, a folder without ffmpeg; the stored choice stays.
    let empty = tempfile::tempdir().unwrap();
    for bad in [
        "ffmpeg".to_owned(),
        "/nonexistent/ffmpeg".to_owned(),
        empty.path().display().to_string(),
    ] {
        let error = harness
            .invoke(commands::SetFfmpegLocation::NAME, Value::from(bad.clone()))
            .unwrap_err();
        assert_api_error(&error, "validation");
    }
    let still: FfmpegInfo = from_json(
        harness
            .invoke(commands::FfmpegInfo::NAME, Value::Null)
            .unwrap(),
    );
    assert_eq!(still.configured.as_deref(), Some(folder.as_str()));

    // Blank: automatic again.
    let cleared: FfmpegInfo = from_json(
        harness
            .invoke(commands::SetFfmpegLocation::NAME, Value::from("  "))
            .unwrap(),
    );
    assert_eq!(cleared.configured, None);
    assert_eq!(cleared.path, automatic.path);
}

#[test]
fn the_file_picker_needs_the_dialog_plugin() {
    // The mock app has no dialog plugin: a clear `internal` error, nothing opens.
    let harness = Harness::new();
    let error = harness
        .invoke(commands::PickReferenceFiles::NAME, Value::Null)
        .unwrap_err();
    assert_api_error(&error, "internal");
}

#[test]
fn picked_files_are_imported_like_drops() {
    let harness = Harness::new();
    let outside = tempfile::tempdir().unwrap();
    let good = outside.path().join("first frame.png");
    let corrupt = outside.path().join("broken.png");
    std::fs::write(&good, PNG_1X1).unwrap();
    std::fs::write(&corrupt, &PNG_1X1[..20]).unwrap();

    let preview = harness.app.state::<PreviewServer>();
    let picked = tauri::async_runtime::block_on(crate::import::import_all(
        &harness.core,
        &preview,
        &[good, corrupt],
    ));
    assert_eq!(picked.imported.len(), 1, "{picked:?}");
    let asset = &picked.imported[0];
    assert_eq!((asset.width, asset.height), (1, 1));
    assert!(!asset.url.contains("first"), "the URL names no path");
    assert_eq!(picked.rejected.len(), 1, "{picked:?}");
    assert_eq!(picked.rejected[0].name, "broken.png");
    assert_eq!(picked.rejected[0].error.code.as_str(), "validation");

    let json = serde_json::to_string(&picked).unwrap();
    assert!(!json.contains(&*outside.path().to_string_lossy()), "{json}");
}

#[test]
fn reveal_takes_a_job_id_and_finds_only_its_export() {
    let harness = Harness::new();
    let job = job(&harness, "Lighthouse");
    let job_id = job.summary.id.clone();

    // No final video yet, an unknown job, a path instead of an id: all `not_found`.
    for req in [
        to_json(&job_id),
        json!("00000000-0000-0000-0000-000000000000"),
        json!("/etc/passwd"),
        json!("../../database.sqlite"),
    ] {
        let error = harness
            .invoke(commands::RevealJobOutput::NAME, req.clone())
            .unwrap_err();
        assert_api_error(&error, "not_found");
    }

    // Once assembled, the file it would show is the job's export, inside the data folder.
    let exports = harness.core.data_dir().join(reelforge_core::EXPORTS_DIR);
    std::fs::create_dir_all(&exports).unwrap();
    let short: String = job_id
        .as_str()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(8)
        .collect();
    let video = exports.join(format!("lighthouse-{short}.mp4"));
    std::fs::write(&video, b"not really a video").unwrap();
    let found =
        tauri::async_runtime::block_on(crate::reveal::job_output(&harness.core, &job_id)).unwrap();
    assert_eq!(found, video.canonicalize().unwrap());
}

#[test]
fn notifications_follow_the_stored_toggle_and_language() {
    let harness = Harness::new();
    harness.app.manage(NoticeLog::default());
    let job = job(&harness, "Lighthouse");
    let deliver = |kind| {
        let notice = Notice {
            job_id: job.summary.id.clone(),
            kind,
        };
        tauri::async_runtime::block_on(notify::deliver(harness.app.handle(), notice));
    };
    let shown = || harness.app.state::<NoticeLog>().shown();
    let store = |settings: AppSettings| {
        harness
            .invoke(commands::SetAppSettings::NAME, to_json(&settings))
            .unwrap();
    };

    deliver(NoticeKind::Completed);
    assert_eq!(
        shown(),
        [(
            "Video ready".to_owned(),
            "“Lighthouse” is assembled.".to_owned()
        )]
    );

    store(AppSettings {
        notifications: false,
        language: ScriptLanguage::En,
    });
    deliver(NoticeKind::Failed);
    assert_eq!(shown().len(), 1, "switched off: nothing shown");

    store(AppSettings {
        notifications: true,
        language: ScriptLanguage::Fr,
    });
    deliver(NoticeKind::NeedsDecision);
    let all = shown();
    assert_eq!(all.len(), 2);
    assert_eq!(all[1].0, "Décision requise");
    assert!(all[1].1.contains("« Lighthouse »"), "{:?}", all[1]);

    // A job deleted in the meantime is not told about.
    harness
        .invoke(commands::DeleteJob::NAME, to_json(&job.summary.id))
        .unwrap();
    deliver(NoticeKind::Completed);
    assert_eq!(shown().len(), 2);
}

#[test]
fn the_native_plugins_are_registered_but_not_granted_to_the_webview() {
    use tauri::test::{MockRuntime, mock_builder};
    use tauri_plugin_window_state::AppHandleExt;
    let app = crate::plugins(mock_builder())
        .invoke_handler(crate::handler())
        .build(crate::context())
        .unwrap();
    let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    assert!(
        app.try_state::<tauri_plugin_notification::Notification<MockRuntime>>()
            .is_some()
    );
    assert!(
        app.try_state::<tauri_plugin_dialog::Dialog<MockRuntime>>()
            .is_some()
    );
    // Window state keeps its file in the app's config folder.
    assert_eq!(
        app.handle().filename(),
        tauri_plugin_window_state::DEFAULT_FILENAME
    );

    // The webview cannot call the plugins itself: only the app's commands are granted.
    for cmd in [
        "plugin:notification|notify",
        "plugin:dialog|open",
        "plugin:window-state|save_window_state",
        "plugin:opener|reveal_item_in_dir",
    ] {
        let request = tauri::webview::InvokeRequest {
            cmd: cmd.into(),
            callback: tauri::ipc::CallbackFn(0),
            error: tauri::ipc::CallbackFn(1),
            url: super::app_origin(),
            body: tauri::ipc::InvokeBody::Json(json!({})),
            headers: Default::default(),
            invoke_key: tauri::test::INVOKE_KEY.to_string(),
        };
        let refused = tauri::test::get_ipc_response(&webview, request).unwrap_err();
        let refused = refused.as_str().unwrap_or_default().to_owned();
        assert!(
            refused.contains("not allowed") || refused.contains("not found"),
            "{cmd}: {refused}"
        );
    }
}
