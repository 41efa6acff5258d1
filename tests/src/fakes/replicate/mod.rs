//! Fake Replicate (providers.md §4): `POST /v1/models/{owner}/{name}/predictions`,
//! `POST /v1/predictions` (`version`), `POST /v1/deployments/{owner}/{name}/predictions`,
//! `GET /v1/predictions/{id}` (the prediction advances `starting` → `processing` (logs with a
//! percentage) → `succeeded` over three reads), `POST /v1/predictions/{id}/cancel`,
//! `POST /v1/files` (multipart `content`) with `GET /v1/files/{id}` and its download URL,
//! `GET /v1/predictions` (the account's predictions, newest first, 100 a page: [`list`])
//! and `GET /v1/account`. Auth is `Authorization: Bearer <token>` (`Token` also accepted);
//! errors are RFC 7807 problem bodies. `Prefer: wait` is accepted and answered with the
//! prediction as it stands (a partial prediction, as the API does when the model is slow);
//! a malformed `Cancel-After` deadline is refused with 422, as a bad input would be.
//!
//! A moderated prediction ends `failed` with Kling's "flagged as sensitive (E005)" error; a
//! prediction whose `start_image` is neither a data URL nor a file uploaded here fails as
//! the model would on an unreadable image. Prompts containing `fake:aborted` (deadline hit
//! before start) or `fake:interrupted` (a retryable platform failure) play those endings.
//! The FLUX image models answer images instead of clips: [`images`].

mod images;
mod list;

use super::{FakeCore, FakeServer, FakeSpec, Route, form_data};
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, Method, Response, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

const MODERATION_ERROR: &str =
    "The input or output was flagged as sensitive. Please try again with different inputs. (E005)";

#[derive(Debug, Clone)]
struct Prediction {
    id: String,
    model: String,
    version: String,
    input: Value,
    reads: u32,
    status: &'static str,
    moderated: bool,
    output: Option<Value>,
    error: Option<String>,
    created_at: String,
}

#[derive(Debug, Default)]
struct Store {
    predictions: HashMap<String, Prediction>,
    /// Prediction ids in creation order, for the list.
    order: Vec<String>,
    files: HashMap<String, (String, String, Bytes)>,
}

#[derive(Debug, Clone)]
struct Replicate {
    core: Arc<FakeCore>,
    store: Arc<Mutex<Store>>,
}

impl Replicate {
    fn store(&self) -> std::sync::MutexGuard<'_, Store> {
        self.store.lock().expect("replicate store")
    }

    /// `None` when the token is right, else Replicate's 401.
    fn refusal(&self, headers: &HeaderMap) -> Option<Response<Body>> {
        let expected = self.core.expected_key();
        let value = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        let token = value
            .strip_prefix("Bearer ")
            .or_else(|| value.strip_prefix("Token "));
        match token {
            Some(token) if token == expected => None,
            _ => Some(
                self.core
                    .error(401, "You did not pass a valid authentication token"),
            ),
        }
    }
}

fn route_of(method: &Method, path: &str) -> Route {
    match (method, path) {
        (&Method::POST, "/v1/predictions") => Route::Create,
        (&Method::POST, p) if p.starts_with("/v1/models/") && p.ends_with("/predictions") => {
            Route::Create
        }
        (&Method::POST, p) if p.starts_with("/v1/deployments/") && p.ends_with("/predictions") => {
            Route::Create
        }
        (&Method::POST, p) if p.starts_with("/v1/predictions/") && p.ends_with("/cancel") => {
            Route::Cancel
        }
        (&Method::GET, p) if p.starts_with("/v1/predictions/") => Route::Poll,
        (&Method::POST, "/v1/files") => Route::Upload,
        _ => Route::Other,
    }
}

fn error_body(status: u16, message: &str) -> Value {
    let title = match status {
        401 => "Unauthenticated",
        402 => "Insufficient credit",
        404 => "Not found",
        422 => "Input validation failed",
        429 => "Request was throttled",
        s if s >= 500 => "Internal server error",
        _ => "Bad request",
    };
    json!({
        "type": format!("https://replicate.com/docs/reference/http#{status}"),
        "title": title,
        "status": status,
        "detail": message,
    })
}

