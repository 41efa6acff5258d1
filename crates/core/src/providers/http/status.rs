//! HTTP failures → [`ProviderError`]: transport errors by whether the request may have
//! reached the provider, statuses by what they mean in the request's [`Phase`], the
//! provider's own message pulled out of the error body, and `Retry-After` parsing.

use crate::providers::{ProviderError, TakeErrorCode, TerminalReason};
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};
use std::time::{Duration, SystemTime};

/// Longest provider message kept in an error.
const MAX_MESSAGE: usize = 400;

/// Which call failed: only a create call can leave an ambiguous state behind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// The paid create call (also uploads made as part of it: those are not ambiguous, see
    /// [`Phase::Upload`]).
    Create,
    /// A file upload before the create call: nothing is charged, so failures are transient.
    Upload,
    /// Status, result, cancel and download calls: safe to repeat.
    Follow,
}

/// A transport error (no HTTP status): before sending it is transient; after, during a
/// create, ambiguous.
pub fn transport_error(error: &reqwest::Error, phase: Phase) -> ProviderError {
    let message = format!("network error: {}", without_url(error));
    let sent = !(error.is_connect() || error.is_builder());
    match phase {
        Phase::Create if sent => ProviderError::ambiguous_submit(format!(
            "{message}; the provider may have received the request, so it was not re-sent"
        )),
        _ => ProviderError::transient(TakeErrorCode::Network, message),
    }
}

/// A failure while following redirects: a transport error as [`transport_error`]; endless
/// redirects after a create are ambiguous (the first hop reached the provider).
pub fn redirect_error(error: &super::redirect::RedirectError, phase: Phase) -> ProviderError {
    use super::redirect::RedirectError;
    match error {
        RedirectError::Transport(e) => transport_error(e, phase),
        RedirectError::TooMany if phase == Phase::Create => ProviderError::ambiguous_submit(
            format!("{error}; the provider may have received the request, so it was not re-sent"),
        ),
        RedirectError::TooMany => {
            ProviderError::transient(TakeErrorCode::Network, error.to_string())
        }
    }
}

/// An unreadable success body.
pub fn malformed(phase: Phase, detail: &str) -> ProviderError {
    let message = format!("the provider answered with a body Reelforge could not read: {detail}");
    match phase {
        Phase::Create => ProviderError::ambiguous_submit(message),
        _ => ProviderError::transient(TakeErrorCode::MalformedResponse, message),
    }
}

/// An HTTP error status, classified for `phase`.
pub fn status_error(
    status: StatusCode,
    retry_after: Option<Duration>,
    body: &str,
    phase: Phase,
) -> ProviderError {
    let detail = provider_message(body);
    let message = format!("HTTP {}: {detail}", status.as_u16());
    let error = match status.as_u16() {
        429 => ProviderError::transient(TakeErrorCode::RateLimited, message),
        401 | 403 => ProviderError::terminal(TerminalReason::BadKey, message),
        402 => ProviderError::terminal(TerminalReason::InsufficientCredits, message),
        400 | 409 | 413 | 415 | 422 if looks_like_moderation(&detail) => {
            ProviderError::terminal(TerminalReason::Moderation, message)
        }
        400 | 404 | 405 | 409 | 413 | 415 | 422 => {
            ProviderError::terminal(TerminalReason::InvalidInput, message)
        }
        s if s >= 500 && phase == Phase::Create => ProviderError::ambiguous_submit(format!(
            "{message}; the provider may have created the job, so it was not re-sent"
        )),
        408 | 425 => ProviderError::transient(TakeErrorCode::RequestTimeout, message),
        s if s >= 500 => ProviderError::transient(TakeErrorCode::ServerError, message),
        _ => ProviderError::terminal(TerminalReason::InvalidInput, message),
    };
    match retry_after {
        Some(after) => error.with_retry_after(after),
        None => error,
    }
}

/// Whether a provider's message says its content filter refused the request.
pub fn looks_like_moderation(message: &str) -> bool {
    let lower = message.to_ascii_lowercase();
    [
        "moderation",
        "safety",
        "content policy",
        "nsfw",
        "inappropriate",
        "blocked by",
    ]
    .iter()
    .any(|needle| lower.contains(needle))
}

/// The human part of an error body: `detail`, `message`, `error` or `error.message` of a
/// JSON body, else the body itself; trimmed and bounded.
pub fn provider_message(body: &str) -> String {
    let from_json = serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| {
            let pick = |v: &serde_json::Value| match v {
                serde_json::Value::String(s) => Some(s.clone()),
                serde_json::Value::Null => None,
                other => other
                    .get("message")
                    .and_then(|m| m.as_str())
                    .map(str::to_owned)
                    .or_else(|| Some(other.to_string())),
            };
            ["detail", "message", "error", "failure", "title"]
                .iter()
                .find_map(|k| v.get(*k).and_then(pick))
        });
    let text = from_json.unwrap_or_else(|| body.trim().to_owned());
    let text = if text.is_empty() {
        "no details given".to_owned()
    } else {
        text
    };
    match text.char_indices().nth(MAX_MESSAGE) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

