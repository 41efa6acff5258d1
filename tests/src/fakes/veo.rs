//! Fake Google Veo (Gemini API, providers.md §6): `POST /v1beta/models/{model}:predictLongRunning`
//! with `x-goog-api-key`, long-running operations at `GET /v1beta/models/{model}/operations/{id}`
//! that report `{"name"}` for two polls and then `done: true` with the documented
//! `response.generateVideoResponse` (a video URI, or — under a moderation fault —
//! `raiMediaFilteredCount`/`raiMediaFilteredReasons` and no samples), and the video download
//! at `GET /v1beta/files/{id}:download?alt=media`, which needs the key and redirects (302) to
//! the clip like Google's does. `GET /v1beta/models` answers the key test. Errors use
//! Google's JSON error model `{"error":{"code","message","status"}}`; a wrong or missing key
//! is 403 PERMISSION_DENIED (providers.md: "403 PERMISSION_DENIED (key/billing/region)").
//!
//! A prompt containing `[fake:error]` ends its operation with `done: true` and an `error`
//! (`google.rpc.Status` code 13), the documented failure shape.

use super::{FakeCore, FakeServer, FakeSpec, Route};
use axum::Router;
use axum::body::Body;
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{HeaderMap, Method, Response, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use base64::Engine;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

const MODELS: [&str; 5] = [
    "veo-3.1-generate-preview",
    "veo-3.1-fast-generate-preview",
    "veo-3.0-generate-001",
    "veo-3.0-fast-generate-001",
    "veo-2.0-generate-001",
];
/// Polls answered "not done" before an operation finishes.
const RUNNING_POLLS: u32 = 2;

#[derive(Debug, Clone)]
struct Operation {
    model: String,
    duration_s: u32,
    aspect: String,
    polls: u32,
    moderated: bool,
    fails: bool,
}

#[derive(Debug)]
struct VeoState {
    core: Arc<FakeCore>,
    operations: Mutex<HashMap<String, Operation>>,
    /// File id → (duration, aspect) of the clip it stands for.
    files: Mutex<HashMap<String, (u32, String)>>,
}

fn status_name(code: u16) -> &'static str {
    match code {
        400 => "INVALID_ARGUMENT",
        401 => "UNAUTHENTICATED",
        403 => "PERMISSION_DENIED",
        404 => "NOT_FOUND",
        429 => "RESOURCE_EXHAUSTED",
        503 => "UNAVAILABLE",
        504 => "DEADLINE_EXCEEDED",
        _ => "INTERNAL",
    }
}

fn error_body(status: u16, message: &str) -> Value {
    json!({"error": {"code": status, "message": message, "status": status_name(status)}})
}

fn route_of(method: &Method, path: &str) -> Route {
    let path = path.strip_prefix("/v1beta").unwrap_or(path);
    if path.starts_with("/files/") {
        Route::Download
    } else if method == Method::POST && path.ends_with(":predictLongRunning") {
        Route::Create
    } else if method == Method::GET && path.contains("/operations/") {
        Route::Poll
    } else {
        Route::Other
    }
}

/// Starts the fake on `127.0.0.1:port` (0 for any).
pub async fn start(port: u16, clip_dir: &std::path::Path) -> std::io::Result<FakeServer> {
    let spec = FakeSpec {
        name: "veo",
        route_of,
        error_body,
    };
    FakeServer::start(spec, port, clip_dir, |core| {
        let state = Arc::new(VeoState {
            core,
            operations: Mutex::default(),
            files: Mutex::default(),
        });
        Router::new()
            .route("/v1beta/models", get(list_models))
            .route("/v1beta/models/{action}", get(get_model).post(create))
            .route("/v1beta/models/{model}/operations/{id}", get(get_operation))
            .route("/v1beta/files/{action}", get(download))
            .with_state(state)
    })
    .await
}

/// The documented auth: `x-goog-api-key`, refused with Google's 403.
fn refuse(core: &FakeCore, headers: &HeaderMap) -> Option<Response<Body>> {
    match headers.get("x-goog-api-key").and_then(|v| v.to_str().ok()) {
        Some(key) if key == core.expected_key() => None,
        Some(_) => Some(core.error(
            403,
            "Permission denied: API key not valid. Please pass a valid API key.",
        )),
        None => Some(core.error(
            403,
            "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
        )),
    }
}