/// Starts the fake on `127.0.0.1:port` (0: any free port).
pub async fn start(port: u16, clip_dir: &Path) -> std::io::Result<FakeServer> {
    let spec = FakeSpec {
        name: "replicate",
        route_of,
        error_body,
    };
    FakeServer::start(spec, port, clip_dir, |core| {
        let state = Replicate {
            core,
            store: Arc::default(),
        };
        Router::new()
            .route(
                "/v1/models/{owner}/{name}/predictions",
                post(create_for_owner_name),
            )
            .route(
                "/v1/deployments/{owner}/{name}/predictions",
                post(create_for_owner_name),
            )
            .route("/v1/predictions", post(create_for_version).get(list::list))
            .route("/v1/predictions/{id}", get(read))
            .route("/v1/predictions/{id}/cancel", post(cancel))
            .route("/v1/files", post(upload))
            .route("/v1/files/{id}", get(file_info))
            .route("/v1/files/{id}/download", get(file_download))
            .route("/v1/account", get(account))
            .with_state(state)
    })
    .await
}

/// Now, as Replicate writes its timestamps (RFC 3339 UTC).
fn now() -> String {
    super::timestamps::rfc3339_now()
}

fn prediction_id() -> String {
    let raw = uuid::Uuid::new_v4().simple().to_string();
    raw.chars()
        .map(|c| {
            if c.is_ascii_digit() {
                (b'a' + (c as u8 - b'0')) as char
            } else {
                c
            }
        })
        .take(26)
        .collect()
}

fn json_of(p: &Prediction, base: &str) -> Value {
    let logs = match p.status {
        "starting" => "",
        "processing" => "Generating video\n 50%|█████     | 1/2 [00:01<00:01]\n",
        _ => "Generating video\n100%|██████████| 2/2 [00:02<00:00]\n",
    };
    let done = matches!(p.status, "succeeded" | "failed" | "canceled" | "aborted");
    json!({
        "id": p.id,
        "model": p.model,
        "version": p.version,
        "input": p.input,
        "logs": logs,
        "output": p.output,
        "error": p.error,
        "status": p.status,
        "source": "api",
        "data_removed": false,
        "created_at": p.created_at,
        "started_at": if p.status == "starting" { Value::Null } else { json!(p.created_at) },
        "completed_at": if done { json!(now()) } else { Value::Null },
        "metrics": if p.status == "succeeded" { json!({"predict_time": 2.1, "total_time": 2.4}) } else { json!({}) },
        "urls": {
            "get": format!("{base}/v1/predictions/{}", p.id),
            "cancel": format!("{base}/v1/predictions/{}/cancel", p.id),
            "stream": format!("{base}/v1/predictions/{}/stream", p.id),
            "web": format!("https://replicate.com/p/{}", p.id),
        },
    })
}

