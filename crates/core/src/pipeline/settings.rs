//! How the engine is set up: the runner's tunables ([`RunnerSettings`], with the
//! environment's poll-interval override) and what the engine is built from
//! ([`EngineSetup`]: video and image providers, clock, settings, output check).

use super::backoff::Backoff;
use super::clock::{Clock, SystemClock};
use super::output_check::{FfprobeCheck, OutputCheck};
use crate::providers::ProviderRegistry;
use crate::providers::image::ImageProviderRegistry;
use crate::providers::http::ProviderEnv;
use crate::secrets::SessionStore;
use reelforge_protocol::ProviderId;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// Tunables of the runner.
#[derive(Debug, Clone)]
pub struct RunnerSettings {
    /// Automatic new takes after transient failures, per segment and provider.
    pub max_transient_retries: u32,
    /// Failed fetches of a finished output before its take fails.
    pub max_download_failures: u32,
    /// Delay before re-sending after a transient failure (before any Retry-After).
    pub retry_backoff: Backoff,
    /// Poll pace when the provider gives no hint, and after failed polls.
    pub poll_backoff: Backoff,
    /// Progress events per take at most this often.
    pub progress_interval: Duration,
    /// Longest the run loop sleeps without looking at the queue.
    pub idle_wake: Duration,
    /// Per-provider concurrency replacing the descriptor's default.
    pub concurrency: HashMap<ProviderId, u32>,
}

impl Default for RunnerSettings {
    fn default() -> Self {
        Self {
            max_transient_retries: 3,
            max_download_failures: 8,
            retry_backoff: Backoff {
                initial: Duration::from_secs(2),
                max: Duration::from_secs(60),
            },
            poll_backoff: Backoff {
                initial: Duration::from_secs(2),
                max: Duration::from_secs(30),
            },
            progress_interval: Duration::from_millis(250),
            idle_wake: Duration::from_secs(5),
            concurrency: HashMap::new(),
        }
    }
}

/// `REELFORGE_POLL_INTERVAL_MS`: a fixed poll pace for providers that give no hint, instead
/// of the backoff from 2 s (a local gateway or fake server answers at once).
pub const POLL_INTERVAL_ENV: &str = "REELFORGE_POLL_INTERVAL_MS";

impl RunnerSettings {
    /// These settings with the overrides of the environment ([`POLL_INTERVAL_ENV`]).
    pub fn with_env_overrides(self) -> Self {
        self.with_poll_interval(std::env::var(POLL_INTERVAL_ENV).ok().as_deref())
    }

    fn with_poll_interval(mut self, millis: Option<&str>) -> Self {
        if let Some(ms) = millis
            .and_then(|v| v.trim().parse::<u64>().ok())
            .filter(|ms| (10..=600_000).contains(ms))
        {
            let pace = Duration::from_millis(ms);
            self.poll_backoff = Backoff {
                initial: pace,
                max: pace,
            };
        }
        self
    }
}

/// What the engine is built from: its providers, its clock and its settings.
#[derive(Debug, Clone)]
pub struct EngineSetup {
    /// The key store, HTTP client and base-URL overrides the hosted adapters share.
    pub env: ProviderEnv,
    pub registry: ProviderRegistry,
    /// The image (keyframe) providers: storyboard keyframes run as takes of these.
    pub image_registry: ImageProviderRegistry,
    pub clock: Arc<dyn Clock>,
    pub settings: RunnerSettings,
    /// What a fetched output must pass (ffprobe by default).
    pub output_check: Arc<dyn OutputCheck>,
}

impl Default for EngineSetup {
    /// Keys in memory only (tests); the app and the CLI use [`EngineSetup::with_env`] with
    /// the OS keychain.
    fn default() -> Self {
        Self::with_env(ProviderEnv::new(Arc::new(SessionStore::new())))
    }
}

impl EngineSetup {
    /// The built-in providers over `env`, the wall clock, default settings, ffprobe checks.
    pub fn with_env(env: ProviderEnv) -> Self {
        Self {
            registry: crate::providers::registry::builtin(&env),
            image_registry: crate::providers::image::registry::builtin(&env),
            output_check: Arc::new(FfprobeCheck::located(env.tools.clone())),
            env,
            clock: Arc::new(SystemClock),
            settings: RunnerSettings::default(),
        }
    }

    /// The ComfyUI providers (clips and keyframes) with the person's own workflow files of
    /// `data_dir` (`comfyui-workflows/`, `comfyui-image-workflows/`) besides the built-in
    /// templates.
    pub fn with_user_workflows(mut self, data_dir: &Path) -> Self {
        use crate::providers::comfyui::{ComfyUiProvider, USER_WORKFLOW_DIR};
        use crate::providers::image::comfyui_txt2img::{
            ComfyUiImageProvider, USER_IMAGE_WORKFLOW_DIR,
        };
        self.registry = self.registry.with(Arc::new(
            ComfyUiProvider::new(&self.env).with_workflow_dir(&data_dir.join(USER_WORKFLOW_DIR)),
        ));
        self.image_registry = self.image_registry.with(Arc::new(
            ComfyUiImageProvider::new(&self.env)
                .with_workflow_dir(&data_dir.join(USER_IMAGE_WORKFLOW_DIR)),
        ));
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_poll_interval_override_fixes_the_pace_within_bounds() {
        let fixed = RunnerSettings::default().with_poll_interval(Some("250"));
        assert_eq!(fixed.poll_backoff.initial, Duration::from_millis(250));
        assert_eq!(fixed.poll_backoff.max, Duration::from_millis(250));
        let default = RunnerSettings::default();
        for nonsense in [Some("0"), Some("fast"), Some("99999999"), None] {
            assert_eq!(
                RunnerSettings::default()
                    .with_poll_interval(nonsense)
                    .poll_backoff,
                default.poll_backoff
            );
        }
    }
}
