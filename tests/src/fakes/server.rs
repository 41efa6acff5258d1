//! [`FakeServer`]: serves one fake provider's axum router on 127.0.0.1 behind the fault
//! layer, plus the routes every fake shares: `GET /files/{name}` (output clips, honouring
//! `Range: bytes=N-` with 206 like a CDN),
//! `POST|DELETE /__fake/faults` and `GET /__fake/calls` (control from other processes).

use super::body_faults;
use super::clips::ClipStore;
use super::faults::{ArmedFault, Fault, Faults, Route};
use axum::Router;
use axum::body::Body;
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, Method, Request, Response, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tower::ServiceExt;

/// What makes one fake differ from another, besides its router.
#[derive(Debug, Clone, Copy)]
pub struct FakeSpec {
    /// Provider id (`luma`, `runway`…).
    pub name: &'static str,
    /// Which kind of call a request is.
    pub route_of: fn(&Method, &str) -> Route,
    /// The provider's error body for a status and message.
    pub error_body: fn(u16, &str) -> serde_json::Value,
}

/// State every fake's handlers share.
#[derive(Debug)]
pub struct FakeCore {
    pub spec: FakeSpec,
    pub faults: Faults,
    pub clips: ClipStore,
    /// `http://127.0.0.1:PORT`, for absolute URLs in responses.
    pub base_url: String,
    expected_key: Mutex<String>,
    /// Where output links point when set: another server (a CDN on a foreign origin).
    clip_base: Mutex<Option<String>>,
    /// Every request seen, in order, for tests that look at what arrived.
    seen: Mutex<Vec<SeenRequest>>,
    /// Told once a request under [`Fault::HoldAfterRequest`] was processed (or one under
    /// [`Fault::Hold`] arrived).
    held: tokio::sync::Notify,
}

/// One request as the fake received it.
#[derive(Debug, Clone)]
pub struct SeenRequest {
    pub route: Route,
    pub method: Method,
    /// Path and query.
    pub target: String,
    pub headers: HeaderMap,
}

impl FakeCore {
    /// The key requests must carry.
    pub fn expected_key(&self) -> String {
        self.expected_key.lock().expect("key").clone()
    }

    /// Changes the key requests must carry.
    pub fn set_expected_key(&self, key: &str) {
        *self.expected_key.lock().expect("key") = key.to_owned();
    }

    /// Makes output links point at `base` (another server's `http://127.0.0.1:PORT`, which
    /// must serve the same clip folder), as a provider whose files live on a CDN; `None`
    /// points them back here.
    pub fn set_clip_base(&self, base: Option<&str>) {
        *self.clip_base.lock().expect("clip base") = base.map(str::to_owned);
    }

    /// Every request seen on `route` so far, in order.
    pub fn requests(&self, route: Route) -> Vec<SeenRequest> {
        let seen = self.seen.lock().expect("seen");
        seen.iter().filter(|r| r.route == route).cloned().collect()
    }

    /// Every request seen so far, in order.
    pub fn all_requests(&self) -> Vec<SeenRequest> {
        self.seen.lock().expect("seen").clone()
    }

    /// An error response in the provider's format.
    pub fn error(&self, status: u16, message: &str) -> Response<Body> {
        let code = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (code, axum::Json((self.spec.error_body)(status, message))).into_response()
    }

    /// `None` when `header` holds `prefix` + the expected key, else the provider's 401:
    /// `if let Some(refusal) = core.key_refusal(&headers, "authorization", "Bearer ") { return refusal; }`
    pub fn key_refusal(
        &self,
        headers: &HeaderMap,
        header: &str,
        prefix: &str,
    ) -> Option<Response<Body>> {
        let expected = format!("{prefix}{}", self.expected_key());
        match headers.get(header).and_then(|v| v.to_str().ok()) {
            Some(value) if value == expected => None,
            Some(_) => Some(self.error(401, "Invalid API key")),
            None => Some(self.error(401, "Missing API key")),
        }
    }

    /// The URL of a clip of `duration_s` at `aspect`, made on demand, signed like a CDN link.
    pub fn clip_url(&self, duration_s: u32, aspect: &str) -> String {
        let name = self.clips.clip(duration_s, aspect);
        let base = self.clip_base.lock().expect("clip base").clone();
        format!(
            "{}/files/{name}?X-Amz-Expires=3600&sig={}",
            base.as_deref().unwrap_or(&self.base_url),
            uuid::Uuid::new_v4().simple()
        )
    }
}

