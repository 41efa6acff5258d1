//! Waiting on engine events for a job to finish generating (shared by the tests that run
//! real generations on the local provider).

use reelforge_core::pipeline::events::EventStream;
use reelforge_protocol::{EngineEvent, JobStatus};
use std::time::Duration;

/// The first status a job reaches among review (every clip made) and failed, within two
/// minutes.
pub async fn until_reviewed(events: &mut EventStream) -> JobStatus {
    tokio::time::timeout(Duration::from_secs(120), async {
        loop {
            match events.recv().await {
                Some(EngineEvent::JobUpdated { status, .. })
                    if matches!(status, JobStatus::Review | JobStatus::Failed) =>
                {
                    return status;
                }
                Some(_) => {}
                None => panic!("engine gone"),
            }
        }
    })
    .await
    .expect("the job did not finish within two minutes")
}
