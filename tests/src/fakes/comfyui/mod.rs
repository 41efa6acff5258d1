//! Fake ComfyUI server (providers.md §7), for tests and for trying the ComfyUI adapter
//! without a GPU: no auth; `POST /prompt` validates the API-format graph the way ComfyUI
//! does (missing prompt, non-canonical `prompt_id`, links to missing nodes, unfilled numeric
//! inputs, `LoadImage` of a file never uploaded, no output node → its 400 bodies with
//! `node_errors`) and queues it; one prompt runs at a time, like one GPU: each
//! `GET /history/{id}` request moves the queue one step (pending → running → finished after
//! three more steps), `GET /queue` lists `queue_running` / `queue_pending` items
//! `[number, prompt_id, prompt, extra_data, outputs]`, and `/history/{id}` stays `{}` until
//! the prompt has finished, then holds `outputs` (`SaveImage` → `images`, a real PNG of
//! the graph's width × height, or square for a prompt text with `[fake:wrong-aspect]`;
//! `SaveVideo` → `images` with
//! `{filename, subfolder, type}` and `animated`, `VHS_VideoCombine` → `gifs`) and `status`
//! (`status_str`, `completed`, `messages` with `execution_start`, `execution_cached`,
//! `execution_success` / `execution_error` / `execution_interrupted`). Videos are real clips
//! of the graph's length ÷ fps and width × height, served by `GET /view`. Also:
//! `POST /upload/image` (multipart, auto-rename on collision), `POST /queue {"delete"|"clear"}`,
//! `POST /interrupt`, `POST /api/jobs/{id}/cancel`, `POST /history {"delete"|"clear"}`,
//! `GET /prompt`, `GET /system_stats`; every route also under `/api`.
//!
//! A prompt text containing `[fake:error]` fails in its sampler with an `execution_error`.

mod graph;
mod queue;

