//! The faults that act on a response body once the fake has answered: a body trickled in
//! small pieces over a long time ([`Fault::Trickle`](super::Fault::Trickle)), one cut
//! after some bytes ([`Fault::CutBody`](super::Fault::CutBody)) and one that never ends
//! ([`Fault::EndlessBody`](super::Fault::EndlessBody)).

use axum::body::{Body, Bytes};
use axum::http::Response;
use futures_util::StreamExt;
use http_body_util::BodyExt;
use std::time::Duration;

/// Pieces a trickled body is sent in, at most.
const TRICKLE_PIECES: usize = 180;

/// `response` with its body sent in equal pieces spread over `over`.
pub async fn trickled(response: Response<Body>, over: Duration) -> Response<Body> {
    let (parts, body) = response.into_parts();
    let bytes = body
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    let pieces = TRICKLE_PIECES.min(bytes.len()).max(1);
    let gap = over / pieces as u32;
    let size = bytes.len().div_ceil(pieces);
    let chunks: Vec<Bytes> = (0..bytes.len())
        .step_by(size.max(1))
        .map(|at| bytes.slice(at..(at + size).min(bytes.len())))
        .collect();
    let stream = futures_util::stream::iter(chunks).then(move |chunk| async move {
        tokio::time::sleep(gap).await;
        Ok::<_, std::io::Error>(chunk)
    });
    Response::from_parts(parts, Body::from_stream(stream))
}

/// `response` with only its first `keep` body bytes sent, then the connection dropped (a
/// moment later, so the headers and those bytes are on the wire first).
pub async fn cut_after(response: Response<Body>, keep: u64) -> Response<Body> {
    let (parts, body) = response.into_parts();
    let bytes = body
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    let keep = bytes.slice(..(keep as usize).min(bytes.len()));
    let stream = futures_util::stream::iter([Some(keep), None]).then(|piece| async move {
        match piece {
            Some(piece) => Ok(piece),
            None => {
                tokio::time::sleep(Duration::from_millis(200)).await;
                Err(std::io::Error::other("fault: connection cut mid-body"))
            }
        }
    });
    Response::from_parts(parts, Body::from_stream(stream))
}

/// Piece of an endless body: 1 MiB of zeros, shared (sending it copies nothing).
static ZEROS: [u8; 1 << 20] = [0; 1 << 20];

/// `response`'s status and headers (less `Content-Length`) with a body of zeros that goes on
/// for as long as the client reads.
pub fn endless(response: Response<Body>) -> Response<Body> {
    let (mut parts, _) = response.into_parts();
    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
    let stream =
        futures_util::stream::repeat_with(|| Ok::<_, std::io::Error>(Bytes::from_static(&ZEROS)));
    Response::from_parts(parts, Body::from_stream(stream))
}
