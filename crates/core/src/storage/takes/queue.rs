//! The durable queue: the runner's queries on `generations` (one row per take).
//!
//! A take waits as `queued` with the time it may be sent (`next_action_at`); once sent it is
//! polled whenever `next_action_at` comes due. Every function takes a connection only, so no
//! network call can happen inside a transaction.

use super::expect_one;
use crate::error::{CoreError, CoreResult};
use crate::storage::{self, parse_stored, takes};
use reelforge_protocol::{JobId, ProviderId, SegmentId, TakeId, TakeStatus};
use sqlx::{FromRow, SqliteConnection};

/// A take as the runner sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedTake {
    pub id: TakeId,
    pub job_id: JobId,
    pub segment_id: SegmentId,
    pub provider: ProviderId,
    pub request_json: String,
    pub remote_id: Option<String>,
    pub status: TakeStatus,
    pub progress: u8,
    pub attempt: u32,
    pub next_action_at: i64,
    pub deadline_at: Option<i64>,
    pub poll_count: u32,
    pub poll_failures: u32,
    pub output_ref_json: Option<String>,
    pub estimated_cost_micros: i64,
    /// A clip or a storyboard keyframe.
    pub kind: takes::TakeKind,
}

#[derive(FromRow)]
struct Row {
    id: String,
    job_id: String,
    segment_id: String,
    provider: String,
    request_json: String,
    remote_id: Option<String>,
    status: String,
    progress: i64,
    attempt: i64,
    next_action_at: i64,
    deadline_at: Option<i64>,
    poll_count: i64,
    poll_failures: i64,
    output_ref_json: Option<String>,
    estimated_cost_micros: i64,
    kind: String,
}

impl Row {
    fn into_take(self) -> CoreResult<QueuedTake> {
        let small = |v: i64| u32::try_from(v.max(0)).unwrap_or(u32::MAX);
        Ok(QueuedTake {
            id: TakeId(self.id),
            job_id: JobId(self.job_id),
            segment_id: SegmentId(self.segment_id),
            provider: self.provider.into(),
            request_json: self.request_json,
            remote_id: self.remote_id,
            status: parse_stored("generations.status", &self.status, TakeStatus::parse)?,
            progress: u8::try_from(self.progress.clamp(0, 100)).unwrap_or(0),
            attempt: small(self.attempt),
            next_action_at: self.next_action_at,
            deadline_at: self.deadline_at,
            poll_count: small(self.poll_count),
            poll_failures: small(self.poll_failures),
            output_ref_json: self.output_ref_json,
            estimated_cost_micros: self.estimated_cost_micros,
            kind: if self.kind == "keyframe" {
                takes::TakeKind::Keyframe
            } else {
                takes::TakeKind::Clip
            },
        })
    }
}

/// The whole query for takes matching `$filter` (a literal, so the SQL stays static).
macro_rules! takes_where {
    ($filter:literal) => {
        concat!(
            "SELECT g.id, g.job_id, g.segment_id, g.provider, g.request_json, g.remote_id, \
             g.status, g.progress, g.attempt, g.next_action_at, g.deadline_at, g.poll_count, \
             g.poll_failures, g.output_ref_json, g.estimated_cost_micros, g.kind \
             FROM generations g ",
            $filter
        )
    };
}

async fn select(
    conn: &mut SqliteConnection,
    sql: &'static str,
    binds: &[&str],
    at: Option<i64>,
) -> CoreResult<Vec<QueuedTake>> {
    let mut query = sqlx::query_as::<_, Row>(sql);
    for b in binds {
        query = query.bind(*b);
    }
    if let Some(at) = at {
        query = query.bind(at);
    }
    query
        .fetch_all(conn)
        .await?
        .into_iter()
        .map(Row::into_take)
        .collect()
}

/// One take by id.
pub async fn get(conn: &mut SqliteConnection, id: &TakeId) -> CoreResult<QueuedTake> {
    select(conn, takes_where!("WHERE g.id = ?"), &[id.as_str()], None)
        .await?
        .pop()
        .ok_or_else(|| CoreError::not_found("take", id.as_str()))
}

/// Up to `limit` queued takes of `provider` in generating jobs that may be sent at `now`,
/// oldest first (the runner asks for as many as the provider has free slots).
pub async fn due_queued(
    conn: &mut SqliteConnection,
    provider: &str,
    now: i64,
    limit: usize,
) -> CoreResult<Vec<QueuedTake>> {
    sqlx::query_as::<_, Row>(takes_where!(
        "JOIN jobs j ON j.id = g.job_id WHERE g.status = 'queued' AND g.provider = ? \
         AND (j.status = 'generating' OR (g.kind = 'keyframe' \
         AND j.status NOT IN ('paused', 'cancelled'))) AND g.next_action_at <= ? \
         ORDER BY g.next_action_at, g.created_at, g.id LIMIT ?"
    ))
    .bind(provider)
    .bind(now)
    .bind(i64::try_from(limit).unwrap_or(i64::MAX))
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(Row::into_take)
    .collect()
}

