//! The fake Kokoro-FastAPI server (audio-and-images.md §C1), no key:
//!
//! - `POST /v1/audio/speech`: the OpenAI body plus Kokoro's extras; `model` must be one of
//!   `tts-1`, `tts-1-hd`, `kokoro`, `gpt-4o-mini-tts` (else 400 `invalid_model`); `voice`
//!   (default `af_heart`; OpenAI names aliased, `alloy` → `am_adam`…); `speed` 0.25–4 (else
//!   422, pydantic's list); `stream` **defaults to true**: the audio is then sent chunked, one
//!   piece per sentence. 24 kHz mono.
//! - `POST /dev/captioned_speech` (no `/v1`): same body; answers `application/json` objects
//!   `{audio (base64 of that chunk in response_format), audio_format, timestamps:
//!   [{word, start_time, end_time}]}` with **absolute** times — one object per line when
//!   streamed (the default), a single object with `"stream": false`. A build from before
//!   2026-07-12 ([`start_with`]`(…, true)`) gives `null` timestamps for French voices.
//! - `GET /v1/audio/voices` → `{"voices":[{"id","name"}]}`.
//!
//! Both synthesis routes are [`Route::Create`] (the synthesis counter). Errors are
//! `{"detail":{"error","message","type"}}`.

use super::speech::{encode, speak};
use super::{FakeCore, FakeServer, FakeSpec, Route};
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{Method, Response, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use base64::Engine as _;
use serde_json::{Value, json};
use std::sync::Arc;

const MODELS: [&str; 4] = ["tts-1", "tts-1-hd", "kokoro", "gpt-4o-mini-tts"];
pub const VOICES: [&str; 6] = [
    "af_heart",
    "af_bella",
    "am_adam",
    "bf_emma",
    "bf_isabella",
    "ff_siwis",
];
const RATE: u32 = 24_000;

#[derive(Debug)]
struct Kokoro {
    /// Timestamps of French voices are `null` (builds before commit c0acb91).
    null_french_timestamps: bool,
    _core: Arc<FakeCore>,
}

pub fn route_of(method: &Method, path: &str) -> Route {
    match (method, path) {
        (&Method::POST, "/v1/audio/speech" | "/dev/captioned_speech") => Route::Create,
        _ => Route::Other,
    }
}

pub fn error_body(status: u16, message: &str) -> Value {
    let (error, kind) = match status {
        500.. => ("processing_error", "server_error"),
        _ => ("validation_error", "invalid_request_error"),
    };
    json!({"detail": {"error": error, "message": message, "type": kind}})
}

fn refusal(status: u16, error: &str, message: &str) -> Response<Body> {
    let kind = if status >= 500 {
        "server_error"
    } else {
        "invalid_request_error"
    };
    (
        StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST),
        axum::Json(json!({"detail": {"error": error, "message": message, "type": kind}})),
    )
        .into_response()
}

pub async fn start(port: u16, clip_dir: &std::path::Path) -> std::io::Result<FakeServer> {
    start_with(port, clip_dir, false).await
}

/// Starts the fake; `null_french_timestamps` plays a build from before French timing.
pub async fn start_with(
    port: u16,
    clip_dir: &std::path::Path,
    null_french_timestamps: bool,
) -> std::io::Result<FakeServer> {
    let spec = FakeSpec {
        name: "kokoro",
        route_of,
        error_body,
    };
    FakeServer::start(spec, port, clip_dir, |core| {
        let state = Arc::new(Kokoro {
            null_french_timestamps,
            _core: core,
        });
        Router::new()
            .route("/v1/audio/speech", post(speech))
            .route("/dev/captioned_speech", post(captioned))
            .route("/v1/audio/voices", get(voices))
            .with_state(state)
    })
    .await
}

/// A checked request: voice, sentences, speed, format, streamed.
struct Accepted {
    voice: String,
    sentences: Vec<String>,
    speed: f64,
    format: String,
    stream: bool,
}

