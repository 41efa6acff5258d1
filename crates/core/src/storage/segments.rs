//! Queries on `segments` and their reference assets (`segment_assets`).

use super::parse_stored;
use crate::error::{CoreError, CoreResult};
use reelforge_protocol::{
    AssetId, GenerationMode, JobId, ProviderId, SegmentId, SegmentPatch, TakeId,
};
use sqlx::{FromRow, SqliteConnection};

/// A segment as stored (without its takes and references).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentRecord {
    pub id: SegmentId,
    pub job_id: JobId,
    pub index: u32,
    pub beat: String,
    pub prompt: String,
    pub narration: String,
    pub mode: GenerationMode,
    pub provider: ProviderId,
    pub model: Option<String>,
    pub duration_s: u32,
    pub selected_take: Option<TakeId>,
}

#[derive(FromRow)]
struct SegmentRow {
    id: String,
    job_id: String,
    idx: i64,
    beat: String,
    prompt: String,
    narration: String,
    mode: String,
    provider: String,
    model: Option<String>,
    duration_s: i64,
    selected_take_id: Option<String>,
}

impl SegmentRow {
    fn into_record(self) -> CoreResult<SegmentRecord> {
        let corrupt = |c: &str| CoreError::Corrupt(format!("segments.{c} out of range"));
        Ok(SegmentRecord {
            id: SegmentId(self.id),
            job_id: JobId(self.job_id),
            index: u32::try_from(self.idx).map_err(|_| corrupt("idx"))?,
            beat: self.beat,
            prompt: self.prompt,
            narration: self.narration,
            mode: parse_stored("segments.mode", &self.mode, |s| s.parse().ok())?,
            provider: self.provider.into(),
            model: self.model,
            duration_s: u32::try_from(self.duration_s).map_err(|_| corrupt("duration_s"))?,
            selected_take: self.selected_take_id.map(TakeId),
        })
    }
}

/// Inserts a segment.
pub async fn insert(conn: &mut SqliteConnection, seg: &SegmentRecord, now: i64) -> CoreResult<()> {
    sqlx::query(
        "INSERT INTO segments (id, job_id, idx, beat, prompt, narration, mode, provider, model, \
         duration_s, selected_take_id, created_at, updated_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(seg.id.as_str())
    .bind(seg.job_id.as_str())
    .bind(i64::from(seg.index))
    .bind(&seg.beat)
    .bind(&seg.prompt)
    .bind(&seg.narration)
    .bind(seg.mode.as_str())
    .bind(seg.provider.as_str())
    .bind(&seg.model)
    .bind(i64::from(seg.duration_s))
    .bind(seg.selected_take.as_ref().map(TakeId::as_str))
    .bind(now)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// A job's segments in order.
pub async fn list_for_job(
    conn: &mut SqliteConnection,
    job: &JobId,
) -> CoreResult<Vec<SegmentRecord>> {
    sqlx::query_as::<_, SegmentRow>(
        "SELECT id, job_id, idx, beat, prompt, narration, mode, provider, model, duration_s, \
         selected_take_id FROM segments WHERE job_id = ? ORDER BY idx",
    )
    .bind(job.as_str())
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(SegmentRow::into_record)
    .collect()
}

/// The job a segment belongs to; `None` when there is no such segment.
pub async fn job_of(conn: &mut SqliteConnection, id: &SegmentId) -> CoreResult<Option<JobId>> {
    let job: Option<String> = sqlx::query_scalar("SELECT job_id FROM segments WHERE id = ?")
        .bind(id.as_str())
        .fetch_optional(conn)
        .await?;
    Ok(job.map(JobId))
}

/// Applies the fields a patch sets to one segment; fields it leaves `None` stay as they are.
pub async fn apply_patch(
    conn: &mut SqliteConnection,
    id: &SegmentId,
    patch: &SegmentPatch,
    now: i64,
) -> CoreResult<()> {
    let done = sqlx::query(
        "UPDATE segments SET \
           beat = COALESCE(?, beat), prompt = COALESCE(?, prompt), \
           narration = COALESCE(?, narration), mode = COALESCE(?, mode), \
           provider = COALESCE(?, provider), \
           model = CASE WHEN ? THEN ? ELSE model END, \
           duration_s = COALESCE(?, duration_s), updated_at = ? \
         WHERE id = ?",
    )
    .bind(&patch.beat)
    .bind(&patch.prompt)
    .bind(&patch.narration)
    .bind(patch.mode.map(GenerationMode::as_str))
    .bind(patch.provider.as_deref())
    .bind(patch.model.is_some())
    .bind(patch.model.clone().flatten())
    .bind(patch.duration_s.map(i64::from))
    .bind(now)
    .bind(id.as_str())
    .execute(conn)
    .await?;
    if done.rows_affected() == 0 {
        return Err(CoreError::not_found("segment", id.as_str()));
    }
    Ok(())
}

/// Makes `take` the one that goes into the assembly (or none).
pub async fn select_take(
    conn: &mut SqliteConnection,
    id: &SegmentId,
    take: Option<&TakeId>,
    now: i64,
) -> CoreResult<()> {
    let done = sqlx::query("UPDATE segments SET selected_take_id = ?, updated_at = ? WHERE id = ?")
        .bind(take.map(TakeId::as_str))
        .bind(now)
        .bind(id.as_str())
        .execute(conn)
        .await?;
    if done.rows_affected() == 0 {
        return Err(CoreError::not_found("segment", id.as_str()));
    }
    Ok(())
}

/// Replaces a segment's reference assets with `assets`, in order.
pub async fn set_references(
    conn: &mut SqliteConnection,
    id: &SegmentId,
    assets: &[AssetId],
) -> CoreResult<()> {
    sqlx::query("DELETE FROM segment_assets WHERE segment_id = ?")
        .bind(id.as_str())
        .execute(&mut *conn)
        .await?;
    for (position, asset) in assets.iter().enumerate() {
        sqlx::query("INSERT INTO segment_assets (segment_id, position, asset_id) VALUES (?, ?, ?)")
            .bind(id.as_str())
            .bind(i64::try_from(position).unwrap_or(i64::MAX))
            .bind(asset.as_str())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// The reference assets of every segment of a job, as (segment, asset) pairs in order.
pub async fn references_for_job(
    conn: &mut SqliteConnection,
    job: &JobId,
) -> CoreResult<Vec<(SegmentId, AssetId)>> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT sa.segment_id, sa.asset_id FROM segment_assets sa \
         JOIN segments s ON s.id = sa.segment_id WHERE s.job_id = ? \
         ORDER BY s.idx, sa.position",
    )
    .bind(job.as_str())
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(s, a)| (SegmentId(s), AssetId(a)))
        .collect())
}