/// Queued takes of generating jobs due at `now` whose provider is none of `known` (a JSON
/// array of ids): the runner fails them with a clear reason.
pub async fn due_queued_unknown_provider(
    conn: &mut SqliteConnection,
    known_json: &str,
    now: i64,
) -> CoreResult<Vec<QueuedTake>> {
    select(
        conn,
        takes_where!(
            "JOIN jobs j ON j.id = g.job_id WHERE g.status = 'queued' \
             AND g.provider NOT IN (SELECT value FROM json_each(?)) \
             AND (j.status = 'generating' OR (g.kind = 'keyframe' \
             AND j.status NOT IN ('paused', 'cancelled'))) AND g.next_action_at <= ? \
             ORDER BY g.next_action_at, g.created_at, g.id"
        ),
        &[known_json],
        Some(now),
    )
    .await
}

/// Sent takes (running or downloading) whose next poll or download is due at `now`.
pub async fn due_sent(conn: &mut SqliteConnection, now: i64) -> CoreResult<Vec<QueuedTake>> {
    select(
        conn,
        takes_where!(
            "WHERE g.status IN ('running', 'downloading') AND g.next_action_at <= ? \
             ORDER BY g.next_action_at, g.id"
        ),
        &[],
        Some(now),
    )
    .await
}

/// Takes in a given status (recovery, tests).
pub async fn with_status(
    conn: &mut SqliteConnection,
    status: TakeStatus,
) -> CoreResult<Vec<QueuedTake>> {
    select(
        conn,
        takes_where!("WHERE g.status = ? ORDER BY g.created_at, g.id"),
        &[status.as_str()],
        None,
    )
    .await
}

/// Takes whose provider-side cancel is still owed.
pub async fn owed_remote_cancels(conn: &mut SqliteConnection) -> CoreResult<Vec<QueuedTake>> {
    select(
        conn,
        takes_where!("WHERE g.cancel_remote = 1 AND g.remote_id IS NOT NULL ORDER BY g.id"),
        &[],
        None,
    )
    .await
}

/// Active takes of a job, clips and keyframes (not finished, or waiting for a decision).
pub async fn active_for_job(
    conn: &mut SqliteConnection,
    job: &JobId,
) -> CoreResult<Vec<QueuedTake>> {
    select(
        conn,
        takes_where!(
            "WHERE g.job_id = ? AND g.status IN ('queued', 'submitting', 'running', \
             'downloading', 'submit_unknown') ORDER BY g.created_at, g.id"
        ),
        &[job.as_str()],
        None,
    )
    .await
}

/// Whether some clip take of the job is not finished (queued, under way or waiting for a
/// decision); the statuses listed are those of `TakeStatus::is_terminal`. Keyframes do not
/// hold a job's generation open.
pub async fn has_unfinished(conn: &mut SqliteConnection, job: &JobId) -> CoreResult<bool> {
    Ok(sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM generations WHERE job_id = ? AND kind = 'clip' \
         AND status NOT IN ('succeeded', 'failed', 'cancelled'))",
    )
    .bind(job.as_str())
    .fetch_one(conn)
    .await?)
}

/// Ids of takes holding a provider slot (sent and not finished).
pub async fn holding_slots(conn: &mut SqliteConnection) -> CoreResult<Vec<TakeId>> {
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM generations WHERE status IN ('submitting', 'running', 'downloading')",
    )
    .fetch_all(conn)
    .await?;
    Ok(ids.into_iter().map(TakeId).collect())
}

/// The earliest time after `now` at which some take comes due, if any.
pub async fn next_due_after(conn: &mut SqliteConnection, now: i64) -> CoreResult<Option<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT MIN(g.next_action_at) FROM generations g JOIN jobs j ON j.id = g.job_id \
         WHERE g.next_action_at > ? AND (g.status IN ('running', 'downloading') \
         OR (g.status = 'queued' AND (j.status = 'generating' OR (g.kind = 'keyframe' \
         AND j.status NOT IN ('paused', 'cancelled')))))",
    )
    .bind(now)
    .fetch_one(conn)
    .await?)
}

/// What the job's takes (clips and keyframes) are committed to cost: actual costs of finished
/// takes plus the estimates of takes still to finish.
pub async fn committed_micros(conn: &mut SqliteConnection, job: &JobId) -> CoreResult<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COALESCE(SUM(CASE WHEN status IN ('queued', 'submitting', 'running', \
         'downloading') THEN estimated_cost_micros ELSE actual_cost_micros END), 0) \
         FROM generations WHERE job_id = ?",
    )
    .bind(job.as_str())
    .fetch_one(conn)
    .await?)
}

