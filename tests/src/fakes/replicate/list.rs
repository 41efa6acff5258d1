//! `GET /v1/predictions` of the fake Replicate: the account's predictions, newest first,
//! 100 a page, as Replicate's HTTP API reference shows it — `{"next", "previous",
//! "results": [prediction, …]}`, `next` being the following page's URL with an opaque
//! `cursor` (here the offset, spelt `o<N>`), `null` on the last page.

use super::{Replicate, json_of};
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, Response, StatusCode};
use axum::response::IntoResponse;
use serde_json::{Value, json};
use std::collections::HashMap;

/// Predictions per page.
const PAGE: usize = 100;

pub(super) async fn list(
    State(state): State<Replicate>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response<Body> {
    if let Some(refusal) = state.refusal(&headers) {
        return refusal;
    }
    let offset = match query.get("cursor") {
        None => 0,
        Some(cursor) => match cursor.strip_prefix('o').and_then(|n| n.parse().ok()) {
            Some(offset) => offset,
            None => return state.core.error(400, "Invalid cursor"),
        },
    };
    let base = &state.core.base_url;
    let store = state.store();
    let results: Vec<Value> = store
        .order
        .iter()
        .rev()
        .skip(offset)
        .take(PAGE)
        .filter_map(|id| store.predictions.get(id))
        .map(|p| json_of(p, base))
        .collect();
    let more = offset + results.len() < store.order.len();
    let next = more.then(|| format!("{base}/v1/predictions?cursor=o{}", offset + PAGE));
    let previous = (offset > 0).then(|| {
        format!(
            "{base}/v1/predictions?cursor=o{}",
            offset.saturating_sub(PAGE)
        )
    });
    (
        StatusCode::OK,
        axum::Json(json!({ "next": next, "previous": previous, "results": results })),
    )
        .into_response()
}
