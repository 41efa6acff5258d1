//! The `segment_focus` table: each segment's crop centre for reframing (thousandths of the
//! picture from its top left); a segment without a row is cropped around the centre.

use crate::error::CoreResult;
use reelforge_protocol::{JobId, SegmentId};
use sqlx::SqliteConnection;

/// Sets (replaces) a segment's focus point.
pub async fn set(
    conn: &mut SqliteConnection,
    segment: &SegmentId,
    x_permille: u16,
    y_permille: u16,
) -> CoreResult<()> {
    sqlx::query(
        "INSERT INTO segment_focus (segment_id, x_permille, y_permille) VALUES (?, ?, ?) \
         ON CONFLICT (segment_id) DO UPDATE SET x_permille = excluded.x_permille, \
         y_permille = excluded.y_permille",
    )
    .bind(segment.as_str())
    .bind(i64::from(x_permille))
    .bind(i64::from(y_permille))
    .execute(conn)
    .await?;
    Ok(())
}

/// The focus points set on a job's segments, as (segment index, x, y).
pub async fn for_job(conn: &mut SqliteConnection, job: &JobId) -> CoreResult<Vec<(u32, u16, u16)>> {
    let rows: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT s.idx, f.x_permille, f.y_permille FROM segment_focus f \
         JOIN segments s ON s.id = f.segment_id WHERE s.job_id = ? ORDER BY s.idx",
    )
    .bind(job.as_str())
    .fetch_all(conn)
    .await?;
    let clamp = |v: i64| u16::try_from(v.clamp(0, 1000)).unwrap_or(500);
    Ok(rows
        .into_iter()
        .map(|(idx, x, y)| (u32::try_from(idx).unwrap_or(u32::MAX), clamp(x), clamp(y)))
        .collect())
}