/// A take to add to the queue.
#[derive(Debug, Clone)]
pub struct NewQueued {
    pub job_id: JobId,
    pub segment_id: SegmentId,
    pub provider: ProviderId,
    pub model: Option<String>,
    pub request_json: String,
    pub estimated_cost_micros: i64,
    pub attempt: u32,
    /// When it may be sent.
    pub not_before: i64,
}

/// Inserts a queued take; returns its id.
pub async fn enqueue(conn: &mut SqliteConnection, take: NewQueued, now: i64) -> CoreResult<TakeId> {
    let id = TakeId(storage::new_id());
    takes::insert(
        &mut *conn,
        &takes::NewTake {
            id: id.clone(),
            segment_id: take.segment_id,
            job_id: take.job_id,
            provider: take.provider,
            model: take.model,
            request_json: take.request_json,
            status: TakeStatus::Queued,
            estimated_cost_micros: take.estimated_cost_micros,
        },
        now,
    )
    .await?;
    sqlx::query("UPDATE generations SET attempt = ?, next_action_at = ? WHERE id = ?")
        .bind(i64::from(take.attempt.max(1)))
        .bind(take.not_before)
        .bind(id.as_str())
        .execute(conn)
        .await?;
    Ok(id)
}

/// Sets when the runner acts on a take next.
pub async fn schedule(conn: &mut SqliteConnection, id: &TakeId, at: i64) -> CoreResult<()> {
    sqlx::query("UPDATE generations SET next_action_at = ? WHERE id = ?")
        .bind(at)
        .bind(id.as_str())
        .execute(conn)
        .await?;
    Ok(())
}

/// Records the provider's id without changing the status (for a take cancelled while its
/// create call was in flight), and marks the provider-side cancel as owed.
pub async fn record_remote_id_to_cancel(
    conn: &mut SqliteConnection,
    id: &TakeId,
    remote_id: &str,
    now: i64,
) -> CoreResult<()> {
    sqlx::query(
        "UPDATE generations SET remote_id = ?, submitted_at = ?, cancel_remote = 1 WHERE id = ?",
    )
    .bind(remote_id)
    .bind(now)
    .bind(id.as_str())
    .execute(conn)
    .await?;
    Ok(())
}

/// Records the provider's id for a take that is now running, its deadline and its first poll.
pub async fn record_sent(
    conn: &mut SqliteConnection,
    id: &TakeId,
    remote_id: &str,
    now: i64,
    deadline_at: i64,
    first_poll_at: i64,
) -> CoreResult<()> {
    let done = sqlx::query(
        "UPDATE generations SET remote_id = ?, status = 'running', submitted_at = ?, \
         updated_at = ?, deadline_at = ?, next_action_at = ? WHERE id = ?",
    )
    .bind(remote_id)
    .bind(now)
    .bind(now)
    .bind(deadline_at)
    .bind(first_poll_at)
    .bind(id.as_str())
    .execute(conn)
    .await?;
    expect_one(done, id)
}

/// Counts one poll (`failed`: the poll call itself failed) and sets when to act next.
pub async fn count_poll(
    conn: &mut SqliteConnection,
    id: &TakeId,
    failed: bool,
    next_at: i64,
) -> CoreResult<()> {
    let sql = if failed {
        "UPDATE generations SET poll_failures = poll_failures + 1, next_action_at = ? WHERE id = ?"
    } else {
        "UPDATE generations SET poll_count = poll_count + 1, poll_failures = 0, \
         next_action_at = ? WHERE id = ?"
    };
    sqlx::query(sql)
        .bind(next_at)
        .bind(id.as_str())
        .execute(conn)
        .await?;
    Ok(())
}

/// Records a finished generation: where its output can be fetched from and what it cost
/// (the job's total follows by trigger); the fetch is due at once.
pub async fn record_output(
    conn: &mut SqliteConnection,
    id: &TakeId,
    output_ref_json: &str,
    actual_cost_micros: i64,
    now: i64,
) -> CoreResult<()> {
    let done = sqlx::query(
        "UPDATE generations SET output_ref_json = ?, actual_cost_micros = ?, updated_at = ?, \
         next_action_at = ? WHERE id = ?",
    )
    .bind(output_ref_json)
    .bind(actual_cost_micros)
    .bind(now)
    .bind(now)
    .bind(id.as_str())
    .execute(conn)
    .await?;
    expect_one(done, id)
}

/// Marks (or clears) a provider-side cancel as owed.
pub async fn set_cancel_remote(
    conn: &mut SqliteConnection,
    id: &TakeId,
    owed: bool,
) -> CoreResult<()> {
    sqlx::query("UPDATE generations SET cancel_remote = ? WHERE id = ?")
        .bind(owed)
        .bind(id.as_str())
        .execute(conn)
        .await?;
    Ok(())
}
