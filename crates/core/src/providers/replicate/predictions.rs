//! Replicate's predictions API (providers.md §4) as every Replicate adapter (video and image)
//! speaks it: the `Authorization: Bearer` header, the create call sent once with its
//! `Cancel-After` deadline, reading a prediction and what its state means, cancel, and file
//! inputs (a data URL up to 256 KB as Replicate recommends, else an upload to
//! `POST /v1/files` whose `urls.get` is passed). Errors are read by [`super::wire`]. What
//! goes into `input` and what an output is belong to each adapter. A lost create is looked
//! for among the recent predictions ([`find_recent`]).

use super::wire::{
    Prediction, PredictionPage, UploadedFile, failure, output_url, progress, with_body_retry_after,
};
use crate::providers::http::recent::{MAX_PAGES, earliest_created_ms, rfc3339_ms};
use crate::providers::http::status::Phase;
use crate::providers::http::{HttpApi, images};
use crate::providers::{
    PollOutcome, ProviderError, Reconciliation, RemoteOutput, TakeErrorCode, TerminalReason,
};
use reqwest::RequestBuilder;
use reqwest::header::AUTHORIZATION;
use serde_json::Value;
use std::time::Duration;

/// Replicate recommends data URLs only up to this size; larger files go through `/v1/files`.
const DATA_URL_MAX: usize = 256 * 1024;

/// `request` with the person's Replicate token.
pub(crate) fn authorized(
    api: &HttpApi,
    request: RequestBuilder,
) -> Result<RequestBuilder, ProviderError> {
    let key = api.key()?;
    Ok(request.header(AUTHORIZATION, format!("Bearer {}", key.expose())))
}

/// Whether `id` looks like a Replicate prediction id (non-empty, ASCII letters and digits),
/// so it is safe to put in a URL path.
pub(crate) fn is_prediction_id(id: &str) -> bool {
    !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric())
}

fn not_an_id(remote_id: &str) -> ProviderError {
    ProviderError::terminal(
        TerminalReason::InvalidInput,
        format!("`{remote_id}` is not a Replicate prediction id"),
    )
}

/// Sends the create call once (`path` is `/v1/models/{owner}/{name}/predictions` or
/// `/v1/predictions` with a `version` in `body`) with `Cancel-After: {minutes}m`; returns
/// the prediction id. An answer without a usable id is ambiguous (the prediction may exist).
pub(crate) async fn create(
    api: &HttpApi,
    path: &str,
    body: &Value,
    cancel_after_min: u32,
) -> Result<String, ProviderError> {
    let create = authorized(api, api.client().post(api.url(path)))?
        .header("Cancel-After", format!("{cancel_after_min}m"))
        .json(body);
    let response = api
        .send_create(create)
        .await
        .map_err(with_body_retry_after)?;
    let prediction: Prediction = api.json(response, Phase::Create).await?;
    if !is_prediction_id(&prediction.id) {
        return Err(ProviderError::ambiguous_submit(
            "Replicate answered with an unusable prediction id; the prediction may exist",
        ));
    }
    Ok(prediction.id)
}

/// `GET /v1/predictions/{id}`.
pub(crate) async fn get(api: &HttpApi, remote_id: &str) -> Result<Prediction, ProviderError> {
    if !is_prediction_id(remote_id) {
        return Err(not_an_id(remote_id));
    }
    let request = authorized(
        api,
        api.client()
            .get(api.url(&format!("/v1/predictions/{remote_id}"))),
    )?;
    let response = api
        .send(request, Phase::Follow)
        .await
        .map_err(with_body_retry_after)?;
    api.json(response, Phase::Follow).await
}

/// What a prediction's state means; `what` names the output in messages ("video").
pub(crate) fn outcome(prediction: &Prediction, poll_after: Duration, what: &str) -> PollOutcome {
    match prediction.status.as_str() {
        "succeeded" => match output_url(prediction.output.as_ref()) {
            Some(url) => PollOutcome::Succeeded {
                output: RemoteOutput { url },
                actual_cost_micros: None,
            },
            None if prediction.data_removed => PollOutcome::Failed(ProviderError::terminal(
                TerminalReason::InvalidOutput,
                "Replicate deleted the output (API predictions keep their files 1 hour)",
            )),
            None => PollOutcome::Failed(ProviderError::terminal(
                TerminalReason::InvalidOutput,
                format!("the prediction succeeded without a {what} URL"),
            )),
        },
        "failed" => PollOutcome::Failed(failure(prediction.error.as_ref())),
        "canceled" => PollOutcome::Failed(ProviderError::cancelled_at_provider(
            "the prediction was canceled at Replicate",
        )),
        // The deadline (Cancel-After) passed before it started: nothing ran.
        "aborted" => PollOutcome::Failed(ProviderError::transient(
            TakeErrorCode::ProviderFailed,
            "Replicate aborted the prediction before it started",
        )),
        // starting, processing and anything new.
        _ => PollOutcome::Running {
            progress: progress(prediction.logs.as_deref()),
            poll_after: Some(poll_after),
        },
    }
}

