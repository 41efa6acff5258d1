//! Queries on `generations`: one row per take (one paid call to a provider). This module is
//! the only one that reads or writes that table: here the takes as the person sees them
//! ([`TakeDto`]), in [`queue`] the durable queue the runner drives.
//!
//! A take is of one [`TakeKind`]: a clip (the default) or a storyboard keyframe (an image
//! made by an image provider through the same queue). The takes a job screen, planning,
//! assembly and selection see are clips only ([`get`], [`list_for_job`]); keyframes are read
//! with [`list_keyframes_for_job`]. Costs (the job's ledger, by trigger) and files (deletion)
//! count both.
//!
//! Inserting a take's row is the "intent" of the never-pay-twice rule: it is committed before
//! the create call is sent, and the provider's id is recorded by the runner
//! ([`queue::record_sent`]) as soon as the call returns.

pub mod job_files;
pub mod queue;
pub mod stopped;

use super::parse_stored;
use crate::error::{CoreError, CoreResult};
use crate::secrets::redaction::redact;
use reelforge_protocol::{
    JobId, ProviderId, SegmentId, TakeDto, TakeErrorCode, TakeId, TakeStatus,
};
use sqlx::{FromRow, SqliteConnection};

/// What a take makes: a clip, or a storyboard keyframe (stored as `generations.kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TakeKind {
    Clip,
    Keyframe,
}

impl TakeKind {
    /// The kind of a take sent to `provider`: keyframe providers have their own ids
    /// ([`crate::providers::image::keyframe_provider`]).
    pub fn of_provider(provider: &str) -> Self {
        if crate::providers::image::keyframe_provider::image_provider_of(provider).is_some() {
            Self::Keyframe
        } else {
            Self::Clip
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Clip => "clip",
            Self::Keyframe => "keyframe",
        }
    }
}

/// What a new take is made of.
#[derive(Debug, Clone)]
pub struct NewTake {
    pub id: TakeId,
    pub segment_id: SegmentId,
    pub job_id: JobId,
    pub provider: ProviderId,
    pub model: Option<String>,
    /// The full request as sent, for audit and resubmission.
    pub request_json: String,
    pub status: TakeStatus,
    pub estimated_cost_micros: i64,
}

#[derive(FromRow)]
struct TakeRow {
    id: String,
    segment_id: String,
    provider: String,
    model: Option<String>,
    prompt: Option<String>,
    remote_id: Option<String>,
    status: String,
    progress: i64,
    estimated_cost_micros: i64,
    actual_cost_micros: i64,
    error_code: Option<String>,
    error_message: Option<String>,
    created_at: i64,
    updated_at: i64,
}

