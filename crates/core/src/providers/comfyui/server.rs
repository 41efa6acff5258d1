//! Talking to a ComfyUI server, shared by the video and the image adapter: JSON reads,
//! where a prompt stands (`/history/{id}` then `/queue`), the prompt id derived from the
//! request so a lost create is found rather than queued twice, reference uploads
//! (`POST /upload/image`), queueing a graph once (`POST /prompt`, its 400 naming the failing
//! nodes), output links (`/view`), cancel (dequeue + interrupt) and forgetting a fetched
//! prompt's history entry. What a graph is and what its outputs mean belong to each adapter.

use super::answers::{refusal, succeeded};
use super::{MAX_ATTEMPTS, UPLOAD_SUBFOLDER};
use crate::providers::http::{HttpApi, Phase, images, status};
use crate::providers::{ProviderError, TakeErrorCode, TerminalReason};
use crate::secrets::redaction::redact;
use serde::Serialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// Where a prompt stands in ComfyUI.
pub(crate) enum Found {
    Pending,
    Running,
    Done(Value),
    Unknown,
}

/// One ComfyUI server (base URL overridable under the `comfyui` id, no key).
#[derive(Debug)]
pub(crate) struct ComfyServer {
    pub(crate) api: HttpApi,
}

impl ComfyServer {
    pub(crate) async fn get_json(&self, path: &str) -> Result<Value, ProviderError> {
        let response = self
            .api
            .send(self.api.client().get(self.api.url(path)), Phase::Follow)
            .await
            .map_err(|e| unreachable_hint(e, &self.api))?;
        self.api.json(response, Phase::Follow).await
    }

    /// The prompt's place: history first (finished), then the queue.
    pub(crate) async fn find(&self, prompt_id: &str) -> Result<Found, ProviderError> {
        let history = self.get_json(&format!("/history/{prompt_id}")).await?;
        if let Some(entry) = history.get(prompt_id) {
            return Ok(Found::Done(entry.clone()));
        }
        let queue = self.get_json("/queue").await?;
        let holds = |list: &str| {
            queue[list]
                .as_array()
                .is_some_and(|items| items.iter().any(|item| item[1] == prompt_id))
        };
        Ok(if holds("queue_running") {
            Found::Running
        } else if holds("queue_pending") {
            Found::Pending
        } else {
            Found::Unknown
        })
    }

    /// The derived prompt id to use: one ComfyUI already holds for this request (`true`: do
    /// not resubmit), else the first free one.
    pub(crate) async fn choose_prompt_id(
        &self,
        request: &impl Serialize,
    ) -> Result<(String, bool), ProviderError> {
        for attempt in 0..MAX_ATTEMPTS {
            let id = derived_prompt_id(request, attempt);
            match self.find(&id).await? {
                Found::Pending | Found::Running => return Ok((id, true)),
                Found::Done(entry) if succeeded(&entry) => return Ok((id, true)),
                Found::Done(_) => continue,
                Found::Unknown => return Ok((id, false)),
            }
        }
        Ok((uuid::Uuid::new_v4().to_string(), false))
    }

    pub(crate) async fn upload(&self, image: images::ImageBytes) -> Result<String, ProviderError> {
        let part = reqwest::multipart::Part::bytes(image.bytes)
            .file_name(image.file_name)
            .mime_str(image.mime)
            .map_err(|e| ProviderError::terminal(TerminalReason::InvalidInput, e.to_string()))?;
        let form = reqwest::multipart::Form::new()
            .part("image", part)
            .text("type", "input")
            .text("subfolder", UPLOAD_SUBFOLDER);
        let request = self
            .api
            .client()
            .post(self.api.url("/upload/image"))
            .multipart(form);
        let response = self
            .api
            .send(request, Phase::Upload)
            .await
            .map_err(|e| unreachable_hint(e, &self.api))?;
        let uploaded: Value = self.api.json(response, Phase::Upload).await?;
        let name = uploaded["name"]
            .as_str()
            .filter(|n| !n.is_empty())
            .ok_or_else(|| {
                ProviderError::transient(
                    TakeErrorCode::MalformedResponse,
                    "ComfyUI's upload answer has no name",
                )
            })?;
        Ok(match uploaded["subfolder"].as_str() {
            Some(sub) if !sub.is_empty() => format!("{sub}/{name}"),
            _ => name.to_owned(),
        })
    }

