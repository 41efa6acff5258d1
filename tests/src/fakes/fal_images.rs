//! The fake fal queue's FLUX text-to-image results (audio-and-images.md §E1), for requests
//! submitted to `fal-ai/flux/…`: `{"images":[{url,width,height,content_type}], "seed",
//! "has_nsfw_concepts", "prompt", "timings"}`, the image a real PNG of the asked
//! `image_size` (fal's named sizes or `{width, height}`) served from the fake's `/files/`.
//!
//! Switches: a job armed with [`Fault::Moderation`](super::Fault::Moderation) answers
//! `has_nsfw_concepts: [true]` with a blank image, as fal's safety checker does; a prompt
//! containing `fake:data-uri` gets its image inline as a `data:image/png;base64,…` URI (what
//! `sync_mode` answers), a prompt containing `fake:ignore-ratio` gets a square image whatever
//! `image_size` asked (a model that ignores the aspect ratio); a missing prompt or an unknown
//! `image_size` is a 422 `detail[]`. FLUX Kontext (`fal-ai/flux-pro/kontext`, `…/multi`) sizes
//! by `aspect_ratio` and needs its reference images: [`reference_refusal`].

use super::FakeCore;
use super::stills::still;
use axum::body::Body;
use axum::http::{Response, StatusCode};
use axum::response::IntoResponse;
use base64::Engine;
use serde_json::{Value, json};

/// The pixels of fal's `image_size` value.
fn pixels(size: Option<&Value>) -> Option<(u64, u64)> {
    match size {
        None => Some((1024, 768)),
        Some(Value::String(name)) => match name.as_str() {
            "square_hd" => Some((1024, 1024)),
            "square" => Some((512, 512)),
            "portrait_4_3" => Some((768, 1024)),
            "portrait_16_9" => Some((576, 1024)),
            "landscape_4_3" => Some((1024, 768)),
            "landscape_16_9" => Some((1024, 576)),
            _ => None,
        },
        Some(Value::Object(sides)) => {
            let side = |k: &str| {
                sides
                    .get(k)
                    .and_then(Value::as_u64)
                    .filter(|v| (64..=2048).contains(v))
            };
            Some((side("width")?, side("height")?))
        }
        Some(_) => None,
    }
}

fn validation(loc: &str, msg: &str, kind: &str) -> Response<Body> {
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        axum::Json(json!({"detail": [{"loc": ["body", loc], "msg": msg, "type": kind}]})),
    )
        .into_response()
}

/// Kontext's ~1 megapixel size for its `aspect_ratio`.
fn kontext_pixels(ratio: &str) -> Option<(u64, u64)> {
    Some(match ratio {
        "21:9" => (1568, 672),
        "16:9" => (1344, 768),
        "4:3" => (1184, 880),
        "3:2" => (1248, 832),
        "1:1" => (1024, 1024),
        "2:3" => (832, 1248),
        "3:4" => (896, 1152),
        "9:16" => (768, 1344),
        "9:21" => (672, 1568),
        _ => return None,
    })
}

/// Whether a `data:` URI holds a PNG, JPEG or WebP image.
fn data_uri_is_image(uri: &str) -> bool {
    let Some((_, data)) = uri.split_once(";base64,") else {
        return false;
    };
    let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(data) else {
        return false;
    };
    bytes.starts_with(b"\x89PNG\r\n\x1a\n")
        || bytes.starts_with(&[0xFF, 0xD8, 0xFF])
        || (bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP")
}

/// Kontext's reference check: `image_url` (or `image_urls[]` on `…/multi`) is required, and
/// each must be a file uploaded to this fake (`uploaded`) or a `data:` URI that decodes to
/// an image; else fal's 422.
pub fn reference_refusal(
    endpoint: &str,
    input: &Value,
    uploaded: impl Fn(&str) -> bool,
) -> Option<Response<Body>> {
    if !endpoint.contains("kontext") {
        return None;
    }
    let (field, urls): (&str, Vec<&str>) = if endpoint.ends_with("/multi") {
        let urls = input.get("image_urls").and_then(Value::as_array);
        let urls = urls.map(|u| u.iter().filter_map(Value::as_str).collect());
        ("image_urls", urls.unwrap_or_default())
    } else {
        let url = input.get("image_url").and_then(Value::as_str);
        ("image_url", url.into_iter().collect())
    };
    if urls.is_empty() {
        return Some(validation(field, "field required", "missing"));
    }
    let readable = |url: &&str| {
        if url.starts_with("data:") {
            data_uri_is_image(url)
        } else {
            uploaded(url)
        }
    };
    if !urls.iter().all(readable) {
        return Some(validation(
            field,
            "Could not load the image: it is not a valid image file.",
            "image_load_error",
        ));
    }
    None
}

/// The result of a finished FLUX request with `input`.
pub fn result(core: &FakeCore, input: &Value, moderated: bool) -> Response<Body> {
    let prompt = input
        .get("prompt")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if prompt.is_empty() {
        return validation("prompt", "field required", "missing");
    }
    let size = match input.get("aspect_ratio").and_then(Value::as_str) {
        Some(ratio) => kontext_pixels(ratio),
        None => pixels(input.get("image_size")),
    };
    let Some((w, h)) = size else {
        return validation("image_size", "unknown image size", "value_error");
    };
    let (w, h) = if prompt.contains("fake:ignore-ratio") {
        (1024, 1024)
    } else {
        (w, h)
    };
    let name = still(core, w, h, moderated, "png");
    let url = if prompt.contains("fake:data-uri") {
        let bytes = std::fs::read(core.clips.dir().join(&name)).expect("fake image");
        format!(
            "data:image/png;base64,{}",
            base64::engine::general_purpose::STANDARD.encode(bytes)
        )
    } else {
        format!(
            "{}/files/{name}?X-Amz-Expires=3600&sig={}",
            core.base_url,
            uuid::Uuid::new_v4().simple()
        )
    };
    axum::Json(json!({
        "images": [{"url": url, "width": w, "height": h, "content_type": "image/png"}],
        "seed": input.get("seed").cloned().unwrap_or(json!(1234)),
        "has_nsfw_concepts": [moderated],
        "prompt": prompt,
        "timings": {"inference": 0.41},
    }))
    .into_response()
}
