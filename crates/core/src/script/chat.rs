//! [`ChatWriter`]: scripts from any OpenAI-compatible chat-completions server (OpenAI, Ollama,
//! LM Studio, OpenRouter) with strict JSON-schema output.
//!
//! One call asks for the script. A refusal (`message.refusal`, or `finish_reason:
//! content_filter`) ends at once with [`ScriptError::Refused`]. An answer cut off at the length
//! limit (`finish_reason: length`) or one that is not a valid script gets ONE repair call
//! (the answer and what was wrong with it sent back, with twice the token budget after a
//! cut); a second failure is [`ScriptError::Truncated`] or [`ScriptError::InvalidOutput`].
//! HTTP failures reuse the hosted adapters' status mapping for their message, and redirects
//! their policy (the key never leaves its origin).

use super::chat_wire::{
    ChatRequest, ChatResponse, Choice, Message, WireScript, parse_script, repair_prompt,
    response_format, system_prompt, user_prompt,
};
use super::post::{PostBrief, PostText, tidy_post};
use super::post_wire::{parse_post, post_format, post_system_prompt, post_user_prompt};
use super::{ScriptBrief, ScriptError, ScriptWriter};
use crate::providers::http::Phase;
use crate::providers::http::{redirect, status};
use crate::secrets::ApiKey;
use reelforge_protocol::{ScriptDto, ScriptSegment, StyleDefaults};
use serde_json::Value;
use std::time::Duration;

/// The key store id of the script writer's API key.
pub const LLM_SECRET_ID: &str = "llm";
/// Output tokens asked for first (doubled for the repair after a cut-off answer).
const MAX_TOKENS: u32 = 2_000;
/// Local models can take a while to write a script.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(180);
/// Output tokens of a post (title, description, hashtags).
const POST_MAX_TOKENS: u32 = 600;
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const TEMPERATURE: f32 = 0.7;

/// A chat-completions script writer.
#[derive(Debug, Clone)]
pub struct ChatWriter {
    client: reqwest::Client,
    base_url: String,
    model: String,
    key: Option<ApiKey>,
    max_tokens: u32,
}

impl ChatWriter {
    /// A writer on `base_url` (up to `/v1`), with `model`; `key` is sent as a bearer token when
    /// given (Ollama and LM Studio need none).
    pub fn new(base_url: &str, model: &str, key: Option<ApiKey>) -> Self {
        let client = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            // Redirects go through the providers' policy: the key never leaves its origin.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("Reelforge/", env!("CARGO_PKG_VERSION")))
            .build()
            .expect("the HTTP client builds with static settings");
        Self {
            client,
            base_url: base_url.trim().trim_end_matches('/').to_owned(),
            model: model.trim().to_owned(),
            key,
            max_tokens: MAX_TOKENS,
        }
    }

    /// Changes the first call's output token budget.
    pub fn with_max_tokens(mut self, max_tokens: u32) -> Self {
        self.max_tokens = max_tokens.max(1);
        self
    }

    async fn call(
        &self,
        messages: &[Message],
        max_tokens: u32,
        response_format: Value,
    ) -> Result<Choice, ScriptError> {
        let body = ChatRequest {
            model: &self.model,
            temperature: TEMPERATURE,
            top_p: 1.0,
            max_tokens,
            messages,
            response_format,
        };
        let mut request = self
            .client
            .post(format!("{}/chat/completions", self.base_url))
            .json(&body);
        if let Some(key) = &self.key {
            request = request.bearer_auth(key.expose());
        }
        let unreachable = |message: String| ScriptError::Unreachable {
            base_url: self.base_url.clone(),
            message,
        };
        let (client, request) = request.build_split();
        let request =
            request.map_err(|e| unreachable(status::transport_error(&e, Phase::Follow).message))?;
        let response = redirect::send_following(&client, request)
            .await
            .map_err(|e| unreachable(status::redirect_error(&e, Phase::Follow).message))?;
        if !response.status().is_success() {
            let code = response.status();
            let retry_after = status::retry_after(response.headers());
            let text = response.text().await.unwrap_or_default();
            let error = status::status_error(code, retry_after, &text, Phase::Follow);
            return Err(ScriptError::Service {
                base_url: self.base_url.clone(),
                message: error.message,
            });
        }
        let bytes = response
            .bytes()
            .await
            .map_err(|e| unreachable(status::transport_error(&e, Phase::Follow).message))?;
        let parsed: ChatResponse =
            serde_json::from_slice(&bytes).map_err(|e| ScriptError::Service {
                base_url: self.base_url.clone(),
                message: format!("not a chat-completions answer ({e})"),
            })?;
        parsed
            .choices
            .into_iter()
            .next()
            .ok_or_else(|| ScriptError::Service {
                base_url: self.base_url.clone(),
                message: "the answer has no choices".to_owned(),
            })
    }

