//! fal.ai FLUX keyframes (audio-and-images.md §E1) on fal's queue (providers.md §3):
//! `POST queue.fal.run/<endpoint>` with `Authorization: Key`, status and result under
//! `<owner>/<alias>/requests/<id>`, cancel with `PUT …/cancel`, errors read as the fal video
//! adapter reads them ([`crate::providers::fal::wire`]).
//!
//! Models: FLUX schnell and dev (`fal-ai/flux/{schnell,dev}`, text only, `image_size` per
//! aspect ratio: fal's named sizes for 9:16, 16:9 and 1:1, `{width, height}` for 4:5) and
//! FLUX Kontext (`fal-ai/flux-pro/kontext`, the reference model: `image_url`, one reference
//! image sent as a `data:` URI, which fal accepts in place of an upload; two or more go to
//! `…/kontext/multi` as `image_urls[]`; `aspect_ratio` as a ratio string, 4:5 asked as 3:4
//! since Kontext has no 4:5). A reference that is missing, too large or not an image is
//! refused before anything is sent.
//!
//! It owns the result (`images[0].url`) and the image faults: `has_nsfw_concepts: [true]` is
//! a moderation refusal (fal may blank the image), an expired output URL is fetched again
//! from a fresh result, a `data:` URI instead of a URL (as `sync_mode` answers) is decoded in
//! place, and a body that is not a PNG, JPEG or WebP is refused as invalid output. The base
//! URL is overridable like every hosted adapter's; the key is fal's, from the keychain.

use super::{ImageProvider, ImageRequest, output};
use crate::providers::fal::queue::{self, QueueState};
use crate::providers::fal::{FAL_PROVIDER_ID, QUEUE_BASE};
use crate::providers::http::{HttpApi, ProviderEnv, download, images};
use crate::providers::{PollOutcome, ProviderError, RemoteOutput, Submitted, TerminalReason};
use reelforge_protocol::{
    AspectRatio, ImageInputKind, ImageInputSpec, ImageModelDescriptor, ImageProviderDescriptor,
    ImageSize, ProviderId,
};
use serde_json::{Value, json};
use std::path::Path;
use std::time::Duration;

/// The model ids in descriptors and requests.
pub const FLUX_SCHNELL: &str = "flux-schnell";
pub const FLUX_DEV: &str = "flux-dev";
pub const FLUX_KONTEXT: &str = "flux-kontext";
/// Kontext's endpoint for two or more references.
const KONTEXT_MULTI: &str = "fal-ai/flux-pro/kontext/multi";
/// Images usually finish within seconds.
const POLL_AFTER: Duration = Duration::from_secs(1);
/// Largest reference image sent (as a `data:` URI in the JSON body).
const MAX_REFERENCE_BYTES: u64 = 10 * 1024 * 1024;
/// Most references Kontext multi is sent.
const MAX_REFERENCES: u32 = 4;

/// One fal image model.
#[derive(Debug)]
struct FalImageModel {
    id: &'static str,
    display_name: &'static str,
    endpoint: &'static str,
    /// `Some(steps)`: text-to-image with `image_size`; `None`: Kontext (references,
    /// `aspect_ratio`).
    steps: Option<u32>,
    /// fal's listed price per ~1 megapixel image.
    micros_per_image: i64,
}

const MODELS: &[FalImageModel] = &[
    FalImageModel {
        id: FLUX_SCHNELL,
        display_name: "FLUX.1 schnell",
        endpoint: "fal-ai/flux/schnell",
        steps: Some(4),
        micros_per_image: 3_000,
    },
    FalImageModel {
        id: FLUX_DEV,
        display_name: "FLUX.1 dev",
        endpoint: "fal-ai/flux/dev",
        steps: Some(28),
        micros_per_image: 25_000,
    },
    FalImageModel {
        id: FLUX_KONTEXT,
        display_name: "FLUX.1 Kontext pro (keeps the reference's character)",
        endpoint: "fal-ai/flux-pro/kontext",
        steps: None,
        micros_per_image: 40_000,
    },
];

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

/// Kontext's `aspect_ratio` for each ratio, and the ~1 megapixel it makes (sizes
/// unverified; the fetched image's real shape is checked by [`output::frame_fit`]).
fn kontext_ratio(ratio: AspectRatio) -> (&'static str, u32, u32) {
    match ratio {
        AspectRatio::Portrait => ("9:16", 768, 1344),
        AspectRatio::Landscape => ("16:9", 1344, 768),
        AspectRatio::Square => ("1:1", 1024, 1024),
        AspectRatio::Feed => ("3:4", 896, 1152),
    }
}

