//! The jobs a bulk action walks, a batch at a time: ticked ids, or every job the dashboard's
//! filter matches (minus the un-ticked ones) walked by rowid so that changes made by the
//! action itself (a pause touches `updated_at`, a delete removes rows) never skip or repeat a
//! job; and many jobs deleted at once.

use super::dashboard::push_filter;
use super::parse_stored;
use crate::error::CoreResult;
use reelforge_protocol::{JobId, JobListQuery, JobStatus};
use sqlx::{FromRow, QueryBuilder, Sqlite, SqliteConnection};

/// A job of the selection, with what a refusal names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectedJob {
    pub rowid: i64,
    pub id: JobId,
    pub title: String,
    pub status: JobStatus,
}

#[derive(FromRow)]
struct Row {
    rowid: i64,
    id: String,
    title: String,
    status: String,
}

fn rows_to_jobs(rows: Vec<Row>) -> CoreResult<Vec<SelectedJob>> {
    rows.into_iter()
        .map(|r| {
            Ok(SelectedJob {
                rowid: r.rowid,
                status: parse_stored("jobs.status", &r.status, JobStatus::parse)?,
                id: JobId(r.id),
                title: r.title,
            })
        })
        .collect()
}

/// The highest rowid of the job table now: a walk stops there, so jobs the action itself
/// creates (duplicates match the same filter) are never walked.
pub async fn last_rowid(conn: &mut SqliteConnection) -> CoreResult<i64> {
    let last: Option<i64> = sqlx::query_scalar("SELECT MAX(rowid) FROM jobs")
        .fetch_one(conn)
        .await?;
    Ok(last.unwrap_or(0))
}

/// The next `limit` jobs matching `filter` (its status and search) with a rowid after
/// `after` and at most `until`, leaving out `except`.
pub async fn filter_batch(
    conn: &mut SqliteConnection,
    filter: &JobListQuery,
    except: &[JobId],
    (after, until): (i64, i64),
    limit: u32,
) -> CoreResult<Vec<SelectedJob>> {
    let mut qb = QueryBuilder::<Sqlite>::new("SELECT j.rowid AS rowid, j.id, j.title, j.status FROM jobs j");
    push_filter(&mut qb, filter);
    qb.push(" AND j.rowid > ")
        .push_bind(after)
        .push(" AND j.rowid <= ")
        .push_bind(until);
    if !except.is_empty() {
        qb.push(" AND j.id NOT IN (");
        let mut list = qb.separated(", ");
        for id in except {
            list.push_bind(id.as_str().to_owned());
        }
        list.push_unseparated(")");
    }
    qb.push(" ORDER BY j.rowid LIMIT ").push_bind(i64::from(limit));
    rows_to_jobs(qb.build_query_as::<Row>().fetch_all(conn).await?)
}

/// The jobs among `ids` that exist.
pub async fn by_ids(conn: &mut SqliteConnection, ids: &[JobId]) -> CoreResult<Vec<SelectedJob>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut qb =
        QueryBuilder::<Sqlite>::new("SELECT rowid, id, title, status FROM jobs WHERE id IN (");
    let mut list = qb.separated(", ");
    for id in ids {
        list.push_bind(id.as_str().to_owned());
    }
    list.push_unseparated(") ORDER BY rowid");
    rows_to_jobs(qb.build_query_as::<Row>().fetch_all(conn).await?)
}

/// Deletes these jobs with their segments, takes and activity (by cascade); how many went.
pub async fn delete_many(conn: &mut SqliteConnection, ids: &[JobId]) -> CoreResult<u64> {
    if ids.is_empty() {
        return Ok(0);
    }
    let mut qb = QueryBuilder::<Sqlite>::new("DELETE FROM jobs WHERE id IN (");
    let mut list = qb.separated(", ");
    for id in ids {
        list.push_bind(id.as_str().to_owned());
    }
    list.push_unseparated(")");
    Ok(qb.build().execute(conn).await?.rows_affected())
}

/// The ids of the jobs whose id starts with `prefix` (a range over the primary key).
pub async fn ids_starting_with(conn: &mut SqliteConnection, prefix: &str) -> CoreResult<Vec<JobId>> {
    let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM jobs WHERE id >= ? AND id < ?")
        .bind(prefix)
        .bind(format!("{prefix}\u{10FFFF}"))
        .fetch_all(conn)
        .await?;
    Ok(ids.into_iter().map(JobId).collect())
}

/// Every job id, for the rare check that needs them all (streamed by the caller's batches).
pub async fn ids_after(conn: &mut SqliteConnection, after: i64, limit: u32) -> CoreResult<Vec<(i64, JobId)>> {
    let rows: Vec<(i64, String)> =
        sqlx::query_as("SELECT rowid, id FROM jobs WHERE rowid > ? ORDER BY rowid LIMIT ?")
            .bind(after)
            .bind(i64::from(limit))
            .fetch_all(conn)
            .await?;
    Ok(rows.into_iter().map(|(r, id)| (r, JobId(id))).collect())
}
