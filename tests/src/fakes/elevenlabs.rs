//! The fake ElevenLabs server (audio-and-images.md §A), key in `xi-api-key`:
//!
//! - `POST /v1/text-to-speech/{voice_id}` → the audio bytes (`audio/mpeg` for the default
//!   `mp3_44100_128`), and `POST /v1/text-to-speech/{voice_id}/with-timestamps` → JSON
//!   `{audio_base64, alignment, normalized_alignment}` with one start and end per character
//!   of the submitted text (spaces included). `output_format` is a *query* parameter; a body
//!   field of that name is ignored, as the real API does. Both are [`Route::Create`] (the
//!   synthesis counter) and bill the text's characters to the [`SpeechAccount`]: `text`
//!   only, never `previous_text` / `next_text` (continuity across chunks; strings when
//!   present, else 422). Each synthesis made is kept in [`Syntheses`]: its text, the
//!   neighbouring texts as sent, and the words and audio length it answered.
//! - `GET /v1/voices`, `GET /v1/models` (a bare array).
//!
//! Faults of the doc: a spent quota is **401** `quota_exceeded`; a format above the plan's
//! tier (`mp3_44100_192` needs Creator, `pcm_44100`/`wav_44100` Pro) is **403**
//! `subscription_required`; an unknown voice 400 `voice_not_found`; over 10,000 characters
//! 400 `max_character_limit_exceeded` (counting `text` alone); no `text` 422 (FastAPI's list). 429 (with
//! `Retry-After`), 5xx and cut bodies come from the shared fault layer. Errors are
//! `{"detail":{"status","message"}}`.

