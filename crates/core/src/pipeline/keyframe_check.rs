//! What a fetched keyframe must pass before its take counts as succeeded: a whole PNG, JPEG
//! or WebP (structure checked, see `facade::image_check`), at the size its model makes for the
//! job's aspect ratio. An image of another size or format (a model that ignored the ratio) is
//! reframed (scaled to cover, cropped around its centre, written as PNG) with ffmpeg, and the
//! take says so.

use super::Runner;
use crate::facade::image_check::{ImageFormat, inspect};
use crate::media::{FfmpegArgs, RunOptions, run_ffmpeg};
use crate::providers::GenerationRequest;
use crate::providers::image::keyframe_provider::image_provider_of;
use crate::storage::storyboard::StoredImage;
use std::path::Path;

impl Runner {
    /// The size keyframes of `provider` (a runner id) are made at for `request`.
    pub(super) fn keyframe_size(
        &self,
        provider: &str,
        request: &GenerationRequest,
    ) -> Option<(u32, u32)> {
        let image = self.inner.images.get(image_provider_of(provider)?)?;
        let size = image
            .descriptor()
            .model(Some(&request.model))?
            .size(request.aspect_ratio)?;
        Some((size.width, size.height))
    }

    /// Checks the keyframe at `file` (reframing it in place when needed); `Err` says why it
    /// is not usable.
    pub(super) async fn check_keyframe(
        &self,
        file: &Path,
        provider: &str,
        request: &GenerationRequest,
    ) -> Result<StoredImage, String> {
        let bytes = tokio::fs::read(file)
            .await
            .map_err(|e| format!("cannot read the image: {e}"))?;
        let info = inspect(&bytes).map_err(|why| format!("not a usable image: {why}"))?;
        let Some((width, height)) = self.keyframe_size(provider, request) else {
            return Err(format!(
                "the image model `{}` makes no {} images",
                request.model, request.aspect_ratio
            ));
        };
        if info.format == ImageFormat::Png && (info.width, info.height) == (width, height) {
            return Ok(StoredImage {
                width,
                height,
                reframed: false,
            });
        }
        self.reframe(file, width, height).await?;
        Ok(StoredImage {
            width,
            height,
            reframed: true,
        })
    }

    /// Scales the image at `file` to cover `width` × `height`, crops it around its centre and
    /// writes it back as PNG (through the work folder).
    async fn reframe(&self, file: &Path, width: u32, height: u32) -> Result<(), String> {
        let tools = self.inner.tools.resolve().map_err(|e| e.to_string())?;
        let dir = self
            .inner
            .work
            .dir()
            .map_err(|e| format!("work folder: {e}"))?;
        let out = dir.join(format!("{}.png", uuid::Uuid::new_v4()));
        let mut args = FfmpegArgs::new();
        args.input(file)
            .args([
                "-vf",
                &format!(
                    "scale={width}:{height}:force_original_aspect_ratio=increase,\
                     crop={width}:{height},setsar=1"
                ),
            ])
            .args(["-frames:v", "1", "-c:v", "png", "-f", "image2", "-update", "1"])
            .output(&out);
        let made = run_ffmpeg(&tools, args, RunOptions::default()).await;
        let copied = match made {
            Ok(()) => tokio::fs::copy(&out, file)
                .await
                .map(drop)
                .map_err(|e| format!("cannot write the reframed image: {e}")),
            Err(e) => Err(format!("the image could not be reframed: {e}")),
        };
        let _ = tokio::fs::remove_file(&out).await;
        copied
    }
}
