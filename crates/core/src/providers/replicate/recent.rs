//! A lost create found among Replicate's recent predictions (see
//! [`crate::providers::http::recent`]): `GET /v1/predictions` lists the account's
//! predictions newest first, 100 a page, each with its `created_at`, `model` (or `version`)
//! and `input` (Replicate's HTTP API reference; providers.md §4 lists the prediction object
//! but not this endpoint). A match has our model and the input fields we sent, images aside.

use super::ReplicateProvider;
use super::predictions::is_prediction_id;
use super::wire::{MODELS, Prediction, PredictionPage, with_body_retry_after};
use crate::providers::http::Phase;
use crate::providers::http::recent::{MAX_PAGES, earliest_created_ms, rfc3339_ms};
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
        let earliest = earliest_created_ms(sent_at_ms);
        let mut found = Vec::new();
        let mut cursor: Option<String> = None;
        for _ in 0..MAX_PAGES {
            let path = match &cursor {
                Some(cursor) => format!("/v1/predictions?cursor={cursor}"),
                None => "/v1/predictions".to_owned(),
            };
            let list = self.authorized(self.api.client().get(self.api.url(&path)))?;
            let response = self
                .api
                .send(list, Phase::Follow)
                .await
                .map_err(with_body_retry_after)?;
            let page: PredictionPage = self.api.json(response, Phase::Follow).await?;
            let mut reached_back = page.results.is_empty();
            for prediction in &page.results {
                match prediction.created_at.as_deref().and_then(rfc3339_ms) {
                    Some(at) if at >= earliest => {
                        let input = prediction.input.as_ref();
                        let same_input = wanted
                            .iter()
                            .all(|(field, value)| input.and_then(|i| i.get(*field)) == Some(value));
                        if same_model(prediction) && same_input && is_prediction_id(&prediction.id)
                        {
                            found.push(prediction.id.clone());
                        }
                    }
                    _ => reached_back = true,
                }
            }
            cursor = page.next.as_deref().and_then(cursor_of);
            if reached_back || cursor.is_none() {
                break;
            }
        }
        found.reverse();
        Ok(if found.is_empty() {
            Reconciliation::NotFound
        } else {
            Reconciliation::Found(found)
        })
    }
}

/// The `cursor` of a `next` page URL, when it is a plain token: only the cursor is taken, so
/// the key never goes to a URL the answer chose.
fn cursor_of(next: &str) -> Option<String> {
    let query = next.split_once('?')?.1;
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix("cursor="))
        .filter(|c| {
            !c.is_empty()
                && c.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"%-_.~=".contains(&b))
        })
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::cursor_of;

    #[test]
    fn only_a_plain_cursor_is_taken_from_the_next_url() {
        assert_eq!(
            cursor_of("https://api.replicate.com/v1/predictions?cursor=cD0yMDIy%3D"),
            Some("cD0yMDIy%3D".to_owned())
        );
        assert_eq!(cursor_of("https://elsewhere.test/next"), None);
        assert_eq!(cursor_of("https://x.test/v1/predictions?cursor=a/b"), None);
    }
}
