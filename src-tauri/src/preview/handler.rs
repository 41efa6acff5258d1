//! One preview request: method, `Host`, token and route checked in that order, then the file
//! the [`Core`] resolves for the id, whole or one byte range, streamed from disk.

use super::range::{self, ByteRange};
use bytes::Bytes;
use futures_util::stream;
use http_body_util::{BodyExt, Full, StreamBody, combinators::BoxBody};
use hyper::body::{Frame, Incoming};
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use reelforge_core::{Core, CoreError};
use reelforge_protocol::MediaRef;
use std::convert::Infallible;
use std::io::SeekFrom;
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncSeekExt};
use tokio_util::sync::CancellationToken;

/// Bytes read from disk per body frame.
const CHUNK: usize = 64 * 1024;

type Body = BoxBody<Bytes, std::io::Error>;

/// What every request is checked against.
#[derive(Debug)]
pub(super) struct Context {
    pub core: Core,
    /// The one accepted `Host` value, `127.0.0.1:<port>`.
    pub host: String,
    pub token: String,
}

/// Accepts connections until `shutdown`; each is served on its own task.
pub(super) async fn accept_loop(
    listener: std::net::TcpListener,
    context: Arc<Context>,
    shutdown: CancellationToken,
) {
    let listener = match tokio::net::TcpListener::from_std(listener) {
        Ok(listener) => listener,
        Err(error) => {
            tracing::error!("the preview server cannot listen: {error}");
            return;
        }
    };
    loop {
        let accepted = tokio::select! {
            () = shutdown.cancelled() => break,
            accepted = listener.accept() => accepted,
        };
        let (stream, peer) = match accepted {
            Ok(accepted) => accepted,
            Err(error) => {
                tracing::warn!("preview server: accept failed: {error}");
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                continue;
            }
        };
        if !peer.ip().is_loopback() {
            continue;
        }
        let context = context.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |req| {
                let context = context.clone();
                async move { Ok::<_, Infallible>(respond(&context, req).await) }
            });
            let served = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
            if let Err(error) = served {
                tracing::debug!("preview connection ended: {error}");
            }
        });
    }
}

/// The answer to one request; refusals carry no detail beyond their status.
pub(super) async fn respond(context: &Context, req: Request<Incoming>) -> Response<Body> {
    if req.method() != Method::GET {
        let mut response = refusal(StatusCode::METHOD_NOT_ALLOWED);
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET"));
        return response;
    }
    if !host_is_ours(context, &req) {
        return refusal(StatusCode::MISDIRECTED_REQUEST);
    }
    let Some((token, route, id)) = split_path(req.uri().path()) else {
        return refusal(StatusCode::NOT_FOUND);
    };
    if !same_secret(token.as_bytes(), context.token.as_bytes()) {
        return refusal(StatusCode::FORBIDDEN);
    }
    let Some(media) = MediaRef::from_route(route, id) else {
        return refusal(StatusCode::NOT_FOUND);
    };
    let file = match context.core.media_file(&media).await {
        Ok(file) => file,
        Err(CoreError::NotFound { .. }) => return refusal(StatusCode::NOT_FOUND),
        Err(error) => {
            tracing::warn!("preview of {route}: {error}");
            return refusal(StatusCode::INTERNAL_SERVER_ERROR);
        }
    };
    let range = req
        .headers()
        .get(header::RANGE)
        .and_then(|v| v.to_str().ok());
    match send_file(&file.path, file.content_type, range).await {
        Ok(response) => response,
        Err(error) => {
            tracing::warn!("preview of {route}: cannot read the file: {error}");
            refusal(StatusCode::NOT_FOUND)
        }
    }
}

/// Exactly one `Host` header equal to `127.0.0.1:<port>`, and no other authority in an
/// absolute-form request target.
fn host_is_ours(context: &Context, req: &Request<Incoming>) -> bool {
    let mut hosts = req.headers().get_all(header::HOST).iter();
    let host_ok = match (hosts.next(), hosts.next()) {
        (Some(host), None) => host.as_bytes() == context.host.as_bytes(),
        _ => false,
    };
    let authority_ok = req
        .uri()
        .authority()
        .is_none_or(|a| a.as_str() == context.host);
    host_ok && authority_ok
}

