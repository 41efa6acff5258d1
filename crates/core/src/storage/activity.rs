//! Queries on `job_activity`: the job's log of what happened, shown on the job screen.

use crate::error::CoreResult;
use reelforge_protocol::{ActivityDto, JobId};
use sqlx::{FromRow, SqliteConnection};

#[derive(FromRow)]
struct ActivityRow {
    at: i64,
    kind: String,
    message: String,
}

/// Appends a line to a job's log.
pub async fn append(
    conn: &mut SqliteConnection,
    job: &JobId,
    at: i64,
    kind: &str,
    message: &str,
) -> CoreResult<()> {
    sqlx::query("INSERT INTO job_activity (job_id, at, kind, message) VALUES (?, ?, ?, ?)")
        .bind(job.as_str())
        .bind(at)
        .bind(kind)
        .bind(message)
        .execute(conn)
        .await?;
    Ok(())
}

/// A job's log, oldest first.
pub async fn list(conn: &mut SqliteConnection, job: &JobId) -> CoreResult<Vec<ActivityDto>> {
    let rows = sqlx::query_as::<_, ActivityRow>(
        "SELECT at, kind, message FROM job_activity WHERE job_id = ? ORDER BY id",
    )
    .bind(job.as_str())
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| ActivityDto {
            at: r.at,
            kind: r.kind,
            message: r.message,
        })
        .collect())
}
