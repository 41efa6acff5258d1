//! Queries on the `jobs` table (the dashboard's list lives in [`super::dashboard`]).

use super::{decode_json, encode_json, parse_stored};
use crate::error::{CoreError, CoreResult};
use reelforge_protocol::{AssemblyResult, JobConfig, JobId, JobStatus, TemplateId};
use sqlx::{FromRow, SqliteConnection};

/// A job as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobRecord {
    pub id: JobId,
    pub title: String,
    pub subject: String,
    pub template_id: Option<TemplateId>,
    /// The job's own overrides only.
    pub overrides: JobConfig,
    pub status: JobStatus,
    pub budget_cap_micros: Option<i64>,
    pub estimated_cost_micros: i64,
    /// Sum of its takes' actual costs (kept by triggers).
    pub actual_cost_micros: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(FromRow)]
struct JobRow {
    id: String,
    title: String,
    subject: String,
    template_id: Option<String>,
    config_json: String,
    status: String,
    budget_cap_micros: Option<i64>,
    estimated_cost_micros: i64,
    actual_cost_micros: i64,
    created_at: i64,
    updated_at: i64,
}

impl JobRow {
    fn into_record(self) -> CoreResult<JobRecord> {
        Ok(JobRecord {
            id: JobId(self.id),
            title: self.title,
            subject: self.subject,
            template_id: self.template_id.map(TemplateId),
            overrides: decode_json("jobs.config_json", &self.config_json)?,
            status: parse_stored("jobs.status", &self.status, JobStatus::parse)?,
            budget_cap_micros: self.budget_cap_micros,
            estimated_cost_micros: self.estimated_cost_micros,
            actual_cost_micros: self.actual_cost_micros,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

/// Inserts a job. Its `actual_cost_micros` starts at zero whatever the record says: only
/// takes add cost.
pub async fn insert(conn: &mut SqliteConnection, job: &JobRecord) -> CoreResult<()> {
    sqlx::query(
        "INSERT INTO jobs (id, title, subject, template_id, config_json, status, \
         budget_cap_micros, estimated_cost_micros, created_at, updated_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(job.id.as_str())
    .bind(&job.title)
    .bind(&job.subject)
    .bind(job.template_id.as_ref().map(TemplateId::as_str))
    .bind(encode_json(&job.overrides))
    .bind(job.status.as_str())
    .bind(job.budget_cap_micros)
    .bind(job.estimated_cost_micros)
    .bind(job.created_at)
    .bind(job.updated_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// A job by id.
pub async fn get(conn: &mut SqliteConnection, id: &JobId) -> CoreResult<JobRecord> {
    sqlx::query_as::<_, JobRow>(
        "SELECT id, title, subject, template_id, config_json, status, budget_cap_micros, \
         estimated_cost_micros, actual_cost_micros, created_at, updated_at FROM jobs WHERE id = ?",
    )
    .bind(id.as_str())
    .fetch_optional(conn)
    .await?
    .ok_or_else(|| CoreError::not_found("job", id.as_str()))?
    .into_record()
}

/// Whether a job with this id exists.
pub async fn exists(conn: &mut SqliteConnection, id: &JobId) -> CoreResult<bool> {
    Ok(sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM jobs WHERE id = ?)")
        .bind(id.as_str())
        .fetch_one(conn)
        .await?)
}

/// The ids of the jobs in `status`.
pub async fn ids_with_status(conn: &mut SqliteConnection, status: JobStatus) -> CoreResult<Vec<JobId>> {
    let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM jobs WHERE status = ?")
        .bind(status.as_str())
        .fetch_all(conn)
        .await?;
    Ok(ids.into_iter().map(JobId).collect())
}

fn expect_one(done: sqlx::sqlite::SqliteQueryResult, id: &JobId) -> CoreResult<()> {
    if done.rows_affected() == 0 {
        Err(CoreError::not_found("job", id.as_str()))
    } else {
        Ok(())
    }
}

/// Sets the job's status.
pub async fn set_status(
    conn: &mut SqliteConnection,
    id: &JobId,
    status: JobStatus,
    now: i64,
) -> CoreResult<()> {
    let done = sqlx::query("UPDATE jobs SET status = ?, updated_at = ? WHERE id = ?")
        .bind(status.as_str())
        .bind(now)
        .bind(id.as_str())
        .execute(conn)
        .await?;
    expect_one(done, id)
}

/// Replaces the job's title, subject, overrides and budget cap.
pub async fn set_details(
    conn: &mut SqliteConnection,
    id: &JobId,
    title: &str,
    subject: &str,
    overrides: &JobConfig,
    budget_cap_micros: Option<i64>,
    now: i64,
) -> CoreResult<()> {
    let done = sqlx::query(
        "UPDATE jobs SET title = ?, subject = ?, config_json = ?, budget_cap_micros = ?, \
         updated_at = ? WHERE id = ?",
    )
    .bind(title)
    .bind(subject)
    .bind(encode_json(overrides))
    .bind(budget_cap_micros)
    .bind(now)
    .bind(id.as_str())
    .execute(conn)
    .await?;
    expect_one(done, id)
}

/// Records the pre-launch estimate.
pub async fn set_estimated_cost(
    conn: &mut SqliteConnection,
    id: &JobId,
    micros: i64,
    now: i64,
) -> CoreResult<()> {
    let done =
        sqlx::query("UPDATE jobs SET estimated_cost_micros = ?, updated_at = ? WHERE id = ?")
            .bind(micros)
            .bind(now)
            .bind(id.as_str())
            .execute(conn)
            .await?;
    expect_one(done, id)
}

/// Marks the job as changed now (it moves to the top of the dashboard).
pub async fn touch(conn: &mut SqliteConnection, id: &JobId, now: i64) -> CoreResult<()> {
    let done = sqlx::query("UPDATE jobs SET updated_at = ? WHERE id = ?")
        .bind(now)
        .bind(id.as_str())
        .execute(conn)
        .await?;
    expect_one(done, id)
}

/// Adds what a voice charged for the job's narration to its actual cost (the ledger the
/// dashboard and budget read; takes add theirs through the `generations` triggers).
pub async fn add_voice_cost(conn: &mut SqliteConnection, id: &JobId, micros: i64) -> CoreResult<()> {
    let done = sqlx::query("UPDATE jobs SET actual_cost_micros = actual_cost_micros + ? WHERE id = ?")
        .bind(micros)
        .bind(id.as_str())
        .execute(conn)
        .await?;
    expect_one(done, id)
}

/// Records the job's last successful assembly (its final video's path too).
pub async fn set_last_assembly(
    conn: &mut SqliteConnection,
    id: &JobId,
    result: &AssemblyResult,
) -> CoreResult<()> {
    let done =
        sqlx::query("UPDATE jobs SET final_video_path = ?, last_assembly_json = ? WHERE id = ?")
            .bind(&result.output)
            .bind(encode_json(result))
            .bind(id.as_str())
            .execute(conn)
            .await?;
    expect_one(done, id)
}

/// The job's last successful assembly, if it was ever assembled.
pub async fn last_assembly(
    conn: &mut SqliteConnection,
    id: &JobId,
) -> CoreResult<Option<AssemblyResult>> {
    let stored: Option<Option<String>> =
        sqlx::query_scalar("SELECT last_assembly_json FROM jobs WHERE id = ?")
            .bind(id.as_str())
            .fetch_optional(conn)
            .await?;
    stored
        .flatten()
        .map(|json| decode_json("jobs.last_assembly_json", &json))
        .transpose()
}

/// Deletes a job with its segments, takes and activity.
pub async fn delete(conn: &mut SqliteConnection, id: &JobId) -> CoreResult<()> {
    let done = sqlx::query("DELETE FROM jobs WHERE id = ?")
        .bind(id.as_str())
        .execute(conn)
        .await?;
    expect_one(done, id)
}