/// `POST /v1/models/{owner}/{name}/predictions` and
/// `POST /v1/deployments/{owner}/{name}/predictions`: both name what runs as `owner/name`.
async fn create_for_owner_name(
    State(state): State<Replicate>,
    UrlPath((owner, name)): UrlPath<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response<Body> {
    create(&state, &headers, &body, Some(format!("{owner}/{name}")))
}

async fn create_for_version(
    State(state): State<Replicate>,
    headers: HeaderMap,
    body: Bytes,
) -> Response<Body> {
    create(&state, &headers, &body, None)
}

fn create(
    state: &Replicate,
    headers: &HeaderMap,
    body: &[u8],
    model: Option<String>,
) -> Response<Body> {
    if let Some(refusal) = state.refusal(headers) {
        return refusal;
    }
    if let Some(deadline) = headers.get("cancel-after") {
        let text = deadline.to_str().unwrap_or_default();
        let digits = text.trim_end_matches(['s', 'm', 'h']);
        if digits.is_empty() || digits.len() == text.len() || digits.parse::<u32>().is_err() {
            return state
                .core
                .error(422, "Cancel-After must be a duration such as 90s, 5m or 1h");
        }
    }
    let Ok(request) = serde_json::from_slice::<Value>(body) else {
        return state.core.error(400, "The request body is not valid JSON");
    };
    let Some(input) = request.get("input").filter(|i| i.is_object()).cloned() else {
        return state.core.error(422, "input is required");
    };
    let (model, version) = match model {
        Some(model) => (model, "hidden".to_owned()),
        None => {
            let Some(version) = request.get("version").and_then(Value::as_str) else {
                return state.core.error(422, "version is required");
            };
            match version.split_once(':') {
                Some((model, v)) => (model.to_owned(), v.to_owned()),
                None if version.len() == 64 && version.chars().all(|c| c.is_ascii_hexdigit()) => {
                    ("community/model".to_owned(), version.to_owned())
                }
                None => return state.core.error(422, "Invalid version or not permitted"),
            }
        }
    };
    if input
        .get("prompt")
        .and_then(Value::as_str)
        .is_none_or(str::is_empty)
    {
        return state.core.error(422, "- input: prompt is required");
    }
    if images::is_flux(&model)
        && let Some(why) = images::refusal(&model, &input)
    {
        return state.core.error(422, &why);
    }
    let prediction = Prediction {
        id: prediction_id(),
        model,
        version,
        input,
        reads: 0,
        status: "starting",
        moderated: state.core.faults.take_moderation(Route::Create),
        output: None,
        error: None,
        created_at: now(),
    };
    let body = json_of(&prediction, &state.core.base_url);
    let mut store = state.store();
    store.order.push(prediction.id.clone());
    store.predictions.insert(prediction.id.clone(), prediction);
    drop(store);
    (StatusCode::CREATED, axum::Json(body)).into_response()
}

/// Whether an image input is readable: a data URL or a file uploaded here.
fn image_ok(state: &Replicate, value: Option<&Value>) -> bool {
    let Some(url) = value.and_then(Value::as_str) else {
        return value.is_none();
    };
    if url.starts_with("data:image/") {
        return true;
    }
    let prefix = format!("{}/v1/files/", state.core.base_url);
    url.strip_prefix(&prefix)
        .and_then(|rest| rest.split('/').next())
        .is_some_and(|id| state.store().files.contains_key(id))
}

async fn read(
    State(state): State<Replicate>,
    UrlPath(id): UrlPath<String>,
    headers: HeaderMap,
) -> Response<Body> {
    if let Some(refusal) = state.refusal(&headers) {
        return refusal;
    }
    let Some(mut p) = state.store().predictions.get(&id).cloned() else {
        return state
            .core
            .error(404, "The requested resource could not be found.");
    };
    let prompt = p
        .input
        .get("prompt")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    if prompt.contains("fake:aborted") && p.status == "starting" {
        p.status = "aborted";
    }
    if !matches!(p.status, "succeeded" | "failed" | "canceled" | "aborted") {
        p.reads += 1;
        p.status = match p.reads {
            1 => "starting",
            2 => "processing",
            _ => "succeeded",
        };
        if p.status == "succeeded" {
            let images_ok = image_ok(&state, p.input.get("start_image"))
                && image_ok(&state, p.input.get("end_image"))
                && image_ok(&state, p.input.get("image"));
            if p.moderated {
                p.status = "failed";
                let text = if images::is_flux(&p.model) {
                    images::NSFW_ERROR
                } else {
                    MODERATION_ERROR
                };
                p.error = Some(text.to_owned());
            } else if prompt.contains("fake:interrupted") {
                p.status = "failed";
                p.error = Some("Prediction interrupted; please retry (code: PA)".to_owned());
            } else if !images_ok {
                p.status = "failed";
                p.error =
                    Some("Failed to load the input image: cannot identify image file".to_owned());
            }
        }
    }
    if p.status == "succeeded" && images::is_flux(&p.model) {
        p.output = Some(images::output(&state.core, &p.input));
    } else if p.status == "succeeded" {
        // A fresh signed link on every read, as replicate.delivery does.
        let duration = p.input.get("duration").and_then(Value::as_u64).unwrap_or(5) as u32;
        let aspect = p
            .input
            .get("aspect_ratio")
            .and_then(Value::as_str)
            .unwrap_or("16:9")
            .to_owned();
        p.output = Some(json!(state.core.clip_url(duration, &aspect)));
    }
    state.store().predictions.insert(id, p.clone());
    axum::Json(json_of(&p, &state.core.base_url)).into_response()
}

async fn cancel(
    State(state): State<Replicate>,
    UrlPath(id): UrlPath<String>,
    headers: HeaderMap,
) -> Response<Body> {
    if let Some(refusal) = state.refusal(&headers) {
        return refusal;
    }
    let mut store = state.store();
    let Some(p) = store.predictions.get_mut(&id) else {
        drop(store);
        return state
            .core
            .error(404, "The requested resource could not be found.");
    };
    if matches!(p.status, "starting" | "processing") {
        p.status = "canceled";
    }
    let body = json_of(p, &state.core.base_url);
    drop(store);
    axum::Json(body).into_response()
}

async fn upload(State(state): State<Replicate>, headers: HeaderMap, body: Bytes) -> Response<Body> {
    if let Some(refusal) = state.refusal(&headers) {
        return refusal;
    }
    let Some(boundary) = form_data::boundary(&headers) else {
        return state.core.error(400, "Expected a multipart/form-data body");
    };
    let parts = form_data::parts(&body, &boundary);
    let Some(content) = parts.iter().find(|p| p.name == "content") else {
        return state.core.error(400, "Missing content part");
    };
    let metadata = parts
        .iter()
        .find(|p| p.name == "metadata")
        .and_then(|p| serde_json::from_slice(&p.bytes).ok())
        .unwrap_or(json!({}));
    let id = prediction_id();
    let name = content
        .file_name
        .clone()
        .unwrap_or_else(|| "file".to_owned());
    let content_type = content
        .content_type
        .clone()
        .unwrap_or_else(|| "application/octet-stream".to_owned());
    let info = file_json(
        &state,
        &id,
        &name,
        &content_type,
        content.bytes.len(),
        metadata,
    );
    state
        .store()
        .files
        .insert(id, (name, content_type, Bytes::from(content.bytes.clone())));
    (StatusCode::CREATED, axum::Json(info)).into_response()
}

fn file_json(
    state: &Replicate,
    id: &str,
    name: &str,
    content_type: &str,
    size: usize,
    metadata: Value,
) -> Value {
    json!({
        "id": id,
        "name": name,
        "content_type": content_type,
        "size": size,
        "etag": format!("\"{id}\""),
        "checksums": {"sha256": "0".repeat(64)},
        "metadata": metadata,
        "created_at": now(),
        "expires_at": "2099-01-01T00:00:00.000000Z",
        "urls": {"get": format!("{}/v1/files/{id}/download", state.core.base_url)},
    })
}

async fn file_info(
    State(state): State<Replicate>,
    UrlPath(id): UrlPath<String>,
    headers: HeaderMap,
) -> Response<Body> {
    if let Some(refusal) = state.refusal(&headers) {
        return refusal;
    }
    let found = state.store().files.get(&id).cloned();
    match found {
        Some((name, content_type, bytes)) => axum::Json(file_json(
            &state,
            &id,
            &name,
            &content_type,
            bytes.len(),
            json!({}),
        ))
        .into_response(),
        None => state
            .core
            .error(404, "The requested resource could not be found."),
    }
}

async fn file_download(
    State(state): State<Replicate>,
    UrlPath(id): UrlPath<String>,
) -> Response<Body> {
    match state.store().files.get(&id) {
        Some((_, content_type, bytes)) => (
            [(header::CONTENT_TYPE, content_type.clone())],
            bytes.clone(),
        )
            .into_response(),
        None => state
            .core
            .error(404, "The requested resource could not be found."),
    }
}

async fn account(State(state): State<Replicate>, headers: HeaderMap) -> Response<Body> {
    if let Some(refusal) = state.refusal(&headers) {
        return refusal;
    }
    axum::Json(json!({
        "type": "user",
        "username": "fake-user",
        "name": "Fake User",
        "github_url": null,
    }))
    .into_response()
}
