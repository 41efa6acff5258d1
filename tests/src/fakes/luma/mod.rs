//! The fake Luma server: both surfaces of providers.md §1 on one base URL, as the `luma`
//! adapter expects when its base URL is overridden.
//!
//! - Dream Machine API (§1a): `POST /generations/video` (the older `POST /generations`
//!   create is not served: on a shared base it is the Agents create), `GET
//!   /generations/{id}`, `DELETE /generations/{id}` (204, deletes), `GET /generations`
//!   (list), `GET /credits`, `GET /ping`. States `queued → dreaming → completed`; keyframes only as `{"type":"image","url"}`
//!   (a URL Luma could not fetch fails the job with "Failed to read user input frames").
//! - Agents API (§1b): `POST /generations` → 201, `GET /generations/{id}`; `X-Request-Id`
//!   (echoed) and `X-API-Version: 2026-04-01` on every answer, `X-RateLimit-Limit` on a
//!   successful create. States `queued → processing → completed`; images inline (base64
//!   `data` + `media_type`), 413 above 50 MB, 422 for bad combinations or bad base64.
//!
//! Both answer errors as `{"detail": "…"}` and 401 for a wrong or missing Bearer key. Each
//! status request shows the job's current state, then advances it one step. A moderation
//! fault armed on [`Route::Create`] makes the next job fail with the surface's moderation
//! failure (`failure_reason` text, or `failure_code: "content_moderated"`).

mod agents;
mod dream;

use super::{FakeCore, FakeServer, FakeSpec, Route};
use agents::{agents_create, agents_headers};
use axum::Router;
use axum::body::Body;
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, Method, Response, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use dream::{dream_create, dream_list};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Largest inline image the Agents API takes.
pub const MAX_IMAGE_BYTES: usize = 50_000_000;
const API_VERSION: &str = "2026-04-01";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Surface {
    DreamMachine,
    Agents,
}

impl Surface {
    fn states(self) -> [&'static str; 3] {
        match self {
            Self::DreamMachine => ["queued", "dreaming", "completed"],
            Self::Agents => ["queued", "processing", "completed"],
        }
    }
}

#[derive(Debug, Clone)]
struct Job {
    surface: Surface,
    model: String,
    created_at: String,
    duration_s: u32,
    aspect: String,
    /// Index into the surface's states.
    step: usize,
    /// `(failure_code, failure_reason)` the job ends with instead of completing.
    failure: Option<(&'static str, &'static str)>,
    request: Value,
}

#[derive(Debug)]
struct Luma {
    core: Arc<FakeCore>,
    jobs: Mutex<HashMap<String, Job>>,
    /// Creation order, for the Dream Machine list.
    order: Mutex<Vec<String>>,
}

/// The route of a Luma request.
pub fn route_of(method: &Method, path: &str) -> Route {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    match (method, segments.as_slice()) {
        (&Method::POST, ["generations"]) | (&Method::POST, ["generations", "video"]) => {
            Route::Create
        }
        (&Method::GET, ["generations", id]) if !id.is_empty() => Route::Poll,
        (&Method::DELETE, ["generations", id]) if !id.is_empty() => Route::Cancel,
        _ => Route::Other,
    }
}

/// Luma's error body (FastAPI style on both surfaces).
pub fn error_body(_status: u16, message: &str) -> Value {
    json!({ "detail": message })
}

/// Starts the fake on `127.0.0.1:port` (0: any port); clips are made in `clip_dir`.
pub async fn start(port: u16, clip_dir: &std::path::Path) -> std::io::Result<FakeServer> {
    let spec = FakeSpec {
        name: "luma",
        route_of,
        error_body,
    };
    FakeServer::start(spec, port, clip_dir, |core| {
        let state = Arc::new(Luma {
            core,
            jobs: Mutex::default(),
            order: Mutex::default(),
        });
        Router::new()
            .route("/generations", post(agents_create).get(dream_list))
            .route("/generations/video", post(dream_create))
            .route(
                "/generations/{id}",
                get(get_generation).delete(delete_generation),
            )
            .route("/credits", get(credits))
            .route("/ping", get(ping))
            .with_state(state)
    })
    .await
}

impl Luma {
    fn jobs(&self) -> std::sync::MutexGuard<'_, HashMap<String, Job>> {
        self.jobs.lock().expect("luma jobs")
    }

    fn insert(&self, id: &str, job: Job) {
        self.jobs().insert(id.to_owned(), job);
        self.order.lock().expect("luma order").push(id.to_owned());
    }

    /// The job as its surface's Generation object.
    fn render(&self, id: &str, job: &Job) -> Value {
        let state = match (job.failure, job.step) {
            (Some(_), step) if step >= 1 => "failed",
            (_, step) => job.surface.states()[step.min(2)],
        };
        let url = (state == "completed").then(|| self.core.clip_url(job.duration_s, &job.aspect));
        let (code, reason) = match (state, job.failure) {
            ("failed", Some((code, reason))) => (Some(code), Some(reason)),
            _ => (None, None),
        };
        match job.surface {
            Surface::DreamMachine => json!({
                "id": id,
                "generation_type": "video",
                "state": state,
                "failure_reason": reason,
                "created_at": job.created_at,
                "model": job.model,
                "assets": {"video": url, "image": null, "progress_video": null},
                "request": job.request,
            }),
            Surface::Agents => json!({
                "id": id,
                "created_at": job.created_at,
                "model": job.model,
                "type": "video",
                "state": state,
                "failure_code": code,
                "failure_reason": reason,
                "output": url.map(|u| vec![json!({"type": "video", "url": u})]).unwrap_or_default(),
            }),
        }
    }
}

