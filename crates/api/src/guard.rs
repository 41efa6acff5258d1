//! What every request passes before anything else, in this order: a `Host` (and `Origin`,
//! when sent) naming this server on loopback, else `421` — a page of another site reaching
//! the port through DNS rebinding or a browser names its own host —; then
//! `Authorization: Bearer <token>`, else `401`. A refusal logs its status only, never a
//! header.

use crate::status::ErrorAnswer;
use crate::token::TokenHash;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use reelforge_protocol::ErrorCode;
use std::sync::Arc;

/// What requests are checked against.
#[derive(Debug)]
pub struct Guard {
    /// The accepted `Host` values: `127.0.0.1:<port>` and `localhost:<port>`.
    hosts: [String; 2],
    token: TokenHash,
}

impl Guard {
    pub fn new(port: u16, token: TokenHash) -> Self {
        Self {
            hosts: [format!("127.0.0.1:{port}"), format!("localhost:{port}")],
            token,
        }
    }

    fn host_is_ours(&self, headers: &HeaderMap) -> bool {
        let mut hosts = headers.get_all(header::HOST).iter();
        let host_ok = match (hosts.next(), hosts.next()) {
            (Some(host), None) => self.is_ours(host.as_bytes()),
            _ => false,
        };
        let origin_ok = headers.get_all(header::ORIGIN).iter().all(|origin| {
            origin
                .as_bytes()
                .strip_prefix(b"http://")
                .is_some_and(|host| self.is_ours(host))
        });
        host_ok && origin_ok
    }

    fn is_ours(&self, host: &[u8]) -> bool {
        self.hosts.iter().any(|ours| ours.as_bytes() == host)
    }

    fn token_is_right(&self, headers: &HeaderMap) -> bool {
        let mut values = headers.get_all(header::AUTHORIZATION).iter();
        match (values.next(), values.next()) {
            (Some(value), None) => value
                .to_str()
                .ok()
                .and_then(|value| value.strip_prefix("Bearer "))
                .is_some_and(|token| self.token.accepts(token.trim())),
            _ => false,
        }
    }
}

/// The middleware: refuses, or passes the request on.
pub async fn check(State(guard): State<Arc<Guard>>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    if !guard.host_is_ours(headers) {
        tracing::warn!("api refused: 421");
        return ErrorAnswer::with_status(
            StatusCode::MISDIRECTED_REQUEST,
            ErrorCode::Unauthorized,
            "this server answers only to 127.0.0.1 or localhost on its port",
        );
    }
    if !guard.token_is_right(headers) {
        tracing::warn!("api refused: 401");
        let mut refusal = ErrorAnswer::with_status(
            StatusCode::UNAUTHORIZED,
            ErrorCode::Unauthorized,
            "missing or wrong token (Authorization: Bearer <token>)",
        );
        refusal.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            header::HeaderValue::from_static("Bearer"),
        );
        return refusal;
    }
    next.run(request).await
}
