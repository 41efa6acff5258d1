//! The built-in local provider: offline, no key, rendered with ffmpeg through the media layer.
//!
//! Text-to-video renders a designed moving background seeded from the prompt
//! ([`super::local_background`]) and draws no words: the narration's captions carry the
//! message. There is deliberately no text card, even with captions off: the prompt is a
//! visual direction for a model, not the message; and captions are chosen at assembly, after
//! the take is rendered, so words baked into a take would sit under captions turned on later.
//! Image-to-video is a slow zoom over the reference image.
//!
//! A render runs in the background from `submit`; `poll` reports its progress and
//! `fetch_output` copies the finished clip. Renders are written in the process's private work
//! folder ([`WorkFolder`]: inside the data folder, swept of dead processes' files at start-up),
//! and ffmpeg dies with the process. A render lost that way (Reelforge stopped before it was
//! fetched) is reported as [`ErrorClass::Interrupted`]: the engine renders it again without
//! counting a retry, however many times the app is stopped. Its descriptor says what it is (offline, not an
//! AI model) without repeating its name, which the UI already shows next to it.
//! [`LocalOptions::min_render`] slows its reported progress down for demos and tests.

use super::local_render::render_args;
use super::{
    ErrorClass, GenerationRequest, PollOutcome, ProviderError, Reconciliation, RemoteOutput,
    Submitted, TakeErrorCode, TerminalReason, VideoProvider,
};
use crate::media::{Cancellation, MediaTools, RunOptions, ToolLocation, run_ffmpeg};
use crate::work_folder::WorkFolder;
use reelforge_protocol::{
    AspectRatio, ErrorCode, GenerationMode, ImageInputKind, ImageInputSpec, ModelDescriptor,
    Pricing, ProviderDescriptor, ProviderId,
};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const POLL_AFTER: Duration = Duration::from_millis(250);

/// How the local provider runs.
#[derive(Debug, Clone)]
pub struct LocalOptions {
    /// `None`: ffmpeg is found at each render through `location` (Settings path, sidecar,
    /// then `PATH`).
    pub tools: Option<MediaTools>,
    pub location: ToolLocation,
    /// Where renders are written before being fetched into the library.
    pub work: WorkFolder,
    /// A render is reported done no sooner than this (0: as fast as ffmpeg goes).
    pub min_render: Duration,
}

/// Seconds each local render takes at least, for demos and end-to-end tests that want to
/// watch progress move (`REELFORGE_LOCAL_MIN_RENDER_S=20`); unset or invalid means none.
pub const MIN_RENDER_ENV: &str = "REELFORGE_LOCAL_MIN_RENDER_S";

impl Default for LocalOptions {
    fn default() -> Self {
        Self {
            tools: None,
            location: ToolLocation::default(),
            work: WorkFolder::default(),
            min_render: min_render_from(std::env::var(MIN_RENDER_ENV).ok().as_deref()),
        }
    }
}

/// The pacing named by [`MIN_RENDER_ENV`]'s value: seconds, at most an hour.
fn min_render_from(value: Option<&str>) -> Duration {
    value
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s > 0.0)
        .map_or(Duration::ZERO, |s| Duration::from_secs_f64(s.min(3600.0)))
}

#[derive(Debug)]
struct Render {
    started: Instant,
    progress: Arc<AtomicU8>,
    /// `Some` once ffmpeg has finished: the clip, or why it failed.
    outcome: Arc<Mutex<Option<Result<PathBuf, ProviderError>>>>,
    cancel: Cancellation,
}

/// The offline ffmpeg renderer.
#[derive(Debug)]
pub struct LocalProvider {
    descriptor: ProviderDescriptor,
    options: LocalOptions,
    renders: Mutex<HashMap<String, Render>>,
}

impl Default for LocalProvider {
    fn default() -> Self {
        Self::new()
    }
}

/// Progress to report and whether the render may count as done, given ffmpeg's own progress
/// and the pacing.
pub fn paced(actual: u8, finished: bool, elapsed: Duration, min_render: Duration) -> (u8, bool) {
    if min_render.is_zero() {
        return (actual, finished);
    }
    let share = (elapsed.as_secs_f64() / min_render.as_secs_f64()).min(1.0);
    let pace = (share * 100.0) as u8;
    (actual.min(pace), finished && elapsed >= min_render)
}

impl LocalProvider {
    pub fn new() -> Self {
        Self::with_options(LocalOptions::default())
    }

    /// Renders with the ffmpeg `location` names (the engine's Settings), in `work`.
    pub fn located(location: ToolLocation, work: WorkFolder) -> Self {
        Self::with_options(LocalOptions {
            location,
            work,
            ..LocalOptions::default()
        })
    }

