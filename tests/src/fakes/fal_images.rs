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
//! `image_size` is a 422 `detail[]`.

use super::FakeCore;
use axum::body::Body;
use axum::http::{Response, StatusCode};
use axum::response::IntoResponse;
use base64::Engine;
use serde_json::{Value, json};
use std::process::Command;

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

/// A PNG of `w`×`h` in the fake's file folder (made once): a test pattern, or black when
/// `blank`. Returns its file name.
fn still(core: &FakeCore, w: u64, h: u64, blank: bool) -> String {
    let kind = if blank { "blank" } else { "image" };
    let name = format!("{kind}-{w}x{h}.png");
    let path = core.clips.dir().join(&name);
    if !path.exists() {
        let source = if blank {
            format!("color=c=black:s={w}x{h}")
        } else {
            format!("testsrc2=size={w}x{h}")
        };
        let tmp = core.clips.dir().join(format!("{name}.part.png"));
        let status = Command::new("ffmpeg")
            .args([
                "-hide_banner",
                "-loglevel",
                "error",
                "-y",
                "-f",
                "lavfi",
                "-i",
            ])
            .arg(source)
            .args(["-frames:v", "1"])
            .arg(&tmp)
            .status()
            .expect("ffmpeg runs (install it with scripts/setup.sh)");
        assert!(status.success(), "ffmpeg made no image {name}");
        std::fs::rename(&tmp, &path).expect("image rename");
    }
    name
}

fn validation(loc: &str, msg: &str, kind: &str) -> Response<Body> {
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        axum::Json(json!({"detail": [{"loc": ["body", loc], "msg": msg, "type": kind}]})),
    )
        .into_response()
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
    let Some((w, h)) = pixels(input.get("image_size")) else {
        return validation("image_size", "unknown image size", "value_error");
    };
    let (w, h) = if prompt.contains("fake:ignore-ratio") {
        (1024, 1024)
    } else {
        (w, h)
    };
    let name = still(core, w, h, moderated);
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
