//! SQLite storage: opening the database file and one module of queries per table. Every SQL
//! statement of the engine is here; the facade and the pipeline call these functions. The
//! modules are named for what the rows are: `takes` holds the queries on `generations` (with
//! the runner's queue in `takes::queue`), `activity` those on `job_activity`, `segments` those
//! on `segment_assets` too, and `dashboard` the dashboard's reads, which span tables (jobs,
//! their search index, `dashboard_counts`).
//!
//! The file runs in WAL mode with `synchronous=FULL` (a committed row survives a power cut),
//! foreign keys on and a busy timeout. Writes go through a pool of exactly one connection, so
//! there is one writer; reads use a separate small pool and never wait for a writer.
//! Migrations under `migrations/` are embedded at compile time and applied on open.

pub mod activity;
pub mod assets;
pub mod dashboard;
pub mod jobs;
pub mod segments;
pub mod settings;
pub mod take_media;
pub mod takes;
pub mod templates;

use crate::error::{CoreError, CoreResult};
use sqlx::migrate::Migrator;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The schema migrations, embedded from the workspace's `migrations/` folder.
pub static MIGRATOR: Migrator = sqlx::migrate!("../../migrations");

/// File name of the database inside the data directory.
pub const DATABASE_FILE: &str = "reelforge.sqlite3";

const BUSY_TIMEOUT: Duration = Duration::from_secs(10);
const READ_CONNECTIONS: u32 = 4;

/// The open database: one writer connection and a pool of readers.
#[derive(Debug, Clone)]
pub struct Db {
    write: SqlitePool,
    read: SqlitePool,
    path: PathBuf,
}

impl Db {
    /// Opens (creating if needed) the database file and applies pending migrations.
    pub async fn open(path: &Path) -> CoreResult<Self> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT);
        let write = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .acquire_timeout(BUSY_TIMEOUT * 3)
            .connect_with(options.clone())
            .await?;
        MIGRATOR.run(&write).await.map_err(|e| match e {
            sqlx::migrate::MigrateError::VersionMissing(version) => CoreError::NewerDatabase {
                path: path.display().to_string(),
                version,
            },
            other => other.into(),
        })?;
        let read = SqlitePoolOptions::new()
            .max_connections(READ_CONNECTIONS)
            .acquire_timeout(BUSY_TIMEOUT * 3)
            .connect_with(options)
            .await?;
        Ok(Self {
            write,
            read,
            path: path.to_owned(),
        })
    }

    /// The pool to write through (one connection: the one writer).
    pub fn writer(&self) -> &SqlitePool {
        &self.write
    }

    /// The pool to read from (by convention: nothing writes through it).
    pub fn reader(&self) -> &SqlitePool {
        &self.read
    }

    /// Where the database file is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Closes both pools, waiting for connections to finish.
    pub async fn close(&self) {
        self.read.close().await;
        self.write.close().await;
    }
}

/// Reads an enum stored as its wire name, failing loudly on anything unknown.
pub(crate) fn parse_stored<T>(
    column: &str,
    value: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> CoreResult<T> {
    parse(value)
        .ok_or_else(|| CoreError::Corrupt(format!("{column} holds unknown value `{value}`")))
}

/// Decodes a JSON column.
pub(crate) fn decode_json<T: serde::de::DeserializeOwned>(
    column: &str,
    value: &str,
) -> CoreResult<T> {
    serde_json::from_str(value).map_err(|e| CoreError::Corrupt(format!("{column}: {e}")))
}

/// Encodes a value for a JSON column.
pub(crate) fn encode_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("engine types always serialise to JSON")
}

/// A fresh id.
pub(crate) fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

#[cfg(test)]
mod tests {
    use crate::error::CoreError;
    use reelforge_protocol::ErrorCode;

    /// A database that cannot grow (SQLite's `max_page_count`) fails as a full disk does.
    #[tokio::test]
    async fn a_full_database_is_disk_full_and_a_duplicate_a_conflict() {
        use sqlx::Connection;
        let mut conn = sqlx::SqliteConnection::connect("sqlite::memory:")
            .await
            .unwrap();
        sqlx::query("CREATE TABLE t (id INTEGER PRIMARY KEY, blob BLOB)")
            .execute(&mut conn)
            .await
            .unwrap();
        sqlx::query("INSERT INTO t (id, blob) VALUES (1, x'00')")
            .execute(&mut conn)
            .await
            .unwrap();
        let duplicate = sqlx::query("INSERT INTO t (id, blob) VALUES (1, x'00')")
            .execute(&mut conn)
            .await
            .unwrap_err();
        assert_eq!(CoreError::from(duplicate).code(), ErrorCode::Conflict);

        // The limit cannot go below the current size: 1 means "no more pages".
        sqlx::query("PRAGMA max_page_count = 1")
            .execute(&mut conn)
            .await
            .unwrap();
        let full = sqlx::query("INSERT INTO t (id, blob) VALUES (2, zeroblob(1000000))")
            .execute(&mut conn)
            .await
            .unwrap_err();
        let err = CoreError::from(full);
        assert_eq!(err.code(), ErrorCode::DiskFull, "{err}");
    }
}
