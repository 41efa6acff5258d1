//! Replicate FLUX keyframes (audio-and-images.md §E2) over Replicate's predictions API,
//! spoken by [`crate::providers::replicate::predictions`] (shared with the Kling video
//! adapter): `POST /v1/models/black-forest-labs/flux-{schnell,dev}/predictions`
//! `{"input": {prompt, aspect_ratio, num_outputs: 1, output_format: "png", seed, …}}`, then
//! `GET /v1/predictions/{id}` until `succeeded`, whose `output` is an **array** of image URLs
//! (the first is taken), served for one hour.
//!
//! It owns the model table (schnell: text only; dev: one reference image sent as `image`
//! with `prompt_strength`, as a data URL or an upload), the pixel size FLUX makes per aspect
//! ratio, and the image checks. `Prefer: wait` is not sent: the engine stores the id before
//! it waits, so the create call stays short and a lost answer rarely leaves it ambiguous;
//! images finish in seconds, polled every second. With a reference image FLUX dev follows
//! the image's shape rather than `aspect_ratio`: [`super::output::frame_fit`] reports it.
//! After a create whose answer was lost, the recent predictions are searched for it
//! (`find_created`), as the video adapter does. The key is Replicate's (`replicate`, as the
//! video adapter's); the base URL overridable.

use super::{ImageProvider, ImageRequest, output};
use crate::providers::http::{HttpApi, ProviderEnv, download, images};
use crate::providers::replicate::REPLICATE_PROVIDER_ID;
use crate::providers::replicate::predictions;
use crate::providers::replicate::wire::Prediction;
use crate::providers::{
    PollOutcome, ProviderError, Reconciliation, RemoteOutput, Submitted, TerminalReason,
};
use reelforge_protocol::{
    AspectRatio, ImageInputKind, ImageModelDescriptor, ImageProviderDescriptor, ImageSize,
    ProviderId,
};
use serde_json::json;
use std::path::Path;
use std::time::Duration;

const API_BASE: &str = "https://api.replicate.com";
/// Images usually finish within seconds.
const POLL_AFTER: Duration = Duration::from_secs(1);
/// Longest one image may take; also sent as `Cancel-After`.
const MAX_GENERATION_S: u32 = 10 * 60;
/// Largest reference image sent.
const MAX_REFERENCE_BYTES: u64 = 10 * 1024 * 1024;

/// One FLUX model on Replicate.
#[derive(Debug)]
struct FluxModel {
    id: &'static str,
    display_name: &'static str,
    /// `owner/name`: the official-model endpoint.
    model: &'static str,
    steps: u32,
    /// Whether it takes one reference image (`image`, img2img).
    reference: bool,
    /// Replicate's listed price per image (estimate).
    micros_per_image: i64,
}

/// The model ids in descriptors and requests.
pub const FLUX_SCHNELL: &str = "flux-schnell";
pub const FLUX_DEV: &str = "flux-dev";

const MODELS: &[FluxModel] = &[
    FluxModel {
        id: FLUX_SCHNELL,
        display_name: "FLUX.1 schnell",
        model: "black-forest-labs/flux-schnell",
        steps: 4,
        reference: false,
        micros_per_image: 3_000,
    },
    FluxModel {
        id: FLUX_DEV,
        display_name: "FLUX.1 dev (one reference image)",
        model: "black-forest-labs/flux-dev",
        steps: 28,
        reference: true,
        micros_per_image: 25_000,
    },
];

/// The pixels FLUX makes at 1 megapixel for each ratio (Replicate's FLUX predictors'
/// table; audio-and-images.md marks the exact sizes unverified).
fn flux_size(ratio: AspectRatio) -> (u32, u32) {
    match ratio {
        AspectRatio::Portrait => (768, 1344),
        AspectRatio::Landscape => (1344, 768),
        AspectRatio::Square => (1024, 1024),
        AspectRatio::Feed => (896, 1088),
    }
}

/// FLUX on Replicate.
#[derive(Debug)]
pub struct ReplicateFluxProvider {
    descriptor: ImageProviderDescriptor,
    api: HttpApi,
}

