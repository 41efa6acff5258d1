//! SQLite storage: opening the database file and one module of queries per table. Every SQL
//! statement of the engine is here; the facade and the pipeline call these functions. The
//! modules are named for what the rows are: `takes` holds the queries on `generations` (with
//! the runner's queue in `takes::queue`), `activity` those on `job_activity`, `segments` those
//! on `segment_assets` too, and `dashboard` the dashboard's reads, which span tables (jobs,
//! their search index, `dashboard_counts`).
//!
//! The file runs in WAL mode with `synchronous=FULL` (a committed row survives a power cut),
//! foreign keys on and a busy timeout. Writes go through a pool of exactly one connection, so
//! there is one writer per process; reads use a separate small pool and never wait for a writer.
//!
//! Several processes may share a data folder (the app and CLIs), each with its own writer, so
//! every write transaction starts with [`Db::begin_write`]: `BEGIN IMMEDIATE` takes SQLite's
//! write lock before the first statement, waiting up to [`BUSY_TIMEOUT`] while another process
//! holds it. A deferred `BEGIN` would take the lock only at its first write; if another process
//! wrote in between, SQLite cannot upgrade the transaction and fails at once with "database is
//! locked", whatever the busy timeout. The writer pool itself is reachable only from tests.
//! Migrations under `migrations/` are embedded at compile time and applied on open.

pub mod activity;
pub mod assets;
pub mod chain;
pub mod bulk_selection;
pub mod dashboard;
pub mod job_references;
pub mod jobs;
pub mod segment_focus;
pub mod segments;
pub mod settings;
pub mod storyboard;
pub mod take_media;
pub mod takes;
pub mod templates;

use crate::error::{CoreError, CoreResult};
use sqlx::migrate::Migrator;
use sqlx::sqlite::{
    Sqlite, SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions,
    SqliteSynchronous,
};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The schema migrations, embedded from the workspace's `migrations/` folder.
pub static MIGRATOR: Migrator = sqlx::migrate!("../../migrations");

/// File name of the database inside the data directory.
pub const DATABASE_FILE: &str = "reelforge.sqlite3";

/// Longest a statement (a write transaction's `BEGIN IMMEDIATE` above all) waits for
/// another connection or process to release the database before failing.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// How every write transaction starts: with the write lock taken (see the module's docs).
const BEGIN_WRITE: &str = "BEGIN IMMEDIATE";

/// A write transaction on the writer connection; it rolls back unless committed.
pub type WriteTx = sqlx::Transaction<'static, Sqlite>;
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

    /// Starts a write transaction on the one writer, holding SQLite's write lock from its
    /// first statement: the one way the engine writes. While another process writes, it waits
    /// (up to [`BUSY_TIMEOUT`]) rather than failing.
    pub async fn begin_write(&self) -> CoreResult<WriteTx> {
        Ok(self.write.begin_with(BEGIN_WRITE).await?)
    }

    /// The writer pool, for tests that fill or inspect the database with their own SQL. The
    /// engine writes through [`Db::begin_write`] only; without tests this does not exist.
    #[cfg(any(test, feature = "test-support"))]
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
    use super::Db;
    use crate::error::CoreError;
    use reelforge_protocol::ErrorCode;
    use sqlx::Connection;

    /// A write transaction holds the write lock from its start, before any write: another
    /// connection that will not wait cannot begin writing meanwhile, and can once it commits.
    #[tokio::test]
    async fn a_write_transaction_holds_the_write_lock_from_its_start() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lock.sqlite3");
        let db = Db::open(&path).await.unwrap();
        let impatient = || async {
            let options = sqlx::sqlite::SqliteConnectOptions::new()
                .filename(&path)
                .busy_timeout(std::time::Duration::ZERO);
            let mut conn = sqlx::SqliteConnection::connect_with(&options).await.unwrap();
            let started = sqlx::query("BEGIN IMMEDIATE").execute(&mut conn).await;
            started.map(|_| ()).map_err(CoreError::from)
        };

        let mut tx = db.begin_write().await.unwrap();
        sqlx::query("SELECT COUNT(*) FROM jobs")
            .fetch_one(&mut *tx)
            .await
            .unwrap();
        let refused = impatient().await.unwrap_err();
        assert!(refused.to_string().contains("locked"), "{refused}");
        tx.commit().await.unwrap();
        impatient().await.unwrap();
    }

    /// Two engines on one file (as two processes are) each read a value and write it back
    /// increased, at once: neither fails and neither update is lost.
    #[tokio::test]
    async fn two_writers_on_one_file_read_then_write_without_failing_or_losing_updates() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("shared.sqlite3");
        let first = Db::open(&path).await.unwrap();
        let second = Db::open(&path).await.unwrap();
        sqlx::query("CREATE TABLE counter (n INTEGER NOT NULL); INSERT INTO counter VALUES (0)")
            .execute(first.writer())
            .await
            .unwrap();
        let increment = |db: Db| async move {
            for _ in 0..50 {
                let mut tx = db.begin_write().await?;
                let n: i64 = sqlx::query_scalar("SELECT n FROM counter")
                    .fetch_one(&mut *tx)
                    .await?;
                tokio::task::yield_now().await;
                sqlx::query("UPDATE counter SET n = ?")
                    .bind(n + 1)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
            }
            Ok::<_, CoreError>(())
        };
        let (a, b) = tokio::join!(
            tokio::spawn(increment(first.clone())),
            tokio::spawn(increment(second.clone()))
        );
        a.unwrap().unwrap();
        b.unwrap().unwrap();
        let n: i64 = sqlx::query_scalar("SELECT n FROM counter")
            .fetch_one(first.reader())
            .await
            .unwrap();
        assert_eq!(n, 100);
    }

    /// A database that cannot grow (SQLite's `max_page_count`) fails as a full disk does.
    #[tokio::test]
    async fn a_full_database_is_disk_full_and_a_duplicate_a_conflict() {
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
