//! Queries on `assets`: files imported into the library, content-addressed by sha256.

use crate::error::{CoreError, CoreResult};
use reelforge_protocol::AssetId;
use sqlx::{FromRow, SqliteConnection};

/// An imported file.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct AssetRecord {
    #[sqlx(try_from = "String")]
    pub id: AssetId,
    pub sha256: String,
    /// `image` or `video`.
    pub kind: String,
    /// Path inside the library folder.
    pub path: String,
    pub original_name: String,
    pub mime: String,
    pub width: Option<i64>,
    pub height: Option<i64>,
    pub size_bytes: i64,
    pub created_at: i64,
}

/// Inserts an asset; if one with the same content exists, returns that one's id instead.
pub async fn insert_or_existing(
    conn: &mut SqliteConnection,
    asset: &AssetRecord,
) -> CoreResult<AssetId> {
    if let Some(existing) = find_by_sha256(conn, &asset.sha256).await? {
        return Ok(existing.id);
    }
    sqlx::query(
        "INSERT INTO assets (id, sha256, kind, path, original_name, mime, width, height, \
         size_bytes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(asset.id.as_str())
    .bind(&asset.sha256)
    .bind(&asset.kind)
    .bind(&asset.path)
    .bind(&asset.original_name)
    .bind(&asset.mime)
    .bind(asset.width)
    .bind(asset.height)
    .bind(asset.size_bytes)
    .bind(asset.created_at)
    .execute(conn)
    .await?;
    Ok(asset.id.clone())
}

macro_rules! select_assets {
    () => {
        "SELECT id, sha256, kind, path, original_name, mime, width, height, size_bytes, \
         created_at FROM assets"
    };
}

/// An asset by id.
pub async fn get(conn: &mut SqliteConnection, id: &AssetId) -> CoreResult<AssetRecord> {
    sqlx::query_as::<_, AssetRecord>(concat!(select_assets!(), " WHERE id = ?"))
        .bind(id.as_str())
        .fetch_optional(conn)
        .await?
        .ok_or_else(|| CoreError::not_found("asset", id.as_str()))
}

/// The asset with this content hash, if imported before.
pub async fn find_by_sha256(
    conn: &mut SqliteConnection,
    sha256: &str,
) -> CoreResult<Option<AssetRecord>> {
    Ok(
        sqlx::query_as::<_, AssetRecord>(concat!(select_assets!(), " WHERE sha256 = ?"))
            .bind(sha256)
            .fetch_optional(conn)
            .await?,
    )
}

/// How many assets the library holds (tests check that a refused import left no row).
#[cfg(test)]
pub(crate) async fn count(conn: &mut SqliteConnection) -> CoreResult<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM assets")
        .fetch_one(conn)
        .await?)
}
