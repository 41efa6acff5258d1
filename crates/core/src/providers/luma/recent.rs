//! A lost Dream Machine create found among Luma's recent generations (see
//! [`crate::providers::http::recent`]): `GET /generations?limit=&offset=` (providers.md §1a)
//! lists them newest first, each with its `created_at` and the echo of its create body in
//! `request`, which must carry our model, prompt, aspect ratio and duration.

use super::wire::{DreamGeneration, DreamList};
use super::{LumaProvider, Surface, aspect};
use crate::providers::http::Phase;
use crate::providers::http::recent::{MAX_PAGES, earliest_created_ms, rfc3339_ms};
use crate::providers::{GenerationRequest, ProviderError, Reconciliation};
use serde_json::Value;

/// Generations asked for per page.
const PAGE: usize = 50;

impl LumaProvider {
    pub(super) async fn find_dream_created(
        &self,
        request: &GenerationRequest,
        sent_at_ms: i64,
    ) -> Result<Reconciliation, ProviderError> {
        let earliest = earliest_created_ms(sent_at_ms);
        let wanted = [
            ("model", request.model.clone()),
            ("prompt", request.prompt.clone()),
            ("aspect_ratio", aspect(request.aspect_ratio)?.to_owned()),
            ("duration", format!("{}s", request.duration_s)),
        ];
        let key = self.dream.key()?;
        let mut found = Vec::new();
        for page in 0..MAX_PAGES {
            let url = self
                .dream
                .url(&format!("/generations?limit={PAGE}&offset={}", page * PAGE));
            let list = self.dream.client().get(url).bearer_auth(key.expose());
            let response = self.dream.send(list, Phase::Follow).await?;
            let listed: DreamList = self.dream.json(response, Phase::Follow).await?;
            let mut reached_back = listed.generations.is_empty();
            for generation in &listed.generations {
                match generation.created_at.as_deref().and_then(rfc3339_ms) {
                    Some(at) if at >= earliest => {
                        if let Some(id) = matching_id(generation, &wanted) {
                            found.push(format!("{}{id}", Surface::DreamMachine.prefix()));
                        }
                    }
                    _ => reached_back = true,
                }
            }
            if reached_back || listed.has_more == Some(false) {
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

/// The generation's id when its echoed request has every `(field, value)` of `wanted`.
fn matching_id<'g>(generation: &'g DreamGeneration, wanted: &[(&str, String)]) -> Option<&'g str> {
    let echoed = generation.request.as_ref()?;
    let same = wanted
        .iter()
        .all(|(field, value)| echoed.get(*field).and_then(Value::as_str) == Some(value.as_str()));
    generation.id.as_deref().filter(|id| same && !id.is_empty())
}
