//! The automation API (`reelforge_api`) served in process on a fresh data folder, for the
//! tests that call it over HTTP.

use reelforge_api::{ApiListener, new_token};
use reelforge_core::Core;
use reqwest::StatusCode;
use serde_json::Value;
use tokio_util::sync::CancellationToken;

/// An API served on a fresh data folder.
pub struct Api {
    /// `http://127.0.0.1:<port>/api/v1`.
    pub base: String,
    pub port: u16,
    pub token: String,
    pub client: reqwest::Client,
    pub core: Core,
    shutdown: CancellationToken,
    _dir: tempfile::TempDir,
}

impl Api {
    pub async fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let core = Core::open(dir.path()).await.unwrap();
        let listener = ApiListener::bind(0).await.unwrap();
        let (token, hash) = new_token(dir.path()).unwrap();
        let (base, port) = (listener.base_url(), listener.port());
        let shutdown = CancellationToken::new();
        tokio::spawn(listener.serve(core.clone(), hash, shutdown.clone()));
        Self {
            base,
            port,
            token,
            client: reqwest::Client::new(),
            core,
            shutdown,
            _dir: dir,
        }
    }

    /// A `POST` of `command` carrying the token.
    pub fn post(&self, command: &str) -> reqwest::RequestBuilder {
        self.client
            .post(format!("{}/{command}", self.base))
            .bearer_auth(&self.token)
    }

    /// `POST /uploads/<kind>?name=<name>` with `body` as the raw body: its status and answer.
    pub async fn upload(&self, kind: &str, name: &str, body: Vec<u8>) -> (StatusCode, Value) {
        let request = self
            .client
            .post(format!("{}/uploads/{kind}", self.base))
            .query(&[("name", name)])
            .bearer_auth(&self.token)
            .header("content-type", "application/octet-stream")
            .body(body);
        answer(request.send().await.unwrap()).await
    }

    /// `command`'s answer: its status and its JSON body.
    pub async fn call(&self, command: &str, body: Value) -> (StatusCode, Value) {
        answer(self.post(command).json(&body).send().await.unwrap()).await
    }
}

impl Drop for Api {
    fn drop(&mut self) {
        self.shutdown.cancel();
    }
}

/// A response's status and JSON body (`null` when it has none).
pub async fn answer(response: reqwest::Response) -> (StatusCode, Value) {
    let status = response.status();
    let body = response.json().await.unwrap_or(Value::Null);
    (status, body)
}
