//! "Reveal in folder": the job's final video shown in the OS file manager with
//! tauri-plugin-opener. The webview names the job only; the [`Core`] finds the file (inside
//! the data folder's exports, like the preview server does), never a path from the UI.

use reelforge_core::Core;
use reelforge_protocol::{ApiError, ErrorCode, JobId, MediaRef};
use std::path::{Path, PathBuf};

/// The file [`reveal_job_output`] shows: the job's newest final video.
pub async fn job_output(core: &Core, job_id: &JobId) -> Result<PathBuf, ApiError> {
    let media = MediaRef::FinalVideo {
        job_id: job_id.clone(),
    };
    Ok(core.media_file(&media).await?.path)
}

/// Shows the job's final video in the file manager; `not_found` when it has none.
pub async fn reveal_job_output(core: &Core, job_id: &JobId) -> Result<(), ApiError> {
    let path = job_output(core, job_id).await?;
    tauri::async_runtime::spawn_blocking(move || reveal(&path))
        .await
        .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?
}

fn reveal(path: &Path) -> Result<(), ApiError> {
    tauri_plugin_opener::reveal_item_in_dir(path).map_err(|error| {
        ApiError::new(
            ErrorCode::Internal,
            format!("cannot show the file in the file manager: {error}"),
        )
    })
}
