//! Creates caught by a stop: takes that were `submitting` when the engine stopped, whose send
//! time recovery keeps (`submitted_at`, the intent's commit time) so the provider's list of
//! recent generations can be searched from that moment, at this start-up or a later one.

use super::queue::{self, QueuedTake};
use crate::error::CoreResult;
use reelforge_protocol::TakeId;
use sqlx::SqliteConnection;

/// Keeps the time the `submitting` take `id` was sent (its intent's commit, the row's last
/// change) as its `submitted_at`; call before the take changes again.
pub async fn keep_send_time(conn: &mut SqliteConnection, id: &TakeId) -> CoreResult<()> {
    sqlx::query(
        "UPDATE generations SET submitted_at = updated_at \
         WHERE id = ? AND status = 'submitting' AND remote_id IS NULL",
    )
    .bind(id.as_str())
    .execute(conn)
    .await?;
    Ok(())
}

/// The `submit_unknown` takes with no provider id whose send time is known, each with that
/// time (unix milliseconds), oldest first.
pub async fn lost_creates(conn: &mut SqliteConnection) -> CoreResult<Vec<(QueuedTake, i64)>> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT id, submitted_at FROM generations WHERE status = 'submit_unknown' \
         AND remote_id IS NULL AND submitted_at IS NOT NULL ORDER BY submitted_at, id",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut lost = Vec::with_capacity(rows.len());
    for (id, sent_at) in rows {
        lost.push((queue::get(&mut *conn, &TakeId::from(id)).await?, sent_at));
    }
    Ok(lost)
}
