//! Fake fal.ai (providers.md §3): the queue (`POST /{endpoint}` → `IN_QUEUE` with
//! `status_url` / `response_url` / `cancel_url` under `owner/alias`, status advancing
//! `IN_QUEUE` → `IN_PROGRESS` → `COMPLETED` over three status requests, result JSON
//! `{"video":{"url",…}}`, `PUT …/cancel`), and storage: the fal-js flow
//! (`POST /storage/upload/initiate` → `PUT upload_url`) and fal_client's (`POST
//! /storage/auth/token` → `POST /cdn/files/upload` with the token). Everything sits on one
//! host; the SDK round-trip points fal_client's queue, REST and CDN hosts at it.
//!
//! Auth is `Authorization: Key <key>`; errors are `{"detail": …}`. A moderated job completes
//! and its result answers 422 `detail[]` with `type: "content_policy_violation"`; a prompt
//! containing `fake:runner-error` completes with `error` + `error_type:
//! "runner_server_error"` in its status; a missing input fails at result time with a 422
//! `detail[]`, as fal's runners do. FLUX image results are [`super::fal_images`]'.

use super::{FakeCore, FakeServer, FakeSpec, Route};
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, Method, Response, StatusCode, Uri, header};
use axum::response::IntoResponse;
use axum::routing::{get, post, put};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

#[derive(Debug, Clone)]
struct Job {
    app: String,
    /// The full endpoint submitted to (`fal-ai/kling-video/v2.5-turbo/pro/image-to-video`).
    endpoint: String,
    input: Value,
    status_calls: u32,
    cancelled: bool,
    moderated: bool,
}

#[derive(Debug, Default)]
struct Store {
    jobs: HashMap<String, Job>,
    /// Signed upload slots: token → (`id/name` of the file, content type).
    slots: HashMap<String, (String, String)>,
    /// Uploaded files by `id/name`: (content type, bytes).
    files: HashMap<String, (String, Bytes)>,
    cdn_tokens: Vec<String>,
}

#[derive(Debug, Clone)]
struct Fal {
    core: Arc<FakeCore>,
    store: Arc<Mutex<Store>>,
}

impl Fal {
    fn store(&self) -> std::sync::MutexGuard<'_, Store> {
        self.store.lock().expect("fal store")
    }
}

fn route_of(method: &Method, path: &str) -> Route {
    if path.starts_with("/storage/upload") || path.starts_with("/cdn/files/upload") {
        return Route::Upload;
    }
    if path.starts_with("/storage/") || path.starts_with("/cdn/") {
        return Route::Other;
    }
    match (method, path.contains("/requests/")) {
        (&Method::POST, false) => Route::Create,
        (&Method::PUT, true) if path.ends_with("/cancel") => Route::Cancel,
        (_, true) => Route::Poll,
        _ => Route::Other,
    }
}

fn error_body(_status: u16, message: &str) -> Value {
    json!({ "detail": message })
}

/// Starts the fake on `127.0.0.1:port` (0: any free port).
pub async fn start(port: u16, clip_dir: &Path) -> std::io::Result<FakeServer> {
    let spec = FakeSpec {
        name: "fal",
        route_of,
        error_body,
    };
    FakeServer::start(spec, port, clip_dir, |core| {
        let fal = Fal {
            core,
            store: Arc::default(),
        };
        Router::new()
            .route("/storage/upload/initiate", post(initiate))
            .route("/storage/upload/put/{token}", put(put_upload))
            .route("/storage/auth/token", post(cdn_token))
            .route("/cdn/files/upload", post(cdn_upload))
            .route("/cdn/files/{id}/{name}", get(serve_upload))
            .fallback(queue)
            .with_state(fal)
    })
    .await
}

fn key_refusal(fal: &Fal, headers: &HeaderMap) -> Option<Response<Body>> {
    fal.core.key_refusal(headers, "authorization", "Key ")
}