/// FLUX on fal.ai.
#[derive(Debug)]
pub struct FalFluxProvider {
    descriptor: ImageProviderDescriptor,
    api: HttpApi,
}

impl FalFluxProvider {
    pub fn new(env: &ProviderEnv) -> Self {
        let models = MODELS
            .iter()
            .map(|m| {
                let sizes = AspectRatio::ALL
                    .iter()
                    .map(|&aspect_ratio| {
                        let (_, width, height) = match m.steps {
                            Some(_) => image_size(aspect_ratio),
                            None => {
                                let (_, w, h) = kontext_ratio(aspect_ratio);
                                (Value::Null, w, h)
                            }
                        };
                        ImageSize {
                            aspect_ratio,
                            width,
                            height,
                        }
                    })
                    .collect();
                ImageModelDescriptor {
                    id: m.id.to_owned(),
                    display_name: m.display_name.to_owned(),
                    sizes,
                    references: m.steps.is_none().then(|| ImageInputSpec {
                        max_count: MAX_REFERENCES,
                        ..images::image_input(ImageInputKind::Reference, MAX_REFERENCE_BYTES)
                    }),
                    micros_per_image: m.micros_per_image,
                }
            })
            .collect();
        Self {
            descriptor: ImageProviderDescriptor {
                id: ProviderId::from_static(FAL_PROVIDER_ID),
                display_name: "fal.ai".to_owned(),
                label: "Hosted AI image models (FLUX schnell, dev, Kontext) on fal's queue"
                    .to_owned(),
                needs_key: true,
                models,
                default_concurrency: 2,
                max_generation_s: 10 * 60,
            },
            api: HttpApi::new(FAL_PROVIDER_ID, "fal.ai", QUEUE_BASE, env.clone()),
        }
    }
}

/// The create body and endpoint for `request` on `model`; references are read (and
/// refused) here, before anything is sent.
fn create_body(
    model: &FalImageModel,
    request: &ImageRequest,
) -> Result<(&'static str, Value), ProviderError> {
    let mut body = match model.steps {
        Some(steps) => json!({
            "prompt": request.prompt,
            "image_size": image_size(request.aspect_ratio).0,
            "num_inference_steps": steps,
            "enable_safety_checker": true,
        }),
        None => json!({
            "prompt": request.prompt,
            "aspect_ratio": kontext_ratio(request.aspect_ratio).0,
            "guidance_scale": 3.5,
            "safety_tolerance": "2",
        }),
    };
    body["num_images"] = json!(1);
    body["output_format"] = json!("png");
    if let Some(seed) = request.seed {
        body["seed"] = json!(seed);
    }
    if model.steps.is_some() {
        return Ok((model.endpoint, body));
    }
    if request.reference_paths.is_empty() {
        return Err(invalid(format!(
            "{} needs a reference image (the character or look to keep)",
            model.display_name
        )));
    }
    let uris = request
        .reference_paths
        .iter()
        .take(MAX_REFERENCES as usize)
        .map(|p| images::read_image(Path::new(p), MAX_REFERENCE_BYTES).map(|i| i.data_uri()))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(match uris.as_slice() {
        [one] => {
            body["image_url"] = json!(one);
            (model.endpoint, body)
        }
        _ => {
            body["image_urls"] = json!(uris);
            (KONTEXT_MULTI, body)
        }
    })
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
        let model = MODELS
            .iter()
            .find(|m| m.id == request.model)
            .ok_or_else(|| invalid(format!("fal.ai has no image model `{}`", request.model)))?;
        if request.prompt.trim().is_empty() {
            return Err(invalid("FLUX needs a prompt"));
        }
        let (endpoint, body) = create_body(model, request)?;
        Ok(Submitted {
            remote_id: queue::enqueue(&self.api, endpoint, &body).await?,
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
            let (_, w, h) = kontext_ratio(ratio);
            let skew = (f64::from(w) / f64::from(h)) / (f64::from(rw) / f64::from(rh));
            assert!(
                (skew - 1.0).abs() < output::RATIO_TOLERANCE,
                "{ratio}: {w}x{h}"
            );
        }
    }
}