use super::speech::{SpeechAccount, Tier, encode, speak};
use super::{FakeCore, FakeServer, FakeSpec, Route};
use axum::Router;
use axum::body::Body;
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{HeaderMap, Method, Response, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use base64::Engine as _;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Voices the fake knows (premade ids of the real service).
pub const VOICES: [(&str, &str); 3] = [
    ("JBFqnCBsd6RMkjVDRZzb", "George"),
    ("21m00Tcm4TlvDq8ikWAM", "Rachel"),
    ("XB0fDUnXU5powFXDhCwa", "Charlotte"),
];
const MAX_CHARS: usize = 10_000;

#[derive(Debug)]
struct ElevenLabs {
    core: Arc<FakeCore>,
    account: Arc<SpeechAccount>,
    syntheses: Arc<Syntheses>,
}

/// One synthesis the fake made: what it was sent and what it answered.
#[derive(Debug, Clone, PartialEq)]
pub struct Synthesis {
    pub text: String,
    /// `previous_text` and `next_text` as sent (`None`: absent or `null`).
    pub previous_text: Option<String>,
    pub next_text: Option<String>,
    /// The words its alignment gave, `(word, start_s, end_s)` from the start of its audio.
    pub words: Vec<(String, f64, f64)>,
    /// The length of the audio it sent, in seconds.
    pub duration_s: f64,
}

/// Every synthesis a fake made, in the order they were made (refused requests are not).
#[derive(Debug, Default)]
pub struct Syntheses(Mutex<Vec<Synthesis>>);

impl Syntheses {
    pub fn all(&self) -> Vec<Synthesis> {
        self.0.lock().expect("syntheses").clone()
    }

    fn push(&self, synthesis: Synthesis) {
        self.0.lock().expect("syntheses").push(synthesis);
    }
}

/// A request the fake accepted (and billed).
struct Accepted {
    text: String,
    previous_text: Option<String>,
    next_text: Option<String>,
    codec: &'static str,
    rate: u32,
    speed: f64,
}

impl Accepted {
    /// Speaks the text and keeps the synthesis in `syntheses`.
    fn speak(self, syntheses: &Syntheses) -> (String, super::speech::Utterance) {
        let said = speak(&self.text, self.rate, self.speed);
        syntheses.push(Synthesis {
            text: self.text.clone(),
            previous_text: self.previous_text,
            next_text: self.next_text,
            words: said.words(),
            duration_s: said.duration_s(),
        });
        (self.text, said)
    }
}

pub fn route_of(method: &Method, path: &str) -> Route {
    match (method, path.starts_with("/v1/text-to-speech/")) {
        (&Method::POST, true) => Route::Create,
        _ => Route::Other,
    }
}

pub fn error_body(status: u16, message: &str) -> Value {
    let code = match status {
        401 => "invalid_api_key",
        403 => "forbidden",
        404 => "not_found",
        429 => "too_many_concurrent_requests",
        500.. => "internal_server_error",
        _ => "invalid_request",
    };
    json!({"detail": {"status": code, "message": message}})
}

fn refusal(status: u16, code: &str, message: &str) -> Response<Body> {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
    (
        status,
        axum::Json(json!({"detail": {"status": code, "message": message}})),
    )
        .into_response()
}

/// FastAPI's 422 for one body field.
fn unprocessable(field: &str, message: &str, kind: &str) -> Box<Response<Body>> {
    let detail = json!({"detail": [{"loc": ["body", field], "msg": message, "type": kind}]});
    Box::new((StatusCode::UNPROCESSABLE_ENTITY, axum::Json(detail)).into_response())
}

/// Starts the fake with a fresh account (1,000,000 characters, free tier).
pub async fn start(port: u16, clip_dir: &std::path::Path) -> std::io::Result<FakeServer> {
    start_with(port, clip_dir, Arc::default()).await
}

/// Starts the fake billing `account`.
pub async fn start_with(
    port: u16,
    clip_dir: &std::path::Path,
    account: Arc<SpeechAccount>,
) -> std::io::Result<FakeServer> {
    start_recording(port, clip_dir, account, Arc::default()).await
}

/// Starts the fake billing `account` and keeping each synthesis it makes in `syntheses`.
pub async fn start_recording(
    port: u16,
    clip_dir: &std::path::Path,
    account: Arc<SpeechAccount>,
    syntheses: Arc<Syntheses>,
) -> std::io::Result<FakeServer> {
    let spec = FakeSpec {
        name: "elevenlabs",
        route_of,
        error_body,
    };
    FakeServer::start(spec, port, clip_dir, |core| {
        let state = Arc::new(ElevenLabs {
            core,
            account,
            syntheses,
        });
        Router::new()
            .route("/v1/text-to-speech/{voice_id}", post(audio))
            .route(
                "/v1/text-to-speech/{voice_id}/with-timestamps",
                post(with_timestamps),
            )
            .route("/v1/voices", get(voices))
            .route("/v1/models", get(models))
            .with_state(state)
    })
    .await
}

/// `(codec, rate)` of an `output_format`, and the tier it needs.
fn output_format(name: &str) -> Option<(&'static str, u32, Tier)> {
    let (codec, rest) = name.split_once('_')?;
    let rate: u32 = rest.split('_').next()?.parse().ok()?;
    let codec = match codec {
        "mp3" => "mp3",
        "pcm" => "pcm",
        "wav" => "wav",
        "opus" => "opus",
        _ => return None,
    };
    let tier = match name {
        "mp3_44100_192" => Tier::Creator,
        "pcm_44100" | "wav_44100" => Tier::Pro,
        _ => Tier::Free,
    };
    Some((codec, rate, tier))
}

/// Checks the request and bills it: the text, the audio format, or the refusal.
fn accept(
    state: &ElevenLabs,
    headers: &HeaderMap,
    voice_id: &str,
    query: &HashMap<String, String>,
    body: &Value,
) -> Result<Accepted, Box<Response<Body>>> {
    if let Some(refused) = state.core.key_refusal(headers, "xi-api-key", "") {
        return Err(Box::new(refused));
    }
    let Some(text) = body.get("text").and_then(Value::as_str) else {
        return Err(unprocessable("text", "Field required", "missing"));
    };
    let neighbour = |field: &str| match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(_) => Err(unprocessable(
            field,
            "Input should be a valid string",
            "string_type",
        )),
    };
    let previous_text = neighbour("previous_text")?;
    let next_text = neighbour("next_text")?;
    if !VOICES.iter().any(|(id, _)| *id == voice_id) {
        let message = format!("A voice with the voice_id {voice_id} was not found.");
        return Err(Box::new(refusal(400, "voice_not_found", &message)));
    }
    let n = text.chars().count();
    if n > MAX_CHARS {
        let message = format!(
            "This request's text has {n} characters and exceeds the character limit of {MAX_CHARS} characters for non-streaming requests."
        );
        return Err(Box::new(refusal(
            400,
            "max_character_limit_exceeded",
            &message,
        )));
    }
    let format_name = query
        .get("output_format")
        .map_or("mp3_44100_128", String::as_str);
    let Some((codec, rate, tier)) = output_format(format_name) else {
        return Err(Box::new(refusal(
            400,
            "invalid_output_format",
            &format!("Invalid output format {format_name}"),
        )));
    };
    if state.account.tier() < tier {
        let message = format!(
            "Output format '{format_name}' is only available on the {tier:?} tier and above"
        );
        return Err(Box::new(refusal(403, "subscription_required", &message)));
    }
    if let Err(left) = state.account.bill(n as u64) {
        let message = format!(
            "This request exceeds your quota of 10000. You have {left} credits remaining, while {n} credits are required for this request."
        );
        return Err(Box::new(refusal(401, "quota_exceeded", &message)));
    }
    let speed = body
        .pointer("/voice_settings/speed")
        .and_then(Value::as_f64)
        .unwrap_or(1.0);
    Ok(Accepted {
        text: text.to_owned(),
        previous_text,
        next_text,
        codec,
        rate,
        speed,
    })
}