    fn to_script(&self, wire: WireScript, brief: &ScriptBrief) -> ScriptDto {
        ScriptDto {
            title: wire.title.trim().to_owned(),
            subject: brief.subject.trim().to_owned(),
            pillar: brief.pillar.clone(),
            language: brief.language,
            style: StyleDefaults {
                character: wire.style.character,
                scene: wire.style.scene,
                visual_style: wire.style.visual_style,
            },
            segments: wire
                .segments
                .into_iter()
                .map(|s| ScriptSegment {
                    beat: s.beat,
                    narration: s.narration,
                    prompt: s.prompt,
                    mode: s.mode,
                    duration_s: s.duration_s,
                })
                .collect(),
            writer: self.name(),
        }
    }
}

#[async_trait::async_trait]
impl ScriptWriter for ChatWriter {
    fn name(&self) -> String {
        format!("chat:{}", self.model)
    }

    async fn write(&self, brief: &ScriptBrief) -> Result<ScriptDto, ScriptError> {
        if brief.subject.trim().is_empty() {
            return Err(ScriptError::Invalid("the subject is empty".to_owned()));
        }
        let mut messages = vec![
            Message::new("system", system_prompt()),
            Message::new("user", user_prompt(brief)),
        ];
        let mut max_tokens = self.max_tokens;
        for attempt in 0..2 {
            let choice = self.call(&messages, max_tokens, response_format()).await?;
            if let Some(refusal) = choice.message.refusal.filter(|r| !r.trim().is_empty()) {
                return Err(ScriptError::Refused(refusal.trim().to_owned()));
            }
            let finish = choice.finish_reason.as_deref().unwrap_or("stop");
            if finish == "content_filter" {
                return Err(ScriptError::Refused(
                    "the provider's content filter stopped the answer".to_owned(),
                ));
            }
            let content = choice.message.content.unwrap_or_default();
            let truncated = finish == "length";
            let problem = if truncated {
                "it was cut off at the length limit".to_owned()
            } else {
                match parse_script(&content, brief) {
                    Ok(wire) => return Ok(self.to_script(wire, brief)),
                    Err(problem) => problem,
                }
            };
            if attempt == 1 {
                return Err(if truncated {
                    ScriptError::Truncated
                } else {
                    ScriptError::InvalidOutput(problem)
                });
            }
            tracing::info!(writer = %self.name(), "asking the script writer to repair: {problem}");
            if truncated {
                max_tokens = max_tokens.saturating_mul(2);
            }
            if !content.trim().is_empty() {
                messages.push(Message::new("assistant", content));
            }
            messages.push(Message::new("user", repair_prompt(&problem)));
        }
        unreachable!("the loop returns on its second attempt")
    }

    /// One call for the post; a refusal, a cut or an unreadable answer gets no repair (the
    /// export keeps its videos and says why the post is missing).
    async fn write_post(&self, brief: &PostBrief) -> Result<PostText, ScriptError> {
        let messages = [
            Message::new("system", post_system_prompt()),
            Message::new("user", post_user_prompt(brief)),
        ];
        let choice = self.call(&messages, POST_MAX_TOKENS, post_format()).await?;
        if let Some(refusal) = choice.message.refusal.filter(|r| !r.trim().is_empty()) {
            return Err(ScriptError::Refused(refusal.trim().to_owned()));
        }
        match choice.finish_reason.as_deref().unwrap_or("stop") {
            "content_filter" => Err(ScriptError::Refused(
                "the provider's content filter stopped the answer".to_owned(),
            )),
            "length" => Err(ScriptError::Truncated),
            _ => parse_post(&choice.message.content.unwrap_or_default())
                .map(|post| tidy_post(post, brief))
                .map_err(ScriptError::InvalidOutput),
        }
    }
}
