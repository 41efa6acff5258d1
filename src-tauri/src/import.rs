//! Imports of reference images from the OS: files dropped on the window (Tauri's drag-drop
//! window event gives the shell their paths) are checked and copied into the library by the
//! [`Core`]; the webview only receives asset ids and preview URLs, in a
//! [`events::FILES_DROPPED`] event.
//!
//! Files chosen in the OS file dialog ([`pick_images`], the `pick_reference_files` command)
//! go through the same [`import_all`] as drops. The `import_asset` command takes a path, so
//! that a retry can import a file too; to keep the webview from naming files itself, it only
//! accepts paths the OS handed to the shell during this session ([`OfferedFiles`]).
//!
//! A video dropped on the window, or chosen in the OS file dialog ([`pick_video`], the
//! `pick_video_file` command), is imported as a clip for a segment's take
//! ([`Core::import_clip`]); the webview gets its asset id and a preview URL.
//!
//! A music bed or a voice-over is chosen in the OS file dialog too ([`pick_audio`], the
//! `pick_audio_file` command): the Core checks it with ffprobe and copies it into the
//! library, and the webview gets an audio id that `assemble_job` takes, never a path.

use crate::preview::PreviewServer;
use reelforge_core::{Core, CoreError};
use reelforge_protocol::commands::events;
use reelforge_protocol::{
    ApiError, ErrorCode, FilesDropped, ImportAssetRequest, ImportedAsset, ImportedAudio,
    ImportedClip, MediaRef, PickedFiles, RejectedFile,
};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use tauri::{DragDropEvent, Emitter, Manager, Runtime, Window, WindowEvent};

/// Paths the OS gave the shell this session (dropped on the window or chosen in a dialog).
#[derive(Debug, Default)]
pub struct OfferedFiles(Mutex<HashSet<PathBuf>>);

impl OfferedFiles {
    /// Records `paths` as offered by the OS.
    pub fn offer<'a>(&self, paths: impl IntoIterator<Item = &'a Path>) {
        if let Ok(mut offered) = self.0.lock() {
            offered.extend(paths.into_iter().map(Path::to_owned));
        }
    }

    pub fn contains(&self, path: &Path) -> bool {
        self.0.lock().is_ok_and(|offered| offered.contains(path))
    }
}

/// The `import_asset` command: imports the requested path if the OS offered it this session.
pub async fn import_asset<R: Runtime>(
    core: &Core,
    window: &Window<R>,
    req: &ImportAssetRequest,
) -> Result<ImportedAsset, CoreError> {
    let path = Path::new(&req.path);
    if !window.state::<OfferedFiles>().contains(path) {
        return Err(CoreError::Validation {
            field: "path",
            message: "only files dropped on the window or chosen in a file dialog can be \
                      imported"
                .into(),
        });
    }
    import(core, &window.state::<PreviewServer>(), path).await
}

/// The `pick_reference_files` command: the images chosen in the OS file dialog, imported as
/// dropped ones are.
pub async fn pick_reference_files<R: Runtime>(
    core: &Core,
    window: &Window<R>,
) -> Result<PickedFiles, ApiError> {
    let paths = pick_images(window).await?;
    Ok(import_all(core, &window.state::<PreviewServer>(), &paths).await)
}

/// Checks and copies `path` into the library; the answer names the asset by id.
pub async fn import(
    core: &Core,
    preview: &PreviewServer,
    path: &Path,
) -> Result<ImportedAsset, CoreError> {
    let image = core.import_asset(path).await?;
    let url = preview.url(&MediaRef::Asset {
        asset_id: image.id.clone(),
    });
    Ok(ImportedAsset {
        asset_id: image.id,
        url,
        width: image.width,
        height: image.height,
    })
}

/// Imports each of `paths` as [`import`] does: the imported ones by id, the refused ones by
/// file name with why. Drops and file dialogs both come through here.
pub async fn import_all(core: &Core, preview: &PreviewServer, paths: &[PathBuf]) -> PickedFiles {
    let mut picked = PickedFiles::default();
    for path in paths {
        match import(core, preview, path).await {
            Ok(asset) => picked.imported.push(asset),
            Err(error) => picked.rejected.push(RejectedFile {
                name: path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                error: ApiError::from(error),
            }),
        }
    }
    picked
}

/// The OS file dialog over `window`, or an error when the dialog plugin is not installed.
fn file_dialog<R: Runtime>(
    window: &Window<R>,
) -> Result<tauri_plugin_dialog::FileDialogBuilder<R>, ApiError> {
    let Some(dialog) = window.try_state::<tauri_plugin_dialog::Dialog<R>>() else {
        return Err(ApiError::new(
            ErrorCode::Internal,
            "file dialogs are not available in this build",
        ));
    };
    Ok(dialog.file().set_parent(window))
}

/// The extensions the file dialog shows for reference images (what [`Core::import_asset`]
/// accepts; it checks the content anyway).
pub const IMAGE_EXTENSIONS: &[&str] = &["png", "jpg", "jpeg", "webp", "PNG", "JPG", "JPEG", "WEBP"];

