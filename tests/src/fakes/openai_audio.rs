//! The fake OpenAI audio server (audio-and-images.md §B), `Authorization: Bearer`:
//!
//! - `POST /v1/audio/speech` (JSON in, bytes out): `model` one of `tts-1`, `tts-1-hd`,
//!   `gpt-4o-mini-tts(-2025-12-15)`; `input` required, at most 4,096 characters; `voice`;
//!   `response_format` `mp3` (default) | `opus` | `aac` | `flac` | `wav` | `pcm` (headerless
//!   16-bit mono 24 kHz); `speed` 0.25–4. [`Route::Create`], the synthesis counter; bills the
//!   input's characters to the [`SpeechAccount`], whose exhaustion is **429
//!   `insufficient_quota`** (not a rate limit: never worth retrying).
//! - `POST /v1/audio/transcriptions` (multipart): `file`, `model` (`whisper-1` for words),
//!   `response_format` (`json` default, `text`, `verbose_json`), `timestamp_granularities[]`
//!   repeated (`word`, `segment`; need `verbose_json`). It "hears" audio this fake made (the
//!   same bytes): the words and times it spoke; other audio transcribes as silence.
//!   `gpt-4o-(mini-)transcribe` accept `json` only (400 otherwise).
//! - `GET /v1/models`.
//! - `POST /v1/images/generations`: [`super::openai_images`].
//!
//! Errors are `{"error":{"message","type","param","code"}}`; 401 for a wrong key; 429 with
//! `Retry-After`, 5xx and cut bodies come from the shared fault layer.

use super::form_data::{FormPart, boundary, parts};
use super::speech::{SpeechAccount, Utterance, encode, speak};
use super::{FakeCore, FakeServer, FakeSpec, Route};
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, Method, Response, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex};

const SPEECH_MODELS: [&str; 4] = [
    "tts-1",
    "tts-1-hd",
    "gpt-4o-mini-tts",
    "gpt-4o-mini-tts-2025-12-15",
];
const MAX_INPUT: usize = 4096;
const RATE: u32 = 24_000;

#[derive(Debug)]
struct OpenAiAudio {
    core: Arc<FakeCore>,
    account: Arc<SpeechAccount>,
    /// What was said, by a hash of the audio bytes sent.
    said: Mutex<HashMap<u64, (String, Utterance)>>,
}

pub fn route_of(method: &Method, path: &str) -> Route {
    match (method, path) {
        (&Method::POST, "/v1/audio/speech") => Route::Create,
        (&Method::POST, super::openai_images::GENERATIONS | super::openai_images::EDITS) => {
            Route::Create
        }
        (&Method::POST, "/v1/audio/transcriptions") => Route::Upload,
        _ => Route::Other,
    }
}

pub fn error_body(status: u16, message: &str) -> Value {
    let (kind, code) = match status {
        401 => ("invalid_request_error", Value::from("invalid_api_key")),
        429 => ("requests", Value::from("rate_limit_exceeded")),
        500.. => ("server_error", Value::Null),
        _ => ("invalid_request_error", Value::Null),
    };
    json!({"error": {"message": message, "type": kind, "param": null, "code": code}})
}

fn invalid(param: &str, message: &str) -> Response<Body> {
    (
        StatusCode::BAD_REQUEST,
        axum::Json(json!({"error": {"message": message, "type": "invalid_request_error", "param": param, "code": null}})),
    )
        .into_response()
}

fn digest(bytes: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

pub async fn start(port: u16, clip_dir: &std::path::Path) -> std::io::Result<FakeServer> {
    start_with(port, clip_dir, Arc::default()).await
}

/// Starts the fake billing `account`.
pub async fn start_with(
    port: u16,
    clip_dir: &std::path::Path,
    account: Arc<SpeechAccount>,
) -> std::io::Result<FakeServer> {
    let spec = FakeSpec {
        name: "openai",
        route_of,
        error_body,
    };
    FakeServer::start(spec, port, clip_dir, |core| {
        let images = super::openai_images::routes(core.clone());
        let state = Arc::new(OpenAiAudio {
            core,
            account,
            said: Mutex::default(),
        });
        Router::new()
            .route("/v1/audio/speech", post(speech))
            .route("/v1/audio/transcriptions", post(transcriptions))
            .route("/v1/models", get(models))
            .with_state(state)
            .merge(images)
    })
    .await
}

async fn speech(
    State(state): State<Arc<OpenAiAudio>>,
    headers: HeaderMap,
    axum::Json(body): axum::Json<Value>,
) -> Response<Body> {
    if let Some(refused) = state.core.key_refusal(&headers, "authorization", "Bearer ") {
        return refused;
    }
    let model = body
        .get("model")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if !SPEECH_MODELS.contains(&model) {
        return invalid("model", &format!("Invalid model '{model}'."));
    }
    let Some(input) = body.get("input").and_then(Value::as_str) else {
        return invalid("input", "Missing required parameter: 'input'.");
    };
    let n = input.chars().count();
    if n > MAX_INPUT {
        return invalid(
            "input",
            &format!("'input' is too long: {n} characters, at most {MAX_INPUT}."),
        );
    }
    if body.get("voice").and_then(Value::as_str).is_none() {
        return invalid("voice", "Missing required parameter: 'voice'.");
    }
    let speed = body.get("speed").and_then(Value::as_f64).unwrap_or(1.0);
    if !(0.25..=4.0).contains(&speed) {
        return invalid("speed", "'speed' must be between 0.25 and 4.0.");
    }
    let format = body
        .get("response_format")
        .and_then(Value::as_str)
        .unwrap_or("mp3");
    let said = speak(input, RATE, speed);
    let Some((bytes, content_type)) = encode(&said.samples, RATE, format) else {
        return invalid(
            "response_format",
            &format!("Invalid response_format '{format}'."),
        );
    };
    if state.account.bill(n as u64).is_err() {
        return (
            StatusCode::TOO_MANY_REQUESTS,
            axum::Json(json!({"error": {
                "message": "You exceeded your current quota, please check your plan and billing details.",
                "type": "insufficient_quota", "param": null, "code": "insufficient_quota"}})),
        )
            .into_response();
    }
    state
        .said
        .lock()
        .expect("said")
        .insert(digest(&bytes), (input.to_owned(), said));
    let mut response = ([(header::CONTENT_TYPE, content_type)], bytes).into_response();
    response.headers_mut().insert(
        "x-request-id",
        format!("req_{}", uuid::Uuid::new_v4().simple())
            .parse()
            .expect("header"),
    );
    response
}

fn field<'a>(form: &'a [FormPart], name: &str) -> Option<&'a str> {
    form.iter()
        .find(|p| p.name == name)
        .and_then(|p| std::str::from_utf8(&p.bytes).ok())
}

