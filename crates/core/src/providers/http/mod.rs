//! What every hosted-API adapter shares: the [`ProviderEnv`] they are built from (one HTTP
//! client, the key store, base-URL overrides), the [`HttpApi`] handle that sends requests
//! with the right failure class, the mapping of HTTP statuses to [`ProviderError`]s, streamed
//! downloads with per-phase timeouts that resume with `Range` and re-fetch an expired output
//! URL once, reading reference images, and the
//! one redirect policy every request follows ([`redirect`]: credentials never cross origins).
//!
//! The one rule that matters most lives in [`HttpApi::send_create`]: a create call is never
//! retried here, and any failure after the request may have reached the provider is
//! [`ErrorClass::AmbiguousSubmit`](super::ErrorClass::AmbiguousSubmit).

pub mod download;
pub mod images;
pub mod recent;
pub mod redirect;
pub mod status;

use super::{ErrorClass, ProviderError, TakeErrorCode, TerminalReason};
use crate::secrets::{ApiKey, SecretError, SharedSecrets};
use reqwest::{RequestBuilder, Response, StatusCode};
use serde::de::DeserializeOwned;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::Duration;

pub use status::Phase;

/// How long one API request (not a download) may take, its answer's body included. Downloads
/// have no total limit but per-phase ones (see [`download`]).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);
/// How long connecting may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Base URLs set by the person (proxies, gateways, a local fake server), by provider id.
#[derive(Debug, Default)]
pub struct EndpointOverrides {
    urls: RwLock<HashMap<String, String>>,
}

impl EndpointOverrides {
    /// Sets (or with `None` clears) the base URL of `provider`.
    pub fn set(&self, provider: &str, url: Option<String>) {
        let mut urls = self.urls.write().expect("endpoint overrides");
        match url {
            Some(url) => urls.insert(provider.to_owned(), url.trim_end_matches('/').to_owned()),
            None => urls.remove(provider),
        };
    }

    /// The override for `provider`, if any.
    pub fn get(&self, provider: &str) -> Option<String> {
        self.urls
            .read()
            .expect("endpoint overrides")
            .get(provider)
            .cloned()
    }
}

/// What hosted-API adapters are built from. Cheap to clone.
#[derive(Debug, Clone)]
pub struct ProviderEnv {
    pub client: reqwest::Client,
    pub secrets: SharedSecrets,
    pub endpoints: Arc<EndpointOverrides>,
    /// Where ffmpeg is (Settings), for the local provider and the output checks.
    pub tools: crate::media::ToolLocation,
    /// The process's private work folder (the local provider's renders), placed in the data
    /// folder when the engine opens.
    pub work: crate::work_folder::WorkFolder,
}

impl ProviderEnv {
    /// An environment with a fresh HTTP client.
    pub fn new(secrets: SharedSecrets) -> Self {
        let client = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            // No client-wide total timeout: it would cut long downloads. API calls get
            // REQUEST_TIMEOUT each (`send_any_status`), downloads their per-phase limits.
            // Redirects are followed by `redirect::send_following`, which keeps keys home.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("Reelforge/", env!("CARGO_PKG_VERSION")))
            .build()
            .expect("the HTTP client builds with static settings");
        Self {
            client,
            secrets,
            endpoints: Arc::default(),
            tools: crate::media::ToolLocation::default(),
            work: crate::work_folder::WorkFolder::default(),
        }
    }
}

/// One adapter's handle on its API: base URL, key and the request helpers.
#[derive(Debug, Clone)]
pub struct HttpApi {
    provider: &'static str,
    display_name: &'static str,
    default_base: &'static str,
    env: ProviderEnv,
}

impl HttpApi {
    pub fn new(
        provider: &'static str,
        display_name: &'static str,
        default_base: &'static str,
        env: ProviderEnv,
    ) -> Self {
        Self {
            provider,
            display_name,
            default_base,
            env,
        }
    }