impl ReplicateFluxProvider {
    pub fn new(env: &ProviderEnv) -> Self {
        let sizes: Vec<ImageSize> = AspectRatio::ALL
            .iter()
            .map(|&aspect_ratio| {
                let (width, height) = flux_size(aspect_ratio);
                ImageSize {
                    aspect_ratio,
                    width,
                    height,
                }
            })
            .collect();
        let models = MODELS
            .iter()
            .map(|m| ImageModelDescriptor {
                id: m.id.to_owned(),
                display_name: m.display_name.to_owned(),
                sizes: sizes.clone(),
                references: m
                    .reference
                    .then(|| images::image_input(ImageInputKind::Reference, MAX_REFERENCE_BYTES)),
                micros_per_image: m.micros_per_image,
            })
            .collect();
        Self {
            descriptor: ImageProviderDescriptor {
                id: ProviderId::from_static(REPLICATE_PROVIDER_ID),
                display_name: "Replicate".to_owned(),
                label: "Hosted AI image models (FLUX); prices are estimates, outputs are deleted after 1 hour".to_owned(),
                needs_key: true,
                models,
                default_concurrency: 4,
                max_generation_s: MAX_GENERATION_S,
            },
            api: HttpApi::new(REPLICATE_PROVIDER_ID, "Replicate", API_BASE, env.clone()),
        }
    }
}

fn invalid(message: impl Into<String>) -> ProviderError {
    ProviderError::terminal(TerminalReason::InvalidInput, message)
}

#[async_trait::async_trait]
impl ImageProvider for ReplicateFluxProvider {
    fn descriptor(&self) -> &ImageProviderDescriptor {
        &self.descriptor
    }

    async fn submit(&self, request: &ImageRequest) -> Result<Submitted, ProviderError> {
        let model = MODELS
            .iter()
            .find(|m| m.id == request.model)
            .ok_or_else(|| {
                invalid(format!(
                    "Replicate has no image model `{}` here",
                    request.model
                ))
            })?;
        if request.prompt.trim().is_empty() {
            return Err(invalid("FLUX needs a prompt"));
        }
        // Read (and refuse) the reference before anything is sent.
        let reference = match request.reference_paths.first() {
            Some(path) if model.reference => {
                Some(images::read_image(Path::new(path), MAX_REFERENCE_BYTES)?)
            }
            _ => None,
        };
        self.api.key()?;
        let mut input = json!({
            "prompt": request.prompt,
            "aspect_ratio": request.aspect_ratio.as_str(),
            "num_outputs": 1,
            "num_inference_steps": model.steps,
            "output_format": "png",
        });
        if let Some(seed) = request.seed {
            input["seed"] = json!(seed);
        }
        if let Some(image) = reference {
            input["image"] = json!(predictions::image_input(&self.api, image).await?);
            input["prompt_strength"] = json!(0.8);
        }
        let path = format!("/v1/models/{}/predictions", model.model);
        let body = json!({ "input": input });
        Ok(Submitted {
            remote_id: predictions::create(&self.api, &path, &body, MAX_GENERATION_S / 60).await?,
            poll_after: Some(POLL_AFTER),
        })
    }

    async fn poll(&self, remote_id: &str) -> Result<PollOutcome, ProviderError> {
        let prediction = predictions::get(&self.api, remote_id).await?;
        Ok(predictions::outcome(&prediction, POLL_AFTER, "image"))
    }

    async fn cancel(&self, remote_id: &str) -> Result<(), ProviderError> {
        predictions::cancel(&self.api, remote_id).await
    }

    /// A lost create: the recent predictions of the same model since it was sent, with the
    /// same prompt, ratio, steps, format and seed (the reference image aside).
    async fn find_created(
        &self,
        request: &ImageRequest,
        sent_at_ms: i64,
    ) -> Result<Reconciliation, ProviderError> {
        let Some(model) = MODELS.iter().find(|m| m.id == request.model) else {
            return Ok(Reconciliation::CannotList);
        };
        let mut wanted = vec![
            ("prompt", json!(request.prompt)),
            ("aspect_ratio", json!(request.aspect_ratio.as_str())),
            ("num_inference_steps", json!(model.steps)),
            ("output_format", json!("png")),
        ];
        if let Some(seed) = request.seed {
            wanted.push(("seed", json!(seed)));
        }
        let same_model = |p: &Prediction| p.model.as_deref() == Some(model.model);
        predictions::find_recent(&self.api, sent_at_ms, same_model, &wanted).await
    }

    async fn fetch_output(
        &self,
        remote_id: &str,
        output: &RemoteOutput,
        dest: &Path,
    ) -> Result<u64, ProviderError> {
        let bytes =
            download::download_refreshing(&self.api, output, dest, || self.poll(remote_id)).await?;
        output::check_image("Replicate", dest)?;
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_ratio_has_a_flux_size_of_its_shape_in_multiples_of_16() {
        for ratio in AspectRatio::ALL {
            let (w, h) = flux_size(ratio);
            assert_eq!((w % 16, h % 16), (0, 0), "{ratio}");
            let (rw, rh) = crate::providers::local_render::frame_size(ratio, 1080);
            let skew = (f64::from(w) / f64::from(h)) / (f64::from(rw) / f64::from(rh));
            assert!(
                (skew - 1.0).abs() < output::RATIO_TOLERANCE,
                "{ratio}: {w}x{h}"
            );
        }
    }
}