async fn initiate(State(fal): State<Fal>, headers: HeaderMap, body: Bytes) -> Response<Body> {
    if let Some(refusal) = key_refusal(&fal, &headers) {
        return refusal;
    }
    let Ok(request) = serde_json::from_slice::<Value>(&body) else {
        return fal.core.error(422, "body must be JSON");
    };
    let (Some(content_type), Some(file_name)) = (
        request.get("content_type").and_then(Value::as_str),
        request.get("file_name").and_then(Value::as_str),
    ) else {
        return fal
            .core
            .error(422, "content_type and file_name are required");
    };
    let id = uuid::Uuid::new_v4().simple().to_string();
    let name = safe_name(file_name);
    let token = uuid::Uuid::new_v4().simple().to_string();
    fal.store().slots.insert(
        token.clone(),
        (format!("{id}/{name}"), content_type.to_owned()),
    );
    let base = &fal.core.base_url;
    axum::Json(json!({
        "upload_url": format!("{base}/storage/upload/put/{token}?X-Goog-Signature=fake"),
        "file_url": format!("{base}/cdn/files/{id}/{name}"),
    }))
    .into_response()
}

async fn put_upload(
    State(fal): State<Fal>,
    UrlPath(token): UrlPath<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response<Body> {
    let Some((file, content_type)) = fal.store().slots.remove(&token) else {
        return (StatusCode::FORBIDDEN, "signature does not match").into_response();
    };
    let sent_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if sent_type != content_type || body.is_empty() {
        return (StatusCode::BAD_REQUEST, "content type or body mismatch").into_response();
    }
    fal.store().files.insert(file, (content_type, body));
    StatusCode::OK.into_response()
}

async fn cdn_token(State(fal): State<Fal>, headers: HeaderMap) -> Response<Body> {
    if let Some(refusal) = key_refusal(&fal, &headers) {
        return refusal;
    }
    let token = uuid::Uuid::new_v4().simple().to_string();
    fal.store().cdn_tokens.push(token.clone());
    axum::Json(json!({
        "token": token,
        "token_type": "Bearer",
        "base_url": format!("{}/cdn", fal.core.base_url),
        "expires_at": "2099-01-01T00:00:00+00:00",
    }))
    .into_response()
}

async fn cdn_upload(State(fal): State<Fal>, headers: HeaderMap, body: Bytes) -> Response<Body> {
    let auth = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default()
        .to_owned();
    if !fal.store().cdn_tokens.contains(&auth) {
        return fal.core.error(401, "Unauthorized");
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("application/octet-stream")
        .to_owned();
    let name = safe_name(
        headers
            .get("x-fal-file-name")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("upload.bin"),
    );
    let id = uuid::Uuid::new_v4().simple().to_string();
    fal.store()
        .files
        .insert(format!("{id}/{name}"), (content_type, body));
    axum::Json(json!({ "access_url": format!("{}/cdn/files/{id}/{name}", fal.core.base_url) }))
        .into_response()
}

async fn serve_upload(
    State(fal): State<Fal>,
    UrlPath((id, name)): UrlPath<(String, String)>,
) -> Response<Body> {
    match fal.store().files.get(&format!("{id}/{name}")) {
        Some((content_type, bytes)) => (
            [(header::CONTENT_TYPE, content_type.clone())],
            bytes.clone(),
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "no such file").into_response(),
    }
}

fn safe_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || "-_.".contains(*c))
        .collect();
    if cleaned.is_empty() || cleaned.contains("..") {
        "upload.bin".to_owned()
    } else {
        cleaned
    }
}

/// `owner/alias` of an endpoint path (one more segment under `workflows/` and `comfy/`).
fn app_of(segments: &[&str]) -> Option<usize> {
    let take = if matches!(segments.first(), Some(&"workflows") | Some(&"comfy")) {
        3
    } else {
        2
    };
    (segments.len() >= take).then_some(take)
}

