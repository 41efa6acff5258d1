//! Queries on `job_assets`: a job's character/style reference set (library assets, in order).

use crate::error::CoreResult;
use reelforge_protocol::{AssetId, JobId};
use sqlx::SqliteConnection;

/// Replaces the job's reference set with `assets`, in order.
pub async fn set(conn: &mut SqliteConnection, job: &JobId, assets: &[AssetId]) -> CoreResult<()> {
    sqlx::query("DELETE FROM job_assets WHERE job_id = ?")
        .bind(job.as_str())
        .execute(&mut *conn)
        .await?;
    for (position, asset) in assets.iter().enumerate() {
        sqlx::query("INSERT INTO job_assets (job_id, position, asset_id) VALUES (?, ?, ?)")
            .bind(job.as_str())
            .bind(i64::try_from(position).unwrap_or(i64::MAX))
            .bind(asset.as_str())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// The job's reference set, in order.
pub async fn list(conn: &mut SqliteConnection, job: &JobId) -> CoreResult<Vec<AssetId>> {
    let rows: Vec<String> =
        sqlx::query_scalar("SELECT asset_id FROM job_assets WHERE job_id = ? ORDER BY position")
            .bind(job.as_str())
            .fetch_all(conn)
            .await?;
    Ok(rows.into_iter().map(AssetId).collect())
}
