//! The takes' side of whole-job copies and removals: which take files a set of jobs owns,
//! whether a file is still pointed at, which jobs have a take under way at a provider, and
//! a succeeded take copied onto another job's segment.

use crate::error::CoreResult;
use reelforge_protocol::{JobId, SegmentId, TakeId};
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};
use std::collections::HashSet;

fn push_ids(qb: &mut QueryBuilder<Sqlite>, ids: &[JobId]) {
    qb.push("(");
    let mut list = qb.separated(", ");
    for id in ids {
        list.push_bind(id.as_str().to_owned());
    }
    list.push_unseparated(")");
}

/// The library paths of the output files of the takes of `jobs`.
pub async fn output_paths_for_jobs(
    conn: &mut SqliteConnection,
    jobs: &[JobId],
) -> CoreResult<Vec<String>> {
    if jobs.is_empty() {
        return Ok(Vec::new());
    }
    let mut qb = QueryBuilder::<Sqlite>::new(
        "SELECT output_path FROM generations WHERE output_path IS NOT NULL AND job_id IN ",
    );
    push_ids(&mut qb, jobs);
    Ok(qb.build_query_scalar().fetch_all(conn).await?)
}

/// The ids of every take of `jobs` (their chain frames are named by them).
pub async fn take_ids_for_jobs(
    conn: &mut SqliteConnection,
    jobs: &[JobId],
) -> CoreResult<Vec<TakeId>> {
    if jobs.is_empty() {
        return Ok(Vec::new());
    }
    let mut qb = QueryBuilder::<Sqlite>::new("SELECT id FROM generations WHERE job_id IN ");
    push_ids(&mut qb, jobs);
    let ids: Vec<String> = qb.build_query_scalar().fetch_all(conn).await?;
    Ok(ids.into_iter().map(TakeId).collect())
}

/// Those of `jobs` with a take sent to a provider and not finished, or a provider-side
/// cancel still owed: deleting them would lose track of a paid call.
pub async fn jobs_under_way(
    conn: &mut SqliteConnection,
    jobs: &[JobId],
) -> CoreResult<HashSet<JobId>> {
    if jobs.is_empty() {
        return Ok(HashSet::new());
    }
    let mut qb = QueryBuilder::<Sqlite>::new(
        "SELECT DISTINCT job_id FROM generations WHERE (status IN ('submitting', 'running', \
         'downloading', 'submit_unknown') OR cancel_remote = 1) AND job_id IN ",
    );
    push_ids(&mut qb, jobs);
    let ids: Vec<String> = qb.build_query_scalar().fetch_all(conn).await?;
    Ok(ids.into_iter().map(JobId).collect())
}

/// Whether some take still points at this library path.
pub async fn output_path_in_use(conn: &mut SqliteConnection, path: &str) -> CoreResult<bool> {
    Ok(
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM generations WHERE output_path = ?)")
            .bind(path)
            .fetch_one(conn)
            .await?,
    )
}

/// The indexes of the segments of `job` whose newest take failed and none is under way.
pub async fn segments_last_failed(
    conn: &mut SqliteConnection,
    job: &JobId,
) -> CoreResult<Vec<u32>> {
    let rows: Vec<i64> = sqlx::query_scalar(
        "SELECT s.idx FROM segments s WHERE s.job_id = ? AND (SELECT g.status FROM generations g \
         WHERE g.segment_id = s.id AND g.kind = 'clip' ORDER BY g.created_at DESC, g.id DESC LIMIT 1) = 'failed' \
         ORDER BY s.idx",
    )
    .bind(job.as_str())
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|i| u32::try_from(i).ok())
        .collect())
}

/// A succeeded take of one job copied as `new_id` onto `segment` of `job`, its output at
/// `output_path` (a copy of the file, made by the caller). The copy cost nothing: its actual
/// cost is zero, so the new job's ledger holds only what it paid itself.
pub async fn copy_succeeded(
    conn: &mut SqliteConnection,
    from: &TakeId,
    new_id: &TakeId,
    segment: &SegmentId,
    job: &JobId,
    output_path: &str,
    now: i64,
) -> CoreResult<()> {
    sqlx::query(
        "INSERT INTO generations (id, segment_id, job_id, provider, kind, model, request_json, \
         remote_id, status, progress, estimated_cost_micros, actual_cost_micros, output_path, \
         submitted_at, finished_at, created_at, updated_at) \
         SELECT ?, ?, ?, provider, kind, model, request_json, NULL, 'succeeded', 100, 0, 0, ?, \
         submitted_at, finished_at, ?, ? FROM generations WHERE id = ? AND status = 'succeeded'",
    )
    .bind(new_id.as_str())
    .bind(segment.as_str())
    .bind(job.as_str())
    .bind(output_path)
    .bind(now)
    .bind(now)
    .bind(from.as_str())
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO take_media (take_id, file_size_bytes, file_mtime_ns, duration_ms, width, \
         height, fps, video_codec, audio_codec, has_audio, info_json, probed_at) \
         SELECT ?, file_size_bytes, -1, duration_ms, width, height, fps, video_codec, \
         audio_codec, has_audio, info_json, probed_at FROM take_media WHERE take_id = ?",
    )
    .bind(new_id.as_str())
    .bind(from.as_str())
    .execute(conn)
    .await?;
    Ok(())
}
