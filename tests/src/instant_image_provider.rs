//! [`InstantImageProvider`]: a zero-latency [`ImageProvider`] for benchmarks of the keyframe
//! step. Every create is accepted at once with "poll now", the first poll says done, and the
//! fetch writes a PNG of the asked size made once beforehand, so a benchmark over it measures
//! the engine (queue, database, image check, files, events) and nothing else.

use reelforge_core::providers::image::{ImageProvider, ImageRequest};
use reelforge_core::providers::{
    PollOutcome, ProviderError, RemoteOutput, Submitted, TakeErrorCode, TerminalReason,
};
use reelforge_protocol::{AspectRatio, ImageModelDescriptor, ImageProviderDescriptor, ImageSize};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// The sizes offered (the local card renderer's, halved: small files).
fn size_of(ratio: AspectRatio) -> (u32, u32) {
    match ratio {
        AspectRatio::Portrait => (540, 960),
        AspectRatio::Landscape => (960, 540),
        AspectRatio::Square => (540, 540),
        AspectRatio::Feed => (540, 676),
    }
}

/// A PNG of `w`×`h` (one grey frame), made with ffmpeg.
fn png(w: u32, h: u32) -> Vec<u8> {
    let out = std::process::Command::new("ffmpeg")
        .args(["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i"])
        .arg(format!("color=c=gray:s={w}x{h}"))
        .args(["-frames:v", "1", "-c:v", "png", "-f", "image2pipe", "-"])
        .output()
        .expect("ffmpeg runs (scripts/setup.sh installs it)");
    assert!(out.status.success(), "ffmpeg made no PNG");
    out.stdout
}

/// An image provider that answers every call immediately and counts its creates.
#[derive(Debug)]
pub struct InstantImageProvider {
    descriptor: ImageProviderDescriptor,
    images: HashMap<AspectRatio, Vec<u8>>,
    sent: Mutex<HashMap<String, AspectRatio>>,
    create_calls: AtomicU64,
}

impl InstantImageProvider {
    /// A free provider registered as `id` with `concurrency` slots, every aspect ratio.
    pub fn new(id: &str, concurrency: u32) -> Self {
        let sizes = AspectRatio::ALL
            .iter()
            .map(|&aspect_ratio| {
                let (width, height) = size_of(aspect_ratio);
                ImageSize {
                    aspect_ratio,
                    width,
                    height,
                }
            })
            .collect();
        let images = AspectRatio::ALL
            .iter()
            .map(|&ratio| {
                let (w, h) = size_of(ratio);
                (ratio, png(w, h))
            })
            .collect();
        Self {
            descriptor: ImageProviderDescriptor {
                id: id.into(),
                display_name: format!("Instant {id}"),
                label: "benchmark double — answers instantly".into(),
                needs_key: false,
                models: vec![ImageModelDescriptor {
                    id: format!("{id}-instant"),
                    display_name: "instant".into(),
                    sizes,
                    references: None,
                    micros_per_image: 0,
                }],
                default_concurrency: concurrency,
                max_generation_s: 60,
            },
            images,
            sent: Mutex::new(HashMap::new()),
            create_calls: AtomicU64::new(0),
        }
    }

    /// How many create calls reached this provider.
    pub fn create_calls(&self) -> u64 {
        self.create_calls.load(Ordering::Relaxed)
    }
}

#[async_trait::async_trait]
impl ImageProvider for InstantImageProvider {
    fn descriptor(&self) -> &ImageProviderDescriptor {
        &self.descriptor
    }

    async fn submit(&self, request: &ImageRequest) -> Result<Submitted, ProviderError> {
        let n = self.create_calls.fetch_add(1, Ordering::Relaxed) + 1;
        let remote_id = format!("{}-{n}", self.descriptor.id);
        self.sent
            .lock()
            .expect("sent")
            .insert(remote_id.clone(), request.aspect_ratio);
        Ok(Submitted {
            remote_id,
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
        remote_id: &str,
        _output: &RemoteOutput,
        dest: &Path,
    ) -> Result<u64, ProviderError> {
        let ratio = self.sent.lock().expect("sent").get(remote_id).copied();
        let bytes = ratio.and_then(|r| self.images.get(&r)).ok_or_else(|| {
            ProviderError::terminal(TerminalReason::InvalidOutput, "unknown image")
        })?;
        tokio::fs::write(dest, bytes)
            .await
            .map_err(|e| ProviderError::transient(TakeErrorCode::Disk, e.to_string()))?;
        Ok(bytes.len() as u64)
    }
}
