//! The `job_chaining` and `segment_chaining` tables: the job-wide "chain all" switch, each
//! segment's own switch, and each segment's chain state (waiting for the previous take,
//! the previous take it was planned from, stale).

use crate::error::CoreResult;
use reelforge_protocol::{JobId, SegmentId, TakeId};
use sqlx::SqliteConnection;

/// One segment's chain row (defaults when it has none).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SegmentChain {
    /// Chained on its own switch (the job's "chain all" chains it too).
    pub chained: bool,
    /// Its take waits for the previous segment's take to succeed.
    pub waiting: bool,
    /// The previous segment's selected take changed since its latest take was planned.
    pub stale: bool,
    /// The previous segment's take its latest take starts from.
    pub from_take: Option<TakeId>,
}

/// The job's "chain all" switch (off without a row).
pub async fn chain_all(conn: &mut SqliteConnection, job: &JobId) -> CoreResult<bool> {
    let on: Option<i64> = sqlx::query_scalar("SELECT chain_all FROM job_chaining WHERE job_id = ?")
        .bind(job.as_str())
        .fetch_optional(conn)
        .await?;
    Ok(on == Some(1))
}

/// Sets the job's "chain all" switch.
pub async fn set_chain_all(conn: &mut SqliteConnection, job: &JobId, on: bool) -> CoreResult<()> {
    sqlx::query(
        "INSERT INTO job_chaining (job_id, chain_all) VALUES (?, ?) \
         ON CONFLICT (job_id) DO UPDATE SET chain_all = excluded.chain_all",
    )
    .bind(job.as_str())
    .bind(i64::from(on))
    .execute(conn)
    .await?;
    Ok(())
}

/// The chain rows of a job's segments, by segment id (segments without a row are absent).
pub async fn for_job(
    conn: &mut SqliteConnection,
    job: &JobId,
) -> CoreResult<Vec<(SegmentId, SegmentChain)>> {
    let rows: Vec<(String, i64, i64, i64, Option<String>)> = sqlx::query_as(
        "SELECT c.segment_id, c.chained, c.waiting, c.stale, c.from_take FROM segment_chaining c \
         JOIN segments s ON s.id = c.segment_id WHERE s.job_id = ? ORDER BY s.idx",
    )
    .bind(job.as_str())
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, chained, waiting, stale, from)| {
            let row = SegmentChain {
                chained: chained == 1,
                waiting: waiting == 1,
                stale: stale == 1,
                from_take: from.map(TakeId::from),
            };
            (SegmentId::from(id), row)
        })
        .collect())
}

/// One of a segment's chain flags (a column of `segment_chaining`).
#[derive(Debug, Clone, Copy)]
enum Flag {
    Chained,
    Waiting,
    Stale,
}

/// Sets one chain flag of a segment, creating its row when it has none.
async fn set_flag(
    conn: &mut SqliteConnection,
    seg: &SegmentId,
    flag: Flag,
    on: bool,
) -> CoreResult<()> {
    let sql = match flag {
        Flag::Chained => {
            "INSERT INTO segment_chaining (segment_id, chained) VALUES (?, ?) \
             ON CONFLICT (segment_id) DO UPDATE SET chained = excluded.chained"
        }
        Flag::Waiting => {
            "INSERT INTO segment_chaining (segment_id, waiting) VALUES (?, ?) \
             ON CONFLICT (segment_id) DO UPDATE SET waiting = excluded.waiting"
        }
        Flag::Stale => {
            "INSERT INTO segment_chaining (segment_id, stale) VALUES (?, ?) \
             ON CONFLICT (segment_id) DO UPDATE SET stale = excluded.stale"
        }
    };
    sqlx::query(sql)
        .bind(seg.as_str())
        .bind(i64::from(on))
        .execute(conn)
        .await?;
    Ok(())
}

/// Sets a segment's own chain switch.
pub async fn set_chained(conn: &mut SqliteConnection, seg: &SegmentId, on: bool) -> CoreResult<()> {
    set_flag(conn, seg, Flag::Chained, on).await
}

/// Marks a segment's take as waiting for the previous segment's take (or no longer).
pub async fn set_waiting(conn: &mut SqliteConnection, seg: &SegmentId, on: bool) -> CoreResult<()> {
    set_flag(conn, seg, Flag::Waiting, on).await
}

/// Records that a segment's new take starts from `from`: it waits no more and is not stale.
pub async fn planned_from(
    conn: &mut SqliteConnection,
    seg: &SegmentId,
    from: &TakeId,
) -> CoreResult<()> {
    sqlx::query(
        "INSERT INTO segment_chaining (segment_id, waiting, stale, from_take) VALUES (?, 0, 0, ?) \
         ON CONFLICT (segment_id) DO UPDATE SET waiting = 0, stale = 0, \
         from_take = excluded.from_take",
    )
    .bind(seg.as_str())
    .bind(from.as_str())
    .execute(conn)
    .await?;
    Ok(())
}

/// Marks a segment stale (its take starts from a take no longer selected upstream).
pub async fn set_stale(conn: &mut SqliteConnection, seg: &SegmentId, on: bool) -> CoreResult<()> {
    set_flag(conn, seg, Flag::Stale, on).await
}

/// No segment of the job waits any more (the job was cancelled: nothing follows by itself).
pub async fn stop_waiting(conn: &mut SqliteConnection, job: &JobId) -> CoreResult<()> {
    sqlx::query(
        "UPDATE segment_chaining SET waiting = 0 \
         WHERE segment_id IN (SELECT id FROM segments WHERE job_id = ?)",
    )
    .bind(job.as_str())
    .execute(conn)
    .await?;
    Ok(())
}