/// Opens the OS file dialog for reference images over `window` and waits for the choice;
/// empty when the person cancels. The chosen paths count as offered by the OS.
pub async fn pick_images<R: Runtime>(window: &Window<R>) -> Result<Vec<PathBuf>, ApiError> {
    let (sender, receiver) = tokio::sync::oneshot::channel();
    file_dialog(window)?
        .add_filter("Images", IMAGE_EXTENSIONS)
        .pick_files(move |chosen| {
            let _ = sender.send(chosen);
        });
    let chosen = receiver.await.ok().flatten().unwrap_or_default();
    let paths: Vec<PathBuf> = chosen
        .into_iter()
        .filter_map(|file| file.into_path().ok())
        .collect();
    if let Some(offered) = window.try_state::<OfferedFiles>() {
        offered.offer(paths.iter().map(PathBuf::as_path));
    }
    Ok(paths)
}

/// The extensions the file dialog shows for a music bed or a voice-over (the Core checks the
/// content with ffprobe anyway).
pub const AUDIO_EXTENSIONS: &[&str] = &[
    "mp3", "m4a", "aac", "wav", "flac", "ogg", "opus", "MP3", "M4A", "AAC", "WAV", "FLAC", "OGG",
    "OPUS",
];

/// Opens the OS file dialog for one file of `extensions` over `window`; `None` when the
/// person cancels.
async fn pick_one<R: Runtime>(
    window: &Window<R>,
    filter: &str,
    extensions: &[&str],
) -> Result<Option<std::path::PathBuf>, ApiError> {
    let (sender, receiver) = tokio::sync::oneshot::channel();
    file_dialog(window)?
        .add_filter(filter, extensions)
        .pick_file(move |chosen| {
            let _ = sender.send(chosen);
        });
    Ok(receiver
        .await
        .ok()
        .flatten()
        .and_then(|file| file.into_path().ok()))
}

/// Opens the OS file dialog for one audio file over `window`, and imports the chosen file
/// into the library; `None` when the person cancels. The answer names the file by id.
pub async fn pick_audio<R: Runtime>(
    window: &Window<R>,
    core: &Core,
) -> Result<Option<ImportedAudio>, ApiError> {
    let Some(path) = pick_one(window, "Audio", AUDIO_EXTENSIONS).await? else {
        return Ok(None);
    };
    Ok(Some(core.import_audio_file(&path).await?))
}

/// The extensions taken as videos: dropped, they are imported as clips; the dialog shows
/// them (the Core checks the content with ffprobe anyway).
pub const VIDEO_EXTENSIONS: &[&str] = &[
    "mp4", "m4v", "mov", "webm", "mkv", "MP4", "M4V", "MOV", "WEBM", "MKV",
];

/// Whether `path` names a video by its extension.
fn is_video(path: &Path) -> bool {
    path.extension()
        .is_some_and(|ext| VIDEO_EXTENSIONS.iter().any(|v| ext == *v))
}

/// Checks and copies the video at `path` into the library as a clip, with a preview URL.
pub async fn import_clip(
    core: &Core,
    preview: &PreviewServer,
    path: &Path,
) -> Result<ImportedClip, CoreError> {
    let mut clip = core.import_clip(path).await?;
    clip.url = preview.url(&MediaRef::Asset {
        asset_id: clip.asset_id.clone(),
    });
    Ok(clip)
}

/// Opens the OS file dialog for one video over `window` and imports the chosen file as a
/// clip; `None` when the person cancels. The answer names the clip by id.
pub async fn pick_video<R: Runtime>(
    window: &Window<R>,
    core: &Core,
) -> Result<Option<ImportedClip>, ApiError> {
    let Some(path) = pick_one(window, "Video", VIDEO_EXTENSIONS).await? else {
        return Ok(None);
    };
    Ok(Some(
        import_clip(core, &window.state::<PreviewServer>(), &path).await?,
    ))
}

/// The window-event hook: a drop of files is imported and reported as
/// [`events::FILES_DROPPED`] to the window it landed on. Other events are ignored.
pub fn on_window_event<R: Runtime>(window: &Window<R>, event: &WindowEvent) {
    let WindowEvent::DragDrop(DragDropEvent::Drop { paths, position }) = event else {
        return;
    };
    let Some(offered) = window.try_state::<OfferedFiles>() else {
        return;
    };
    offered.offer(paths.iter().map(PathBuf::as_path));
    let scale = window.scale_factor().unwrap_or(1.0);
    let logical = position.to_logical::<f64>(scale);
    let (window, paths) = (window.clone(), paths.clone());
    tauri::async_runtime::spawn(async move {
        let (Some(slot), Some(preview)) = (
            window.try_state::<crate::CoreSlot>(),
            window.try_state::<PreviewServer>(),
        ) else {
            return;
        };
        // A drop while the Core opens waits for it; none is imported when it failed to open.
        let Ok(core) = slot.wait().await else {
            return;
        };
        let (videos, images): (Vec<PathBuf>, Vec<PathBuf>) =
            paths.into_iter().partition(|p| is_video(p));
        let PickedFiles {
            imported,
            mut rejected,
        } = import_all(&core, &preview, &images).await;
        let mut clips = Vec::new();
        for path in &videos {
            match import_clip(&core, &preview, path).await {
                Ok(clip) => clips.push(clip),
                Err(error) => rejected.push(RejectedFile {
                    name: path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    error: ApiError::from(error),
                }),
            }
        }
        let dropped = FilesDropped {
            x: logical.x,
            y: logical.y,
            imported,
            rejected,
            clips,
        };
        tracing::info!(
            "files dropped: {} imported, {} refused",
            dropped.imported.len(),
            dropped.rejected.len()
        );
        if let Err(error) = window.emit_to(window.label(), events::FILES_DROPPED, &dropped) {
            tracing::warn!("cannot emit {}: {error}", events::FILES_DROPPED);
        }
    });
}
