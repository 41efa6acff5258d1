//! The job screen's continuity chaining: the chain status (fetched again on every job update)
//! and the panel's actions (`set_chaining`, `regenerate_stale`).

use crate::api;
use crate::views::job::ChainEvent;
use reelforge_protocol::{ApiError, ChainStatus, JobId, SegmentChainSwitch, SetChainingRequest};

/// Runs what the person did in the continuity panel of job `id`.
pub async fn run_chain_event(id: JobId, event: ChainEvent) -> Result<ChainStatus, ApiError> {
    let switches = |chain_all, segments| SetChainingRequest {
        job_id: id.clone(),
        chain_all,
        segments,
    };
    match event {
        ChainEvent::ChainAll(on) => api::set_chaining(switches(Some(on), Vec::new())).await,
        ChainEvent::Segment { index, chained } => {
            let switch = SegmentChainSwitch { index, chained };
            api::set_chaining(switches(None, vec![switch])).await
        }
        ChainEvent::RegenerateStale => api::regenerate_stale(id.clone()).await,
    }
}
