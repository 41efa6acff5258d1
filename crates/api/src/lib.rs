//! The local automation API: what `reelforge serve` runs.
//!
//! - Loopback only: bound to `127.0.0.1`; a `Host` or `Origin` naming anything else is
//!   refused with `421` ([`guard`]), which defeats DNS rebinding and pages of other sites.
//! - Every request carries `Authorization: Bearer <token>`, else `401`; the token is shown
//!   once when it is made and kept only as its SHA-256 ([`token`]).
//! - `POST /api/v1/<command>` for every command of `reelforge_protocol::commands::ALL`, with
//!   the command's own request and response types ([`command_route`]), through the engine's
//!   one binding of the commands, shared with the desktop shell; errors are `{code, message}`
//!   with the status of their code ([`status`]); an unknown command is `404`, a body over
//!   [`MAX_BODY_BYTES`] is `413`.
//! - `POST /api/v1/uploads/image`, `/uploads/audio` and `/uploads/video`: a file as the raw body, imported
//!   into the library as the window's drops and dialogs import one ([`uploads`]); what the
//!   window takes as an OS path is taken here as an upload or a library id.
//! - No answer names a file-system path outside the library and the exports
//!   ([`paths_hidden`]).
//! - `GET /api/v1/events`: the engine's events as server-sent events ([`events`]).
//! - `GET /api/v1/openapi.json`: the OpenAPI document, generated from the declarations
//!   ([`openapi`]).
//!
//! [`ApiSwitch`] turns the same server on and off inside a running process (the app's
//! Settings switch, on the app's own engine; its window commands and the remembered switch
//! in `settings_switch`).
//!
//! [`mcp`] is the MCP server over stdio (`reelforge mcp`), on the same binding of the commands.
//!
//! The engine itself (the runner, and its lock on the data folder) is the caller's: the CLI
//! starts it as `generate --wait` does, so the app and `serve` never drive one folder at once.

mod command_route;
mod events;
mod guard;
pub mod mcp;
pub mod openapi;
pub mod paths_hidden;
mod settings_switch;
pub mod status;
mod switch;
pub mod token;
pub mod uploads;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use reelforge_core::Core;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

pub use switch::{ApiOn, ApiSwitch};
pub use token::{TOKEN_HASH_FILE, TokenHash, new_token};
pub use uploads::{AUDIO_MAX_BYTES, IMAGE_UPLOAD_MAX_BYTES, VIDEO_MAX_BYTES};

/// The largest request body accepted (commands take small JSON).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// What the routes share.
#[derive(Debug, Clone)]
pub(crate) struct ApiState {
    pub core: Core,
    /// The port served (named in the OpenAPI document).
    pub port: u16,
    /// Cancelled when the server stops: ends the event streams.
    pub shutdown: CancellationToken,
}

/// The API's socket, bound before it serves (so the caller can print its address).
#[derive(Debug)]
pub struct ApiListener {
    listener: TcpListener,
    port: u16,
}

impl ApiListener {
    /// Binds `127.0.0.1:<port>` (`0`: a port the OS picks).
    pub async fn bind(port: u16) -> std::io::Result<Self> {
        let listener = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port))).await?;
        let port = listener.local_addr()?.port();
        Ok(Self { listener, port })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// `http://127.0.0.1:<port>/api/v1`: where the commands are.
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}/api/v1", self.port)
    }

    /// Answers requests on `core` until `shutdown` is cancelled.
    pub async fn serve(
        self,
        core: Core,
        token: TokenHash,
        shutdown: CancellationToken,
    ) -> std::io::Result<()> {
        let app = router(core, self.port, token, shutdown.clone());
        axum::serve(self.listener, app)
            .with_graceful_shutdown(shutdown.cancelled_owned())
            .await
    }
}

/// Every route, behind the guard.
fn router(core: Core, port: u16, token: TokenHash, shutdown: CancellationToken) -> Router {
    let guard = Arc::new(guard::Guard::new(port, token));
    let state = ApiState {
        core,
        port,
        shutdown,
    };
    Router::new()
        .route("/api/v1/events", get(events::stream))
        .route("/api/v1/openapi.json", get(openapi::serve))
        .route(
            "/api/v1/uploads/image",
            post(uploads::image).layer(DefaultBodyLimit::max(uploads::IMAGE_UPLOAD_MAX_BYTES)),
        )
        .route(
            "/api/v1/uploads/audio",
            post(uploads::audio).layer(DefaultBodyLimit::max(uploads::AUDIO_MAX_BYTES)),
        )
        // Own clips as segments (issue 17)
        .route(
            "/api/v1/uploads/video",
            post(uploads::video).layer(DefaultBodyLimit::max(uploads::VIDEO_MAX_BYTES)),
        )
        .route("/api/v1/{command}", post(command_route::call))
        .fallback(command_route::unknown_command)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn_with_state(guard, guard::check))
        .with_state(state)
}
