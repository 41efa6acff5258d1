//! The preview server: library media (takes, their thumbnails and preview proxies, final
//! videos, imported images) served to the webview over loopback HTTP, because WebKitGTK does
//! not play `<video>` from Tauri's asset protocol (BUILD.md).
//!
//! - Bound to `127.0.0.1` on a port the OS picks, once per launch ([`PreviewListener::bind`]).
//! - Every URL is `http://127.0.0.1:<port>/<token>/<route>/<id>`, the token being 256 bits
//!   from the OS RNG, new at each launch and compared in constant time.
//! - Files are named by id only; the [`Core`] resolves the id and refuses anything outside the
//!   library and exports folders once symlinks are resolved ([`Core::media_file`]). No path,
//!   no directory listing, no percent-decoding: a path that is not exactly three plain
//!   segments is refused.
//! - Only `GET`, only `Host: 127.0.0.1:<port>` (the one form the URLs use: `localhost` and
//!   any other name are refused, which also defeats DNS rebinding).
//! - `Range` requests (`206`/`416`, `Accept-Ranges: bytes`), `Cache-Control: no-store`,
//!   `nosniff`. No CORS headers: `<img>` and `<video>` load cross-origin without CORS, and no
//!   page's script may read the responses.
//!
//! The window's CSP allows exactly this origin for images and media ([`csp`]).

pub mod csp;
mod handler;
pub mod range;

use reelforge_core::Core;
use reelforge_protocol::MediaRef;
use std::net::{Ipv4Addr, SocketAddr, TcpListener as StdListener};
use std::sync::Arc;
use tokio_util::sync::CancellationToken;

/// Bytes of the per-launch token (256 bits).
const TOKEN_BYTES: usize = 32;

/// The bound socket and the token, before the [`Core`] exists; [`PreviewListener::serve`]
/// starts answering. Binding first lets the shell put the port in the CSP before the
/// window is built.
#[derive(Debug)]
pub struct PreviewListener {
    listener: StdListener,
    port: u16,
    token: String,
}

impl PreviewListener {
    /// Binds `127.0.0.1` on a free port and draws a fresh token from the OS RNG.
    pub fn bind() -> std::io::Result<Self> {
        let listener = StdListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))?;
        listener.set_nonblocking(true)?;
        let port = listener.local_addr()?.port();
        let mut bytes = [0_u8; TOKEN_BYTES];
        getrandom::fill(&mut bytes).map_err(|e| std::io::Error::other(e.to_string()))?;
        let token = bytes.iter().map(|b| format!("{b:02x}")).collect();
        Ok(Self {
            listener,
            port,
            token,
        })
    }

    /// `http://127.0.0.1:<port>`: the one origin the CSP allows for media.
    pub fn origin(&self) -> String {
        origin(self.port)
    }

    /// Starts serving `core`'s library on Tauri's async runtime until [`PreviewServer::stop`].
    pub fn serve(self, core: Core) -> PreviewServer {
        let (server, socket) = self.split();
        socket.serve(core);
        server
    }

    /// The [`PreviewServer`] (URLs, origin, stop) at once, and the [`PreviewSocket`] that
    /// starts answering once the [`Core`] is open: the shell manages the server before the
    /// Core exists. Connections made in between wait in the socket's backlog.
    pub fn split(self) -> (PreviewServer, PreviewSocket) {
        let shutdown = CancellationToken::new();
        let socket = PreviewSocket {
            listener: self.listener,
            port: self.port,
            token: self.token.clone(),
            shutdown: shutdown.clone(),
        };
        let server = PreviewServer {
            port: self.port,
            token: self.token,
            shutdown,
        };
        (server, socket)
    }
}

/// The bound socket of a [`PreviewListener::split`], not answering yet.
#[derive(Debug)]
pub struct PreviewSocket {
    listener: StdListener,
    port: u16,
    token: String,
    shutdown: CancellationToken,
}

impl PreviewSocket {
    /// Starts serving `core`'s library on Tauri's async runtime until its
    /// [`PreviewServer`] is stopped or dropped.
    pub fn serve(self, core: Core) {
        let context = Arc::new(handler::Context {
            core,
            host: format!("{}:{}", Ipv4Addr::LOCALHOST, self.port),
            token: self.token,
        });
        tauri::async_runtime::spawn(handler::accept_loop(self.listener, context, self.shutdown));
        tracing::info!("preview server on {}", origin(self.port));
    }
}

fn origin(port: u16) -> String {
    format!("http://{}:{port}", Ipv4Addr::LOCALHOST)
}

/// The running preview server, kept in Tauri's managed state.
#[derive(Debug)]
pub struct PreviewServer {
    port: u16,
    token: String,
    shutdown: CancellationToken,
}

impl PreviewServer {
    /// The URL showing `media` in this launch (whether the file exists is checked when the
    /// webview fetches it).
    pub fn url(&self, media: &MediaRef) -> String {
        let (route, id) = media.route();
        format!("{}/{}/{route}/{id}", origin(self.port), self.token)
    }

    /// `http://127.0.0.1:<port>`.
    pub fn origin(&self) -> String {
        origin(self.port)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Stops accepting connections (open ones finish their response).
    pub fn stop(&self) {
        self.shutdown.cancel();
    }
}

impl Drop for PreviewServer {
    fn drop(&mut self) {
        self.shutdown.cancel();
    }
}
