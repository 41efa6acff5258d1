//! Streaming a provider's output file to disk, and re-fetching a fresh URL once when the
//! one we kept has expired (signed URLs of Luma, Runway, Replicate and fal last hours to
//! days; a take may be fetched after a restart).
//!
//! A download has no total time limit: a clip on a slow link may take minutes. Instead each
//! phase has its own: connecting (the client's), the answer's headers
//! ([`HEADERS_TIMEOUT`]) and the silence between two pieces of the body
//! ([`STALL_TIMEOUT`]). A body cut or stalled half-way is resumed from the bytes already in
//! the file with `Range: bytes=N-` when the server answers 206 with the matching
//! `Content-Range`, and restarted from zero when it answers 200; the file is kept on a
//! failure, so the engine's next attempt resumes it too.
//!
//! A file is never larger than [`DOWNLOAD_MAX_BYTES`](reelforge_protocol::limits::DOWNLOAD_MAX_BYTES): a `Content-Length` over it is refused
//! before the body is read, and a body that goes on past it (one that never ends) is cut
//! there; either way the partial file is removed and the take fails for good.

use super::HttpApi;
use super::redirect::send_following;
use super::status::{self, Phase};
use crate::providers::{PollOutcome, ProviderError, RemoteOutput, TakeErrorCode, TerminalReason};
use futures_util::StreamExt;
use reelforge_protocol::{Limit, LimitExceeded};
use reqwest::header::{CONTENT_RANGE, RANGE};
use reqwest::{Client, Request, RequestBuilder, Response, StatusCode};
use std::future::Future;
use std::path::Path;
use std::time::Duration;
use tokio::io::AsyncWriteExt;

/// Longest wait for an answer's headers once the request is sent.
pub const HEADERS_TIMEOUT: Duration = Duration::from_secs(60);
/// Longest silence allowed between two pieces of a body.
pub const STALL_TIMEOUT: Duration = Duration::from_secs(30);
/// Attempts in a row that may end without a single new byte before the download fails.
const FRUITLESS_ATTEMPTS: u32 = 3;

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

/// How one attempt's body ended.
enum BodyEnd {
    Complete,
    /// The file would grow past [`DOWNLOAD_MAX_BYTES`](reelforge_protocol::limits::DOWNLOAD_MAX_BYTES).
    TooLarge(LimitExceeded),
    /// Cut, or silent for longer than [`STALL_TIMEOUT`]: resumable.
    Cut(ProviderError),
}

