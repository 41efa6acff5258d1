//! Imports of reference images from the OS: files dropped on the window (Tauri's drag-drop
//! window event gives the shell their paths) are checked and copied into the library by the
//! [`Core`]; the webview only receives asset ids and preview URLs, in a
//! [`events::FILES_DROPPED`] event.
//!
//! The `import_asset` command takes a path, so that a file dialog (not shipped yet) or a
//! retry can import a file too; to keep the webview from naming files itself, it only accepts
//! paths the OS handed to the shell during this session ([`OfferedFiles`]).

use crate::preview::PreviewServer;
use reelforge_core::{Core, CoreError};
use reelforge_protocol::commands::events;
use reelforge_protocol::{ApiError, FilesDropped, ImportedAsset, MediaRef, RejectedFile};
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

/// Imports `path` if the OS offered it this session.
pub async fn import_offered(
    core: &Core,
    preview: &PreviewServer,
    offered: &OfferedFiles,
    path: &Path,
) -> Result<ImportedAsset, CoreError> {
    if !offered.contains(path) {
        return Err(CoreError::Validation {
            field: "path",
            message: "only files dropped on the window or chosen in a file dialog can be \
                      imported"
                .into(),
        });
    }
    import(core, preview, path).await
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
        let (Some(core), Some(preview)) = (
            window.try_state::<Core>(),
            window.try_state::<PreviewServer>(),
        ) else {
            return;
        };
        let mut dropped = FilesDropped {
            x: logical.x,
            y: logical.y,
            imported: Vec::new(),
            rejected: Vec::new(),
        };
        for path in &paths {
            match import(&core, &preview, path).await {
                Ok(asset) => dropped.imported.push(asset),
                Err(error) => dropped.rejected.push(RejectedFile {
                    name: path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    error: ApiError::from(error),
                }),
            }
        }
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
