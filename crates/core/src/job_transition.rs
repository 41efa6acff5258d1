//! The one path by which a job's status changes: [`apply`] runs the pure state machine
//! ([`crate::domain::job_state::transition`]), stores the new status, logs the activity entry
//! and hands back the event that tells listeners, all inside the caller's transaction. The
//! caller sends the event once that transaction has committed.

use crate::domain::job_state::{self, InvalidJobTransition, JobEvent};
use crate::error::{CoreError, CoreResult};
use crate::storage::jobs::JobRecord;
use crate::storage::{activity, jobs};
use reelforge_protocol::{ActivityEntry, EngineEvent};
use sqlx::SqliteConnection;

/// Applies `event` to `job` (as read in this transaction) at `now`, logging `entry`, and
/// returns the [`EngineEvent::JobUpdated`] to send after commit, or `None` when the job keeps
/// its status (an edit after generation): listeners follow status changes, and a repeated
/// status would read as a new one to a listener that had not seen the job yet. An event the
/// job's status does not allow changes nothing and fails with what `refused` makes of it.
pub(crate) async fn apply(
    conn: &mut SqliteConnection,
    job: &JobRecord,
    event: JobEvent,
    entry: &ActivityEntry,
    now: i64,
    refused: impl FnOnce(InvalidJobTransition) -> CoreError,
) -> CoreResult<Option<EngineEvent>> {
    let next = job_state::transition(job.status, event).map_err(refused)?;
    jobs::set_status(&mut *conn, &job.id, next, now).await?;
    activity::append(&mut *conn, &job.id, now, entry).await?;
    Ok((next != job.status).then(|| EngineEvent::JobUpdated {
        job_id: job.id.clone(),
        status: next,
    }))
}
