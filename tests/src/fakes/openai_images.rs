//! OpenAI's image generation on the fake OpenAI server (audio-and-images.md §E3), merged
//! into [`super::openai_audio`]'s router so one `openai` base URL serves voice and images:
//! `POST /v1/images/generations` (JSON, `Authorization: Bearer`, [`Route::Create`]) and
//! `POST /v1/images/edits` (multipart, reference images as `image[]`, [`Route::Create`]).
//!
//! `model` defaults to `dall-e-2` when omitted, as the API does; GPT image models
//! (`gpt-image-1`, `gpt-image-1-mini`, `gpt-image-1.5`) take `size` `1024x1024` |
//! `1536x1024` | `1024x1536` | `auto`, `quality` `low` | `medium` | `high` | `auto`, `n`
//! 1–10, `output_format` `png` | `jpeg` | `webp`, refuse `response_format` (dall-e only) and
//! **always answer `b64_json`**, with `usage` in tokens; `dall-e-2`/`dall-e-3` answer `url`
//! unless `response_format: "b64_json"`. Errors are `{"error":{message,type,param,code}}`.
//!
//! Switches: [`Fault::Moderation`](super::Fault::Moderation) on [`Route::Create`] answers 400
//! `moderation_blocked` as the safety system does; a prompt containing `fake:quota` answers
//! 429 `insufficient_quota`; `fake:url` answers a URL instead of base64 (as a compatible
//! server may); `fake:wrong-aspect` a square image whatever the size asked.

use super::stills::{file_url, still};
use super::{FakeCore, Route, form_data};
use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, Response, StatusCode};
use axum::response::IntoResponse;
use axum::routing::post;
use base64::Engine;
use serde_json::{Value, json};
use std::sync::Arc;

const GPT_IMAGE: [&str; 3] = ["gpt-image-1", "gpt-image-1-mini", "gpt-image-1.5"];
const GPT_SIZES: [&str; 4] = ["1024x1024", "1536x1024", "1024x1536", "auto"];

/// The routes this fake adds (both [`Route::Create`]).
pub const GENERATIONS: &str = "/v1/images/generations";
pub const EDITS: &str = "/v1/images/edits";

/// The image routes, over the shared fake `core`.
pub fn routes(core: Arc<FakeCore>) -> Router {
    Router::new()
        .route(GENERATIONS, post(generations))
        .route(EDITS, post(edits))
        .with_state(core)
}

fn refused(
    status: StatusCode,
    param: Option<&str>,
    code: Option<&str>,
    kind: &str,
    message: &str,
) -> Response<Body> {
    (
        status,
        axum::Json(
            json!({"error": {"message": message, "type": kind, "param": param, "code": code}}),
        ),
    )
        .into_response()
}

fn invalid(param: &str, message: &str) -> Response<Body> {
    refused(
        StatusCode::BAD_REQUEST,
        Some(param),
        None,
        "invalid_request_error",
        message,
    )
}

async fn generations(
    State(core): State<Arc<FakeCore>>,
    headers: HeaderMap,
    axum::Json(body): axum::Json<Value>,
) -> Response<Body> {
    if let Some(refusal) = core.key_refusal(&headers, "authorization", "Bearer ") {
        return refusal;
    }
    let model = body
        .get("model")
        .and_then(Value::as_str)
        .unwrap_or("dall-e-2");
    answer(&core, model, &body)
}

