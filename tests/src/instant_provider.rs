//! [`InstantProvider`]: a zero-latency [`VideoProvider`] for benchmarks of the generation
//! engine. Every create call is accepted at once with "poll now", the first poll says done,
//! and the fetch writes a few placeholder bytes, so a benchmark over it measures the engine
//! (queue, database, files, events) and nothing else. Its outputs are not real clips: pair it
//! with the engine's `NonEmptyCheck` output check, not ffprobe.

use reelforge_core::providers::{
    GenerationRequest, PollOutcome, ProviderError, RemoteOutput, Submitted, TakeErrorCode,
    VideoProvider,
};
use reelforge_protocol::{
    AspectRatio, GenerationMode, ModelDescriptor, Pricing, ProviderDescriptor,
};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Placeholder output bytes (the engine only checks that the file is not empty).
const PLACEHOLDER_CLIP: &[u8] = b"instant provider placeholder clip";

/// A provider that answers every call immediately and counts its create calls.
#[derive(Debug)]
pub struct InstantProvider {
    descriptor: ProviderDescriptor,
    create_calls: AtomicU64,
    /// Time spent inside `fetch_output` (writing the placeholder file), in nanoseconds.
    fetch_nanos: AtomicU64,
}

impl InstantProvider {
    /// A provider registered as `id` with `concurrency` slots; 5 or 10 s clips, every aspect
    /// ratio, text- and image-to-video, free.
    pub fn new(id: &str, concurrency: u32) -> Self {
        Self {
            descriptor: ProviderDescriptor {
                id: id.into(),
                display_name: format!("Instant {id}"),
                label: "benchmark double — answers instantly".into(),
                needs_key: false,
                models: vec![ModelDescriptor {
                    id: format!("{id}-instant"),
                    display_name: "instant".into(),
                    modes: vec![GenerationMode::TextToVideo, GenerationMode::ImageToVideo],
                    durations_s: vec![5, 10],
                    aspect_ratios: vec![
                        AspectRatio::Portrait,
                        AspectRatio::Landscape,
                        AspectRatio::Square,
                        AspectRatio::Feed,
                    ],
                    resolutions: vec!["720p".into()],
                    image_inputs: vec![],
                    pricing: Pricing::PerSecond { micros: 0 },
                    requires: Vec::new(),
                }],
                default_concurrency: concurrency,
                max_generation_s: 300,
            },
            create_calls: AtomicU64::new(0),
            fetch_nanos: AtomicU64::new(0),
        }
    }

    /// Time spent inside `fetch_output` so far, summed over concurrent calls (creating the
    /// output file is the provider's work, not the engine's).
    pub fn fetch_time(&self) -> Duration {
        Duration::from_nanos(self.fetch_nanos.load(Ordering::Relaxed))
    }

    /// How many create calls reached this provider.
    pub fn create_calls(&self) -> u64 {
        self.create_calls.load(Ordering::Relaxed)
    }
}

#[async_trait::async_trait]
impl VideoProvider for InstantProvider {
    fn descriptor(&self) -> &ProviderDescriptor {
        &self.descriptor
    }

    async fn submit(&self, _request: &GenerationRequest) -> Result<Submitted, ProviderError> {
        let n = self.create_calls.fetch_add(1, Ordering::Relaxed) + 1;
        Ok(Submitted {
            remote_id: format!("{}-{n}", self.descriptor.id),
            poll_after: Some(Duration::ZERO),
        })
    }

    async fn poll(&self, remote_id: &str) -> Result<PollOutcome, ProviderError> {
        Ok(PollOutcome::Succeeded {
            output: RemoteOutput {
                url: format!("instant://{remote_id}"),
            },
            actual_cost_micros: Some(0),
        })
    }

    async fn cancel(&self, _remote_id: &str) -> Result<(), ProviderError> {
        Ok(())
    }

    async fn fetch_output(
        &self,
        _remote_id: &str,
        _output: &RemoteOutput,
        dest: &Path,
    ) -> Result<u64, ProviderError> {
        let start = std::time::Instant::now();
        let written = tokio::fs::write(dest, PLACEHOLDER_CLIP).await;
        let nanos = u64::try_from(start.elapsed().as_nanos()).unwrap_or(u64::MAX);
        self.fetch_nanos.fetch_add(nanos, Ordering::Relaxed);
        written.map_err(|e| ProviderError::transient(TakeErrorCode::Disk, e.to_string()))?;
        Ok(PLACEHOLDER_CLIP.len() as u64)
    }
}
