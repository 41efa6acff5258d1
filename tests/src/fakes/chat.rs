//! A fake OpenAI-compatible chat-completions server (providers.md §8), in two flavours:
//! [`Flavor::OpenAi`] (`Authorization: Bearer` key required, `response_format` must be a
//! strict `json_schema` with a valid name, `message.refusal` on refusals) and
//! [`Flavor::Ollama`] (no key, only `json_schema.schema` used, 404 `not_found_error` for a model
//! that is not pulled, no `refusal` field, `system_fingerprint: fp_ollama`).
//!
//! What each call answers is switched by [`Scenario`] (or a queue of [`Reply`]s, one per call,
//! then valid scripts): a schema-valid script written from the request's beats and durations,
//! a refusal, a `finish_reason: length` cut, invalid JSON then valid on the repair call,
//! invalid JSON twice. A request whose schema is named [`POST_SCHEMA`] gets a post (title,
//! description, hashtags) in the requested language instead of a script. Every request body
//! is kept for the test to inspect.

use super::server::{FakeServer, FakeSpec};
use super::{FakeCore, Route};
use axum::Json;
use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, Method, Response};
use axum::response::IntoResponse;
use axum::routing::post;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::collections::VecDeque;
use std::path::Path;
use std::sync::{Arc, Mutex};

/// Which server the fake imitates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Flavor {
    OpenAi,
    Ollama,
}

/// What one call answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reply {
    /// A script following the schema, with the requested beats.
    Valid,
    /// The model declines (OpenAI: `message.refusal`; Ollama: prose in `content`).
    Refusal,
    /// Half of a valid answer, `finish_reason: length`.
    Truncated,
    /// Prose around broken JSON, `finish_reason: stop`.
    InvalidJson,
}

/// The switches tests flip.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scenario {
    ValidScript,
    Refusal,
    Truncation,
    InvalidThenValid,
    InvalidTwice,
}

impl Scenario {
    /// The replies of the scenario's calls (later calls get valid scripts).
    pub fn replies(self) -> Vec<Reply> {
        match self {
            Self::ValidScript => vec![Reply::Valid],
            Self::Refusal => vec![Reply::Refusal],
            Self::Truncation => vec![Reply::Truncated, Reply::Truncated],
            Self::InvalidThenValid => vec![Reply::InvalidJson, Reply::Valid],
            Self::InvalidTwice => vec![Reply::InvalidJson, Reply::InvalidJson],
        }
    }
}

/// `json_schema.name` of a post request (title, description, hashtags), answered by
/// [`valid_post`] instead of a script.
pub const POST_SCHEMA: &str = "reelforge_post";

/// The models an Ollama fake has "pulled".
pub const OLLAMA_MODELS: [&str; 2] = ["llama3.2", "qwen2.5"];

#[derive(Debug)]
struct ChatState {
    flavor: Flavor,
    core: Arc<FakeCore>,
    replies: Mutex<VecDeque<Reply>>,
    requests: Mutex<Vec<Value>>,
}

/// A running fake chat server.
#[derive(Debug)]
pub struct FakeChat {
    pub server: FakeServer,
    state: Arc<Mutex<Option<Arc<ChatState>>>>,
}

fn route_of(method: &Method, path: &str) -> Route {
    if method == Method::POST && path.ends_with("/chat/completions") {
        Route::Create
    } else {
        Route::Other
    }
}

fn error_body(status: u16, message: &str) -> Value {
    let kind = match status {
        401 | 403 => "authentication_error",
        404 => "not_found_error",
        429 => "rate_limit_error",
        s if s >= 500 => "api_error",
        _ => "invalid_request_error",
    };
    json!({"error": {"message": message, "type": kind, "param": null, "code": null}})
}

impl FakeChat {
    /// Starts the fake on 127.0.0.1 (any port).
    pub async fn start(flavor: Flavor, clip_dir: &Path) -> std::io::Result<Self> {
        let spec = FakeSpec {
            name: match flavor {
                Flavor::OpenAi => "openai-chat",
                Flavor::Ollama => "ollama",
            },
            route_of,
            error_body,
        };
        let slot: Arc<Mutex<Option<Arc<ChatState>>>> = Arc::default();
        let filled = slot.clone();
        let server = FakeServer::start(spec, 0, clip_dir, move |core| {
            let state = Arc::new(ChatState {
                flavor,
                core,
                replies: Mutex::new(VecDeque::new()),
                requests: Mutex::new(Vec::new()),
            });
            *filled.lock().expect("state") = Some(state.clone());
            Router::new()
                .route("/v1/chat/completions", post(completions))
                .route("/__fake/chat", post(set_scenario))
                .with_state(state)
        })
        .await?;
        Ok(Self {
            server,
            state: slot,
        })
    }

