//! OpenAI GPT image keyframes (audio-and-images.md §E3): `POST {base}/images/generations`
//! `{"model": "gpt-image-1", prompt, size, quality, n: 1, output_format: "png", moderation}`
//! with `Authorization: Bearer`, answered synchronously with the image as `b64_json` (GPT
//! image models never answer a URL) and the tokens used. With reference images (character,
//! style) the call is `POST {base}/images/edits`, multipart, the images as repeated
//! `image[]` parts with `input_fidelity: high` (the model named, since the edits default
//! is another one); a missing, corrupt or too large reference is refused before sending.
//!
//! The API has no job to follow, so the durable shape is kept here: `submit` sends the paid
//! call once, decodes the image and holds it in a kept folder of the data folder
//! ([`crate::work_folder::WorkFolder::kept_dir`]) under a fresh `remote_id` (with what it
//! cost, from `usage`), so a crash before the engine fetched it loses nothing; `poll` answers
//! it done; `fetch_output` copies it out. An image no longer held (a week old, or written
//! without a data folder by a process that has stopped) is gone: `poll` says so (made again
//! by the person, never silently paid twice). A `url` answer (dall-e models,
//! compatible servers) is downloaded instead.
//!
//! Sizes: GPT image makes 1024x1536, 1536x1024 and 1024x1024 only, so 9:16 and 4:5 come as
//! 2:3 and 16:9 as 3:2; the descriptor says so and [`super::output::frame_fit`] reports the
//! image for reframing. Errors are OpenAI's `{"error": {message, type, code}}`: 400
//! `moderation_blocked` is moderation; 429 `insufficient_quota` is a spent quota (never
//! retried), any other 429 is transient with its `Retry-After`. The key and the base URL
//! (with `/v1`) are the OpenAI voice's (`openai`).

use super::{ImageProvider, ImageRequest, output};
use crate::providers::http::status::{self, Phase};
use crate::providers::http::{HttpApi, ProviderEnv, download, images};
use crate::providers::{
    ErrorClass, PollOutcome, ProviderError, RemoteOutput, Submitted, TerminalReason,
};
use reelforge_protocol::{
    AspectRatio, ImageInputKind, ImageInputSpec, ImageModelDescriptor, ImageProviderDescriptor,
    ImageSize, ProviderId,
};
use reqwest::StatusCode;
use reqwest::header::AUTHORIZATION;
use serde::Deserialize;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The provider id: the OpenAI voice's, so one key serves both.
pub const OPENAI_PROVIDER_ID: &str = "openai";
/// The model id in descriptors and requests (always sent: omitted, it means dall-e-2).
pub const GPT_IMAGE_1: &str = "gpt-image-1";
const API_BASE: &str = "https://api.openai.com/v1";
/// The kept folder held images live in.
const HELD_DIR: &str = "openai-images";
/// Most reference images sent to `/images/edits` (the API takes 16).
const MAX_REFERENCES: u32 = 4;
/// Largest reference image sent (the API takes under 50 MB).
const MAX_REFERENCE_BYTES: u64 = 20 * 1024 * 1024;
/// gpt-image-1's prices per token, in micro-USD (text in, image in, image out).
const MICROS_PER_TOKEN: (i64, i64, i64) = (5, 10, 40);

/// The size asked for each ratio.
fn gpt_size(ratio: AspectRatio) -> (u32, u32) {
    match ratio {
        AspectRatio::Portrait | AspectRatio::Feed => (1024, 1536),
        AspectRatio::Landscape => (1536, 1024),
        AspectRatio::Square => (1024, 1024),
    }
}

/// OpenAI images.
#[derive(Debug)]
pub struct OpenAiImagesProvider {
    descriptor: ImageProviderDescriptor,
    api: HttpApi,
    work: crate::work_folder::WorkFolder,
}

#[derive(Debug, Deserialize)]
struct ImagesResponse {
    #[serde(default)]
    data: Vec<ImageData>,
    #[serde(default)]
    usage: Option<Usage>,
}

