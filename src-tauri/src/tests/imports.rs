//! `import_asset` over IPC: a file the OS offered is checked and copied into the library and
//! comes back as an asset id and a preview URL (which `set_segment_references` takes); a corrupt file comes back as `{code,
//! message}` with nothing copied; a path the OS never offered is refused unread; a drop on
//! the window is imported by the shell and reported as `files_dropped` (ids, never paths).

use super::{Harness, assert_api_error, from_json};
use crate::import::OfferedFiles;
use crate::preview::PreviewServer;
use reelforge_protocol::Command;
use reelforge_protocol::{ImportedAsset, JobDetail, MediaRef, commands};
use serde_json::json;
use std::path::Path;
use tauri::Manager;

/// A tiny valid PNG (1×1, RGB).
pub(super) const PNG_1X1: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53,
    0xDE, 0x00, 0x00, 0x00, 0x0C, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0x00,
    0x00, 0x03, 0x01, 0x01, 0x00, 0xC9, 0xFE, 0x92, 0xEF, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E,
    0x44, 0xAE, 0x42, 0x60, 0x82,
];

fn library_files(harness: &Harness) -> Vec<std::path::PathBuf> {
    let dir = harness.core.data_dir().join("library").join("assets");
    std::fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default()
}

fn offer(harness: &Harness, path: &Path) {
    harness.app.state::<OfferedFiles>().offer([path]);
}

#[test]
fn a_corrupt_file_is_refused_as_code_and_message_and_nothing_is_copied() {
    let harness = Harness::new();
    let outside = tempfile::tempdir().unwrap();
    let corrupt = outside.path().join("reference.png");
    std::fs::write(&corrupt, &PNG_1X1[..PNG_1X1.len() - 6]).unwrap();
    offer(&harness, &corrupt);

    let error = harness
        .invoke(
            commands::ImportAsset::NAME,
            json!({ "path": corrupt.display().to_string() }),
        )
        .unwrap_err();
    assert_api_error(&error, "validation");
    assert!(
        error["message"].as_str().unwrap().contains("corrupt"),
        "{error}"
    );
    assert!(library_files(&harness).is_empty(), "something was copied");
}

#[test]
fn an_offered_image_comes_back_as_an_id_and_a_url() {
    let harness = Harness::new();
    let outside = tempfile::tempdir().unwrap();
    let image = outside.path().join("first frame.png");
    std::fs::write(&image, PNG_1X1).unwrap();
    offer(&harness, &image);

    let imported: ImportedAsset = from_json(
        harness
            .invoke(
                commands::ImportAsset::NAME,
                json!({ "path": image.display().to_string() }),
            )
            .unwrap(),
    );
    assert_eq!((imported.width, imported.height), (1, 1));
    let preview = harness.app.state::<PreviewServer>();
    let expected = preview.url(&MediaRef::Asset {
        asset_id: imported.asset_id.clone(),
    });
    assert_eq!(imported.url, expected);
    assert!(!imported.url.contains("first"), "the URL names no path");
    assert_eq!(library_files(&harness).len(), 1);

    let url: String = from_json(
        harness
            .invoke(
                commands::PreviewUrl::NAME,
                json!({ "kind": "asset", "asset_id": imported.asset_id }),
            )
            .unwrap(),
    );
    assert_eq!(url, expected);

    // The id is what a segment's reference list takes.
    let job: JobDetail = from_json(
        harness
            .invoke(
                commands::CreateJob::NAME,
                json!({ "title": "With a first frame", "segment_count": 1 }),
            )
            .unwrap(),
    );
    let updated: JobDetail = from_json(
        harness
            .invoke(
                commands::SetSegmentReferences::NAME,
                json!({
                    "segment": { "job_id": job.summary.id, "index": 0 },
                    "assets": [imported.asset_id],
                }),
            )
            .unwrap(),
    );
    assert_eq!(updated.segments[0].reference_assets, [imported.asset_id]);
}

#[test]
fn a_path_the_os_never_offered_is_refused() {
    let harness = Harness::new();
    let outside = tempfile::tempdir().unwrap();
    let image = outside.path().join("not-dropped.png");
    std::fs::write(&image, PNG_1X1).unwrap();
    let error = harness
        .invoke(
            commands::ImportAsset::NAME,
            json!({ "path": image.display().to_string() }),
        )
        .unwrap_err();
    assert_api_error(&error, "validation");
    assert!(library_files(&harness).is_empty());
}

#[test]
fn a_drop_is_imported_by_the_shell_and_reported_as_files_dropped() {
    use reelforge_protocol::FilesDropped;
    use reelforge_protocol::commands::events;
    use std::sync::mpsc;
    use tauri::{DragDropEvent, Listener, PhysicalPosition, WindowEvent};

    let harness = Harness::new();
    let (sender, receiver) = mpsc::channel();
    harness.webview.listen(events::FILES_DROPPED, move |event| {
        let _ = sender.send(serde_json::from_str::<FilesDropped>(event.payload()).unwrap());
    });
    let outside = tempfile::tempdir().unwrap();
    let good = outside.path().join("frame.png");
    std::fs::write(&good, PNG_1X1).unwrap();
    let bad = outside.path().join("notes.png");
    std::fs::write(&bad, "not an image").unwrap();

    let window = harness.webview.as_ref().window();
    let drop = WindowEvent::DragDrop(DragDropEvent::Drop {
        paths: vec![good.clone(), bad.clone()],
        position: PhysicalPosition::new(120.0, 48.0),
    });
    crate::import::on_window_event(&window, &drop);

    let dropped = receiver
        .recv_timeout(std::time::Duration::from_secs(10))
        .expect("no files_dropped event");
    assert_eq!(dropped.imported.len(), 1, "{dropped:?}");
    assert_eq!(dropped.rejected.len(), 1, "{dropped:?}");
    assert_eq!(dropped.rejected[0].name, "notes.png");
    assert_eq!(dropped.rejected[0].error.code.as_str(), "validation");
    let payload = serde_json::to_string(&dropped).unwrap();
    assert!(
        !payload.contains(&outside.path().display().to_string()),
        "a path leaked"
    );
    assert_eq!(library_files(&harness).len(), 1);
    // The OS offered them: the command may import them again (the same asset comes back).
    let again: ImportedAsset = from_json(
        harness
            .invoke(
                commands::ImportAsset::NAME,
                json!({ "path": good.display().to_string() }),
            )
            .unwrap(),
    );
    assert_eq!(again.asset_id, dropped.imported[0].asset_id);
}

#[test]
fn assembly_audio_is_named_by_id_and_unknown_or_path_ids_cross_as_code_and_message() {
    let harness = Harness::new();
    let job = "00000000-0000-0000-0000-000000000000";
    let error = harness
        .invoke(
            commands::AssembleJob::NAME,
            json!({ "job_id": job, "music": "never-imported.mp3" }),
        )
        .unwrap_err();
    assert_api_error(&error, "not_found");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("never-imported.mp3"),
        "{error}"
    );
    for path in ["../reelforge.sqlite3", "/etc/passwd"] {
        let error = harness
            .invoke(
                commands::AssembleJob::NAME,
                json!({ "job_id": job, "voice": path }),
            )
            .unwrap_err();
        assert_api_error(&error, "validation");
    }
}
