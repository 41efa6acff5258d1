//! Streaming a provider's output file to disk, and re-fetching a fresh URL once when the
//! one we kept has expired (signed URLs of Luma, Runway, Replicate and fal last hours to
//! days; a take may be fetched after a restart).

use super::HttpApi;
use super::redirect::send_following;
use super::status::{self, Phase};
use crate::providers::{PollOutcome, ProviderError, RemoteOutput, TakeErrorCode, TerminalReason};
use futures_util::StreamExt;
use reqwest::RequestBuilder;
use std::future::Future;
use std::path::Path;
use tokio::io::AsyncWriteExt;

/// Why a download failed.
#[derive(Debug)]
pub enum DownloadError {
    /// The URL answered 403, 404 or 410: it has expired (or was never public).
    Expired(ProviderError),
    /// Anything else.
    Other(ProviderError),
}

impl From<DownloadError> for ProviderError {
    fn from(error: DownloadError) -> Self {
        match error {
            DownloadError::Expired(e) | DownloadError::Other(e) => e,
        }
    }
}

/// Streams `request`'s body into `dest` (created or truncated); returns the bytes written.
/// The engine syncs and renames the file afterwards.
pub async fn stream_to_file(request: RequestBuilder, dest: &Path) -> Result<u64, DownloadError> {
    let (client, request) = request.build_split();
    let request =
        request.map_err(|e| DownloadError::Other(status::transport_error(&e, Phase::Follow)))?;
    let response = send_following(&client, request)
        .await
        .map_err(|e| DownloadError::Other(status::redirect_error(&e, Phase::Follow)))?;
    let code = response.status();
    if !code.is_success() {
        let retry = status::retry_after(response.headers());
        let body = response.text().await.unwrap_or_default();
        let error = status::status_error(code, retry, &body, Phase::Follow);
        return Err(match code.as_u16() {
            403 | 404 | 410 => DownloadError::Expired(ProviderError::transient(
                TakeErrorCode::OutputExpired,
                format!(
                    "the output link answered HTTP {}: it has expired",
                    code.as_u16()
                ),
            )),
            _ => DownloadError::Other(error),
        });
    }
    let io = |e: std::io::Error| {
        DownloadError::Other(ProviderError::transient(
            TakeErrorCode::Disk,
            format!("could not write {}: {e}", dest.display()),
        ))
    };
    let mut file = tokio::fs::File::create(dest).await.map_err(io)?;
    let mut written = 0u64;
    let mut body = response.bytes_stream();
    while let Some(chunk) = body.next().await {
        let chunk =
            chunk.map_err(|e| DownloadError::Other(status::transport_error(&e, Phase::Follow)))?;
        file.write_all(&chunk).await.map_err(io)?;
        written += chunk.len() as u64;
    }
    file.flush().await.map_err(io)?;
    if written == 0 {
        return Err(DownloadError::Other(ProviderError::terminal(
            TerminalReason::InvalidOutput,
            "the provider's output file is empty",
        )));
    }
    Ok(written)
}

/// Downloads `output` with a plain GET; when its URL has expired, asks `refresh` (the
/// adapter's poll) for the job again and downloads the fresh URL once.
pub async fn download_refreshing<F, Fut>(
    api: &HttpApi,
    output: &RemoteOutput,
    dest: &Path,
    refresh: F,
) -> Result<u64, ProviderError>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<PollOutcome, ProviderError>>,
{
    match stream_to_file(api.client().get(&output.url), dest).await {
        Ok(bytes) => Ok(bytes),
        Err(DownloadError::Expired(expired)) => match refresh().await? {
            PollOutcome::Succeeded { output: fresh, .. } => {
                Ok(stream_to_file(api.client().get(&fresh.url), dest).await?)
            }
            PollOutcome::Failed(error) => Err(error),
            PollOutcome::Running { .. } => Err(expired),
        },
        Err(DownloadError::Other(error)) => Err(error),
    }
}
