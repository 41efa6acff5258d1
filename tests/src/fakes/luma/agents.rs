//! The fake Luma's Agents surface (providers.md §1b): `POST /generations` with its body
//! checks (inline base64 images, 413 above [`MAX_IMAGE_BYTES`], 422 for bad combinations)
//! and the headers every Agents answer carries.

use super::*;
use crate::fakes::timestamps::rfc3339_now;
use axum::body::Bytes;
use axum::http::HeaderValue;
use base64::Engine;

/// Adds the Agents API's informational headers.
pub(super) fn agents_headers(mut response: Response<Body>, request: &HeaderMap) -> Response<Body> {
    let request_id = request.get("x-request-id").cloned().unwrap_or_else(|| {
        HeaderValue::from_str(&format!("req_{}", uuid::Uuid::new_v4().simple())).expect("ascii")
    });
    let headers = response.headers_mut();
    headers.insert("x-request-id", request_id);
    headers.insert("x-api-version", HeaderValue::from_static(API_VERSION));
    response
}

pub(super) async fn agents_create(
    State(luma): State<Arc<Luma>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response<Body> {
    let response = agents_create_inner(&luma, &headers, &body);
    agents_headers(response, &headers)
}

pub(super) fn agents_create_inner(luma: &Luma, headers: &HeaderMap, body: &[u8]) -> Response<Body> {
    let core = &luma.core;
    if let Some(refusal) = core.key_refusal(headers, "authorization", "Bearer ") {
        return refusal;
    }
    let Ok(request) = serde_json::from_slice::<Value>(body) else {
        return core.error(400, "Request body is not valid JSON");
    };
    let model = request.get("model").and_then(Value::as_str).unwrap_or("");
    if model != "ray-3.2" {
        return core.error(400, &format!("Invalid model `{model}` for type video"));
    }
    if request.get("type").and_then(Value::as_str) != Some("video") {
        return core.error(400, "This server only generates type `video`");
    }
    let prompt = request.get("prompt").and_then(Value::as_str).unwrap_or("");
    if prompt.is_empty() || prompt.chars().count() > 6000 {
        return core.error(400, "prompt must be 1 to 6000 characters");
    }
    let video = request.get("video").cloned().unwrap_or(json!({}));
    let checked = (|| {
        let aspect = enum_field(
            request.get("aspect_ratio"),
            "16:9",
            &["9:16", "3:4", "1:1", "4:3", "16:9", "21:9"],
            "aspect_ratio",
        )?;
        let duration = duration_of(video.get("duration"), &["5s", "10s"])?;
        enum_field(
            video.get("resolution"),
            "720p",
            &["540p", "720p", "1080p"],
            "video.resolution",
        )?;
        Ok::<_, String>((aspect.to_owned(), duration))
    })();
    let (aspect, duration_s) = match checked {
        Ok(ok) => ok,
        Err(message) => return core.error(400, &message),
    };
    let frames: Vec<(&str, &Value)> = ["start_frame", "end_frame"]
        .into_iter()
        .filter_map(|k| video.get(k).filter(|v| !v.is_null()).map(|v| (k, v)))
        .collect();
    let flag = |k: &str| video.get(k).and_then(Value::as_bool) == Some(true);
    if duration_s == 10 && (!frames.is_empty() || flag("loop") || flag("hdr")) {
        return core.error(
            422,
            "10s duration is not supported with start/end frames, loop or HDR",
        );
    }
    for (name, image) in frames {
        if let Err((status, message)) = check_image_ref(image, name) {
            return core.error(status, &message);
        }
    }
    let failure = core.faults.take_moderation(Route::Create).then_some((
        "content_moderated",
        "The prompt was flagged by content moderation",
    ));
    let id = uuid::Uuid::new_v4().to_string();
    let job = Job {
        surface: Surface::Agents,
        model: model.to_owned(),
        created_at: rfc3339_now(),
        duration_s,
        aspect,
        step: 0,
        failure,
        request: Value::Null,
    };
    let body = luma.render(&id, &job);
    luma.insert(&id, job);
    let mut response = json_response(StatusCode::CREATED, body);
    response
        .headers_mut()
        .insert("x-ratelimit-limit", HeaderValue::from_static("60"));
    response
}

/// Checks one Agents ImageRef; `Err((status, message))` when the API would refuse it.
fn check_image_ref(image: &Value, name: &str) -> Result<(), (u16, String)> {
    let given: Vec<&str> = ["url", "data", "generation_id"]
        .into_iter()
        .filter(|k| image.get(*k).is_some_and(|v| !v.is_null()))
        .collect();
    if given.len() != 1 {
        return Err((
            422,
            format!("video.{name}: exactly one of url, data or generation_id is required"),
        ));
    }
    if given[0] != "data" {
        return Ok(());
    }
    let media_type = image
        .get("media_type")
        .and_then(Value::as_str)
        .unwrap_or("");
    if !["image/png", "image/jpeg", "image/webp"].contains(&media_type) {
        return Err((
            422,
            format!("video.{name}: media_type must be image/png, image/jpeg or image/webp"),
        ));
    }
    let data = image.get("data").and_then(Value::as_str).unwrap_or("");
    if data.len() / 4 * 3 > MAX_IMAGE_BYTES + 3 {
        return Err((413, "Image exceeds 50 MB".to_owned()));
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(data)
        .map_err(|_| (422, format!("video.{name}: data is not valid base64")))?;
    if bytes.len() > MAX_IMAGE_BYTES {
        return Err((413, "Image exceeds 50 MB".to_owned()));
    }
    Ok(())
}