impl TakeRow {
    fn into_dto(self) -> CoreResult<TakeDto> {
        Ok(TakeDto {
            id: TakeId(self.id),
            segment_id: SegmentId(self.segment_id),
            provider: self.provider.into(),
            model: self.model,
            prompt: self.prompt,
            remote_id: self.remote_id,
            status: parse_stored("generations.status", &self.status, TakeStatus::parse)?,
            progress: u8::try_from(self.progress.clamp(0, 100)).unwrap_or(0),
            estimated_cost_micros: self.estimated_cost_micros,
            actual_cost_micros: self.actual_cost_micros,
            // An older or unknown spelling reads as `Other`, never as an error.
            error_code: self.error_code.as_deref().map(TakeErrorCode::parse),
            error_message: self.error_message,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

macro_rules! take_columns {
    () => {
        "id, segment_id, provider, model, \
         CASE WHEN json_valid(request_json) THEN json_extract(request_json, '$.prompt') END \
         AS prompt, remote_id, status, progress, estimated_cost_micros, actual_cost_micros, \
         error_code, error_message, created_at, updated_at"
    };
}

fn expect_one(done: sqlx::sqlite::SqliteQueryResult, id: &TakeId) -> CoreResult<()> {
    if done.rows_affected() == 0 {
        Err(CoreError::not_found("take", id.as_str()))
    } else {
        Ok(())
    }
}

/// Inserts a take (the intent row).
pub async fn insert(conn: &mut SqliteConnection, take: &NewTake, now: i64) -> CoreResult<()> {
    sqlx::query(
        "INSERT INTO generations (id, segment_id, job_id, provider, kind, model, request_json, \
         status, estimated_cost_micros, created_at, updated_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(take.id.as_str())
    .bind(take.segment_id.as_str())
    .bind(take.job_id.as_str())
    .bind(take.provider.as_str())
    .bind(TakeKind::of_provider(take.provider.as_str()).as_str())
    .bind(&take.model)
    .bind(&take.request_json)
    .bind(take.status.as_str())
    .bind(take.estimated_cost_micros)
    .bind(now)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// A clip take by id (a keyframe's id is not found here).
pub async fn get(conn: &mut SqliteConnection, id: &TakeId) -> CoreResult<TakeDto> {
    sqlx::query_as::<_, TakeRow>(concat!(
        "SELECT ",
        take_columns!(),
        " FROM generations WHERE id = ? AND kind = 'clip'"
    ))
    .bind(id.as_str())
    .fetch_optional(conn)
    .await?
    .ok_or_else(|| CoreError::not_found("take", id.as_str()))?
    .into_dto()
}

/// Every clip take of a job, by segment then oldest first.
pub async fn list_for_job(conn: &mut SqliteConnection, job: &JobId) -> CoreResult<Vec<TakeDto>> {
    sqlx::query_as::<_, TakeRow>(concat!(
        "SELECT ",
        take_columns!(),
        " FROM generations WHERE job_id = ? AND kind = 'clip' ORDER BY segment_id, created_at, id"
    ))
    .bind(job.as_str())
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(TakeRow::into_dto)
    .collect()
}

/// Every keyframe take of a job, oldest first.
pub async fn list_keyframes_for_job(
    conn: &mut SqliteConnection,
    job: &JobId,
) -> CoreResult<Vec<TakeDto>> {
    sqlx::query_as::<_, TakeRow>(concat!(
        "SELECT ",
        take_columns!(),
        " FROM generations WHERE job_id = ? AND kind = 'keyframe' ORDER BY created_at, id"
    ))
    .bind(job.as_str())
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(TakeRow::into_dto)
    .collect()
}

/// Sets the state, progress and error of a take (the error's text redacted again here: no
/// provider text reaches the database without going through [`redact`]).
pub async fn set_status(
    conn: &mut SqliteConnection,
    id: &TakeId,
    status: TakeStatus,
    progress: u8,
    error: Option<(&str, &str)>,
    now: i64,
) -> CoreResult<()> {
    let finished = status.is_terminal().then_some(now);
    let done = sqlx::query(
        "UPDATE generations SET status = ?, progress = ?, error_code = ?, error_message = ?, \
         finished_at = COALESCE(?, finished_at), updated_at = ? WHERE id = ?",
    )
    .bind(status.as_str())
    .bind(i64::from(progress.min(100)))
    .bind(error.map(|e| e.0))
    .bind(error.map(|e| redact(e.1)))
    .bind(finished)
    .bind(now)
    .bind(id.as_str())
    .execute(conn)
    .await?;
    expect_one(done, id)
}

/// Records what the take actually cost (the job's total follows by trigger).
pub async fn set_actual_cost(
    conn: &mut SqliteConnection,
    id: &TakeId,
    micros: i64,
    now: i64,
) -> CoreResult<()> {
    let done =
        sqlx::query("UPDATE generations SET actual_cost_micros = ?, updated_at = ? WHERE id = ?")
            .bind(micros)
            .bind(now)
            .bind(id.as_str())
            .execute(conn)
            .await?;
    expect_one(done, id)
}

/// Whether a take of `provider` already holds `remote_id` (a generation found by
/// reconciling a lost create must not be one another take follows).
pub async fn remote_id_taken(
    conn: &mut SqliteConnection,
    provider: &str,
    remote_id: &str,
) -> CoreResult<bool> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM generations WHERE provider = ? AND remote_id = ? LIMIT 1",
    )
    .bind(provider)
    .bind(remote_id)
    .fetch_optional(conn)
    .await?;
    Ok(found.is_some())
}

/// Records where the take's checked output file is in the library.
pub async fn set_output_path(
    conn: &mut SqliteConnection,
    id: &TakeId,
    path: &str,
    now: i64,
) -> CoreResult<()> {
    let done = sqlx::query("UPDATE generations SET output_path = ?, updated_at = ? WHERE id = ?")
        .bind(path)
        .bind(now)
        .bind(id.as_str())
        .execute(conn)
        .await?;
    expect_one(done, id)
}

/// Where a take's checked output file is in the library; `None` when there is no such take
/// or it has no file yet.
pub async fn output_path(conn: &mut SqliteConnection, id: &TakeId) -> CoreResult<Option<String>> {
    let stored: Option<Option<String>> =
        sqlx::query_scalar("SELECT output_path FROM generations WHERE id = ?")
            .bind(id.as_str())
            .fetch_optional(conn)
            .await?;
    Ok(stored.flatten())
}

/// Each of the job's takes (clips and keyframes) that has a checked output file, with where
/// it is in the library.
pub async fn output_paths_for_job(
    conn: &mut SqliteConnection,
    job: &JobId,
) -> CoreResult<Vec<(TakeId, String)>> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT id, output_path FROM generations WHERE job_id = ? AND output_path IS NOT NULL",
    )
    .bind(job.as_str())
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(take, path)| (TakeId(take), path))
        .collect())
}
