//! Start-up recovery: what the queue says after the app stopped, however it stopped.
//!
//! A take caught between its intent commit and the provider's answer becomes
//! `submit_unknown`, its send time kept, and is then reconciled from the provider's list
//! before the first tick where the provider can list (see [`super::stopped`]), else waits
//! for the person; a take the provider accepted is polled (or
//! fetched) again at once; queued takes simply wait for their turn; temporary files
//! ([`crate::durable::is_temporary`]) are deleted: all of them in the engine's own `takes`
//! folder, and in the rest of the data folder (exports, caches) those no live write can own (untouched for
//! [`STALE_TEMPORARY`]: another process sharing the data folder may be writing there).

use super::Runner;
use super::outcome::{segment_of, step};
use crate::storage::takes::{queue, stopped};
use super::steps::{io_error, submit_unknown_explanation};
use crate::domain::take_state::TakeEvent;
use crate::error::CoreResult;
use crate::storage::activity;
use reelforge_protocol::{ActivityEntry, SubmitUnknownCause, TakeErrorCode, TakeStatus};

/// Age past which a temporary file outside the engine's own folder is abandoned: ffmpeg and
/// every writer touch their file far more often than this.
pub const STALE_TEMPORARY: std::time::Duration = std::time::Duration::from_secs(15 * 60);

/// What recovery found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RecoveryReport {
    /// Sent takes whose polling (or download) resumes.
    pub resumed: u32,
    /// Takes now waiting for a decision.
    pub submit_unknown: u32,
    /// Temporary files deleted from the library (partial downloads, previews, exports).
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
            stopped::keep_send_time(&mut tx, &take.id).await?;
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

    /// Deletes temporary files interrupted writes left in the library (none of the engine's
    /// can be in progress before its first tick).
    async fn remove_partial_files(&self) -> CoreResult<u32> {
        // The data folder: the library, exports and the segment cache.
        let data = self.inner.library.parent().unwrap_or(&self.inner.library).to_owned();
        let takes = self.takes_dir();
        tokio::task::spawn_blocking(move || {
            let own = crate::durable::remove_temporaries(&takes, std::time::Duration::ZERO)
                .map_err(io_error(&takes))?;
            let shared = crate::durable::remove_temporaries(&data, STALE_TEMPORARY)
                .map_err(io_error(&data))?;
            Ok(own + shared)
        })
        .await
        .map_err(|e| crate::CoreError::Io {
            path: self.inner.library.display().to_string(),
            source: std::io::Error::other(e.to_string()),
        })?
    }
}