fn model_json(id: &str) -> Value {
    json!({
        "name": format!("models/{id}"),
        "displayName": id,
        "supportedGenerationMethods": ["predictLongRunning"],
    })
}

async fn list_models(State(state): State<Arc<VeoState>>, headers: HeaderMap) -> Response<Body> {
    if let Some(refusal) = refuse(&state.core, &headers) {
        return refusal;
    }
    let models: Vec<Value> = MODELS.iter().map(|m| model_json(m)).collect();
    axum::Json(json!({"models": models})).into_response()
}

async fn get_model(
    State(state): State<Arc<VeoState>>,
    headers: HeaderMap,
    UrlPath(model): UrlPath<String>,
) -> Response<Body> {
    if let Some(refusal) = refuse(&state.core, &headers) {
        return refusal;
    }
    if MODELS.contains(&model.as_str()) {
        axum::Json(model_json(&model)).into_response()
    } else {
        state.core.error(
            404,
            &format!("models/{model} is not found for API version v1beta"),
        )
    }
}

/// Checks an inline image: base64 bytes of a PNG/JPEG with its MIME type.
fn check_image(image: &Value, field: &str) -> Result<(), String> {
    if image.get("gcsUri").is_some() {
        return Err(format!(
            "{field}: gcsUri is not supported by the Gemini API"
        ));
    }
    let mime = image["mimeType"].as_str().unwrap_or_default();
    if !["image/png", "image/jpeg", "image/webp"].contains(&mime) {
        return Err(format!("{field}.mimeType must be image/png or image/jpeg"));
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(image["bytesBase64Encoded"].as_str().unwrap_or_default())
        .map_err(|_| format!("{field}.bytesBase64Encoded is not valid base64"))?;
    if bytes.is_empty() {
        return Err(format!("{field}.bytesBase64Encoded is empty"));
    }
    Ok(())
}

/// Validates a predictLongRunning body; `Ok((duration, aspect, prompt))`.
fn validate(model: &str, body: &Value) -> Result<(u32, String, String), String> {
    let instance = body["instances"]
        .as_array()
        .and_then(|a| a.first())
        .ok_or("instances must hold one instance")?;
    let prompt = instance["prompt"].as_str().unwrap_or_default().to_owned();
    if prompt.trim().is_empty() && instance.get("image").is_none() {
        return Err("instances[0].prompt is required".to_owned());
    }
    if let Some(image) = instance.get("image") {
        check_image(image, "instances[0].image")?;
    }
    if let Some(last) = instance.get("lastFrame") {
        if !model.starts_with("veo-3.1") {
            return Err(format!("lastFrame isn't supported by {model}"));
        }
        check_image(last, "instances[0].lastFrame")?;
    }
    let parameters = &body["parameters"];
    let aspect = parameters["aspectRatio"]
        .as_str()
        .unwrap_or("16:9")
        .to_owned();
    if !["16:9", "9:16"].contains(&aspect.as_str()) {
        return Err(format!(
            "aspectRatio {aspect} is not supported; use 16:9 or 9:16"
        ));
    }
    let duration = match &parameters["durationSeconds"] {
        Value::Null => 8,
        v => v.as_u64().ok_or("durationSeconds must be an integer")? as u32,
    };
    let allowed: &[u32] = if model.starts_with("veo-2") {
        &[5, 6, 7, 8]
    } else {
        &[4, 6, 8]
    };
    if !allowed.contains(&duration) {
        return Err(format!(
            "durationSeconds {duration} is out of range for {model}; allowed: {allowed:?}"
        ));
    }
    for vertex_only in [
        "seed",
        "fps",
        "generateAudio",
        "outputGcsUri",
        "pubsubTopic",
    ] {
        if parameters.get(vertex_only).is_some() {
            return Err(format!(
                "{vertex_only} parameter is not supported in Gemini API"
            ));
        }
    }
    Ok((duration, aspect, prompt))
}

async fn create(
    State(state): State<Arc<VeoState>>,
    headers: HeaderMap,
    UrlPath(action): UrlPath<String>,
    body: axum::body::Bytes,
) -> Response<Body> {
    let core = &state.core;
    if let Some(refusal) = refuse(core, &headers) {
        return refusal;
    }
    let Some(model) = action.strip_suffix(":predictLongRunning") else {
        return core.error(404, &format!("models/{action} is not found"));
    };
    if !MODELS.contains(&model) {
        return core.error(
            404,
            &format!(
                "models/{model} is not found for API version v1beta, or is not supported for predictLongRunning. Call ListModels to see the list of available models and their supported methods."
            ),
        );
    }
    let Ok(body) = serde_json::from_slice::<Value>(&body) else {
        return core.error(400, "Invalid JSON payload received.");
    };
    let (duration_s, aspect, prompt) = match validate(model, &body) {
        Ok(checked) => checked,
        Err(message) => return core.error(400, &message),
    };
    let id = uuid::Uuid::new_v4().simple().to_string()[..12].to_owned();
    let name = format!("models/{model}/operations/{id}");
    let operation = Operation {
        model: model.to_owned(),
        duration_s,
        aspect,
        polls: 0,
        moderated: core.faults.take_moderation(Route::Create),
        fails: prompt.contains("[fake:error]"),
    };
    state
        .operations
        .lock()
        .expect("operations")
        .insert(id, operation);
    axum::Json(json!({"name": name})).into_response()
}

async fn get_operation(
    State(state): State<Arc<VeoState>>,
    headers: HeaderMap,
    UrlPath((model, id)): UrlPath<(String, String)>,
) -> Response<Body> {
    let core = &state.core;
    if let Some(refusal) = refuse(core, &headers) {
        return refusal;
    }
    let name = format!("models/{model}/operations/{id}");
    let mut operations = state.operations.lock().expect("operations");
    let Some(operation) = operations.get_mut(&id).filter(|o| o.model == model) else {
        return core.error(404, &format!("Operation {name} not found."));
    };
    operation.polls += 1;
    if operation.polls <= RUNNING_POLLS {
        return axum::Json(json!({"name": name})).into_response();
    }
    if operation.fails {
        return axum::Json(json!({"name": name, "done": true, "error": {
            "code": 13,
            "message": "Video generation failed due to an internal error. Please try again."
        }}))
        .into_response();
    }
    let generate = if operation.moderated {
        json!({
            "raiMediaFilteredCount": 1,
            "raiMediaFilteredReasons": [
                "We encountered an issue with the audio for your prompt. You were not charged for this request. Support codes: 58061214"
            ]
        })
    } else {
        // A fresh file id on every done poll, as a re-fetch gets a fresh link.
        let file_id = uuid::Uuid::new_v4().simple().to_string()[..16].to_owned();
        state.files.lock().expect("files").insert(
            file_id.clone(),
            (operation.duration_s, operation.aspect.clone()),
        );
        json!({"generatedSamples": [{"video": {
            "uri": format!("{}/v1beta/files/{file_id}:download?alt=media", core.base_url)
        }}]})
    };
    axum::Json(json!({
        "name": name,
        "done": true,
        "response": {
            "@type": "type.googleapis.com/google.ai.generativelanguage.v1beta.PredictLongRunningResponse",
            "generateVideoResponse": generate
        }
    }))
    .into_response()
}

/// `GET /v1beta/files/{id}:download?alt=media`: needs the key, redirects to the bytes.
async fn download(
    State(state): State<Arc<VeoState>>,
    headers: HeaderMap,
    UrlPath(action): UrlPath<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response<Body> {
    let core = &state.core;
    if let Some(refusal) = refuse(core, &headers) {
        return refusal;
    }
    let clip = action
        .strip_suffix(":download")
        .and_then(|id| state.files.lock().expect("files").get(id).cloned());
    let Some((duration_s, aspect)) = clip else {
        return core.error(404, &format!("File {action} not found."));
    };
    if query.get("alt").map(String::as_str) != Some("media") {
        return core.error(400, "Download requires alt=media");
    }
    let location = core.clip_url(duration_s, &aspect);
    (StatusCode::FOUND, [(header::LOCATION, location)]).into_response()
}