    fn state(&self) -> Arc<ChatState> {
        self.state
            .lock()
            .expect("state")
            .clone()
            .expect("the router was built")
    }

    /// The base URL a client is configured with (`…/v1`).
    pub fn base_url(&self) -> String {
        format!("{}/v1", self.server.base_url())
    }

    /// Plays `scenario` from the next call on.
    pub fn set(&self, scenario: Scenario) {
        self.queue(scenario.replies());
    }

    /// Answers the next calls with `replies`, in order, then with valid scripts.
    pub fn queue(&self, replies: impl IntoIterator<Item = Reply>) {
        let state = self.state();
        let mut queue = state.replies.lock().expect("replies");
        queue.clear();
        queue.extend(replies);
    }

    /// Every chat-completions request body received, in order.
    pub fn requests(&self) -> Vec<Value> {
        self.state().requests.lock().expect("requests").clone()
    }

    /// Chat-completions calls received.
    pub fn calls(&self) -> u64 {
        self.server.calls(Route::Create)
    }
}

#[derive(Debug, Deserialize)]
struct ScenarioBody {
    scenario: Scenario,
}

async fn set_scenario(
    State(state): State<Arc<ChatState>>,
    Json(body): Json<ScenarioBody>,
) -> axum::http::StatusCode {
    let mut queue = state.replies.lock().expect("replies");
    queue.clear();
    queue.extend(body.scenario.replies());
    axum::http::StatusCode::NO_CONTENT
}

