//! A lost create found among Replicate's recent predictions (see
//! [`crate::providers::http::recent`]): `GET /v1/predictions` lists the account's
//! predictions newest first, 100 a page, each with its `created_at`, `model` (or `version`)
//! and `input` (Replicate's HTTP API reference; providers.md §4 lists the prediction object
//! but not this endpoint). A match has our model and the input fields we sent, images aside.

use super::ReplicateProvider;
use super::predictions;
use super::wire::{MODELS, Prediction};
use crate::providers::{GenerationRequest, ProviderError, Reconciliation};
use serde_json::json;

impl ReplicateProvider {
    pub(super) async fn find_recent(
        &self,
        request: &GenerationRequest,
        sent_at_ms: i64,
    ) -> Result<Reconciliation, ProviderError> {
        let Some(model) = MODELS.iter().find(|m| m.id == request.model) else {
            return Ok(Reconciliation::CannotList);
        };
        let mut wanted = vec![
            ("prompt", json!(request.prompt)),
            ("duration", json!(request.duration_s)),
        ];
        if let Some(mode) = model.mode {
            wanted.push(("mode", json!(mode)));
        }
        if model.aspect_field && request.reference_paths.is_empty() {
            wanted.push(("aspect_ratio", json!(request.aspect_ratio.as_str())));
        }
        let same_model = |p: &Prediction| match model.version {
            Some(version) => p.version.as_deref() == Some(version),
            None => p.model.as_deref() == Some(model.model),
        };
        predictions::find_recent(&self.api, sent_at_ms, same_model, &wanted).await
    }
}