/// How long the server asks to wait: `retry-after-ms` (milliseconds, sent by OpenAI and read
/// by its and ElevenLabs' SDKs) when present, else `Retry-After` as seconds or an HTTP date.
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let millis = headers
        .get("retry-after-ms")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|ms| ms.is_finite() && *ms >= 0.0);
    if let Some(ms) = millis {
        return Some(Duration::from_secs_f64((ms / 1000.0).min(3600.0)));
    }
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<f64>() {
        return (seconds.is_finite() && seconds >= 0.0)
            .then(|| Duration::from_secs_f64(seconds.min(3600.0)));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(SystemTime::now()).unwrap_or_default())
}

/// The error text without the request URL (which can carry signed tokens).
fn without_url(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    if let Some(url) = error.url() {
        text = text.replace(url.as_str(), "<url>");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::ErrorClass;
    use reqwest::header::HeaderValue;

    fn class(status: u16, body: &str, phase: Phase) -> ErrorClass {
        status_error(StatusCode::from_u16(status).unwrap(), None, body, phase).class
    }

    #[test]
    fn statuses_map_to_what_the_engine_may_do() {
        use TerminalReason::*;
        assert_eq!(class(401, "", Phase::Follow), ErrorClass::Terminal(BadKey));
        assert_eq!(class(403, "", Phase::Create), ErrorClass::Terminal(BadKey));
        assert_eq!(
            class(402, "", Phase::Create),
            ErrorClass::Terminal(InsufficientCredits)
        );
        assert_eq!(
            class(400, r#"{"detail":"bad ratio"}"#, Phase::Create),
            ErrorClass::Terminal(InvalidInput)
        );
        assert_eq!(
            class(413, "", Phase::Upload),
            ErrorClass::Terminal(InvalidInput)
        );
        assert_eq!(
            class(
                400,
                r#"{"error":"Prompt blocked by content moderation"}"#,
                Phase::Create
            ),
            ErrorClass::Terminal(Moderation)
        );
        assert_eq!(class(429, "", Phase::Create), ErrorClass::Transient);
        assert_eq!(class(500, "", Phase::Create), ErrorClass::AmbiguousSubmit);
        assert_eq!(class(503, "", Phase::Follow), ErrorClass::Transient);
        assert_eq!(class(503, "", Phase::Upload), ErrorClass::Transient);
    }

    #[test]
    fn statuses_carry_the_take_error_code_the_ui_words() {
        let code = |status: u16, phase| {
            status_error(StatusCode::from_u16(status).unwrap(), None, "", phase).code
        };
        assert_eq!(code(429, Phase::Create), TakeErrorCode::RateLimited);
        assert_eq!(code(401, Phase::Follow), TakeErrorCode::BadKey);
        assert_eq!(code(402, Phase::Create), TakeErrorCode::InsufficientCredits);
        assert_eq!(code(422, Phase::Create), TakeErrorCode::InvalidInput);
        assert_eq!(code(500, Phase::Create), TakeErrorCode::SubmitUnknown);
        assert_eq!(code(503, Phase::Follow), TakeErrorCode::ServerError);
        assert_eq!(code(408, Phase::Follow), TakeErrorCode::RequestTimeout);
        assert_eq!(
            malformed(Phase::Follow, "not json").code,
            TakeErrorCode::MalformedResponse
        );
    }

    #[test]
    fn provider_messages_are_pulled_out_and_bounded() {
        assert_eq!(
            provider_message(r#"{"error":{"message":"quota"}}"#),
            "quota"
        );
        assert_eq!(provider_message(r#"{"detail":"nope"}"#), "nope");
        assert_eq!(provider_message("  plain  "), "plain");
        assert_eq!(provider_message(""), "no details given");
        assert!(provider_message(&"x".repeat(5000)).chars().count() <= MAX_MESSAGE + 1);
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static("7"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(7)));
        let later = SystemTime::now() + Duration::from_secs(120);
        headers.insert(
            RETRY_AFTER,
            HeaderValue::from_str(&httpdate::fmt_http_date(later)).unwrap(),
        );
        let parsed = retry_after(&headers).unwrap();
        assert!(
            parsed > Duration::from_secs(100) && parsed <= Duration::from_secs(120),
            "{parsed:?}"
        );
        headers.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&headers), None);
        headers.insert("retry-after-ms", HeaderValue::from_static("1500"));
        assert_eq!(retry_after(&headers), Some(Duration::from_millis(1500)));
        headers.insert("retry-after-ms", HeaderValue::from_static("-3"));
        assert_eq!(retry_after(&headers), None, "a negative wait is ignored");
    }
}