/// A running fake provider. Stops accepting connections when dropped.
#[derive(Debug)]
pub struct FakeServer {
    pub core: Arc<FakeCore>,
    pub addr: SocketAddr,
    accept: JoinHandle<()>,
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

/// The connection-closing "error" of [`Fault::ResetAfterRequest`].
#[derive(Debug)]
struct ResetConnection;

impl std::fmt::Display for ResetConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("fault: connection reset after the request")
    }
}

impl std::error::Error for ResetConnection {}

impl FakeServer {
    /// Binds `127.0.0.1:port` (0 for any), builds the provider's router with `routes` and
    /// serves it; clips are made in `clip_dir`.
    pub async fn start(
        spec: FakeSpec,
        port: u16,
        clip_dir: &Path,
        routes: impl FnOnce(Arc<FakeCore>) -> Router,
    ) -> std::io::Result<Self> {
        let listener = TcpListener::bind(("127.0.0.1", port)).await?;
        let addr = listener.local_addr()?;
        let core = Arc::new(FakeCore {
            spec,
            faults: Faults::default(),
            clips: ClipStore::new(clip_dir),
            base_url: format!("http://{addr}"),
            expected_key: Mutex::new(super::FAKE_KEY.to_owned()),
            clip_base: Mutex::default(),
            seen: Mutex::default(),
            held: tokio::sync::Notify::new(),
        });
        let shared = Router::new()
            .route("/files/{name}", get(serve_clip))
            .route("/__fake/faults", post(arm_fault).delete(clear_faults))
            .route("/__fake/calls", get(calls))
            .with_state(core.clone());
        let router = routes(core.clone()).merge(shared);
        let serving = core.clone();
        let accept = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let router = router.clone();
                let core = serving.clone();
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |request: Request<Incoming>| {
                        handle(core.clone(), router.clone(), request)
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Ok(Self { core, addr, accept })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> &str {
        &self.core.base_url
    }

    /// Plays `fault` on the next `times` requests of `route`.
    pub fn arm(&self, route: Route, fault: Fault, times: u32) {
        self.core.faults.arm(route, fault, times);
    }

    /// Requests seen on `route`.
    pub fn calls(&self, route: Route) -> u64 {
        self.core.faults.calls(route)
    }

    /// Completes once a request under [`Fault::HoldAfterRequest`] has been processed, or
    /// one under [`Fault::Hold`] has arrived (its answer is then held for ever).
    pub async fn held(&self) {
        self.core.held.notified().await;
    }
}

/// Classifies, counts, plays any armed fault, and hands the request to the router.
async fn handle(
    core: Arc<FakeCore>,
    router: Router,
    request: Request<Incoming>,
) -> Result<Response<Body>, ResetConnection> {
    let path = request.uri().path().to_owned();
    if path.starts_with("/__fake/") {
        return Ok(forward(router, request.map(Body::new)).await);
    }
    let route = if path.starts_with("/files/") {
        Route::Download
    } else {
        (core.spec.route_of)(request.method(), &path)
    };
    core.faults.record(route);
    core.seen.lock().expect("seen").push(SeenRequest {
        route,
        method: request.method().clone(),
        target: request
            .uri()
            .path_and_query()
            .map_or_else(|| path.clone(), |p| p.as_str().to_owned()),
        headers: request.headers().clone(),
    });
    let fault = core.faults.take_transport(route);
    match fault {
        Some(Fault::RateLimited { retry_after_s }) => {
            let mut response = core.error(429, "Too many requests: rate limit exceeded");
            response.headers_mut().insert(
                header::RETRY_AFTER,
                retry_after_s.to_string().parse().expect("digits"),
            );
            Ok(response)
        }
        Some(Fault::ServerError { status }) => Ok(core.error(status, "Internal server error")),
        Some(Fault::ExpiredUrl) => Ok((
            StatusCode::FORBIDDEN,
            [(header::CONTENT_TYPE, "application/xml")],
            "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>",
        )
            .into_response()),
        Some(Fault::ResetAfterRequest) => {
            let (parts, body) = request.into_parts();
            let bytes = body
                .collect()
                .await
                .map(|b| b.to_bytes())
                .unwrap_or_default();
            let _processed = forward(router, Request::from_parts(parts, Body::from(bytes))).await;
            Err(ResetConnection)
        }
        Some(Fault::ServerErrorAfterRequest { status }) => {
            let _processed = forward(router, request.map(Body::new)).await;
            Ok(core.error(status, "Internal server error"))
        }
        Some(hold @ (Fault::Hold | Fault::HoldAfterRequest)) => {
            if hold == Fault::HoldAfterRequest {
                let _processed = forward(router, request.map(Body::new)).await;
            }
            core.held.notify_one();
            std::future::pending().await
        }
        Some(Fault::EndlessBody) => {
            let response = forward(router, request.map(Body::new)).await;
            Ok(body_faults::endless(response))
        }
        Some(Fault::MalformedJson) => {
            let response = forward(router, request.map(Body::new)).await;
            let (mut parts, _) = response.into_parts();
            parts.headers.remove(header::CONTENT_LENGTH);
            Ok(Response::from_parts(parts, Body::from(r#"{"id": "trunc"#)))
        }
        Some(Fault::Slow { millis }) => {
            tokio::time::sleep(std::time::Duration::from_millis(millis)).await;
            Ok(forward(router, request.map(Body::new)).await)
        }
        Some(Fault::IgnoreRange) => {
            let mut request = request.map(Body::new);
            request.headers_mut().remove(header::RANGE);
            Ok(forward(router, request).await)
        }
        Some(Fault::Trickle { millis }) => {
            let response = forward(router, request.map(Body::new)).await;
            Ok(body_faults::trickled(response, Duration::from_millis(millis)).await)
        }
        Some(Fault::CutBody { bytes }) => {
            let response = forward(router, request.map(Body::new)).await;
            Ok(body_faults::cut_after(response, bytes).await)
        }
        Some(Fault::EchoKey { status }) => {
            let sent: Vec<String> = CREDENTIAL_HEADERS
                .iter()
                .filter_map(|name| request.headers().get(*name))
                .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
                .collect();
            let message = format!("Invalid API key provided: {}", sent.join(", "));
            Ok(core.error(status, &message))
        }
        Some(Fault::Moderation) | None => Ok(forward(router, request.map(Body::new)).await),
    }
}

/// Headers a key travels in, quoted back by [`Fault::EchoKey`].
const CREDENTIAL_HEADERS: [&str; 4] =
    ["authorization", "x-goog-api-key", "x-api-key", "xi-api-key"];

async fn forward(router: Router, request: Request<Body>) -> Response<Body> {
    match router.oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    }
}

/// The start of a `Range: bytes=N-` header, as CDNs honour it (other forms are ignored and
/// the whole file is sent).
fn range_start(headers: &HeaderMap) -> Option<usize> {
    let value = headers.get(header::RANGE)?.to_str().ok()?;
    value
        .strip_prefix("bytes=")?
        .strip_suffix('-')?
        .parse()
        .ok()
}

async fn serve_clip(
    State(core): State<Arc<FakeCore>>,
    UrlPath(name): UrlPath<String>,
    headers: HeaderMap,
) -> Response<Body> {
    let safe = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        && !name.contains("..");
    let path = core.clips.dir().join(&name);
    match (safe, tokio::fs::read(&path).await) {
        (true, Ok(bytes)) => match range_start(&headers) {
            Some(start) if start < bytes.len() => {
                let range = format!("bytes {start}-{}/{}", bytes.len() - 1, bytes.len());
                (
                    StatusCode::PARTIAL_CONTENT,
                    [
                        (header::CONTENT_TYPE, "video/mp4".to_owned()),
                        (header::CONTENT_RANGE, range),
                    ],
                    bytes[start..].to_vec(),
                )
                    .into_response()
            }
            Some(_) => (
                StatusCode::RANGE_NOT_SATISFIABLE,
                [(header::CONTENT_RANGE, format!("bytes */{}", bytes.len()))],
            )
                .into_response(),
            None => ([(header::CONTENT_TYPE, "video/mp4")], bytes).into_response(),
        },
        _ => (StatusCode::NOT_FOUND, "no such file").into_response(),
    }
}

async fn arm_fault(
    State(core): State<Arc<FakeCore>>,
    axum::Json(armed): axum::Json<ArmedFault>,
) -> StatusCode {
    core.faults.arm(armed.route, armed.fault, armed.times);
    StatusCode::NO_CONTENT
}

async fn clear_faults(State(core): State<Arc<FakeCore>>) -> StatusCode {
    core.faults.clear();
    StatusCode::NO_CONTENT
}

async fn calls(State(core): State<Arc<FakeCore>>) -> axum::Json<serde_json::Value> {
    axum::Json(serde_json::to_value(core.faults.all_calls()).unwrap_or_default())
}
