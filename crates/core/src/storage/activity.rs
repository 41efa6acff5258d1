//! Queries on `job_activity`: the job's log of what happened, shown on the job screen.
//!
//! Each line stores its [`ActivityEntry`] as JSON (`entry_json`), with its kind and English
//! line beside it for logs and the CLI. Lines written before entries were structured (no
//! `entry_json`) read back as [`ActivityEntry::Legacy`] with their stored kind and message.

use super::encode_json;
use crate::domain::activity::english;
use crate::error::CoreResult;
use crate::secrets::redaction::without_held_keys;
use reelforge_protocol::{ActivityDto, ActivityEntry, JobId};
use sqlx::{FromRow, SqliteConnection};

#[derive(FromRow)]
struct ActivityRow {
    at: i64,
    kind: String,
    message: String,
    entry_json: Option<String>,
}

/// Appends an entry to a job's log. Provider texts in it went through `redact` when their
/// error was made; any key this process holds is removed again here, JSON kept valid.
pub async fn append(
    conn: &mut SqliteConnection,
    job: &JobId,
    at: i64,
    entry: &ActivityEntry,
) -> CoreResult<()> {
    sqlx::query(
        "INSERT INTO job_activity (job_id, at, kind, message, entry_json) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(job.as_str())
    .bind(at)
    .bind(entry.kind())
    .bind(without_held_keys(&english(entry)))
    .bind(without_held_keys(&encode_json(entry)))
    .execute(conn)
    .await?;
    Ok(())
}

/// A job's log, oldest first.
pub async fn list(conn: &mut SqliteConnection, job: &JobId) -> CoreResult<Vec<ActivityDto>> {
    let rows = sqlx::query_as::<_, ActivityRow>(
        "SELECT at, kind, message, entry_json FROM job_activity WHERE job_id = ? ORDER BY id",
    )
    .bind(job.as_str())
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(dto).collect())
}

/// A stored line as the UI receives it. An entry that does not decode (written by a build
/// with entries this one does not know) is shown like a legacy line rather than hiding the
/// job's whole log.
fn dto(row: ActivityRow) -> ActivityDto {
    let entry = row
        .entry_json
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_else(|| ActivityEntry::Legacy {
            kind: row.kind.clone(),
            message: row.message.clone(),
        });
    ActivityDto {
        at: row.at,
        kind: row.kind,
        message: row.message,
        entry,
    }
}