fn billing_headers(characters: usize) -> [(&'static str, String); 3] {
    [
        ("request-id", uuid::Uuid::new_v4().simple().to_string()),
        ("history-item-id", uuid::Uuid::new_v4().simple().to_string()),
        ("character-cost", characters.to_string()),
    ]
}

async fn audio(
    State(state): State<Arc<ElevenLabs>>,
    UrlPath(voice_id): UrlPath<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    axum::Json(body): axum::Json<Value>,
) -> Response<Body> {
    let accepted = match accept(&state, &headers, &voice_id, &query, &body) {
        Ok(accepted) => accepted,
        Err(refused) => return *refused,
    };
    let (codec, rate) = (accepted.codec, accepted.rate);
    let (text, said) = accepted.speak(&state.syntheses);
    let (bytes, content_type) = encode(&said.samples, rate, codec).expect("a known codec");
    let mut response = ([(header::CONTENT_TYPE, content_type)], bytes).into_response();
    for (name, value) in billing_headers(text.chars().count()) {
        response
            .headers_mut()
            .insert(name, value.parse().expect("header value"));
    }
    response
}

async fn with_timestamps(
    State(state): State<Arc<ElevenLabs>>,
    UrlPath(voice_id): UrlPath<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    axum::Json(body): axum::Json<Value>,
) -> Response<Body> {
    let accepted = match accept(&state, &headers, &voice_id, &query, &body) {
        Ok(accepted) => accepted,
        Err(refused) => return *refused,
    };
    let (codec, rate) = (accepted.codec, accepted.rate);
    let (text, said) = accepted.speak(&state.syntheses);
    let (bytes, _) = encode(&said.samples, rate, codec).expect("a known codec");
    let alignment = json!({
        "characters": said.characters.iter().map(|c| c.0.clone()).collect::<Vec<_>>(),
        "character_start_times_seconds": said.characters.iter().map(|c| c.1).collect::<Vec<_>>(),
        "character_end_times_seconds": said.characters.iter().map(|c| c.2).collect::<Vec<_>>(),
    });
    let mut response = axum::Json(json!({
        "audio_base64": base64::engine::general_purpose::STANDARD.encode(bytes),
        "alignment": alignment,
        // Follows the expanded text in the real API; the fake expands nothing.
        "normalized_alignment": alignment,
    }))
    .into_response();
    for (name, value) in billing_headers(text.chars().count()) {
        response
            .headers_mut()
            .insert(name, value.parse().expect("header value"));
    }
    response
}

async fn voices(State(state): State<Arc<ElevenLabs>>, headers: HeaderMap) -> Response<Body> {
    if let Some(refused) = state.core.key_refusal(&headers, "xi-api-key", "") {
        return refused;
    }
    let voices: Vec<Value> = VOICES
        .iter()
        .map(|(id, name)| {
            json!({
                "voice_id": id, "name": name, "category": "premade",
                "labels": {"accent": "british"}, "preview_url": null, "settings": null,
                "high_quality_base_model_ids": ["eleven_multilingual_v2"],
                "verified_languages": [{"language": "fr", "model_id": "eleven_multilingual_v2", "accent": "parisian", "locale": "fr-FR", "preview_url": null}]
            })
        })
        .collect();
    axum::Json(json!({ "voices": voices })).into_response()
}

async fn models(State(state): State<Arc<ElevenLabs>>, headers: HeaderMap) -> Response<Body> {
    if let Some(refused) = state.core.key_refusal(&headers, "xi-api-key", "") {
        return refused;
    }
    axum::Json(json!([{
        "model_id": "eleven_multilingual_v2", "name": "Eleven Multilingual v2",
        "can_do_text_to_speech": true,
        "languages": [{"language_id": "en", "name": "English"}, {"language_id": "fr", "name": "French"}],
        "max_characters_request_free_user": 10000, "max_characters_request_subscribed_user": 10000,
        "maximum_text_length_per_request": 10000, "token_cost_factor": 1.0
    }]))
    .into_response()
}