    /// `POST /prompt`, once; a 400 names the failing nodes.
    pub(crate) async fn queue_prompt(&self, body: &Value) -> Result<(), ProviderError> {
        let request = self.api.client().post(self.api.url("/prompt")).json(body);
        let response = self
            .api
            .send_any_status(request, Phase::Create)
            .await
            .map_err(|e| unreachable_hint(e, &self.api))?;
        let code = response.status();
        if code.is_success() {
            let answer: Value = self.api.json(response, Phase::Create).await?;
            if answer.get("prompt_id").is_none() {
                return Err(status::malformed(
                    Phase::Create,
                    "no prompt_id in the answer",
                ));
            }
            return Ok(());
        }
        let retry = status::retry_after(response.headers());
        let text = response.text().await.unwrap_or_default();
        let mut error = status::status_error(code, retry, &text, Phase::Create);
        if code.as_u16() == 400 {
            error.message = redact(&format!("ComfyUI refused the workflow: {}", refusal(&text)));
        }
        Err(error)
    }

    pub(crate) fn output_url(&self, file: &Value) -> Option<String> {
        let filename = file["filename"].as_str()?;
        let mut url = reqwest::Url::parse(&self.api.url("/view")).ok()?;
        url.query_pairs_mut()
            .append_pair("filename", filename)
            .append_pair("subfolder", file["subfolder"].as_str().unwrap_or(""))
            .append_pair("type", file["type"].as_str().unwrap_or("output"));
        Some(url.to_string())
    }

    /// Dequeues the prompt if it is waiting and interrupts it if it is running; both are
    /// no-ops otherwise.
    pub(crate) async fn cancel(&self, prompt_id: &str) -> Result<(), ProviderError> {
        let client = self.api.client();
        let dequeue = client
            .post(self.api.url("/queue"))
            .json(&json!({"delete": [prompt_id]}));
        self.api
            .send(dequeue, Phase::Follow)
            .await
            .map_err(|e| unreachable_hint(e, &self.api))?;
        let interrupt = client
            .post(self.api.url("/interrupt"))
            .json(&json!({"prompt_id": prompt_id}));
        self.api.send(interrupt, Phase::Follow).await?;
        Ok(())
    }

    /// Forgets a fetched prompt's history entry (best effort), so a later take of the same
    /// request runs anew.
    pub(crate) async fn forget(&self, prompt_id: &str) {
        let forget = self
            .api
            .client()
            .post(self.api.url("/history"))
            .json(&json!({"delete": [prompt_id]}));
        if let Err(e) = self.api.send(forget, Phase::Follow).await {
            tracing::debug!("ComfyUI history entry not removed: {e}");
        }
    }
}

/// Adds "is ComfyUI running?" to a connection failure.
pub(crate) fn unreachable_hint(error: ProviderError, api: &HttpApi) -> ProviderError {
    if error.message.starts_with("network error") {
        let base = api.base_url();
        ProviderError {
            message: redact(&format!(
                "{} (is ComfyUI running at {base}?)",
                error.message
            )),
            ..error
        }
    } else {
        error
    }
}

/// The canonical lowercase UUID derived from the request and the attempt number.
pub(crate) fn derived_prompt_id(request: &impl Serialize, attempt: u32) -> String {
    let mut hash = Sha256::new();
    hash.update(serde_json::to_vec(request).unwrap_or_default());
    hash.update(attempt.to_le_bytes());
    let digest = hash.finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .to_string()
}