    pub fn with_options(options: LocalOptions) -> Self {
        let image_formats = vec!["image/png".to_owned(), "image/jpeg".to_owned()];
        Self {
            descriptor: ProviderDescriptor {
                id: ProviderId::LOCAL,
                display_name: "Local (ffmpeg motion)".to_owned(),
                // What it is, shown after its name: never the name itself again.
                label: "Offline, not an AI model: designed moving backgrounds and pan-and-zoom \
                        motion over your images, rendered with ffmpeg"
                    .to_owned(),
                needs_key: false,
                models: vec![ModelDescriptor {
                    id: "ffmpeg-motion".to_owned(),
                    display_name: "Motion backgrounds".to_owned(),
                    modes: vec![GenerationMode::TextToVideo, GenerationMode::ImageToVideo],
                    durations_s: (1..=60).collect(),
                    aspect_ratios: AspectRatio::ALL.to_vec(),
                    resolutions: vec!["720p".to_owned()],
                    image_inputs: vec![ImageInputSpec {
                        kind: ImageInputKind::FirstFrame,
                        max_count: 1,
                        max_bytes: 50 * 1024 * 1024,
                        formats: image_formats,
                    }],
                    pricing: Pricing::Free,
                    requires: Vec::new(),
                }],
                default_concurrency: 2,
                max_generation_s: 600,
            },
            options,
            renders: Mutex::new(HashMap::new()),
        }
    }

    fn renders(&self) -> std::sync::MutexGuard<'_, HashMap<String, Render>> {
        self.renders.lock().expect("local renders poisoned")
    }
}

/// A render this process does not know: it died with an earlier process.
fn lost() -> ProviderError {
    ProviderError::interrupted(
        TakeErrorCode::GenerationLost,
        "the local render stopped when Reelforge stopped",
    )
}

/// Why a render failed: a full disk said as such (and tried again later), anything else
/// refused as invalid input.
pub(crate) fn render_failed(err: crate::media::MediaError) -> ProviderError {
    match err.code() {
        ErrorCode::DiskFull => ProviderError::transient(TakeErrorCode::DiskFull, err.to_string()),
        _ => invalid(err.to_string()),
    }
}

pub(crate) fn invalid(message: impl Into<String>) -> ProviderError {
    ProviderError::terminal(TerminalReason::InvalidInput, message)
}

/// Without ffmpeg nothing renders: terminal, and said as such when it is not found.
pub(crate) fn no_renderer(err: crate::media::MediaError) -> ProviderError {
    let code = match err.code() {
        ErrorCode::FfmpegMissing => TakeErrorCode::FfmpegMissing,
        _ => TakeErrorCode::Unsupported,
    };
    ProviderError::new(
        ErrorClass::Terminal(TerminalReason::Unsupported),
        code,
        err.to_string(),
    )
}

#[async_trait::async_trait]
impl VideoProvider for LocalProvider {
    fn descriptor(&self) -> &ProviderDescriptor {
        &self.descriptor
    }

    async fn submit(&self, request: &GenerationRequest) -> Result<Submitted, ProviderError> {
        let tools = match &self.options.tools {
            Some(tools) => tools.clone(),
            None => self.options.location.resolve().map_err(no_renderer)?,
        };
        let dir = self.options.work.dir().map_err(|e| {
            ProviderError::transient(TakeErrorCode::Disk, format!("work folder: {e}"))
        })?;
        let id = uuid::Uuid::new_v4().to_string();
        let out = dir.join(format!("{id}.mp4"));
        let args = render_args(request, &out)?;
        let progress = Arc::new(AtomicU8::new(0));
        let outcome = Arc::new(Mutex::new(None));
        let cancel = Cancellation::new();
        let options = RunOptions {
            total: Some(Duration::from_secs(u64::from(request.duration_s))),
            progress: Some({
                let progress = progress.clone();
                Box::new(move |p| {
                    let pct = p.fraction().map_or(0, |f| (f * 99.0) as u8);
                    progress.store(pct, Ordering::Relaxed);
                })
            }),
            cancel: cancel.clone(),
        };
        {
            let outcome = outcome.clone();
            let out = out.clone();
            tokio::spawn(async move {
                let result = run_ffmpeg(&tools, args, options).await;
                if result.is_err() {
                    // Nothing half-written stays in the work folder.
                    let _ = std::fs::remove_file(&out);
                }
                *outcome.lock().expect("render outcome poisoned") =
                    Some(result.map(|()| out).map_err(render_failed));
            });
        }
        self.renders().insert(
            id.clone(),
            Render {
                started: Instant::now(),
                progress,
                outcome,
                cancel,
            },
        );
        Ok(Submitted {
            remote_id: id,
            poll_after: Some(POLL_AFTER),
        })
    }