/// `POST /v1/images/edits` (multipart): `image[]` repeated (or `image`), each a PNG, JPEG or
/// WebP; `prompt`; the model defaults to `gpt-image-1.5`; then answered as a generation.
async fn edits(
    State(core): State<Arc<FakeCore>>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response<Body> {
    if let Some(refusal) = core.key_refusal(&headers, "authorization", "Bearer ") {
        return refusal;
    }
    let Some(boundary) = form_data::boundary(&headers) else {
        return invalid("image", "Expected a multipart/form-data body.");
    };
    let mut params = serde_json::Map::new();
    let mut images = 0;
    for part in form_data::parts(&body, &boundary) {
        if part.name == "image[]" || part.name == "image" {
            images += 1;
            let b = &part.bytes;
            let is_image = b.starts_with(b"\x89PNG\r\n\x1a\n")
                || b.starts_with(&[0xFF, 0xD8, 0xFF])
                || (b.len() >= 12 && &b[..4] == b"RIFF" && &b[8..12] == b"WEBP");
            if !is_image {
                let message = format!(
                    "Invalid image file or mode for image {images}, please check your image file."
                );
                return invalid("image", &message);
            }
        } else {
            let text = String::from_utf8_lossy(&part.bytes).into_owned();
            let value = text.parse::<u64>().map_or(json!(text), |n| json!(n));
            params.insert(part.name.clone(), value);
        }
    }
    if images == 0 || images > 16 {
        return invalid("image", "Between 1 and 16 images are required ('image[]').");
    }
    let params = Value::Object(params);
    let model = params
        .get("model")
        .and_then(Value::as_str)
        .unwrap_or("gpt-image-1.5")
        .to_owned();
    if !GPT_IMAGE.contains(&model.as_str()) {
        return invalid("model", &format!("Invalid value: '{model}'."));
    }
    if model == "gpt-image-1-mini" && params.get("input_fidelity").is_some() {
        return invalid(
            "input_fidelity",
            "input_fidelity is not supported for gpt-image-1-mini.",
        );
    }
    answer(&core, &model, &params)
}

/// A generation's answer for `model` and the request's `body` fields.
fn answer(core: &Arc<FakeCore>, model: &str, body: &Value) -> Response<Body> {
    let gpt = GPT_IMAGE.contains(&model);
    if !gpt && !["dall-e-2", "dall-e-3"].contains(&model) {
        return invalid(
            "model",
            &format!("Invalid value: '{model}'. Value must be one of the supported image models."),
        );
    }
    let prompt = body
        .get("prompt")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if prompt.is_empty() {
        return invalid("prompt", "Missing required parameter: 'prompt'.");
    }
    if prompt.chars().count() > 32_000 {
        return invalid("prompt", "'prompt' is too long.");
    }
    let size = body.get("size").and_then(Value::as_str).unwrap_or("auto");
    if gpt && !GPT_SIZES.contains(&size) {
        return invalid(
            "size",
            &format!(
                "Invalid value: '{size}'. Supported values are: '1024x1024', '1024x1536', '1536x1024', and 'auto'."
            ),
        );
    }
    let n = body.get("n").and_then(Value::as_u64).unwrap_or(1);
    if !(1..=10).contains(&n) {
        return invalid("n", "'n' must be between 1 and 10.");
    }
    let response_format = body.get("response_format").and_then(Value::as_str);
    if gpt && response_format.is_some() {
        return invalid("response_format", "Unknown parameter: 'response_format'.");
    }
    let format = body
        .get("output_format")
        .and_then(Value::as_str)
        .unwrap_or("png");
    let extension = match format {
        "png" => "png",
        "jpeg" => "jpg",
        "webp" => "webp",
        other => return invalid("output_format", &format!("Invalid value: '{other}'.")),
    };
    if core.faults.take_moderation(Route::Create) {
        return (
            StatusCode::BAD_REQUEST,
            axum::Json(json!({"error": {
                "message": "Your request was rejected by the safety system. If you believe this is an error, contact us at help.openai.com and include the request ID req_fake.",
                "type": "image_generation_user_error", "param": null, "code": "moderation_blocked",
                "moderation_details": {"moderation_stage": "input", "categories": ["other"]},
            }})),
        )
            .into_response();
    }
    if prompt.contains("fake:quota") {
        return refused(
            StatusCode::TOO_MANY_REQUESTS,
            None,
            Some("insufficient_quota"),
            "insufficient_quota",
            "You exceeded your current quota, please check your plan and billing details.",
        );
    }
    let (mut w, mut h) = size
        .split_once('x')
        .and_then(|(w, h)| Some((w.parse().ok()?, h.parse().ok()?)))
        .unwrap_or((1024, 1024));
    if prompt.contains("fake:wrong-aspect") {
        (w, h) = (1024, 1024);
    }
    let name = still(core, w, h, false, extension);
    let as_url = prompt.contains("fake:url") || (!gpt && response_format != Some("b64_json"));
    let item = if as_url {
        json!({"url": file_url(core, &name), "revised_prompt": prompt})
    } else {
        let bytes = std::fs::read(core.clips.dir().join(&name)).expect("fake image");
        json!({"b64_json": base64::engine::general_purpose::STANDARD.encode(bytes)})
    };
    let quality = body
        .get("quality")
        .and_then(Value::as_str)
        .unwrap_or("auto");
    let output_tokens = match (quality, w == h) {
        ("low", true) => 272,
        ("low", false) => 408,
        ("high", true) => 4160,
        ("high", false) => 6240,
        (_, true) => 1056,
        (_, false) => 1584,
    } * n;
    let text_tokens = prompt.split_whitespace().count() as u64 + 3;
    axum::Json(json!({
        "created": 1_760_000_000,
        "data": (0..n).map(|_| item.clone()).collect::<Vec<_>>(),
        "background": body.get("background").cloned().unwrap_or(json!("opaque")),
        "output_format": format,
        "quality": quality,
        "size": format!("{w}x{h}"),
        "usage": {
            "input_tokens": text_tokens,
            "input_tokens_details": {"image_tokens": 0, "text_tokens": text_tokens},
            "output_tokens": output_tokens,
            "total_tokens": text_tokens + output_tokens,
        },
    }))
    .into_response()
}
