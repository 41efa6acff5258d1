//! Fake Runway API (providers.md §2), API version `2024-11-06`.
//!
//! Every `/v1/*` call needs `Authorization: Bearer <key>` (else 401) and
//! `X-Runway-Version: 2024-11-06` (else 400, as the real API refuses unversioned calls).
//! `POST /v1/text_to_video` and `/v1/image_to_video` validate the documented body per model
//! (ratio, duration, `promptText`, `promptImage` as an HTTPS URL, a `data:` URI of at most
//! 5 MB or a `runway://` URI from an upload) and answer `{"id"}`. `GET /v1/tasks/{id}` walks
//! a task through `PENDING` → `RUNNING` (progress 0.5) → `SUCCEEDED` (a fresh signed clip URL
//! on every read, `cost.credits`), one state per read; a task created while
//! [`MAX_CONCURRENT_PER_MODEL`] earlier tasks of its model are unfinished reads `THROTTLED`
//! until a slot frees (a task left unread for [`ABANDONED_AFTER`] frees its slot). `DELETE /v1/tasks/{id}` answers 204: an unfinished task becomes
//! `CANCELLED`, a finished one is deleted (404 afterwards). `POST /v1/uploads` returns a
//! presigned multipart POST at `/uploads/{id}` (no key, like S3, answering 204) and the
//! `runway://` URI. `GET /v1/organization` answers the key test. Errors are `{"error": …}`.
//!
//! `GET /__fake/runway/tasks` lists the ids of every task created (tests count creates);
//! `GET /__fake/runway/first_frames` each image-to-video create's task id, prompt and
//! first-frame URI (a `data:` URI holds the image itself).
//! `GET /__fake/runway/creates` the body of each accepted create with its endpoint, in order
//! (`[{"endpoint": "image_to_video", "body": {…}}]`: tests read the prompts and images sent).
//! A moderation fault on [`Route::Create`] makes the next task end `FAILED` with
//! `failureCode: SAFETY.INPUT.TEXT`; a prompt containing `[fake:fail:CODE]` ends its task
//! `FAILED` with that failure code.