    async fn poll(&self, remote_id: &str) -> Result<PollOutcome, ProviderError> {
        let renders = self.renders();
        let Some(render) = renders.get(remote_id) else {
            return Ok(PollOutcome::Failed(lost()));
        };
        let outcome = render
            .outcome
            .lock()
            .expect("render outcome poisoned")
            .clone();
        let actual = render.progress.load(Ordering::Relaxed);
        let elapsed = render.started.elapsed();
        Ok(match outcome {
            Some(Err(why)) => PollOutcome::Failed(why),
            Some(Ok(path)) => match paced(100, true, elapsed, self.options.min_render) {
                (_, true) => PollOutcome::Succeeded {
                    output: RemoteOutput {
                        url: format!("file://{}", path.display()),
                    },
                    actual_cost_micros: Some(0),
                },
                (progress, false) => PollOutcome::Running {
                    progress: Some(progress),
                    poll_after: Some(POLL_AFTER),
                },
            },
            None => PollOutcome::Running {
                progress: Some(paced(actual, false, elapsed, self.options.min_render).0),
                poll_after: Some(POLL_AFTER),
            },
        })
    }

    async fn cancel(&self, remote_id: &str) -> Result<(), ProviderError> {
        if let Some(render) = self.renders().remove(remote_id) {
            render.cancel.cancel();
        }
        Ok(())
    }

    async fn fetch_output(
        &self,
        remote_id: &str,
        _output: &RemoteOutput,
        dest: &Path,
    ) -> Result<u64, ProviderError> {
        let done = self
            .renders()
            .get(remote_id)
            .and_then(|r| r.outcome.lock().expect("render outcome poisoned").clone());
        let path = match done {
            Some(Ok(path)) => path,
            Some(Err(why)) => return Err(why),
            None if self.renders().contains_key(remote_id) => {
                return Err(ProviderError::transient(
                    TakeErrorCode::ProviderFailed,
                    "the render is not finished",
                ));
            }
            None => return Err(lost()),
        };
        let bytes = tokio::fs::copy(&path, dest)
            .await
            .map_err(|e| ProviderError::disk(dest.display(), &e))?;
        self.renders().remove(remote_id);
        let _ = tokio::fs::remove_file(&path).await;
        Ok(bytes)
    }

    /// A render lives in this process only (its ffmpeg dies with it, its work folder is
    /// swept): a create whose answer was lost made nothing that runs, costs or can be fetched,
    /// so it is always safe to render again.
    async fn find_created(
        &self,
        _request: &GenerationRequest,
        _sent_at_ms: i64,
    ) -> Result<Reconciliation, ProviderError> {
        Ok(Reconciliation::Vanished)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pacing_setting_reads_seconds_and_ignores_nonsense() {
        assert_eq!(min_render_from(Some("20")), Duration::from_secs(20));
        assert_eq!(min_render_from(Some(" 0.5 ")), Duration::from_millis(500));
        assert_eq!(min_render_from(Some("-3")), Duration::ZERO);
        assert_eq!(min_render_from(Some("soon")), Duration::ZERO);
        assert_eq!(min_render_from(None), Duration::ZERO);
        assert_eq!(min_render_from(Some("1e9")), Duration::from_secs(3600));
    }

    #[tokio::test]
    async fn without_ffmpeg_a_render_fails_saying_so() {
        let location = ToolLocation::default();
        location.set(Some(PathBuf::from("/nonexistent/reelforge/ffmpeg")));
        let provider = LocalProvider::located(location, WorkFolder::default());
        let request = GenerationRequest {
            model: "ffmpeg-motion".into(),
            mode: GenerationMode::TextToVideo,
            prompt: "a card".into(),
            duration_s: 2,
            aspect_ratio: AspectRatio::Portrait,
            reference_paths: Vec::new(),
            seed: None,
        };
        let err = provider.submit(&request).await.unwrap_err();
        assert_eq!(
            (err.class, err.code),
            (
                ErrorClass::Terminal(TerminalReason::Unsupported),
                TakeErrorCode::FfmpegMissing
            ),
            "{err}"
        );
    }

    #[test]
    fn pacing_holds_progress_and_completion_back() {
        let min = Duration::from_secs(10);
        assert_eq!(paced(80, false, Duration::from_secs(2), min), (20, false));
        assert_eq!(paced(100, true, Duration::from_secs(5), min), (50, false));
        assert_eq!(paced(100, true, Duration::from_secs(10), min), (100, true));
        assert_eq!(
            paced(30, false, Duration::from_secs(9), Duration::ZERO),
            (30, false)
        );
    }
}
