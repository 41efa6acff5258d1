//! `reelforge ffmpeg [--use PATH | --automatic]`: the ffmpeg the engine runs, and the
//! location chosen for it (the same setting as the app's Settings screen).

use crate::args::FfmpegArgs;
use crate::output::{self, Output};
use reelforge_core::Core;
use reelforge_protocol::{ApiError, ErrorCode};

pub async fn run(core: &Core, args: FfmpegArgs, out: &Output) -> Result<(), ApiError> {
    let info = match (args.location, args.automatic) {
        (_, true) => core.set_ffmpeg_location(None).await?,
        (Some(path), false) => {
            // A path relative to where the command runs, as people type them.
            let path = std::path::absolute(&path).map_err(|e| {
                ApiError::new(ErrorCode::Validation, format!("{}: {e}", path.display()))
            })?;
            core.set_ffmpeg_location(Some(path.display().to_string()))
                .await?
        }
        (None, false) => core.ffmpeg_info().await,
    };
    out.emit(&info, output::ffmpeg_info);
    Ok(())
}
