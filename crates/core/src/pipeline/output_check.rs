//! [`OutputCheck`]: what a fetched output must pass before its take counts as succeeded.
//!
//! [`FfprobeCheck`] (the default) reads the file with ffprobe through the media layer: it must
//! be non-empty, hold a video stream with real dimensions in the requested aspect ratio, and
//! last about the requested duration; once stored, it gets a thumbnail and a 720p preview
//! proxy (`<take>.thumb.jpg`, `<take>.preview.mp4`), and its ffprobe summary is kept. [`NonEmptyCheck`] only checks the size (engine tests
//! whose providers return placeholder bytes).

use crate::media::{self, KnownProbe, MediaTools, ToolLocation};
use crate::providers::GenerationRequest;
use reelforge_protocol::AspectRatio;
use std::path::Path;

/// Decides whether a fetched file is a usable clip for `request`, and makes its previews.
#[async_trait::async_trait]
pub trait OutputCheck: Send + Sync + std::fmt::Debug {
    /// `Err` says why the file is not usable.
    async fn check(&self, file: &Path, request: &GenerationRequest) -> Result<(), String>;

    /// Makes the take's thumbnail and preview proxy beside `file` (once it is in the
    /// library); returns the file's ffprobe summary when it read one, stored with the take.
    /// A failure here does not fail the take.
    async fn prepare_previews(&self, _file: &Path) -> Result<Option<KnownProbe>, String> {
        Ok(None)
    }
}

/// Accepts any non-empty file.
#[derive(Debug, Default, Clone, Copy)]
pub struct NonEmptyCheck;

#[async_trait::async_trait]
impl OutputCheck for NonEmptyCheck {
    async fn check(&self, file: &Path, _request: &GenerationRequest) -> Result<(), String> {
        let len = tokio::fs::metadata(file)
            .await
            .map_err(|e| format!("cannot read the output: {e}"))?
            .len();
        if len == 0 {
            return Err("the output file is empty".into());
        }
        Ok(())
    }
}

/// Checks the output with ffprobe.
#[derive(Debug, Default, Clone)]
pub struct FfprobeCheck {
    /// `None`: found at check time through `location` (Settings path, sidecar, then `PATH`).
    tools: Option<MediaTools>,
    location: ToolLocation,
}

impl FfprobeCheck {
    pub fn new(tools: MediaTools) -> Self {
        Self {
            tools: Some(tools),
            location: ToolLocation::default(),
        }
    }

    /// Checks with the ffprobe `location` leads to (the engine's Settings).
    pub fn located(location: ToolLocation) -> Self {
        Self {
            tools: None,
            location,
        }
    }

    fn tools(&self) -> Result<MediaTools, String> {
        match &self.tools {
            Some(tools) => Ok(tools.clone()),
            None => self.location.resolve().map_err(|e| e.to_string()),
        }
    }
}

/// Width over height of an aspect ratio.
fn ratio_value(ratio: AspectRatio) -> f64 {
    match ratio {
        AspectRatio::Portrait => 9.0 / 16.0,
        AspectRatio::Landscape => 16.0 / 9.0,
        AspectRatio::Square => 1.0,
        AspectRatio::Feed => 4.0 / 5.0,
    }
}

#[async_trait::async_trait]
impl OutputCheck for FfprobeCheck {
    async fn check(&self, file: &Path, request: &GenerationRequest) -> Result<(), String> {
        NonEmptyCheck.check(file, request).await?;
        let tools = self.tools()?;
        let info = media::probe(&tools, file)
            .await
            .map_err(|e| e.to_string())?;
        let video = info.require_video().map_err(|e| e.to_string())?;
        if video.width == 0 || video.height == 0 {
            return Err("the video has no dimensions".into());
        }
        let got = f64::from(video.width) / f64::from(video.height);
        let want = ratio_value(request.aspect_ratio);
        if (got / want - 1.0).abs() > 0.1 {
            return Err(format!(
                "the video is {}×{}, not {}",
                video.width, video.height, request.aspect_ratio
            ));
        }
        let seconds = info.clip_duration().as_secs_f64();
        let expected = f64::from(request.duration_s);
        if (seconds - expected).abs() > (expected * 0.2).max(1.0) {
            return Err(format!(
                "the video lasts {seconds:.1} s instead of {} s",
                request.duration_s
            ));
        }
        Ok(())
    }

    async fn prepare_previews(&self, file: &Path) -> Result<Option<KnownProbe>, String> {
        let tools = self.tools()?;
        let dir = file.parent().unwrap_or(Path::new("."));
        media::prepare_take_media(&tools, file, dir, media::RunOptions::default())
            .await
            .map(|made| Some(made.known_probe()))
            .map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reelforge_protocol::GenerationMode;

    fn request(aspect_ratio: AspectRatio, duration_s: u32) -> GenerationRequest {
        GenerationRequest {
            model: "m".into(),
            mode: GenerationMode::TextToVideo,
            prompt: "p".into(),
            duration_s,
            aspect_ratio,
            reference_paths: vec![],
            seed: None,
        }
    }

    #[tokio::test]
    async fn ffprobe_check_accepts_a_real_clip_and_says_what_is_wrong_otherwise() {
        let dir = tempfile::tempdir().unwrap();
        let clip = dir.path().join("clip.mp4");
        let status = std::process::Command::new("ffmpeg")
            .args([
                "-v",
                "error",
                "-f",
                "lavfi",
                "-i",
                "color=c=blue:s=180x320:d=2:r=10",
            ])
            .args(["-c:v", "libx264", "-pix_fmt", "yuv420p", "-y"])
            .arg(&clip)
            .status()
            .expect("ffmpeg must be installed (scripts/setup.sh installs it)");
        assert!(status.success());
        let check = FfprobeCheck::default();
        check
            .check(&clip, &request(AspectRatio::Portrait, 2))
            .await
            .unwrap();

        let err = check
            .check(&clip, &request(AspectRatio::Landscape, 2))
            .await
            .unwrap_err();
        assert!(err.contains("180×320") && err.contains("16:9"), "{err}");
        let err = check
            .check(&clip, &request(AspectRatio::Portrait, 10))
            .await
            .unwrap_err();
        assert!(err.contains("instead of 10 s"), "{err}");

        let text = dir.path().join("not-a-video.mp4");
        std::fs::write(&text, "hello").unwrap();
        assert!(
            check
                .check(&text, &request(AspectRatio::Portrait, 2))
                .await
                .is_err()
        );
        let empty = dir.path().join("empty.mp4");
        std::fs::write(&empty, "").unwrap();
        let err = NonEmptyCheck
            .check(&empty, &request(AspectRatio::Portrait, 2))
            .await
            .unwrap_err();
        assert!(err.contains("empty"), "{err}");
    }
}