/// The queue: submit, status, result, cancel.
async fn queue(
    State(fal): State<Fal>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response<Body> {
    let path = uri.path().trim_matches('/').to_owned();
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let Some(app_len) = app_of(&segments) else {
        return fal.core.error(404, "Application not found");
    };
    if let Some(refusal) = key_refusal(&fal, &headers) {
        return refusal;
    }
    let app = segments[..app_len].join("/");
    let rest = &segments[app_len..];
    match (method, rest) {
        (Method::POST, _) if !rest.contains(&"requests") => submit(&fal, &app, &path, &body),
        (Method::GET, ["requests", id, "status"]) => status(&fal, &app, id),
        (Method::GET, ["requests", id]) => result(&fal, &app, id),
        (Method::PUT, ["requests", id, "cancel"]) => cancel(&fal, &app, id),
        _ => fal.core.error(405, "Method not allowed"),
    }
}

fn urls(fal: &Fal, app: &str, id: &str) -> (String, String, String) {
    let response = format!("{}/{app}/requests/{id}", fal.core.base_url);
    (
        response.clone(),
        format!("{response}/status"),
        format!("{response}/cancel"),
    )
}

fn submit(fal: &Fal, app: &str, endpoint: &str, body: &[u8]) -> Response<Body> {
    let Ok(input) = serde_json::from_slice::<Value>(body) else {
        return fal.core.error(422, "Request body must be valid JSON");
    };
    let id = uuid::Uuid::new_v4().to_string();
    let moderated = fal.core.faults.take_moderation(Route::Create);
    fal.store().jobs.insert(
        id.clone(),
        Job {
            app: app.to_owned(),
            endpoint: endpoint.to_owned(),
            input,
            status_calls: 0,
            cancelled: false,
            moderated,
        },
    );
    let (response_url, status_url, cancel_url) = urls(fal, app, &id);
    (
        [("x-fal-request-id", id.clone())],
        axum::Json(json!({
            "status": "IN_QUEUE",
            "request_id": id,
            "queue_position": 0,
            "response_url": response_url,
            "status_url": status_url,
            "cancel_url": cancel_url,
        })),
    )
        .into_response()
}

fn job(fal: &Fal, app: &str, id: &str) -> Option<Job> {
    fal.store().jobs.get(id).filter(|j| j.app == app).cloned()
}

fn runner_error(job: &Job) -> bool {
    job.input
        .get("prompt")
        .and_then(Value::as_str)
        .is_some_and(|p| p.contains("fake:runner-error"))
}

fn status(fal: &Fal, app: &str, id: &str) -> Response<Body> {
    let calls = {
        let mut store = fal.store();
        match store.jobs.get_mut(id).filter(|j| j.app == app) {
            Some(job) => {
                job.status_calls += 1;
                if job.cancelled { 3 } else { job.status_calls }
            }
            None => return fal.core.error(404, "Request not found"),
        }
    };
    let Some(job) = job(fal, app, id) else {
        return fal.core.error(404, "Request not found");
    };
    let body = match calls {
        1 => {
            json!({"status": "IN_QUEUE", "queue_position": 0, "response_url": urls(fal, app, id).0})
        }
        2 => json!({"status": "IN_PROGRESS", "logs": [], "response_url": urls(fal, app, id).0}),
        _ if job.cancelled => json!({
            "status": "COMPLETED", "logs": [], "metrics": {},
            "error": "Request was cancelled by the client", "error_type": "client_cancelled",
            "response_url": urls(fal, app, id).0,
        }),
        _ if runner_error(&job) => json!({
            "status": "COMPLETED", "logs": [], "metrics": {},
            "error": "Internal server error", "error_type": "runner_server_error",
            "response_url": urls(fal, app, id).0,
        }),
        _ => json!({
            "status": "COMPLETED", "logs": [], "metrics": {"inference_time": 1.25},
            "response_url": urls(fal, app, id).0,
        }),
    };
    axum::Json(body).into_response()
}

fn validation(loc: &str, msg: &str, kind: &str) -> Response<Body> {
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        [("x-fal-retryable", "false")],
        axum::Json(json!({"detail": [{
            "loc": ["body", loc], "msg": msg, "type": kind,
            "url": format!("https://docs.fal.ai/errors#{kind}"),
        }]})),
    )
        .into_response()
}