/// Streams `request`'s body into `dest`, resuming from the bytes already in it (a `.part`
/// file an earlier attempt left); returns the size of the complete file. The engine syncs
/// and renames the file afterwards.
pub async fn stream_to_file(request: RequestBuilder, dest: &Path) -> Result<u64, DownloadError> {
    let (client, request) = request.build_split();
    let request =
        request.map_err(|e| DownloadError::Other(status::transport_error(&e, Phase::Follow)))?;
    let io = |e: std::io::Error| DownloadError::Other(ProviderError::disk(dest.display(), &e));
    let mut have = match tokio::fs::metadata(dest).await {
        Ok(meta) => meta.len(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => 0,
        Err(e) => return Err(io(e)),
    };
    let mut fruitless = 0;
    loop {
        let asked = have;
        let response = send_from(&client, &request, asked).await?;
        let code = response.status();
        if asked > 0 && code == StatusCode::RANGE_NOT_SATISFIABLE {
            // Nothing after the bytes we have: complete, when the server's size says so.
            if total_size(&response) == Some(asked) {
                break;
            }
            tracing::debug!("download: range {asked}- refused; starting over");
            have = 0;
            tokio::fs::File::create(dest).await.map_err(io)?;
            fruitless += 1;
            if fruitless >= FRUITLESS_ATTEMPTS {
                return Err(DownloadError::Other(ProviderError::transient(
                    TakeErrorCode::Network,
                    "the server refused every range of the file",
                )));
            }
            continue;
        }
        if !code.is_success() {
            return Err(status_failure(response).await);
        }
        let resumed = asked > 0 && code == StatusCode::PARTIAL_CONTENT;
        if resumed && range_start(&response) != Some(asked) {
            tracing::debug!("download: 206 from another offset than {asked}; starting over");
            have = 0;
            tokio::fs::File::create(dest).await.map_err(io)?;
            continue;
        }
        let mut file = if resumed {
            tokio::fs::OpenOptions::new()
                .append(true)
                .open(dest)
                .await
                .map_err(io)?
        } else {
            // A 200 carries the whole file: start over.
            have = 0;
            tokio::fs::File::create(dest).await.map_err(io)?
        };
        let before = have;
        let announced = response.content_length().map(|length| have + length);
        let end = match announced.map(|size| Limit::DownloadSize.check(size)) {
            Some(Err(over)) => BodyEnd::TooLarge(over),
            _ => copy_body(response, &mut file, &mut have)
                .await
                .map_err(io)?,
        };
        file.flush().await.map_err(io)?;
        match end {
            BodyEnd::Complete => break,
            BodyEnd::TooLarge(over) => {
                drop(file);
                let _ = tokio::fs::remove_file(dest).await;
                return Err(DownloadError::Other(too_large(over)));
            }
            BodyEnd::Cut(error) => {
                fruitless = if have > before { 0 } else { fruitless + 1 };
                if fruitless >= FRUITLESS_ATTEMPTS {
                    return Err(DownloadError::Other(error));
                }
                tracing::debug!("download cut after {have} bytes ({error}); resuming");
            }
        }
    }
    if have == 0 {
        return Err(DownloadError::Other(ProviderError::terminal(
            TerminalReason::InvalidOutput,
            "the provider's output file is empty",
        )));
    }
    Ok(have)
}

/// Sends `request` again, asking for the bytes from `offset` on when it is not 0, with the
/// redirect policy and the headers timeout.
async fn send_from(
    client: &Client,
    request: &Request,
    offset: u64,
) -> Result<Response, DownloadError> {
    let Some(mut attempt) = request.try_clone() else {
        return Err(DownloadError::Other(ProviderError::terminal(
            TerminalReason::InvalidInput,
            "a download request must be repeatable",
        )));
    };
    if offset > 0 {
        let range = format!("bytes={offset}-").parse().expect("digits");
        attempt.headers_mut().insert(RANGE, range);
    }
    match tokio::time::timeout(HEADERS_TIMEOUT, send_following(client, attempt)).await {
        Ok(Ok(response)) => Ok(response),
        Ok(Err(e)) => Err(DownloadError::Other(status::redirect_error(
            &e,
            Phase::Follow,
        ))),
        Err(_) => Err(DownloadError::Other(ProviderError::transient(
            TakeErrorCode::RequestTimeout,
            format!(
                "the output link sent no answer within {} s",
                HEADERS_TIMEOUT.as_secs()
            ),
        ))),
    }
}

/// Writes `response`'s body to `file`, counting into `have`; a cut or a stall ends it as
/// [`BodyEnd::Cut`], a disk failure as `Err`.
async fn copy_body(
    response: Response,
    file: &mut tokio::fs::File,
    have: &mut u64,
) -> std::io::Result<BodyEnd> {
    let mut body = response.bytes_stream();
    loop {
        let chunk = match tokio::time::timeout(STALL_TIMEOUT, body.next()).await {
            Ok(None) => return Ok(BodyEnd::Complete),
            Ok(Some(Ok(chunk))) => chunk,
            Ok(Some(Err(e))) => {
                return Ok(BodyEnd::Cut(status::transport_error(&e, Phase::Follow)));
            }
            Err(_) => {
                return Ok(BodyEnd::Cut(ProviderError::transient(
                    TakeErrorCode::Network,
                    format!(
                        "the download stalled: no data for {} s",
                        STALL_TIMEOUT.as_secs()
                    ),
                )));
            }
        };
        let size = *have + chunk.len() as u64;
        if let Err(over) = Limit::DownloadSize.check(size) {
            return Ok(BodyEnd::TooLarge(over));
        }
        file.write_all(&chunk).await?;
        *have = size;
    }
}

/// The take's failure when the output is over [`DOWNLOAD_MAX_BYTES`](reelforge_protocol::limits::DOWNLOAD_MAX_BYTES): terminal, since the
/// same output would be as large again.
fn too_large(over: LimitExceeded) -> ProviderError {
    ProviderError::terminal(
        TerminalReason::InvalidOutput,
        format!("the download was stopped: {over}"),
    )
}

/// The error of a non-success answer: expired for 403, 404 and 410.
async fn status_failure(response: Response) -> DownloadError {
    let code = response.status();
    let retry = status::retry_after(response.headers());
    let body = response.text().await.unwrap_or_default();
    let error = status::status_error(code, retry, &body, Phase::Follow);
    match code.as_u16() {
        403 | 404 | 410 => DownloadError::Expired(ProviderError::transient(
            TakeErrorCode::OutputExpired,
            format!(
                "the output link answered HTTP {}: it has expired",
                code.as_u16()
            ),
        )),
        _ => DownloadError::Other(error),
    }
}

/// The first byte of a 206 answer (`Content-Range: bytes N-M/T`).
fn range_start(response: &Response) -> Option<u64> {
    let value = response.headers().get(CONTENT_RANGE)?.to_str().ok()?;
    let (start, _) = value.strip_prefix("bytes ")?.split_once('-')?;
    start.trim().parse().ok()
}

/// The full size a 416 answer states (`Content-Range: bytes */T`).
fn total_size(response: &Response) -> Option<u64> {
    let value = response.headers().get(CONTENT_RANGE)?.to_str().ok()?;
    value.strip_prefix("bytes */")?.trim().parse().ok()
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
