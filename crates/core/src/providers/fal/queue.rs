//! fal's queue protocol (providers.md §3), shared by every fal adapter (video and image):
//! the `Authorization: Key` header, the create call and the request path it answers
//! (`remote_id`), a request's status, its result body and its cancel, with fal's error
//! shapes read by [`super::wire`]. What a result body means belongs to each adapter.

use super::wire::{Queued, Status, completed_error, fal_error};
use super::{app_path, valid_remote_id};
use crate::providers::http::HttpApi;
use crate::providers::http::status::Phase;
use crate::providers::{ErrorClass, ProviderError, TerminalReason};
use reqwest::header::AUTHORIZATION;
use reqwest::{RequestBuilder, Response};
use serde_json::Value;

/// Where a queued request stands.
#[derive(Debug)]
pub(crate) enum QueueState {
    /// `IN_QUEUE`, `IN_PROGRESS` and anything new.
    Running,
    /// `COMPLETED` with an `error`.
    Failed(ProviderError),
    /// `COMPLETED`: its result can be read.
    Completed,
}

/// `request` with the person's fal key.
pub(crate) fn authorized(
    api: &HttpApi,
    request: RequestBuilder,
) -> Result<RequestBuilder, ProviderError> {
    let key = api.key()?;
    Ok(request.header(AUTHORIZATION, format!("Key {}", key.expose())))
}

/// Sends an authorized follow-up request, mapping fal's error bodies (`detail[]`,
/// `error_type`).
pub(crate) async fn follow(
    api: &HttpApi,
    request: RequestBuilder,
    phase: Phase,
) -> Result<Response, ProviderError> {
    api.send_classified(authorized(api, request)?, phase, fal_error)
        .await
}

/// The absolute URL of `remote_id` (+ `suffix`).
fn request_url(api: &HttpApi, remote_id: &str, suffix: &str) -> Result<String, ProviderError> {
    if !valid_remote_id(remote_id) {
        return Err(ProviderError::terminal(
            TerminalReason::InvalidInput,
            format!("`{remote_id}` is not a fal request"),
        ));
    }
    Ok(format!("{}/{remote_id}{suffix}", api.base_url()))
}

/// Queues `body` on `endpoint`; the request's path under the queue base: the answered
/// `response_url`'s, else `owner/alias/requests/<id>`. An answer without a usable id is an
/// ambiguous submit (the request may exist).
pub(crate) async fn enqueue(
    api: &HttpApi,
    endpoint: &str,
    body: &Value,
) -> Result<String, ProviderError> {
    let create = authorized(api, api.client().post(api.url(&format!("/{endpoint}"))))?.json(body);
    let response = api.send_create(create).await?;
    let queued: Queued = api.json(response, Phase::Create).await?;
    if queued.request_id.is_empty()
        || !queued
            .request_id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(ProviderError::ambiguous_submit(
            "fal answered with an unusable request id; the request may exist",
        ));
    }
    let base = format!("{}/", api.base_url());
    Ok(queued
        .response_url
        .as_deref()
        .and_then(|url| url.strip_prefix(&base))
        .filter(|path| valid_remote_id(path))
        .map(str::to_owned)
        .unwrap_or_else(|| format!("{}/requests/{}", app_path(endpoint), queued.request_id)))
}

/// The request's state (`…/status`).
pub(crate) async fn status(api: &HttpApi, remote_id: &str) -> Result<QueueState, ProviderError> {
    let url = request_url(api, remote_id, "/status")?;
    let response = follow(
        api,
        api.client().get(url).query(&[("logs", "0")]),
        Phase::Follow,
    )
    .await?;
    let state: Status = api.json(response, Phase::Follow).await?;
    Ok(match (state.status.as_str(), state.error.as_deref()) {
        ("COMPLETED", Some(error)) => {
            QueueState::Failed(completed_error(error, state.error_type.as_deref()))
        }
        ("COMPLETED", None) => QueueState::Completed,
        _ => QueueState::Running,
    })
}

/// The result body of a completed request; `Err` inside when fal refuses it for good (`422`
/// `detail[]`: invalid input or moderation), which fails the take rather than the call.
pub(crate) async fn result(
    api: &HttpApi,
    remote_id: &str,
) -> Result<Result<Value, ProviderError>, ProviderError> {
    let url = request_url(api, remote_id, "")?;
    match follow(api, api.client().get(url), Phase::Follow).await {
        Ok(response) => Ok(Ok(api.json(response, Phase::Follow).await?)),
        Err(e)
            if matches!(
                e.class,
                ErrorClass::Terminal(TerminalReason::InvalidInput | TerminalReason::Moderation)
            ) =>
        {
            Ok(Err(e))
        }
        Err(e) => Err(e),
    }
}

/// Cancels the request (`PUT …/cancel`); one already completed or gone has nothing to stop.
pub(crate) async fn cancel(api: &HttpApi, remote_id: &str) -> Result<(), ProviderError> {
    let url = request_url(api, remote_id, "/cancel")?;
    match follow(api, api.client().put(url), Phase::Follow).await {
        Ok(_) => Ok(()),
        // ALREADY_COMPLETED (400) or NOT_FOUND (404).
        Err(e) if matches!(e.class, ErrorClass::Terminal(TerminalReason::InvalidInput)) => Ok(()),
        Err(e) => Err(e),
    }
}