use super::form_data::{self, FormPart};
use super::{FakeCore, FakeServer, FakeSpec, Route};
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{HeaderMap, Method, Response, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use graph::{OUTPUT_NODES, bad_prompt, clip_shape, is_canonical_uuid, node_errors};
use queue::{Comfy, Prompt, now_ms};
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

#[derive(Debug)]
struct ComfyState {
    core: Arc<FakeCore>,
    comfy: Mutex<Comfy>,
}

fn error_body(status: u16, message: &str) -> Value {
    let kind = match status {
        400 => "invalid_prompt",
        404 => "not_found",
        _ => "server_error",
    };
    json!({"error": {"type": kind, "message": message, "details": message, "extra_info": {}}, "node_errors": {}})
}

fn route_of(method: &Method, path: &str) -> Route {
    let path = path.strip_prefix("/api").unwrap_or(path);
    match (method.as_str(), path) {
        ("POST", "/prompt") => Route::Create,
        ("GET", p) if p.starts_with("/history/") || p == "/queue" => Route::Poll,
        ("POST", "/queue" | "/interrupt") => Route::Cancel,
        ("POST", p) if p.starts_with("/jobs/") && p.ends_with("/cancel") => Route::Cancel,
        ("POST", "/upload/image") => Route::Upload,
        ("GET", "/view") => Route::Download,
        _ => Route::Other,
    }
}

/// Starts the fake on `127.0.0.1:port` (0 for any; ComfyUI's own is 8188).
pub async fn start(port: u16, clip_dir: &std::path::Path) -> std::io::Result<FakeServer> {
    let spec = FakeSpec {
        name: "comfyui",
        route_of,
        error_body,
    };
    FakeServer::start(spec, port, clip_dir, |core| {
        let state = Arc::new(ComfyState {
            core,
            comfy: Mutex::default(),
        });
        let routes = Router::new()
            .route("/prompt", post(create).get(prompt_info))
            .route("/queue", get(queue).post(queue_edit))
            .route("/history", get(history_all).post(history_edit))
            .route("/history/{id}", get(history_one))
            .route("/interrupt", post(interrupt))
            .route("/jobs/{id}/cancel", post(cancel_job))
            .route("/upload/image", post(upload))
            .route("/view", get(view))
            .route("/system_stats", get(system_stats))
            .with_state(state);
        Router::new().merge(routes.clone()).nest("/api", routes)
    })
    .await
}

async fn create(State(state): State<Arc<ComfyState>>, body: Bytes) -> Response<Body> {
    let Ok(body) = serde_json::from_slice::<Value>(&body) else {
        return bad_prompt(
            "no_prompt",
            "No prompt provided",
            "No prompt provided",
            json!({}),
        );
    };
    let Some(graph) = body.get("prompt").and_then(Value::as_object).cloned() else {
        return bad_prompt(
            "no_prompt",
            "No prompt provided",
            "No prompt provided",
            json!({}),
        );
    };
    let id = match body.get("prompt_id") {
        None | Some(Value::Null) => uuid::Uuid::new_v4().to_string(),
        Some(Value::String(id)) if is_canonical_uuid(id) => id.clone(),
        Some(other) => {
            return bad_prompt(
                "invalid_prompt_id",
                "Invalid prompt_id",
                &format!("prompt_id must be a canonical lowercase UUID, got {other}"),
                json!({}),
            );
        }
    };
    for (node_id, node) in &graph {
        if !node["class_type"].is_string() {
            return bad_prompt(
                "invalid_prompt",
                &format!(
                    "Cannot execute because a node is missing the class_type property.: Node ID '#{node_id}'"
                ),
                &format!("Node ID '#{node_id}'"),
                json!({}),
            );
        }
    }
    let outputs: Vec<String> = graph
        .iter()
        .filter(|(_, n)| OUTPUT_NODES.contains(&n["class_type"].as_str().unwrap_or("")))
        .map(|(id, _)| id.clone())
        .collect();
    if outputs.is_empty() {
        return bad_prompt("prompt_no_outputs", "Prompt has no outputs", "", json!({}));
    }
    let mut comfy = state.comfy.lock().expect("comfy");
    let errors = node_errors(&graph, &comfy.uploads);
    if !errors.is_empty() {
        return bad_prompt(
            "prompt_outputs_failed_validation",
            "Prompt outputs failed validation",
            "",
            Value::Object(errors),
        );
    }
    let (duration_s, aspect) = clip_shape(&graph);
    let fails = graph.values().any(|n| {
        n["inputs"]["text"]
            .as_str()
            .is_some_and(|t| t.contains("[fake:error]"))
    });
    let number = comfy.number;
    comfy.number += 1;
    comfy.pending.push_back(Prompt {
        id: id.clone(),
        number,
        graph,
        extra_data: json!({"client_id": body.get("client_id").cloned().unwrap_or(Value::Null)}),
        outputs,
        duration_s,
        aspect,
        fails,
        steps: 0,
        started_ms: 0,
        queued_ms: now_ms(),
    });
    axum::Json(json!({"prompt_id": id, "number": number, "node_errors": {}})).into_response()
}

async fn prompt_info(State(state): State<Arc<ComfyState>>) -> Response<Body> {
    let comfy = state.comfy.lock().expect("comfy");
    let remaining = comfy.pending.len() + usize::from(comfy.running.is_some());
    axum::Json(json!({"exec_info": {"queue_remaining": remaining}})).into_response()
}

async fn queue(State(state): State<Arc<ComfyState>>) -> Response<Body> {
    let comfy = state.comfy.lock().expect("comfy");
    let running: Vec<Value> = comfy.running.iter().map(Prompt::queue_item).collect();
    let pending: Vec<Value> = comfy.pending.iter().map(Prompt::queue_item).collect();
    axum::Json(json!({"queue_running": running, "queue_pending": pending})).into_response()
}

async fn queue_edit(State(state): State<Arc<ComfyState>>, body: Bytes) -> Response<Body> {
    let body: Value = serde_json::from_slice(&body).unwrap_or_default();
    let mut comfy = state.comfy.lock().expect("comfy");
    if body["clear"].as_bool() == Some(true) {
        comfy.pending.clear();
    }
    let ids: Vec<&str> = body["delete"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    comfy.dequeue(&ids);
    StatusCode::OK.into_response()
}

async fn interrupt(State(state): State<Arc<ComfyState>>, body: Bytes) -> Response<Body> {
    let body: Value = serde_json::from_slice(&body).unwrap_or_default();
    let mut comfy = state.comfy.lock().expect("comfy");
    comfy.interrupt(&state.core, body["prompt_id"].as_str());
    StatusCode::OK.into_response()
}

async fn cancel_job(
    State(state): State<Arc<ComfyState>>,
    UrlPath(id): UrlPath<String>,
) -> Response<Body> {
    let mut comfy = state.comfy.lock().expect("comfy");
    let cancelled = comfy.dequeue(&[id.as_str()]) || comfy.interrupt(&state.core, Some(&id));
    axum::Json(json!({"cancelled": cancelled})).into_response()
}

async fn history_one(
    State(state): State<Arc<ComfyState>>,
    UrlPath(id): UrlPath<String>,
) -> Response<Body> {
    let mut comfy = state.comfy.lock().expect("comfy");
    comfy.tick(&state.core);
    let found = comfy.history.iter().find(|(k, _)| *k == id);
    let mut answer = Map::new();
    if let Some((k, entry)) = found {
        answer.insert(k.clone(), entry.clone());
    }
    axum::Json(Value::Object(answer)).into_response()
}

async fn history_all(
    State(state): State<Arc<ComfyState>>,
    Query(query): Query<HashMap<String, String>>,
) -> Response<Body> {
    let comfy = state.comfy.lock().expect("comfy");
    let offset: usize = query
        .get("offset")
        .and_then(|o| o.parse().ok())
        .unwrap_or(0);
    let max: usize = query
        .get("max_items")
        .and_then(|m| m.parse().ok())
        .unwrap_or(usize::MAX);
    let answer: Map<String, Value> = comfy
        .history
        .iter()
        .rev()
        .skip(offset)
        .take(max)
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    axum::Json(Value::Object(answer)).into_response()
}

async fn history_edit(State(state): State<Arc<ComfyState>>, body: Bytes) -> Response<Body> {
    let body: Value = serde_json::from_slice(&body).unwrap_or_default();
    let mut comfy = state.comfy.lock().expect("comfy");
    if body["clear"].as_bool() == Some(true) {
        comfy.history.clear();
    }
    let ids: Vec<&str> = body["delete"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    comfy.history.retain(|(k, _)| !ids.contains(&k.as_str()));
    StatusCode::OK.into_response()
}

async fn upload(
    State(state): State<Arc<ComfyState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response<Body> {
    let Some(boundary) = form_data::boundary(&headers) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let parts = form_data::parts(&body, &boundary);
    let text = |name: &str| {
        parts
            .iter()
            .find(|p| p.name == name)
            .map(|p| String::from_utf8_lossy(&p.bytes).into_owned())
    };
    let Some(FormPart {
        file_name: Some(file_name),
        bytes,
        ..
    }) = parts.iter().find(|p| p.name == "image")
    else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let kind = text("type").unwrap_or_else(|| "input".to_owned());
    let subfolder = text("subfolder").unwrap_or_default();
    let overwrite = matches!(text("overwrite").as_deref(), Some("true" | "1"));
    let safe = |s: &str| !s.contains("..") && !s.starts_with('/');
    if !safe(file_name) || !safe(&subfolder) || file_name.is_empty() {
        return StatusCode::BAD_REQUEST.into_response();
    }
    let key = |name: &str| {
        if subfolder.is_empty() {
            name.to_owned()
        } else {
            format!("{subfolder}/{name}")
        }
    };
    let mut comfy = state.comfy.lock().expect("comfy");
    let (stem, ext) = file_name
        .rsplit_once('.')
        .unwrap_or((file_name.as_str(), ""));
    let mut name = file_name.clone();
    let mut n = 1;
    // ComfyUI renames "x.png" to "x (1).png" on collision, unless the bytes are identical.
    while !overwrite
        && comfy
            .uploads
            .get(&key(&name))
            .is_some_and(|existing| existing != bytes)
    {
        name = format!("{stem} ({n}).{ext}");
        n += 1;
    }
    comfy.uploads.insert(key(&name), bytes.clone());
    axum::Json(json!({"name": name, "subfolder": subfolder, "type": kind})).into_response()
}

async fn view(
    State(state): State<Arc<ComfyState>>,
    Query(query): Query<HashMap<String, String>>,
) -> Response<Body> {
    let filename = query.get("filename").cloned().unwrap_or_default();
    let subfolder = query.get("subfolder").cloned().unwrap_or_default();
    if query.get("type").map(String::as_str).unwrap_or("output") != "output" {
        return StatusCode::NOT_FOUND.into_response();
    }
    let clip = state
        .comfy
        .lock()
        .expect("comfy")
        .outputs
        .get(&format!("{subfolder}/{filename}"))
        .cloned();
    let Some(clip) = clip else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let content_type = if clip.ends_with(".png") {
        "image/png"
    } else {
        "video/mp4"
    };
    match tokio::fs::read(state.core.clips.dir().join(&clip)).await {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, content_type.to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("filename=\"{filename}\""),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn system_stats() -> Response<Body> {
    axum::Json(json!({
        "system": {
            "os": "posix",
            "ram_total": 34359738368u64,
            "ram_free": 17179869184u64,
            "comfyui_version": "0.3.60",
            "required_frontend_version": "1.26.0",
            "python_version": "3.12.3 (main) [GCC 13.2.0]",
            "pytorch_version": "2.8.0+cu128",
            "embedded_python": false,
            "argv": ["main.py", "--listen", "127.0.0.1"]
        },
        "devices": [{
            "name": "cuda:0 Fake GPU (no real GPU: Reelforge fake server) : cudaMallocAsync",
            "type": "cuda",
            "index": 0,
            "vram_total": 25757220864u64,
            "vram_free": 24000000000u64,
            "torch_vram_total": 0,
            "torch_vram_free": 0
        }]
    }))
    .into_response()
}