/// `/<token>/<route>/<id>` with three non-empty segments of ASCII letters, digits and `-`:
/// no `%`, `.`, `/` or anything a file system or a decoder could reinterpret.
fn split_path(path: &str) -> Option<(&str, &str, &str)> {
    let mut parts = path.strip_prefix('/')?.split('/');
    let (token, route, id) = (parts.next()?, parts.next()?, parts.next()?);
    let plain = |s: &str| {
        !s.is_empty() && s.len() <= 128 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    (parts.next().is_none() && plain(token) && plain(route) && plain(id))
        .then_some((token, route, id))
}

/// Constant-time comparison (the length is not secret).
fn same_secret(given: &[u8], expected: &[u8]) -> bool {
    given.len() == expected.len()
        && given
            .iter()
            .zip(expected)
            .fold(0_u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

/// The headers every answer carries.
fn secure(response: &mut Response<Body>) {
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    // Opened as a page, a response can run nothing.
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
}

fn refusal(status: StatusCode) -> Response<Body> {
    let text = status.canonical_reason().unwrap_or("refused");
    let mut response = Response::new(
        Full::new(Bytes::from(text))
            .map_err(|never| match never {})
            .boxed(),
    );
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    secure(&mut response);
    response
}

/// The file (or the requested range of it), streamed in [`CHUNK`]s.
async fn send_file(
    path: &std::path::Path,
    content_type: &'static str,
    range: Option<&str>,
) -> std::io::Result<Response<Body>> {
    let mut file = tokio::fs::File::open(path).await?;
    let len = file.metadata().await?.len();
    let (status, start, count) = match range::parse(range, len) {
        ByteRange::Full => (StatusCode::OK, 0, len),
        ByteRange::Partial { start, end } => (StatusCode::PARTIAL_CONTENT, start, end - start + 1),
        ByteRange::Unsatisfiable => {
            let mut response = refusal(StatusCode::RANGE_NOT_SATISFIABLE);
            insert(
                &mut response,
                header::CONTENT_RANGE,
                format!("bytes */{len}"),
            );
            insert(&mut response, header::ACCEPT_RANGES, "bytes".into());
            return Ok(response);
        }
    };
    if start > 0 {
        file.seek(SeekFrom::Start(start)).await?;
    }
    let body = stream::unfold((file, count), |(mut file, left)| async move {
        if left == 0 {
            return None;
        }
        let want = usize::try_from(left).map_or(CHUNK, |left| left.min(CHUNK));
        let mut buf = vec![0; want];
        match file.read(&mut buf).await {
            Ok(0) => Some((
                Err(std::io::Error::new(
                    std::io::ErrorKind::UnexpectedEof,
                    "the file shrank while it was sent",
                )),
                (file, 0),
            )),
            Ok(n) => {
                buf.truncate(n);
                Some((Ok(Frame::data(Bytes::from(buf))), (file, left - n as u64)))
            }
            Err(error) => Some((Err(error), (file, 0))),
        }
    });
    let mut response = Response::new(BodyExt::boxed(StreamBody::new(body)));
    *response.status_mut() = status;
    insert(&mut response, header::CONTENT_TYPE, content_type.into());
    insert(&mut response, header::CONTENT_LENGTH, count.to_string());
    insert(&mut response, header::ACCEPT_RANGES, "bytes".into());
    if status == StatusCode::PARTIAL_CONTENT {
        let end = start + count - 1;
        insert(
            &mut response,
            header::CONTENT_RANGE,
            format!("bytes {start}-{end}/{len}"),
        );
    }
    secure(&mut response);
    Ok(response)
}

fn insert(response: &mut Response<Body>, name: header::HeaderName, value: String) {
    if let Ok(value) = HeaderValue::try_from(value) {
        response.headers_mut().insert(name, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_three_plain_segments_make_a_route() {
        assert_eq!(
            split_path("/tok/take/abc-1"),
            Some(("tok", "take", "abc-1"))
        );
        for path in [
            "/",
            "/tok",
            "/tok/take",
            "/tok/take/",
            "/tok/take/a/b",
            "/tok/take/..",
            "/tok/take/%2e%2e",
            "/tok/take/a%2fb",
            "/tok/asset/..%2f..%2fetc%2fpasswd",
            "/tok/take/a.mp4",
            "//etc/passwd",
            "/tok//x",
            "tok/take/x",
        ] {
            assert_eq!(split_path(path), None, "{path}");
        }
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret(b"abcd", b"abcd"));
        assert!(!same_secret(b"abce", b"abcd"));
        assert!(!same_secret(b"abc", b"abcd"));
        assert!(!same_secret(b"", b"abcd"));
    }
}