    /// The HTTP client.
    pub fn client(&self) -> &reqwest::Client {
        &self.env.client
    }

    /// The base URL in use: the person's override, else the documented one.
    pub fn base_url(&self) -> String {
        self.env
            .endpoints
            .get(self.provider)
            .unwrap_or_else(|| self.default_base.to_owned())
    }

    /// `path` joined to the base URL (`path` starts with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url())
    }

    /// The stored key, or a terminal `no_key` error that says where to set it (a key the
    /// provider refuses is `bad_key`, from its answer).
    pub fn key(&self) -> Result<ApiKey, ProviderError> {
        match self.env.secrets.get(self.provider) {
            Ok(Some(key)) => Ok(key),
            Ok(None) => Err(ProviderError::new(
                ErrorClass::Terminal(TerminalReason::BadKey),
                TakeErrorCode::NoKey,
                format!(
                    "no API key is set for {}: add one in Providers (or `reelforge providers set-key {}`)",
                    self.display_name, self.provider
                ),
            )),
            Err(e @ SecretError::Locked(_)) => Err(ProviderError::transient(
                TakeErrorCode::KeychainLocked,
                e.to_string(),
            )),
            Err(e) => Err(ProviderError::terminal(
                TerminalReason::BadKey,
                e.to_string(),
            )),
        }
    }

    /// Sends a paid create call exactly once. A failure before the request left (DNS,
    /// refused connection, TLS) is transient; a failure after it may have arrived (timeout,
    /// reset, 5xx, unreadable body) is ambiguous; provider refusals map by status.
    pub async fn send_create(&self, request: RequestBuilder) -> Result<Response, ProviderError> {
        self.send(request, Phase::Create).await
    }

    /// Sends a request in `phase` and maps failures to their class.
    pub async fn send(
        &self,
        request: RequestBuilder,
        phase: Phase,
    ) -> Result<Response, ProviderError> {
        self.send_classified(request, phase, status::status_error)
            .await
    }

    /// Sends a request in `phase`; a transport failure is classified by phase, an error
    /// status by `classify` (status, `Retry-After`, body, phase), for providers whose error
    /// bodies say more than [`status::status_error`] reads.
    pub async fn send_classified(
        &self,
        request: RequestBuilder,
        phase: Phase,
        classify: impl FnOnce(StatusCode, Option<Duration>, &str, Phase) -> ProviderError,
    ) -> Result<Response, ProviderError> {
        let response = self.send_any_status(request, phase).await?;
        if response.status().is_success() {
            return Ok(response);
        }
        let code = response.status();
        let retry_after = status::retry_after(response.headers());
        let body = response.text().await.unwrap_or_default();
        Err(classify(code, retry_after, &body, phase))
    }

    /// Sends an API request in `phase` through the redirect policy, within
    /// [`REQUEST_TIMEOUT`] unless it sets its own; a transport failure is classified by
    /// phase, and the answer is returned whatever its status.
    pub async fn send_any_status(
        &self,
        request: RequestBuilder,
        phase: Phase,
    ) -> Result<Response, ProviderError> {
        let mut request = request
            .build()
            .map_err(|e| status::transport_error(&e, phase))?;
        request.timeout_mut().get_or_insert(REQUEST_TIMEOUT);
        redirect::send_following(self.client(), request)
            .await
            .map_err(|e| status::redirect_error(&e, phase))
    }

    /// Reads a successful response as JSON; an unreadable body after a create is ambiguous
    /// (the provider may have created the job), elsewhere transient.
    pub async fn json<T: DeserializeOwned>(
        &self,
        response: Response,
        phase: Phase,
    ) -> Result<T, ProviderError> {
        let bytes = response
            .bytes()
            .await
            .map_err(|e| status::transport_error(&e, phase))?;
        serde_json::from_slice(&bytes).map_err(|e| status::malformed(phase, &e.to_string()))
    }
}