async fn transcriptions(
    State(state): State<Arc<OpenAiAudio>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response<Body> {
    if let Some(refused) = state.core.key_refusal(&headers, "authorization", "Bearer ") {
        return refused;
    }
    let Some(boundary) = boundary(&headers) else {
        return invalid("file", "Expected a multipart/form-data body.");
    };
    let form = parts(&body, &boundary);
    let Some(file) = form.iter().find(|p| p.name == "file") else {
        return invalid("file", "Missing required parameter: 'file'.");
    };
    let model = field(&form, "model").unwrap_or_default().to_owned();
    let format = field(&form, "response_format").unwrap_or("json").to_owned();
    let granularities: Vec<&str> = form
        .iter()
        .filter(|p| p.name == "timestamp_granularities[]")
        .filter_map(|p| std::str::from_utf8(&p.bytes).ok())
        .collect();
    if model.starts_with("gpt-4o") && format != "json" {
        return invalid(
            "response_format",
            &format!(
                "response_format '{format}' is not compatible with model '{model}'. Use 'json'."
            ),
        );
    }
    if !granularities.is_empty() && format != "verbose_json" {
        return invalid(
            "timestamp_granularities",
            "timestamp_granularities requires response_format=verbose_json",
        );
    }
    let heard = state
        .said
        .lock()
        .expect("said")
        .get(&digest(&file.bytes))
        .cloned();
    let (text, words, duration) = match &heard {
        Some((text, said)) => (text.clone(), said.words(), said.duration_s()),
        None => (String::new(), Vec::new(), 0.0),
    };
    match format.as_str() {
        "text" => ([(header::CONTENT_TYPE, "text/plain")], text).into_response(),
        "json" => axum::Json(
            json!({"text": text, "usage": {"type": "duration", "seconds": duration.ceil() as u64}}),
        )
        .into_response(),
        "verbose_json" => {
            let mut out = json!({
                "task": "transcribe", "language": "french", "duration": duration, "text": text,
                "usage": {"type": "duration", "seconds": duration.ceil() as u64},
            });
            if granularities.contains(&"word") {
                // Whisper's words carry no punctuation.
                out["words"] = words
                    .iter()
                    .map(|(w, s, e)| {
                        let bare: String = w
                            .chars()
                            .filter(|c| c.is_alphanumeric() || *c == '\'')
                            .collect();
                        json!({"word": bare, "start": s, "end": e})
                    })
                    .collect();
            }
            if granularities.contains(&"segment") {
                out["segments"] = json!([{"id": 0, "seek": 0, "start": 0.0, "end": duration,
                    "text": format!(" {text}"), "tokens": [50364], "temperature": 0.0,
                    "avg_logprob": -0.2, "compression_ratio": 1.0, "no_speech_prob": 0.01}]);
            }
            axum::Json(out).into_response()
        }
        other => invalid(
            "response_format",
            &format!("Invalid response_format '{other}'."),
        ),
    }
}

async fn models(State(state): State<Arc<OpenAiAudio>>, headers: HeaderMap) -> Response<Body> {
    if let Some(refused) = state.core.key_refusal(&headers, "authorization", "Bearer ") {
        return refused;
    }
    let data: Vec<Value> = SPEECH_MODELS
        .iter()
        .chain(&["whisper-1"])
        .map(|id| json!({"id": id, "object": "model", "created": 1_700_000_000, "owned_by": "system"}))
        .collect();
    axum::Json(json!({"object": "list", "data": data})).into_response()
}