use super::timestamps::rfc3339_now;
use super::{FakeCore, FakeServer, FakeSpec, Route, form_data};
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, Path as UrlPath, State};
use axum::http::{HeaderMap, Method, Response, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use base64::Engine;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The only API version the fake serves.
pub const API_VERSION: &str = "2024-11-06";
/// Unfinished tasks per model before new ones are `THROTTLED` (Tier 1 allows 1–2).
pub const MAX_CONCURRENT_PER_MODEL: usize = 2;
/// The service runs a task to its end whether or not anyone asks about it, while this fake
/// advances a task only when it is read. So that a task its client abandoned (a client
/// killed between sending the create and recording the answer) does not hold a slot forever
/// and throttle every later task, a task nobody has read for this long no longer counts
/// against the concurrency limit.
pub const ABANDONED_AFTER: std::time::Duration = std::time::Duration::from_secs(10);
/// Largest `data:` URI accepted (encoded length).
const DATA_URI_MAX: usize = 5 * 1024 * 1024;
const MODERATION_TEXT: &str =
    "Your input did not pass our content moderation. Please revise your prompt.";

#[derive(Debug, Clone, PartialEq)]
enum Phase {
    /// Created, not yet started (reads `THROTTLED` while over the concurrency limit).
    Queued,
    Pending,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}

#[derive(Debug, Clone)]
struct Task {
    id: String,
    model: String,
    created_at: String,
    duration_s: u32,
    aspect: &'static str,
    credits: f64,
    phase: Phase,
    /// `failureCode` to end with instead of succeeding.
    fail_with: Option<String>,
    deleted: bool,
    /// When the task was created or last read.
    last_read: std::time::Instant,
}

impl Task {
    fn unfinished(&self) -> bool {
        !self.deleted && matches!(self.phase, Phase::Queued | Phase::Pending | Phase::Running)
    }

    /// Whether it holds one of its model's slots: unfinished and not abandoned.
    fn holds_slot(&self) -> bool {
        self.unfinished() && self.last_read.elapsed() < ABANDONED_AFTER
    }
}

#[derive(Debug)]
struct RunwayState {
    core: Arc<FakeCore>,
    /// In creation order.
    tasks: Mutex<Vec<Task>>,
    /// Upload id → (file name, received).
    uploads: Mutex<HashMap<String, (String, bool)>>,
    /// Each image-to-video create's task id, prompt and first-frame URI, in order.
    first_frames: Mutex<Vec<Value>>,
    /// Each accepted create: its endpoint and body, in order.
    creates: Mutex<Vec<Value>>,
}

fn error_body(_status: u16, message: &str) -> Value {
    json!({ "error": message })
}

fn route_of(method: &Method, path: &str) -> Route {
    match (method.as_str(), path) {
        ("POST", "/v1/image_to_video" | "/v1/text_to_video") => Route::Create,
        ("GET", p) if p.starts_with("/v1/tasks/") => Route::Poll,
        ("DELETE", p) if p.starts_with("/v1/tasks/") => Route::Cancel,
        ("POST", p) if p == "/v1/uploads" || p.starts_with("/uploads/") => Route::Upload,
        _ => Route::Other,
    }
}

/// Starts the fake on `127.0.0.1:port` (0: any).
pub async fn start(port: u16, clip_dir: &std::path::Path) -> std::io::Result<FakeServer> {
    let spec = FakeSpec {
        name: "runway",
        route_of,
        error_body,
    };
    FakeServer::start(spec, port, clip_dir, |core| {
        let state = Arc::new(RunwayState {
            core,
            tasks: Mutex::default(),
            uploads: Mutex::default(),
            first_frames: Mutex::default(),
            creates: Mutex::default(),
        });
        Router::new()
            .route("/v1/text_to_video", post(text_to_video))
            .route("/v1/image_to_video", post(image_to_video))
            .route("/v1/tasks/{id}", get(get_task).delete(delete_task))
            .route("/v1/uploads", post(create_upload))
            .route("/uploads/{id}", post(receive_upload))
            .route("/v1/organization", get(organization))
            .route("/__fake/runway/tasks", get(task_ids))
            .route("/__fake/runway/first_frames", get(first_frames))
            .route("/__fake/runway/creates", get(creates))
            .layer(DefaultBodyLimit::max(64 * 1024 * 1024))
            .with_state(state)
    })
    .await
}

/// The key (401) and version (400) checks every `/v1` call passes first.
fn refuse(core: &FakeCore, headers: &HeaderMap) -> Option<Response<Body>> {
    if let Some(refusal) = core.key_refusal(headers, "authorization", "Bearer ") {
        return Some(refusal);
    }
    match headers
        .get("x-runway-version")
        .and_then(|v| v.to_str().ok())
    {
        Some(API_VERSION) => None,
        Some(other) => Some(core.error(
            400,
            &format!("Unsupported X-Runway-Version `{other}`; use {API_VERSION}"),
        )),
        None => Some(core.error(
            400,
            "The X-Runway-Version header is required (e.g. X-Runway-Version: 2024-11-06)",
        )),
    }
}

/// `(ratios, durations, credits per second)` a model takes on an endpoint.
fn model_rules(
    model: &str,
    with_image: bool,
) -> Option<(&'static [&'static str], &'static [u32], f64)> {
    const GEN4_I2V: &[&str] = &[
        "1280:720", "720:1280", "1104:832", "832:1104", "960:960", "1584:672",
    ];
    const WIDE_TALL: &[&str] = &["1280:720", "720:1280"];
    const VEO: &[&str] = &["1280:720", "720:1280", "1080:1920", "1920:1080"];
    const TWO_TO_TEN: &[u32] = &[2, 3, 4, 5, 6, 7, 8, 9, 10];
    match (model, with_image) {
        ("gen4_turbo", true) => Some((GEN4_I2V, TWO_TO_TEN, 5.0)),
        ("gen4.5", true) => Some((GEN4_I2V, TWO_TO_TEN, 12.0)),
        ("gen4.5", false) => Some((WIDE_TALL, TWO_TO_TEN, 12.0)),
        ("veo3.1", _) => Some((VEO, &[4, 6, 8], 20.0)),
        ("veo3.1_fast", _) => Some((VEO, &[4, 6, 8], 10.0)),
        ("veo3", _) => Some((VEO, &[8], 40.0)),
        _ => None,
    }
}

/// The clip aspect for a pixel ratio.
fn aspect_of(ratio: &str) -> &'static str {
    match ratio {
        "720:1280" | "1080:1920" => "9:16",
        "960:960" => "1:1",
        "1104:832" => "4:3",
        "832:1104" => "3:4",
        "1584:672" => "21:9",
        _ => "16:9",
    }
}

