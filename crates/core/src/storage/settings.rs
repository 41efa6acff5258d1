//! Queries on `settings`: small JSON values by key (language, theme, paths, flags).

use super::{decode_json, encode_json};
use crate::error::CoreResult;
use serde::{Serialize, de::DeserializeOwned};
use sqlx::SqliteConnection;

/// The value stored under `key`, if any.
pub async fn get<T: DeserializeOwned>(
    conn: &mut SqliteConnection,
    key: &str,
) -> CoreResult<Option<T>> {
    let raw: Option<String> = sqlx::query_scalar("SELECT value_json FROM settings WHERE key = ?")
        .bind(key)
        .fetch_optional(conn)
        .await?;
    raw.map(|v| decode_json("settings.value_json", &v))
        .transpose()
}

/// Stores `value` under `key`, replacing what was there.
pub async fn set<T: Serialize>(
    conn: &mut SqliteConnection,
    key: &str,
    value: &T,
    now: i64,
) -> CoreResult<()> {
    sqlx::query(
        "INSERT INTO settings (key, value_json, updated_at) VALUES (?, ?, ?) \
         ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at",
    )
    .bind(key)
    .bind(encode_json(value))
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Removes `key`; true when something was removed.
pub async fn remove(conn: &mut SqliteConnection, key: &str) -> CoreResult<bool> {
    let done = sqlx::query("DELETE FROM settings WHERE key = ?")
        .bind(key)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() > 0)
}
