//! fal.ai FLUX schnell keyframes (audio-and-images.md §E1) on fal's queue (providers.md §3):
//! `POST queue.fal.run/fal-ai/flux/schnell` with `Authorization: Key`, status and result under
//! `fal-ai/flux/requests/<id>`, cancel with `PUT …/cancel`, errors read as the fal video
//! adapter reads them ([`crate::providers::fal::wire`]).
//!
//! It owns the image body (`image_size` per aspect ratio: fal's named sizes for 9:16, 16:9
//! and 1:1, `{width, height}` for 4:5), the result (`images[0].url`), and the image faults:
//! `has_nsfw_concepts: [true]` is a moderation refusal (fal may blank the image), an expired
//! output URL is fetched again from a fresh result, a `data:` URI instead of a URL (as
//! `sync_mode` answers) is decoded in place, and a body that is not a PNG, JPEG or WebP is
//! refused as invalid output. The base URL is overridable like every hosted adapter's; the
//! key is fal's, from the keychain.

use super::{ImageProvider, ImageRequest, output};
use crate::providers::fal::queue::{self, QueueState};
use crate::providers::fal::{FAL_PROVIDER_ID, QUEUE_BASE};
use crate::providers::http::{HttpApi, ProviderEnv, download};
use crate::providers::{PollOutcome, ProviderError, RemoteOutput, Submitted, TerminalReason};
use reelforge_protocol::{
    AspectRatio, ImageModelDescriptor, ImageProviderDescriptor, ImageSize, ProviderId,
};
use serde_json::{Value, json};
use std::path::Path;
use std::time::Duration;

/// The model id in descriptors and requests.
pub const FLUX_SCHNELL: &str = "flux-schnell";
const ENDPOINT: &str = "fal-ai/flux/schnell";
/// Images usually finish within seconds.
const POLL_AFTER: Duration = Duration::from_secs(1);

/// fal's `image_size` for each aspect ratio, and the pixels it makes.
fn image_size(ratio: AspectRatio) -> (Value, u32, u32) {
    match ratio {
        AspectRatio::Portrait => (json!("portrait_16_9"), 576, 1024),
        AspectRatio::Landscape => (json!("landscape_16_9"), 1024, 576),
        AspectRatio::Square => (json!("square_hd"), 1024, 1024),
        // No named 4:5 size: explicit sides, multiples of 16.
        AspectRatio::Feed => (json!({"width": 896, "height": 1120}), 896, 1120),
    }
}

/// FLUX schnell on fal.ai.
#[derive(Debug)]
pub struct FalFluxProvider {
    descriptor: ImageProviderDescriptor,
    api: HttpApi,
}

impl FalFluxProvider {
    pub fn new(env: &ProviderEnv) -> Self {
        let sizes = AspectRatio::ALL
            .iter()
            .map(|&aspect_ratio| {
                let (_, width, height) = image_size(aspect_ratio);
                ImageSize {
                    aspect_ratio,
                    width,
                    height,
                }
            })
            .collect();
        Self {
            descriptor: ImageProviderDescriptor {
                id: ProviderId::from_static(FAL_PROVIDER_ID),
                display_name: "fal.ai".to_owned(),
                label: "Hosted AI image model (FLUX schnell) on fal's queue".to_owned(),
                needs_key: true,
                models: vec![ImageModelDescriptor {
                    id: FLUX_SCHNELL.to_owned(),
                    display_name: "FLUX.1 schnell".to_owned(),
                    sizes,
                    references: None,
                    // $0.003 per megapixel; every size offered is about one.
                    micros_per_image: 3_000,
                }],
                default_concurrency: 2,
                max_generation_s: 10 * 60,
            },
            api: HttpApi::new(FAL_PROVIDER_ID, "fal.ai", QUEUE_BASE, env.clone()),
        }
    }
}

fn invalid(message: impl Into<String>) -> ProviderError {
    ProviderError::terminal(TerminalReason::InvalidInput, message)
}