async fn completions(
    State(state): State<Arc<ChatState>>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response<Body> {
    state.requests.lock().expect("requests").push(body.clone());
    if state.flavor == Flavor::OpenAi
        && let Some(refusal) = state.core.key_refusal(&headers, "authorization", "Bearer ")
    {
        return refusal;
    }
    let model = body["model"].as_str().unwrap_or_default().to_owned();
    if let Err(problem) = check_request(state.flavor, &body) {
        return state.core.error(400, &problem);
    }
    if state.flavor == Flavor::Ollama && !OLLAMA_MODELS.contains(&model.as_str()) {
        return state.core.error(
            404,
            &format!("model \"{model}\" not found, try pulling it first"),
        );
    }
    let reply = state
        .replies
        .lock()
        .expect("replies")
        .pop_front()
        .unwrap_or(Reply::Valid);
    let script = match body["response_format"]["json_schema"]["name"].as_str() {
        Some(POST_SCHEMA) => valid_post(&body).to_string(),
        _ => valid_script(&body).to_string(),
    };
    let (content, refusal, finish) = match reply {
        Reply::Valid => (Some(script), None, "stop"),
        Reply::Truncated => {
            let cut: String = script.chars().take(script.chars().count() / 2).collect();
            (Some(cut), None, "length")
        }
        Reply::InvalidJson => (
            Some(format!(
                "Sure! Here is your script:\n{{\"title\": \"Oops\", \"segments\": [{}",
                "{\"beat\": \"hook\""
            )),
            None,
            "stop",
        ),
        Reply::Refusal => match state.flavor {
            Flavor::OpenAi => (
                None,
                Some("I'm sorry, I can't help with that request."),
                "stop",
            ),
            Flavor::Ollama => (Some("I can't help with that.".to_owned()), None, "stop"),
        },
    };
    let mut message = json!({"role": "assistant", "content": content});
    if state.flavor == Flavor::OpenAi {
        message["refusal"] = json!(refusal);
    }
    let mut answer = json!({
        "id": format!("chatcmpl-{}", uuid::Uuid::new_v4().simple()),
        "object": "chat.completion",
        "created": 1_763_000_000,
        "model": model,
        "choices": [{"index": 0, "message": message, "logprobs": null, "finish_reason": finish}],
        "usage": {"prompt_tokens": 412, "completion_tokens": 380, "total_tokens": 792}
    });
    if state.flavor == Flavor::Ollama {
        answer["system_fingerprint"] = json!("fp_ollama");
    }
    Json(answer).into_response()
}

/// What the real servers would reject: no messages, no model, a `response_format` that is
/// not a JSON schema (OpenAI also needs `strict` and a valid `name`).
fn check_request(flavor: Flavor, body: &Value) -> Result<(), String> {
    if body["model"].as_str().is_none_or(str::is_empty) {
        return Err("you must provide a model parameter".to_owned());
    }
    if body["messages"].as_array().is_none_or(Vec::is_empty) {
        return Err("'messages' must contain at least one message".to_owned());
    }
    let format = &body["response_format"];
    if format["type"] != "json_schema" || !format["json_schema"]["schema"].is_object() {
        return Err("response_format must be a json_schema".to_owned());
    }
    if flavor == Flavor::OpenAi {
        let name = format["json_schema"]["name"].as_str().unwrap_or_default();
        let name_ok = (1..=64).contains(&name.len())
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if !name_ok {
            return Err("Invalid 'response_format.json_schema.name'".to_owned());
        }
        if format["json_schema"]["strict"] != true {
            return Err("this fake expects strict structured output".to_owned());
        }
        strict_schema(&format["json_schema"]["schema"])?;
    }
    Ok(())
}

/// Strict mode: every object lists all its properties as required and forbids others.
fn strict_schema(schema: &Value) -> Result<(), String> {
    if schema["type"] == "object" {
        if schema["additionalProperties"] != false {
            return Err("strict schemas need additionalProperties: false".to_owned());
        }
        let properties = schema["properties"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        let required: Vec<&str> = schema["required"]
            .as_array()
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        for (name, inner) in &properties {
            if !required.contains(&name.as_str()) {
                return Err(format!("strict schemas must require `{name}`"));
            }
            strict_schema(inner)?;
        }
    }
    if schema["type"] == "array" {
        strict_schema(&schema["items"])?;
    }
    Ok(())
}

/// A script for the request: its beats (from "…beats in this order: a, b, c."), a duration a
/// little off the allowed ones (so the client's snapping shows), narration in the requested
/// language.
fn valid_script(body: &Value) -> Value {
    let user = body["messages"]
        .as_array()
        .and_then(|m| m.iter().find(|m| m["role"] == "user"))
        .and_then(|m| m["content"].as_str())
        .unwrap_or_default()
        .to_owned();
    let after = |marker: &str| {
        user.split_once(marker)
            .map(|(_, rest)| rest.lines().next().unwrap_or_default().to_owned())
    };
    let beats: Vec<String> = after("beats in this order: ")
        .map(|line| {
            line.trim_end_matches('.')
                .split(", ")
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_else(|| vec!["hook".to_owned()]);
    let subject = after("Subject: ").unwrap_or_else(|| "the subject".to_owned());
    let target: u32 = after("about ")
        .and_then(|l| l.split_whitespace().next().and_then(|n| n.parse().ok()))
        .unwrap_or(30);
    let french = user.contains("Narration language: French");
    let each = (target / u32::try_from(beats.len()).unwrap_or(1).max(1)).max(1) + 1;
    let segments: Vec<Value> = beats
        .iter()
        .map(|beat| {
            let narration = if french {
                format!("Parlons de {subject} : le moment {beat}.")
            } else {
                format!("Let's talk about {subject}: the {beat} moment.")
            };
            json!({
                "beat": beat,
                "narration": narration,
                "prompt": format!("A {beat} shot about {subject}, slow dolly-in"),
                "mode": "text_to_video",
                "duration_s": each
            })
        })
        .collect();
    json!({
        "title": format!("{subject} (fake LLM)"),
        "style": {"character": "a friendly robot", "scene": "a sunny workshop", "visual_style": "Pixar-like 3D"},
        "segments": segments
    })
}

/// A post for the request: its subject (from "Subject: …"), in the requested language
/// ("Post language: French"), with hashtags as models write them (one with a space inside,
/// one without its `#`, one repeated) for the client to tidy.
fn valid_post(body: &Value) -> Value {
    let user = body["messages"]
        .as_array()
        .and_then(|m| m.iter().find(|m| m["role"] == "user"))
        .and_then(|m| m["content"].as_str())
        .unwrap_or_default();
    let subject = user
        .split_once("Subject: ")
        .and_then(|(_, rest)| rest.lines().next())
        .unwrap_or("the subject");
    let (title, description, tags) = if user.contains("Post language: French") {
        (
            format!("{subject} (faux LLM)"),
            format!("Tout sur {subject}, en moins d'une minute."),
            ["#astuces", "cuisine maison", "#Astuces", "#apprendre"],
        )
    } else {
        (
            format!("{subject} (fake LLM)"),
            format!("All about {subject}, in under a minute."),
            ["#tips", "home cooking", "#Tips", "#learn"],
        )
    };
    json!({"title": title, "description": description, "hashtags": tags})
}