fn result(fal: &Fal, app: &str, id: &str) -> Response<Body> {
    let Some(job) = job(fal, app, id) else {
        return fal.core.error(404, "Request not found");
    };
    if job.status_calls < 3 && !job.cancelled {
        return fal.core.error(400, "Request is still in progress");
    }
    if job.cancelled {
        return fal.core.error(400, "Request was cancelled by the client");
    }
    if runner_error(&job) {
        return fal.core.error(500, "Internal server error");
    }
    if job.endpoint.starts_with("fal-ai/flux") {
        let uploaded = |url: &str| image_reachable(fal, url);
        if let Some(refusal) =
            super::fal_images::reference_refusal(&job.endpoint, &job.input, uploaded)
        {
            return refusal;
        }
        return super::fal_images::result(&fal.core, &job.input, job.moderated);
    }
    if job.moderated {
        return validation(
            "prompt",
            "The content could not be processed because it contained material flagged by a content checker.",
            "content_policy_violation",
        );
    }
    let input = &job.input;
    if input
        .get("prompt")
        .and_then(Value::as_str)
        .is_none_or(str::is_empty)
    {
        return validation("prompt", "field required", "missing");
    }
    if job.endpoint.contains("image-to-video") && input.get("image_url").is_none() {
        return validation("image_url", "field required", "missing");
    }
    for field in ["image_url", "tail_image_url", "end_image_url"] {
        if let Some(url) = input.get(field)
            && !image_reachable(fal, url.as_str().unwrap_or_default())
        {
            return validation(
                field,
                "Failed to download the file. Please check if the URL is accessible.",
                "file_download_error",
            );
        }
    }
    let duration = match input.get("duration") {
        Some(Value::String(s)) => s.trim_end_matches('s').parse().unwrap_or(5),
        Some(Value::Number(n)) => n.as_u64().unwrap_or(5) as u32,
        _ => 5,
    };
    let aspect = input
        .get("aspect_ratio")
        .and_then(Value::as_str)
        .unwrap_or("16:9");
    let url = fal.core.clip_url(duration, aspect);
    let size = fal
        .core
        .clips
        .dir()
        .join(fal.core.clips.clip(duration, aspect))
        .metadata()
        .map(|m| m.len())
        .unwrap_or(0);
    (
        [("x-fal-request-id", id.to_owned())],
        axum::Json(json!({
            "video": {"url": url, "content_type": "video/mp4", "file_name": "output.mp4", "file_size": size},
            "seed": 42,
        })),
    )
        .into_response()
}

/// The image is one uploaded to this fake or a data URI.
fn image_reachable(fal: &Fal, url: &str) -> bool {
    if url.starts_with("data:image/") {
        return true;
    }
    let prefix = format!("{}/cdn/files/", fal.core.base_url);
    url.strip_prefix(&prefix)
        .is_some_and(|file| fal.store().files.contains_key(file))
}

fn cancel(fal: &Fal, app: &str, id: &str) -> Response<Body> {
    let mut store = fal.store();
    let Some(job) = store.jobs.get_mut(id).filter(|j| j.app == app) else {
        return (
            StatusCode::NOT_FOUND,
            axum::Json(json!({"status": "NOT_FOUND"})),
        )
            .into_response();
    };
    if job.status_calls >= 3 && !job.cancelled {
        return (
            StatusCode::BAD_REQUEST,
            axum::Json(json!({"status": "ALREADY_COMPLETED"})),
        )
            .into_response();
    }
    job.cancelled = true;
    (
        StatusCode::ACCEPTED,
        axum::Json(json!({"status": "CANCELLATION_REQUESTED"})),
    )
        .into_response()
}
