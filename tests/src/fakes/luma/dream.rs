//! The fake Luma's Dream Machine surface (providers.md §1a): `POST /generations/video`
//! with its body checks (model, prompt, duration, resolution, aspect ratio, keyframes given
//! as URLs) and `GET /generations` (the list).

use super::*;
use crate::fakes::timestamps::rfc3339_now;
use axum::body::Bytes;
use axum::extract::Query;

/// `POST /generations/video` (Dream Machine).
pub(super) async fn dream_create(
    State(luma): State<Arc<Luma>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response<Body> {
    let core = &luma.core;
    if let Some(refusal) = core.key_refusal(&headers, "authorization", "Bearer ") {
        return refusal;
    }
    let Ok(request) = serde_json::from_slice::<Value>(&body) else {
        return core.error(422, "Request body is not valid JSON");
    };
    let model = request.get("model").and_then(Value::as_str).unwrap_or("");
    if !["ray-1-6", "ray-2", "ray-flash-2"].contains(&model) {
        return core.error(400, &format!("Invalid model `{model}`"));
    }
    let keyframes = request.get("keyframes").filter(|k| !k.is_null());
    let prompt = request.get("prompt").and_then(Value::as_str);
    match prompt {
        None if keyframes.is_none() => return core.error(400, "Prompt is required"),
        Some(p) if p.chars().count() < 3 => {
            return core.error(400, "Prompt is too short, minimum length is 3 characters");
        }
        Some(p) if p.chars().count() > 5000 => {
            return core.error(400, "Prompt is too long, maximum length is 5000 characters");
        }
        _ => {}
    }
    let aspects = ["1:1", "16:9", "9:16", "4:3", "3:4", "21:9", "9:21"];
    let checked = (|| {
        let aspect = enum_field(
            request.get("aspect_ratio"),
            "16:9",
            &aspects,
            "aspect_ratio",
        )?;
        let duration = duration_of(request.get("duration"), &["5s", "9s"])?;
        enum_field(
            request.get("resolution"),
            "720p",
            &["540p", "720p", "1080p", "4k"],
            "resolution",
        )?;
        Ok::<_, String>((aspect.to_owned(), duration))
    })();
    let (aspect, duration_s) = match checked {
        Ok(ok) => ok,
        Err(message) => return core.error(400, &message),
    };
    let mut failure = None;
    if let Some(keyframes) = keyframes {
        let frames: Vec<&Value> = ["frame0", "frame1"]
            .iter()
            .filter_map(|k| keyframes.get(*k))
            .collect();
        if frames.is_empty() {
            return core.error(400, "No keyframes provided");
        }
        if request.get("loop").and_then(Value::as_bool) == Some(true)
            && keyframes.get("frame1").is_some()
        {
            return core.error(400, "Loop is not supported for end frame");
        }
        for frame in frames {
            match frame.get("type").and_then(Value::as_str) {
                Some("image") => {
                    let url = frame.get("url").and_then(Value::as_str).unwrap_or("");
                    if !(url.starts_with("https://") || url.starts_with("http://")) {
                        failure = Some(("", "Failed to read user input frames"));
                    }
                }
                Some("generation") if frame.get("id").is_some() => {}
                _ => return core.error(400, "Unknown request type"),
            }
        }
    }
    if core.faults.take_moderation(Route::Create) {
        failure = Some(("", "Advanced prompt moderation failed"));
    }
    let id = uuid::Uuid::new_v4().to_string();
    let job = Job {
        surface: Surface::DreamMachine,
        model: model.to_owned(),
        created_at: rfc3339_now(),
        duration_s,
        aspect,
        step: 0,
        failure,
        request,
    };
    let body = luma.render(&id, &job);
    luma.insert(&id, job);
    json_response(StatusCode::CREATED, body)
}

/// `POST /generations` (Agents).
/// `GET /generations?limit=&offset=` (Dream Machine list).
pub(super) async fn dream_list(
    State(luma): State<Arc<Luma>>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response<Body> {
    if let Some(refusal) = luma.core.key_refusal(&headers, "authorization", "Bearer ") {
        return refusal;
    }
    let limit: usize = query
        .get("limit")
        .and_then(|l| l.parse().ok())
        .unwrap_or(10);
    let offset: usize = query
        .get("offset")
        .and_then(|o| o.parse().ok())
        .unwrap_or(0);
    let order = luma.order.lock().expect("luma order").clone();
    let jobs = luma.jobs().clone();
    let listed: Vec<Value> = order
        .iter()
        .rev()
        .filter_map(|id| jobs.get(id).map(|j| (id, j)))
        .filter(|(_, j)| j.surface == Surface::DreamMachine)
        .skip(offset)
        .take(limit)
        .map(|(id, j)| luma.render(id, j))
        .collect();
    let total = jobs
        .values()
        .filter(|j| j.surface == Surface::DreamMachine)
        .count();
    json_response(
        StatusCode::OK,
        json!({
            "generations": listed,
            "count": listed.len(),
            "has_more": offset + listed.len() < total,
            "limit": limit,
            "offset": offset,
        }),
    )
}