#[derive(Debug, Deserialize)]
struct ImageData {
    #[serde(default)]
    b64_json: Option<String>,
    #[serde(default)]
    url: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct Usage {
    #[serde(default)]
    input_tokens_details: Option<InputTokens>,
    #[serde(default)]
    output_tokens: i64,
}

#[derive(Debug, Default, Deserialize)]
struct InputTokens {
    #[serde(default)]
    image_tokens: i64,
    #[serde(default)]
    text_tokens: i64,
}

impl Usage {
    fn micros(&self) -> i64 {
        let (text, image, out) = MICROS_PER_TOKEN;
        let input = self.input_tokens_details.as_ref();
        input.map_or(0, |i| i.text_tokens * text + i.image_tokens * image)
            + self.output_tokens * out
    }
}

impl OpenAiImagesProvider {
    pub fn new(env: &ProviderEnv) -> Self {
        let sizes = AspectRatio::ALL
            .iter()
            .map(|&aspect_ratio| {
                let (width, height) = gpt_size(aspect_ratio);
                ImageSize {
                    aspect_ratio,
                    width,
                    height,
                }
            })
            .collect();
        Self {
            descriptor: ImageProviderDescriptor {
                id: ProviderId::from_static(OPENAI_PROVIDER_ID),
                display_name: "OpenAI".to_owned(),
                label: "Hosted AI image model (GPT image); 9:16 comes as 2:3 and is reframed"
                    .to_owned(),
                needs_key: true,
                models: vec![ImageModelDescriptor {
                    id: GPT_IMAGE_1.to_owned(),
                    display_name: "GPT image 1 (medium quality)".to_owned(),
                    sizes,
                    references: Some(ImageInputSpec {
                        max_count: MAX_REFERENCES,
                        ..images::image_input(ImageInputKind::Reference, MAX_REFERENCE_BYTES)
                    }),
                    // Medium quality, 1024x1536: $0.063 (square: $0.042).
                    micros_per_image: 63_000,
                }],
                default_concurrency: 2,
                max_generation_s: 5 * 60,
            },
            api: HttpApi::new(OPENAI_PROVIDER_ID, "OpenAI", API_BASE, env.clone()),
            work: env.work.clone(),
        }
    }

    /// The held image of `remote_id` and its note (cost, or the answered URL).
    fn held(&self, remote_id: &str) -> Result<(PathBuf, PathBuf), ProviderError> {
        if remote_id.is_empty() || !remote_id.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(ProviderError::terminal(
                TerminalReason::InvalidInput,
                format!("`{remote_id}` is not an OpenAI image made here"),
            ));
        }
        let dir = self
            .work
            .kept_dir(HELD_DIR)
            .map_err(|e| ProviderError::disk("the kept images folder", &e))?;
        Ok((
            dir.join(format!("{remote_id}.img")),
            dir.join(format!("{remote_id}.json")),
        ))
    }
}

/// OpenAI's error statuses: spent quota and moderation by their `code`, the rest as usual.
fn classify(
    code: StatusCode,
    retry_after: Option<Duration>,
    body: &str,
    phase: Phase,
) -> ProviderError {
    let error = serde_json::from_str::<Value>(body).unwrap_or_default();
    let kind = error
        .pointer("/error/code")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let message = format!("HTTP {}: {}", code.as_u16(), status::provider_message(body));
    match kind {
        "insufficient_quota" | "billing_hard_limit_reached" => {
            ProviderError::terminal(TerminalReason::InsufficientCredits, message)
        }
        "moderation_blocked" | "content_policy_violation" => {
            ProviderError::terminal(TerminalReason::Moderation, message)
        }
        _ => status::status_error(code, retry_after, body, phase),
    }
}

#[async_trait::async_trait]
impl ImageProvider for OpenAiImagesProvider {
    fn descriptor(&self) -> &ImageProviderDescriptor {
        &self.descriptor
    }