async fn text_to_video(
    State(state): State<Arc<RunwayState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response<Body> {
    create(&state, &headers, &body, false)
}

async fn image_to_video(
    State(state): State<Arc<RunwayState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response<Body> {
    create(&state, &headers, &body, true)
}

fn create(
    state: &RunwayState,
    headers: &HeaderMap,
    body: &[u8],
    with_image: bool,
) -> Response<Body> {
    let core = &state.core;
    if let Some(refusal) = refuse(core, headers) {
        return refusal;
    }
    let Ok(body) = serde_json::from_slice::<Value>(body) else {
        return core.error(400, "The request body is not valid JSON");
    };
    let model = body["model"].as_str().unwrap_or_default();
    let Some((ratios, durations, credits_per_s)) = model_rules(model, with_image) else {
        return core.error(
            400,
            &format!("model: `{model}` is not a valid model for this endpoint"),
        );
    };
    let ratio = body["ratio"].as_str().unwrap_or_default();
    if !ratios.contains(&ratio) {
        return core.error(400, &format!("ratio: `{ratio}` is not valid for {model}"));
    }
    let duration = match &body["duration"] {
        Value::Null if model == "gen4.5" => {
            return core.error(400, "duration: Required");
        }
        Value::Null => *durations.last().unwrap_or(&5),
        value => match value.as_u64().and_then(|d| u32::try_from(d).ok()) {
            Some(d) if durations.contains(&d) => d,
            _ => return core.error(400, &format!("duration: {value} is not valid for {model}")),
        },
    };
    let prompt = body["promptText"].as_str().unwrap_or_default();
    if !with_image && prompt.trim().is_empty() {
        return core.error(400, "promptText: Required");
    }
    if prompt.encode_utf16().count() > 1000 {
        return core.error(400, "promptText: must be at most 1000 characters");
    }
    if with_image && let Err(message) = check_prompt_image(state, &body["promptImage"]) {
        return core.error(400, &message);
    }
    let fail_with = if core.faults.take_moderation(Route::Create) {
        Some("SAFETY.INPUT.TEXT".to_owned())
    } else {
        prompt
            .split_once("[fake:fail:")
            .and_then(|(_, rest)| rest.split_once(']'))
            .map(|(code, _)| code.to_owned())
    };
    let audio = body["audio"].as_bool().unwrap_or(true) && model.starts_with("veo");
    let task = Task {
        id: uuid::Uuid::new_v4().to_string(),
        model: model.to_owned(),
        created_at: rfc3339_now(),
        duration_s: duration,
        aspect: aspect_of(ratio),
        credits: credits_per_s * if audio { 2.0 } else { 1.0 } * f64::from(duration),
        phase: Phase::Queued,
        fail_with,
        deleted: false,
        last_read: std::time::Instant::now(),
    };
    let id = task.id.clone();
    if with_image {
        let first = match &body["promptImage"] {
            Value::Array(items) => items
                .iter()
                .find(|i| i["position"] == "first")
                .map_or(Value::Null, |i| i["uri"].clone()),
            uri => uri.clone(),
        };
        let seen = json!({ "task": id, "prompt": prompt, "uri": first });
        state.first_frames.lock().expect("first frames").push(seen);
    }
    state.tasks.lock().expect("tasks").push(task);
    let endpoint = if with_image {
        "image_to_video"
    } else {
        "text_to_video"
    };
    state
        .creates
        .lock()
        .expect("creates")
        .push(json!({ "endpoint": endpoint, "body": body }));
    axum::Json(json!({ "id": id })).into_response()
}

/// `promptImage`: a URI, or `[{uri, position}]` with `first` (and `last` on Veo).
fn check_prompt_image(state: &RunwayState, value: &Value) -> Result<(), String> {
    let uris: Vec<&Value> = match value {
        Value::String(_) => vec![value],
        Value::Array(items) if !items.is_empty() => {
            let mut uris = Vec::new();
            for item in items {
                match item["position"].as_str() {
                    Some("first" | "last") => uris.push(&item["uri"]),
                    _ => return Err("promptImage: position must be `first` or `last`".to_owned()),
                }
            }
            uris
        }
        Value::Null => return Err("promptImage: Required".to_owned()),
        _ => return Err("promptImage: Invalid input".to_owned()),
    };
    for uri in uris {
        let uri = uri.as_str().unwrap_or_default();
        if let Some(data) = uri.strip_prefix("data:") {
            if uri.len() > DATA_URI_MAX {
                return Err("promptImage: Data URIs must be at most 5MB.".to_owned());
            }
            let (mime, b64) = data
                .split_once(";base64,")
                .ok_or("promptImage: Invalid data URI.")?;
            let decoded = base64::engine::general_purpose::STANDARD.decode(b64);
            if !["image/png", "image/jpeg", "image/jpg", "image/webp"].contains(&mime)
                || !decoded.is_ok_and(|b| !b.is_empty())
            {
                return Err("promptImage: Invalid data URI.".to_owned());
            }
        } else if let Some(id) = uri.strip_prefix("runway://uploads/") {
            let uploads = state.uploads.lock().expect("uploads");
            if !uploads.get(id).is_some_and(|(_, received)| *received) {
                return Err("promptImage: Invalid upload URI.".to_owned());
            }
        } else if !uri.starts_with("https://") {
            return Err("promptImage: Only HTTPS URLs are allowed.".to_owned());
        }
    }
    Ok(())
}

/// Advances a task one state and renders it.
async fn get_task(
    State(state): State<Arc<RunwayState>>,
    headers: HeaderMap,
    UrlPath(id): UrlPath<String>,
) -> Response<Body> {
    let core = &state.core;
    if let Some(refusal) = refuse(core, &headers) {
        return refusal;
    }
    let mut tasks = state.tasks.lock().expect("tasks");
    let Some(index) = tasks.iter().position(|t| t.id == id && !t.deleted) else {
        return core.error(404, "Task not found");
    };
    let throttled = {
        let task = &tasks[index];
        task.phase == Phase::Queued
            && tasks[..index]
                .iter()
                .filter(|t| t.model == task.model && t.holds_slot())
                .count()
                >= MAX_CONCURRENT_PER_MODEL
    };
    let task = &mut tasks[index];
    task.last_read = std::time::Instant::now();
    task.phase = match (&task.phase, throttled) {
        (Phase::Queued, true) => Phase::Queued,
        (Phase::Queued, false) => Phase::Pending,
        (Phase::Pending, _) => Phase::Running,
        (Phase::Running, _) if task.fail_with.is_some() => Phase::Failed,
        (Phase::Running, _) => Phase::Succeeded,
        (done, _) => done.clone(),
    };
    let task = task.clone();
    drop(tasks);
    let estimated = json!({ "credits": task.credits });
    let mut body = json!({"id": task.id, "createdAt": task.created_at});
    match task.phase {
        Phase::Queued => {
            body["status"] = json!("THROTTLED");
            body["estimatedCost"] = estimated;
        }
        Phase::Pending => {
            body["status"] = json!("PENDING");
            body["estimatedCost"] = estimated;
        }
        Phase::Running => {
            body["status"] = json!("RUNNING");
            body["progress"] = json!(0.5);
            body["estimatedCost"] = estimated;
        }
        Phase::Succeeded => {
            body["status"] = json!("SUCCEEDED");
            body["output"] = json!([core.clip_url(task.duration_s, task.aspect)]);
            body["cost"] = json!({ "credits": task.credits.round() as i64 });
        }
        Phase::Failed => {
            let code = task.fail_with.unwrap_or_default();
            let failure = if code.starts_with("SAFETY") {
                MODERATION_TEXT.to_owned()
            } else {
                format!("The task failed ({code}).")
            };
            body["status"] = json!("FAILED");
            body["failure"] = json!(failure);
            body["failureCode"] = json!(code);
            body["cost"] = json!({ "credits": 0 });
        }
        Phase::Cancelled => {
            body["status"] = json!("CANCELLED");
            body["cost"] = json!({ "credits": 0 });
        }
    }
    axum::Json(body).into_response()
}

/// Cancels an unfinished task, deletes a finished one; 204 without a body.
async fn delete_task(
    State(state): State<Arc<RunwayState>>,
    headers: HeaderMap,
    UrlPath(id): UrlPath<String>,
) -> Response<Body> {
    let core = &state.core;
    if let Some(refusal) = refuse(core, &headers) {
        return refusal;
    }
    let mut tasks = state.tasks.lock().expect("tasks");
    let Some(task) = tasks.iter_mut().find(|t| t.id == id && !t.deleted) else {
        return core.error(404, "Task not found");
    };
    if task.unfinished() {
        task.phase = Phase::Cancelled;
    } else {
        task.deleted = true;
    }
    StatusCode::NO_CONTENT.into_response()
}

async fn create_upload(
    State(state): State<Arc<RunwayState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response<Body> {
    let core = &state.core;
    if let Some(refusal) = refuse(core, &headers) {
        return refusal;
    }
    let body: Value = serde_json::from_slice(&body).unwrap_or_default();
    let Some(filename) = body["filename"].as_str().filter(|f| !f.is_empty()) else {
        return core.error(400, "filename: Required");
    };
    if body["type"] != json!("ephemeral") {
        return core.error(400, "type: must be `ephemeral`");
    }
    let id = uuid::Uuid::new_v4().simple().to_string();
    state
        .uploads
        .lock()
        .expect("uploads")
        .insert(id.clone(), (filename.to_owned(), false));
    axum::Json(json!({
        "uploadUrl": format!("{}/uploads/{id}", core.base_url),
        "fields": {
            "key": format!("ephemeral/{id}/{filename}"),
            "policy": base64::engine::general_purpose::STANDARD.encode(format!("{{\"upload\":\"{id}\"}}")),
            "x-amz-signature": "fakesignature",
        },
        "runwayUri": format!("runway://uploads/{id}"),
    }))
    .into_response()
}

/// The presigned multipart POST: needs the `key` field it was given and a non-empty `file`.
async fn receive_upload(
    State(state): State<Arc<RunwayState>>,
    UrlPath(id): UrlPath<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response<Body> {
    let denied = |message: &str| {
        (
            StatusCode::FORBIDDEN,
            [(header::CONTENT_TYPE, "application/xml")],
            format!("<Error><Code>AccessDenied</Code><Message>{message}</Message></Error>"),
        )
            .into_response()
    };
    let mut uploads = state.uploads.lock().expect("uploads");
    let Some((filename, received)) = uploads.get_mut(&id) else {
        return denied("Invalid upload policy");
    };
    let Some(boundary) = form_data::boundary(&headers) else {
        return denied("Expected multipart/form-data");
    };
    let parts = form_data::parts(&body, &boundary);
    let key = format!("ephemeral/{id}/{filename}");
    let key_ok = parts
        .iter()
        .any(|part| part.name == "key" && part.bytes == key.as_bytes());
    let file_ok = parts
        .last()
        .is_some_and(|part| part.name == "file" && !part.bytes.is_empty());
    if !key_ok || !file_ok {
        return denied("Policy check failed: the key field and a file (last) are required");
    }
    *received = true;
    StatusCode::NO_CONTENT.into_response()
}

async fn organization(State(state): State<Arc<RunwayState>>, headers: HeaderMap) -> Response<Body> {
    if let Some(refusal) = refuse(&state.core, &headers) {
        return refusal;
    }
    let limits =
        json!({"maxConcurrentGenerations": MAX_CONCURRENT_PER_MODEL, "maxDailyGenerations": 200});
    axum::Json(json!({
        "creditBalance": 10_000,
        "tier": {
            "maxMonthlyCreditSpend": 10_000,
            "models": {"gen4.5": limits, "gen4_turbo": limits, "veo3.1": limits, "veo3.1_fast": limits},
        },
        "usage": {"models": {}},
    }))
    .into_response()
}

/// Test control: the ids of every task created so far, in order.
async fn task_ids(State(state): State<Arc<RunwayState>>) -> axum::Json<Value> {
    let tasks = state.tasks.lock().expect("tasks");
    axum::Json(json!(
        tasks.iter().map(|t| t.id.clone()).collect::<Vec<_>>()
    ))
}

/// `[{task, prompt, uri}]`: every image-to-video create's first-frame image as received.
async fn first_frames(State(state): State<Arc<RunwayState>>) -> axum::Json<Value> {
    axum::Json(Value::Array(
        state.first_frames.lock().expect("first frames").clone(),
    ))
}

/// Every accepted create: its endpoint and body, in order.
async fn creates(State(state): State<Arc<RunwayState>>) -> axum::Json<Value> {
    axum::Json(Value::Array(state.creates.lock().expect("creates").clone()))
}