/// What a result body says: the first image's URL (a `data:` URI kept as is), or why not.
pub fn read_result(body: &Value) -> PollOutcome {
    let flagged = body
        .get("has_nsfw_concepts")
        .and_then(Value::as_array)
        .is_some_and(|flags| flags.iter().any(|f| f.as_bool() == Some(true)));
    if flagged {
        return PollOutcome::Failed(ProviderError::terminal(
            TerminalReason::Moderation,
            "fal's safety checker flagged the image (has_nsfw_concepts)",
        ));
    }
    let url = body
        .pointer("/images/0/url")
        .and_then(Value::as_str)
        .filter(|u| {
            u.starts_with("https://") || u.starts_with("http://") || u.starts_with("data:image/")
        });
    match url {
        Some(url) => PollOutcome::Succeeded {
            output: RemoteOutput {
                url: url.to_owned(),
            },
            actual_cost_micros: None,
        },
        None => PollOutcome::Failed(ProviderError::terminal(
            TerminalReason::InvalidOutput,
            "fal finished the request but its result has no image",
        )),
    }
}

#[async_trait::async_trait]
impl ImageProvider for FalFluxProvider {
    fn descriptor(&self) -> &ImageProviderDescriptor {
        &self.descriptor
    }

    async fn submit(&self, request: &ImageRequest) -> Result<Submitted, ProviderError> {
        if request.model != FLUX_SCHNELL {
            return Err(invalid(format!(
                "fal.ai has no image model `{}`",
                request.model
            )));
        }
        if request.prompt.trim().is_empty() {
            return Err(invalid("FLUX needs a prompt"));
        }
        let (size, _, _) = image_size(request.aspect_ratio);
        let mut body = json!({
            "prompt": request.prompt,
            "image_size": size,
            "num_images": 1,
            "num_inference_steps": 4,
            "output_format": "png",
            "enable_safety_checker": true,
        });
        if let Some(seed) = request.seed {
            body["seed"] = json!(seed);
        }
        Ok(Submitted {
            remote_id: queue::enqueue(&self.api, ENDPOINT, &body).await?,
            poll_after: Some(POLL_AFTER),
        })
    }

    async fn poll(&self, remote_id: &str) -> Result<PollOutcome, ProviderError> {
        Ok(match queue::status(&self.api, remote_id).await? {
            QueueState::Running => PollOutcome::Running {
                progress: None,
                poll_after: Some(POLL_AFTER),
            },
            QueueState::Failed(e) => PollOutcome::Failed(e),
            QueueState::Completed => match queue::result(&self.api, remote_id).await? {
                Ok(body) => read_result(&body),
                Err(e) => PollOutcome::Failed(e),
            },
        })
    }

    async fn cancel(&self, remote_id: &str) -> Result<(), ProviderError> {
        queue::cancel(&self.api, remote_id).await
    }

    async fn fetch_output(
        &self,
        remote_id: &str,
        output: &RemoteOutput,
        dest: &Path,
    ) -> Result<u64, ProviderError> {
        let bytes = if output.url.starts_with("data:") {
            output::write_inline(dest, &output::decode_data_uri("fal", &output.url)?).await?
        } else {
            download::download_refreshing(&self.api, output, dest, || self.poll(remote_id)).await?
        };
        output::check_image("fal", dest)?;
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::ErrorClass;

    #[test]
    fn results_are_read_with_their_faults() {
        let ok = json!({"images": [{"url": "https://v3.fal.media/files/x.png", "width": 576,
            "height": 1024}], "has_nsfw_concepts": [false], "seed": 1});
        assert!(matches!(read_result(&ok), PollOutcome::Succeeded { .. }));
        let flagged = json!({"images": [{"url": "https://x/y.png"}], "has_nsfw_concepts": [true]});
        match read_result(&flagged) {
            PollOutcome::Failed(e) => {
                assert_eq!(e.class, ErrorClass::Terminal(TerminalReason::Moderation))
            }
            other => panic!("{other:?}"),
        }
        let empty = json!({"images": []});
        match read_result(&empty) {
            PollOutcome::Failed(e) => {
                assert_eq!(e.class, ErrorClass::Terminal(TerminalReason::InvalidOutput))
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn every_aspect_ratio_has_a_flux_size_in_multiples_of_16() {
        for ratio in AspectRatio::ALL {
            let (_, w, h) = image_size(ratio);
            assert_eq!((w % 16, h % 16), (0, 0), "{ratio}");
            let (rw, rh) = crate::providers::local_render::frame_size(ratio, 1080);
            let skew = (f64::from(w) / f64::from(h)) / (f64::from(rw) / f64::from(rh));
            assert!((skew - 1.0).abs() < 0.01, "{ratio}: {w}x{h}");
        }
    }
}