    async fn submit(&self, request: &ImageRequest) -> Result<Submitted, ProviderError> {
        if request.model != GPT_IMAGE_1 {
            return Err(ProviderError::terminal(
                TerminalReason::InvalidInput,
                format!("OpenAI has no image model `{}` here", request.model),
            ));
        }
        if request.prompt.trim().is_empty() {
            return Err(ProviderError::terminal(
                TerminalReason::InvalidInput,
                "GPT image needs a prompt",
            ));
        }
        // References are read (and refused) before anything is sent.
        let references = request
            .reference_paths
            .iter()
            .take(MAX_REFERENCES as usize)
            .map(|p| images::read_image(Path::new(p), MAX_REFERENCE_BYTES))
            .collect::<Result<Vec<_>, _>>()?;
        let remote_id = uuid::Uuid::new_v4().simple().to_string();
        let (image_path, note_path) = self.held(&remote_id)?;
        let key = self.api.key()?;
        let (width, height) = gpt_size(request.aspect_ratio);
        let fields = [
            ("model", GPT_IMAGE_1.to_owned()),
            ("prompt", request.prompt.clone()),
            ("size", format!("{width}x{height}")),
            ("quality", "medium".to_owned()),
            ("output_format", "png".to_owned()),
            ("background", "opaque".to_owned()),
        ];
        let create = if references.is_empty() {
            let mut body: serde_json::Map<String, Value> = fields
                .into_iter()
                .map(|(k, v)| (k.to_owned(), json!(v)))
                .collect();
            body.insert("n".to_owned(), json!(1));
            body.insert("moderation".to_owned(), json!("auto"));
            self.api
                .client()
                .post(self.api.url("/images/generations"))
                .json(&body)
        } else {
            // The edits endpoint: the references as repeated `image[]` parts.
            let mut form = fields
                .into_iter()
                .fold(reqwest::multipart::Form::new(), |f, (k, v)| f.text(k, v))
                .text("n", "1")
                .text("input_fidelity", "high");
            for image in references {
                let part = reqwest::multipart::Part::bytes(image.bytes)
                    .file_name(image.file_name)
                    .mime_str(image.mime)
                    .map_err(|e| {
                        ProviderError::terminal(TerminalReason::InvalidInput, e.to_string())
                    })?;
                form = form.part("image[]", part);
            }
            self.api
                .client()
                .post(self.api.url("/images/edits"))
                .multipart(form)
        };
        let create = create.header(AUTHORIZATION, format!("Bearer {}", key.expose()));
        let response = self
            .api
            .send_classified(create, Phase::Create, classify)
            .await?;
        let answer: ImagesResponse = self.api.json(response, Phase::Create).await?;
        let first = answer.data.into_iter().next().ok_or_else(|| {
            ProviderError::terminal(TerminalReason::InvalidOutput, "OpenAI answered no image")
        })?;
        // The image is paid for: a failure to hold it must not be retried (that would pay
        // again) but said, with the disk's own code.
        let disk = |e: std::io::Error| {
            let held = ProviderError::disk("the held OpenAI image", &e);
            ProviderError::new(
                ErrorClass::Terminal(TerminalReason::InvalidOutput),
                held.code,
                held.message,
            )
        };
        let mut note = json!({"cost_micros": answer.usage.unwrap_or_default().micros()});
        match (first.b64_json, first.url) {
            (Some(b64), _) => {
                let bytes = output::decode_base64("OpenAI", &b64)?;
                if let Some(dir) = image_path.parent() {
                    tokio::fs::create_dir_all(dir).await.map_err(disk)?;
                }
                tokio::fs::write(&image_path, bytes).await.map_err(disk)?;
            }
            (None, Some(url)) => note["url"] = json!(url),
            (None, None) => {
                return Err(ProviderError::terminal(
                    TerminalReason::InvalidOutput,
                    "OpenAI answered an image with neither b64_json nor url",
                ));
            }
        }
        if let Some(dir) = note_path.parent() {
            tokio::fs::create_dir_all(dir).await.map_err(disk)?;
        }
        // Written last: its presence says the image is held.
        tokio::fs::write(&note_path, note.to_string())
            .await
            .map_err(disk)?;
        Ok(Submitted {
            remote_id,
            poll_after: None,
        })
    }

    async fn poll(&self, remote_id: &str) -> Result<PollOutcome, ProviderError> {
        let (_, note_path) = self.held(remote_id)?;
        let Ok(note) = tokio::fs::read(&note_path).await else {
            return Ok(PollOutcome::Failed(ProviderError::terminal(
                TerminalReason::InvalidOutput,
                "OpenAI's image is no longer held here (a week old, or held by a process that had no data folder); it is gone",
            )));
        };
        let note: Value = serde_json::from_slice(&note).unwrap_or_default();
        let url = match note.get("url").and_then(Value::as_str) {
            Some(url) => url.to_owned(),
            None => format!("held:{remote_id}"),
        };
        Ok(PollOutcome::Succeeded {
            output: RemoteOutput { url },
            actual_cost_micros: note
                .get("cost_micros")
                .and_then(Value::as_i64)
                .filter(|c| *c > 0),
        })
    }

    async fn cancel(&self, _remote_id: &str) -> Result<(), ProviderError> {
        Ok(())
    }

    async fn fetch_output(
        &self,
        remote_id: &str,
        output: &RemoteOutput,
        dest: &Path,
    ) -> Result<u64, ProviderError> {
        let bytes = if output.url.starts_with("held:") {
            let (image_path, _) = self.held(remote_id)?;
            tokio::fs::copy(&image_path, dest)
                .await
                .map_err(|e| ProviderError::disk(dest.display(), &e))?
        } else {
            download::download_refreshing(&self.api, output, dest, || self.poll(remote_id)).await?
        };
        output::check_image("OpenAI", dest)?;
        Ok(bytes)
    }
}
