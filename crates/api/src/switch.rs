//! The API turned on and off inside a running process: what the app's Settings switch
//! drives (the app already holds the engine, so the server runs on its [`Core`], never a
//! second engine). On: the stored token is used, or a new one made and returned once to be
//! shown; off: the server stops and its port is free again.

use crate::ApiListener;
use crate::token::{TokenHash, new_token};
use reelforge_core::Core;
use std::io;
use tokio::sync::Mutex;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// The API served from inside the app, or not. Turning it on again restarts it.
#[derive(Debug, Default)]
pub struct ApiSwitch {
    running: Mutex<Option<Running>>,
}

#[derive(Debug)]
struct Running {
    port: u16,
    shutdown: CancellationToken,
    task: JoinHandle<io::Result<()>>,
}

/// The API once turned on: where it listens, and the token when one was made now (shown
/// this once; only its hash is kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiOn {
    pub port: u16,
    pub new_token: Option<String>,
}

impl ApiSwitch {
    /// Serves the API on `core` at `127.0.0.1:<port>` (`0`: a port the OS picks), with the
    /// token stored in the data folder, or a new one when there is none or `rotate` is set.
    pub async fn turn_on(&self, core: Core, port: u16, rotate: bool) -> io::Result<ApiOn> {
        let mut running = self.running.lock().await;
        if let Some(previous) = running.take() {
            previous.stop().await;
        }
        // Bound first: a port taken makes no token that nobody would see.
        let listener = ApiListener::bind(port).await?;
        let port = listener.port();
        let stored = if rotate {
            None
        } else {
            TokenHash::load(core.data_dir())?
        };
        let (new_token, hash) = match stored {
            Some(hash) => (None, hash),
            None => {
                let (token, hash) = new_token(core.data_dir())?;
                (Some(token), hash)
            }
        };
        let shutdown = CancellationToken::new();
        let task = tokio::spawn(listener.serve(core, hash, shutdown.clone()));
        *running = Some(Running {
            port,
            shutdown,
            task,
        });
        Ok(ApiOn { port, new_token })
    }

    /// Stops the API (nothing when it is off); returns once its port is free.
    pub async fn turn_off(&self) {
        if let Some(running) = self.running.lock().await.take() {
            running.stop().await;
        }
    }

    /// The port served, when the API is on.
    pub async fn port(&self) -> Option<u16> {
        self.running
            .lock()
            .await
            .as_ref()
            .map(|running| running.port)
    }
}

impl Running {
    async fn stop(self) {
        self.shutdown.cancel();
        if let Err(error) = self.task.await {
            tracing::warn!("the automation API stopped abnormally: {error}");
        }
    }
}
