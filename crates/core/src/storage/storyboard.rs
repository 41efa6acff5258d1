//! The storyboard's tables: each job's keyframe options (`storyboard_options`), each
//! segment's selected keyframe and its approval (`storyboard_frames`), and each keyframe
//! image's size and whether it was reframed (`keyframe_images`). The keyframe takes
//! themselves are rows of `generations` (see [`super::takes`]).

use crate::error::CoreResult;
use reelforge_protocol::{JobId, SegmentId, TakeId};
use sqlx::SqliteConnection;

/// A job's keyframe options as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredOptions {
    pub image_provider: String,
    pub image_model: Option<String>,
    pub same_character: bool,
}

/// One segment's storyboard frame as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFrame {
    pub segment_id: SegmentId,
    pub selected: Option<TakeId>,
    pub approved: bool,
    pub approved_at: Option<i64>,
}

/// A keyframe image's stored size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredImage {
    pub width: u32,
    pub height: u32,
    pub reframed: bool,
}

/// The job's keyframe options; `None` when never set.
pub async fn options(conn: &mut SqliteConnection, job: &JobId) -> CoreResult<Option<StoredOptions>> {
    let row: Option<(String, Option<String>, bool)> = sqlx::query_as(
        "SELECT image_provider, image_model, same_character FROM storyboard_options \
         WHERE job_id = ?",
    )
    .bind(job.as_str())
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(image_provider, image_model, same_character)| StoredOptions {
        image_provider,
        image_model,
        same_character,
    }))
}

/// Sets (replaces) the job's keyframe options.
pub async fn set_options(
    conn: &mut SqliteConnection,
    job: &JobId,
    options: &StoredOptions,
    now: i64,
) -> CoreResult<()> {
    sqlx::query(
        "INSERT INTO storyboard_options (job_id, image_provider, image_model, same_character, \
         updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (job_id) DO UPDATE SET \
         image_provider = excluded.image_provider, image_model = excluded.image_model, \
         same_character = excluded.same_character, updated_at = excluded.updated_at",
    )
    .bind(job.as_str())
    .bind(&options.image_provider)
    .bind(&options.image_model)
    .bind(options.same_character)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// The frames stored for a job's segments (a segment without a row has none selected).
pub async fn frames(conn: &mut SqliteConnection, job: &JobId) -> CoreResult<Vec<StoredFrame>> {
    let rows: Vec<(String, Option<String>, bool, Option<i64>)> = sqlx::query_as(
        "SELECT f.segment_id, f.selected_take_id, f.approved, f.approved_at \
         FROM storyboard_frames f JOIN segments s ON s.id = f.segment_id \
         WHERE s.job_id = ? ORDER BY s.idx",
    )
    .bind(job.as_str())
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(segment, selected, approved, approved_at)| StoredFrame {
            segment_id: SegmentId(segment),
            selected: selected.map(TakeId),
            approved,
            approved_at,
        })
        .collect())
}

/// Makes `take` the segment's selected keyframe; a new selection is not approved yet.
pub async fn select(
    conn: &mut SqliteConnection,
    segment: &SegmentId,
    take: &TakeId,
    now: i64,
) -> CoreResult<()> {
    sqlx::query(
        "INSERT INTO storyboard_frames (segment_id, selected_take_id, approved, approved_at, \
         updated_at) VALUES (?, ?, 0, NULL, ?) ON CONFLICT (segment_id) DO UPDATE SET \
         selected_take_id = excluded.selected_take_id, \
         approved = CASE WHEN selected_take_id IS excluded.selected_take_id \
           THEN approved ELSE 0 END, \
         approved_at = CASE WHEN selected_take_id IS excluded.selected_take_id \
           THEN approved_at ELSE NULL END, \
         updated_at = excluded.updated_at",
    )
    .bind(segment.as_str())
    .bind(take.as_str())
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Approves (or withdraws approval of) the segment's selected keyframe; the time of a first
/// approval is kept.
pub async fn set_approved(
    conn: &mut SqliteConnection,
    segment: &SegmentId,
    approved: bool,
    now: i64,
) -> CoreResult<()> {
    sqlx::query(
        "UPDATE storyboard_frames SET approved = ?, \
         approved_at = CASE WHEN ? THEN COALESCE(approved_at, ?) ELSE NULL END, \
         updated_at = ? WHERE segment_id = ?",
    )
    .bind(approved)
    .bind(approved)
    .bind(now)
    .bind(now)
    .bind(segment.as_str())
    .execute(conn)
    .await?;
    Ok(())
}

/// The job's first approved keyframe (earliest approval, then segment order) and its file.
pub async fn first_approved(
    conn: &mut SqliteConnection,
    job: &JobId,
) -> CoreResult<Option<(TakeId, String)>> {
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT g.id, g.output_path FROM storyboard_frames f \
         JOIN segments s ON s.id = f.segment_id \
         JOIN generations g ON g.id = f.selected_take_id \
         WHERE s.job_id = ? AND f.approved = 1 AND g.output_path IS NOT NULL \
         ORDER BY f.approved_at, s.idx LIMIT 1",
    )
    .bind(job.as_str())
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(take, path)| (TakeId(take), path)))
}

/// Records a keyframe image's size and whether it was reframed.
pub async fn set_image(
    conn: &mut SqliteConnection,
    take: &TakeId,
    image: StoredImage,
) -> CoreResult<()> {
    sqlx::query(
        "INSERT INTO keyframe_images (take_id, width, height, reframed) VALUES (?, ?, ?, ?) \
         ON CONFLICT (take_id) DO UPDATE SET width = excluded.width, height = excluded.height, \
         reframed = excluded.reframed",
    )
    .bind(take.as_str())
    .bind(i64::from(image.width))
    .bind(i64::from(image.height))
    .bind(image.reframed)
    .execute(conn)
    .await?;
    Ok(())
}

/// The stored image of each of a job's keyframes that has one.
pub async fn images(
    conn: &mut SqliteConnection,
    job: &JobId,
) -> CoreResult<Vec<(TakeId, StoredImage)>> {
    let rows: Vec<(String, i64, i64, bool)> = sqlx::query_as(
        "SELECT k.take_id, k.width, k.height, k.reframed FROM keyframe_images k \
         JOIN generations g ON g.id = k.take_id WHERE g.job_id = ?",
    )
    .bind(job.as_str())
    .fetch_all(conn)
    .await?;
    let size = |v: i64| u32::try_from(v).unwrap_or(0);
    Ok(rows
        .into_iter()
        .map(|(take, w, h, reframed)| {
            (
                TakeId(take),
                StoredImage {
                    width: size(w),
                    height: size(h),
                    reframed,
                },
            )
        })
        .collect())
}

/// A copied keyframe (`to`, a copy of `from` on another job's `segment`): its image row, and
/// it becomes that segment's selection, approved as the original was.
pub async fn copy_keyframe(
    conn: &mut SqliteConnection,
    from: &TakeId,
    to: &TakeId,
    segment: &SegmentId,
    approved: bool,
    now: i64,
) -> CoreResult<()> {
    sqlx::query(
        "INSERT INTO keyframe_images (take_id, width, height, reframed) \
         SELECT ?, width, height, reframed FROM keyframe_images WHERE take_id = ?",
    )
    .bind(to.as_str())
    .bind(from.as_str())
    .execute(&mut *conn)
    .await?;
    select(&mut *conn, segment, to, now).await?;
    if approved {
        set_approved(conn, segment, true, now).await?;
    }
    Ok(())
}
