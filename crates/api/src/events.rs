//! `GET /api/v1/events`: the engine's events as server-sent events, the same `EngineEvent`s
//! the app's window receives. Each event's name is its `type` and its data the event as JSON;
//! a listener that fell behind gets `resync` (re-read what you show) instead of what it
//! missed. The stream ends when the server stops.

use crate::ApiState;
use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use futures_util::stream::{self, StreamExt};
use reelforge_protocol::EngineEvent;
use std::convert::Infallible;

/// The event stream of one listener, subscribed before the answer's headers go out.
pub async fn stream(
    State(state): State<ApiState>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let events = state.core.subscribe();
    let stream = stream::unfold(events, |mut events| async move {
        let event = events.recv().await?;
        Some((Ok(sse_event(&event)), events))
    })
    .take_until(state.shutdown.cancelled_owned());
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// `event: <type>` and `data: <the event as JSON>`.
pub fn sse_event(event: &EngineEvent) -> Event {
    let data = serde_json::to_value(event).unwrap_or_default();
    let name = data["type"].as_str().unwrap_or("event").to_owned();
    Event::default().event(name).data(data.to_string())
}