/// `POST /v1/predictions/{id}/cancel`; a finished prediction answers with itself.
pub(crate) async fn cancel(api: &HttpApi, remote_id: &str) -> Result<(), ProviderError> {
    if !is_prediction_id(remote_id) {
        return Err(not_an_id(remote_id));
    }
    let request = authorized(
        api,
        api.client()
            .post(api.url(&format!("/v1/predictions/{remote_id}/cancel"))),
    )?;
    api.send(request, Phase::Follow)
        .await
        .map(|_| ())
        .map_err(with_body_retry_after)
}

/// A lost create among the account's recent predictions (`GET /v1/predictions`, newest
/// first, 100 a page; see [`crate::providers::http::recent`]): those of the same model
/// (`same_model`) created since the create was sent whose `input` has every `wanted` field.
pub(crate) async fn find_recent(
    api: &HttpApi,
    sent_at_ms: i64,
    same_model: impl Fn(&Prediction) -> bool,
    wanted: &[(&str, Value)],
) -> Result<Reconciliation, ProviderError> {
    let earliest = earliest_created_ms(sent_at_ms);
    let mut found = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..MAX_PAGES {
        let path = match &cursor {
            Some(cursor) => format!("/v1/predictions?cursor={cursor}"),
            None => "/v1/predictions".to_owned(),
        };
        let list = authorized(api, api.client().get(api.url(&path)))?;
        let response = api
            .send(list, Phase::Follow)
            .await
            .map_err(with_body_retry_after)?;
        let page: PredictionPage = api.json(response, Phase::Follow).await?;
        let mut reached_back = page.results.is_empty();
        for prediction in &page.results {
            match prediction.created_at.as_deref().and_then(rfc3339_ms) {
                Some(at) if at >= earliest => {
                    let input = prediction.input.as_ref();
                    let same_input = wanted
                        .iter()
                        .all(|(field, value)| input.and_then(|i| i.get(*field)) == Some(value));
                    if same_model(prediction) && same_input && is_prediction_id(&prediction.id) {
                        found.push(prediction.id.clone());
                    }
                }
                _ => reached_back = true,
            }
        }
        cursor = page.next.as_deref().and_then(cursor_of);
        if reached_back || cursor.is_none() {
            break;
        }
    }
    found.reverse();
    Ok(if found.is_empty() {
        Reconciliation::NotFound
    } else {
        Reconciliation::Found(found)
    })
}

/// A reference image as Replicate takes it: a data URL when small, else an uploaded file's
/// URL.
pub(crate) async fn image_input(
    api: &HttpApi,
    image: images::ImageBytes,
) -> Result<String, ProviderError> {
    if image.bytes.len() <= DATA_URL_MAX {
        return Ok(image.data_uri());
    }
    let part = reqwest::multipart::Part::bytes(image.bytes)
        .file_name(image.file_name)
        .mime_str(image.mime)
        .map_err(|e| ProviderError::transient(TakeErrorCode::Internal, e.to_string()))?;
    let form = reqwest::multipart::Form::new().part("content", part);
    let request = authorized(api, api.client().post(api.url("/v1/files")))?.multipart(form);
    let response = api
        .send(request, Phase::Upload)
        .await
        .map_err(with_body_retry_after)?;
    let file: UploadedFile = api.json(response, Phase::Upload).await?;
    Ok(file.urls.get)
}

/// The `cursor` of a `next` page URL, when it is a plain token: only the cursor is taken, so
/// the key never goes to a URL the answer chose.
fn cursor_of(next: &str) -> Option<String> {
    let query = next.split_once('?')?.1;
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix("cursor="))
        .filter(|c| {
            !c.is_empty()
                && c.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"%-_.~=".contains(&b))
        })
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::cursor_of;

    #[test]
    fn only_a_plain_cursor_is_taken_from_the_next_url() {
        assert_eq!(
            cursor_of("https://api.replicate.com/v1/predictions?cursor=cD0yMDIy%3D"),
            Some("cD0yMDIy%3D".to_owned())
        );
        assert_eq!(cursor_of("https://elsewhere.test/next"), None);
        assert_eq!(cursor_of("https://x.test/v1/predictions?cursor=a/b"), None);
    }
}
