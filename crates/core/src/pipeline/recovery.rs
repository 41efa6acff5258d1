//! Start-up recovery: what the queue says after the app stopped, however it stopped.
//!
//! A take caught between its intent commit and the provider's answer becomes
//! `submit_unknown` and waits for the person; a take the provider accepted is polled (or
//! fetched) again at once; queued takes simply wait for their turn; partial downloads are
//! deleted.

use super::Runner;
use super::outcome::{segment_of, step};
use crate::storage::takes::queue;
use super::steps::{io_error, submit_unknown_explanation};
use crate::domain::take_state::TakeEvent;
use crate::error::CoreResult;
use crate::storage::activity;
use reelforge_protocol::{ActivityEntry, SubmitUnknownCause, TakeErrorCode, TakeStatus};

/// What recovery found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RecoveryReport {
    /// Sent takes whose polling (or download) resumes.
    pub resumed: u32,
    /// Takes now waiting for a decision.
    pub submit_unknown: u32,
    /// Partial downloads deleted from the library.
    pub partial_files_removed: u32,
}

impl Runner {
    /// Makes the queue consistent after a stop; run once before the first tick.
    pub async fn recover(&self) -> CoreResult<RecoveryReport> {
        let now = self.now();
        let mut report = RecoveryReport::default();
        let mut events = Vec::new();
        let mut tx = self.inner.db.begin_write().await?;
        for take in queue::with_status(&mut tx, TakeStatus::Submitting).await? {
            let why = submit_unknown_explanation(&take.provider, "Reelforge stopped");
            let error = Some((TakeErrorCode::SubmitUnknown, why.as_str()));
            if step(
                &mut tx,
                &take.id,
                TakeEvent::Interrupted,
                None,
                error,
                now,
                &mut events,
            )
            .await?
            .is_some()
            {
                let seg = segment_of(&mut tx, &take).await?;
                let waiting = ActivityEntry::SubmitUnknown {
                    index: seg.index,
                    provider: take.provider.clone(),
                    cause: SubmitUnknownCause::EngineStopped,
                };
                activity::append(&mut tx, &take.job_id, now, &waiting).await?;
                report.submit_unknown += 1;
            }
        }
        for status in [TakeStatus::Running, TakeStatus::Downloading] {
            for take in queue::with_status(&mut tx, status).await? {
                queue::schedule(&mut tx, &take.id, now).await?;
                // Already at the provider: it holds a slot whether or not one is free.
                self.take_slot(&take.provider, &take.id);
                report.resumed += 1;
            }
        }
        tx.commit().await?;
        self.emit(events);
        report.partial_files_removed = self.remove_partial_files().await?;
        Ok(report)
    }

    /// Deletes `.part` files left in the library by an interrupted download (none can be in
    /// progress before the first tick).
    async fn remove_partial_files(&self) -> CoreResult<u32> {
        let dir = self.inner.library.join("takes");
        let mut entries = match tokio::fs::read_dir(&dir).await {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
            Err(source) => return Err(io_error(&dir)(source)),
        };
        let mut removed = 0;
        while let Some(entry) = entries.next_entry().await.map_err(io_error(&dir))? {
            let path = entry.path();
            if path.extension().is_some_and(|ext| ext == "part") {
                tokio::fs::remove_file(&path)
                    .await
                    .map_err(io_error(&path))?;
                removed += 1;
            }
        }
        Ok(removed)
    }
}