fn accept(body: &Value, check_model: bool) -> Result<Accepted, Box<Response<Body>>> {
    let model = body
        .get("model")
        .and_then(Value::as_str)
        .unwrap_or("kokoro");
    if check_model && !MODELS.contains(&model) {
        return Err(Box::new(refusal(
            400,
            "invalid_model",
            &format!("Unsupported model: {model}"),
        )));
    }
    let Some(input) = body.get("input").and_then(Value::as_str) else {
        return Err(Box::new((
            StatusCode::UNPROCESSABLE_ENTITY,
            axum::Json(json!({"detail": [{"loc": ["body", "input"], "msg": "Field required", "type": "missing"}]})),
        )
            .into_response()));
    };
    let speed = body.get("speed").and_then(Value::as_f64).unwrap_or(1.0);
    if !(0.25..=4.0).contains(&speed) {
        return Err(Box::new((
            StatusCode::UNPROCESSABLE_ENTITY,
            axum::Json(json!({"detail": [{"loc": ["body", "speed"], "msg": "Input should be less than or equal to 4", "type": "less_than_equal"}]})),
        )
            .into_response()));
    }
    let voice = match body
        .get("voice")
        .and_then(Value::as_str)
        .unwrap_or("af_heart")
    {
        "alloy" => "am_adam",
        "nova" => "bf_isabella",
        other => other,
    };
    if !VOICES.contains(&voice) {
        return Err(Box::new(refusal(
            400,
            "validation_error",
            &format!("Voice '{voice}' not found"),
        )));
    }
    let format = body
        .get("response_format")
        .and_then(Value::as_str)
        .unwrap_or("mp3")
        .to_owned();
    if encode(&[0], RATE, &format).is_none() {
        return Err(Box::new(refusal(
            400,
            "validation_error",
            &format!("Unsupported format: {format}"),
        )));
    }
    let mut sentences = Vec::new();
    let mut current = String::new();
    for word in input.split_whitespace() {
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
        if word.ends_with(['.', '!', '?']) {
            sentences.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        sentences.push(current);
    }
    Ok(Accepted {
        voice: voice.to_owned(),
        sentences,
        speed,
        format,
        stream: body.get("stream").and_then(Value::as_bool).unwrap_or(true),
    })
}

async fn speech(axum::Json(body): axum::Json<Value>) -> Response<Body> {
    let request = match accept(&body, true) {
        Ok(r) => r,
        Err(refused) => return *refused,
    };
    let text = request.sentences.join(" ");
    let said = speak(&text, RATE, request.speed);
    let (bytes, content_type) = encode(&said.samples, RATE, &request.format).expect("checked");
    if !request.stream {
        return ([(header::CONTENT_TYPE, content_type)], bytes).into_response();
    }
    // Chunked, no Content-Length, as Kokoro streams.
    let pieces: Vec<Result<Bytes, std::io::Error>> = bytes
        .chunks(4096)
        .map(|c| Ok(Bytes::copy_from_slice(c)))
        .collect();
    let body = Body::from_stream(futures_util::stream::iter(pieces));
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}

async fn captioned(
    State(state): State<Arc<Kokoro>>,
    axum::Json(body): axum::Json<Value>,
) -> Response<Body> {
    let request = match accept(&body, false) {
        Ok(r) => r,
        Err(refused) => return *refused,
    };
    let null_timestamps = state.null_french_timestamps && request.voice.starts_with('f');
    let mut offset = 0.0;
    let mut chunks = Vec::new();
    for sentence in &request.sentences {
        let said = speak(sentence, RATE, request.speed);
        let (bytes, content_type) = encode(&said.samples, RATE, &request.format).expect("checked");
        let timestamps: Value = if null_timestamps {
            Value::Null
        } else {
            said.words()
                .iter()
                .map(|(w, s, e)| json!({"word": w, "start_time": offset + s, "end_time": offset + e}))
                .collect()
        };
        offset += said.duration_s();
        chunks.push(json!({
            "audio": base64::engine::general_purpose::STANDARD.encode(bytes),
            "audio_format": content_type,
            "timestamps": timestamps,
        }));
    }
    if !request.stream {
        let mut audio = Vec::new();
        let text = request.sentences.join(" ");
        let said = speak(&text, RATE, request.speed);
        let (bytes, content_type) = encode(&said.samples, RATE, &request.format).expect("checked");
        audio.extend(bytes);
        let timestamps: Value = if null_timestamps {
            Value::Null
        } else {
            said.words()
                .iter()
                .map(|(w, s, e)| json!({"word": w, "start_time": s, "end_time": e}))
                .collect()
        };
        return axum::Json(json!({
            "audio": base64::engine::general_purpose::STANDARD.encode(audio),
            "audio_format": content_type,
            "timestamps": timestamps,
        }))
        .into_response();
    }
    let lines: Vec<Result<Bytes, std::io::Error>> = chunks
        .iter()
        .map(|c| Ok(Bytes::from(format!("{c}\n"))))
        .collect();
    let body = Body::from_stream(futures_util::stream::iter(lines));
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

async fn voices() -> axum::Json<Value> {
    let voices: Vec<Value> = VOICES.iter().map(|v| json!({"id": v, "name": v})).collect();
    axum::Json(json!({ "voices": voices }))
}