fn json_response(status: StatusCode, body: Value) -> Response<Body> {
    (status, axum::Json(body)).into_response()
}

fn duration_of(value: Option<&Value>, allowed: &[&str]) -> Result<u32, String> {
    let text = match value {
        None | Some(Value::Null) => "5s",
        Some(Value::String(s)) => s.as_str(),
        Some(other) => return Err(format!("Invalid duration: {other}")),
    };
    if !allowed.contains(&text) {
        return Err(format!(
            "Invalid duration `{text}`: expected one of {}",
            allowed.join(", ")
        ));
    }
    text.trim_end_matches('s')
        .parse()
        .map_err(|_| format!("Invalid duration `{text}`"))
}

fn enum_field<'a>(
    value: Option<&'a Value>,
    default: &'a str,
    allowed: &[&str],
    name: &str,
) -> Result<&'a str, String> {
    let text = match value {
        None | Some(Value::Null) => default,
        Some(Value::String(s)) => s.as_str(),
        Some(other) => return Err(format!("Invalid {name}: {other}")),
    };
    if allowed.contains(&text) {
        Ok(text)
    } else {
        Err(format!(
            "Invalid {name} `{text}`: expected one of {}",
            allowed.join(", ")
        ))
    }
}

/// `GET /generations/{id}` (both surfaces): the current state, then one step on.
async fn get_generation(
    State(luma): State<Arc<Luma>>,
    headers: HeaderMap,
    UrlPath(id): UrlPath<String>,
) -> Response<Body> {
    let found = {
        let mut jobs = luma.jobs();
        jobs.get_mut(&id).map(|job| {
            let shown = job.clone();
            job.step = (job.step + 1).min(2);
            shown
        })
    };
    let surface = found.as_ref().map(|j| j.surface);
    let response = match luma.core.key_refusal(&headers, "authorization", "Bearer ") {
        Some(refusal) => refusal,
        None => match found {
            Some(job) => json_response(StatusCode::OK, luma.render(&id, &job)),
            None => luma.core.error(404, "Generation not found"),
        },
    };
    match surface {
        Some(Surface::DreamMachine) => response,
        _ => agents_headers(response, &headers),
    }
}

/// `DELETE /generations/{id}`: Dream Machine deletes (no cancel); the Agents API has no
/// such method.
async fn delete_generation(
    State(luma): State<Arc<Luma>>,
    headers: HeaderMap,
    UrlPath(id): UrlPath<String>,
) -> Response<Body> {
    if let Some(refusal) = luma.core.key_refusal(&headers, "authorization", "Bearer ") {
        return refusal;
    }
    let surface = luma.jobs().get(&id).map(|j| j.surface);
    match surface {
        Some(Surface::DreamMachine) => {
            luma.jobs().remove(&id);
            luma.order.lock().expect("luma order").retain(|i| *i != id);
            StatusCode::NO_CONTENT.into_response()
        }
        Some(Surface::Agents) => luma.core.error(405, "Method Not Allowed"),
        None => luma.core.error(404, "Generation not found"),
    }
}

/// `GET /credits` (Dream Machine): balance in USD cents.
async fn credits(State(luma): State<Arc<Luma>>, headers: HeaderMap) -> Response<Body> {
    if let Some(refusal) = luma.core.key_refusal(&headers, "authorization", "Bearer ") {
        return refusal;
    }
    json_response(StatusCode::OK, json!({"credit_balance": 5000.0}))
}

/// `GET /ping` (Dream Machine).
async fn ping(State(luma): State<Arc<Luma>>, headers: HeaderMap) -> Response<Body> {
    if let Some(refusal) = luma.core.key_refusal(&headers, "authorization", "Bearer ") {
        return refusal;
    }
    json_response(StatusCode::OK, json!({"message": "pong"}))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_are_classified() {
        assert_eq!(route_of(&Method::POST, "/generations"), Route::Create);
        assert_eq!(route_of(&Method::POST, "/generations/video"), Route::Create);
        assert_eq!(route_of(&Method::GET, "/generations/abc"), Route::Poll);
        assert_eq!(route_of(&Method::DELETE, "/generations/abc"), Route::Cancel);
        assert_eq!(route_of(&Method::GET, "/generations"), Route::Other);
        assert_eq!(route_of(&Method::GET, "/credits"), Route::Other);
    }
}
