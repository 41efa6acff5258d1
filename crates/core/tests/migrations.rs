//! Schema migrations: they apply on an empty file, re-applying is a no-op, a database made by
//! an older schema opens with today's, and one made by a newer version is refused clearly.

use reelforge_core::storage::{DATABASE_FILE, Db, MIGRATOR};
use reelforge_core::{Core, CoreError};
use reelforge_protocol::{ActivityEntry, CreateJobRequest, JobConfig, JobListQuery};
use sqlx::SqlitePool;
use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use std::path::{Path, PathBuf};

fn migrations_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations")
}

async fn raw_pool(path: &Path) -> SqlitePool {
    let opts = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true);
    SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(opts)
        .await
        .unwrap()
}

async fn applied_versions(pool: &SqlitePool) -> Vec<i64> {
    sqlx::query_scalar("SELECT version FROM _sqlx_migrations ORDER BY version")
        .fetch_all(pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn migrations_apply_on_an_empty_database_and_are_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.sqlite3");
    let db = Db::open(&path).await.unwrap();
    let expected: Vec<i64> = MIGRATOR.iter().map(|m| m.version).collect();
    assert!(!expected.is_empty());
    assert_eq!(applied_versions(db.writer()).await, expected);
    let tables: Vec<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .fetch_all(db.writer())
            .await
            .unwrap();
    for table in [
        "assets",
        "generations",
        "job_activity",
        "jobs",
        "segments",
        "settings",
        "templates",
    ] {
        assert!(tables.iter().any(|t| t == table), "missing table {table}");
    }
    db.close().await;

    // Opening again, and running the migrator again, changes nothing.
    let db = Db::open(&path).await.unwrap();
    MIGRATOR.run(db.writer()).await.unwrap();
    assert_eq!(applied_versions(db.writer()).await, expected);
}

/// Copies today's migrations into `dest`, keeping only the first `keep`.
fn copy_migrations(dest: &Path, keep: usize) {
    std::fs::create_dir_all(dest).unwrap();
    let mut files: Vec<_> = std::fs::read_dir(migrations_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "sql"))
        .collect();
    files.sort();
    for file in files.into_iter().take(keep) {
        std::fs::copy(&file, dest.join(file.file_name().unwrap())).unwrap();
    }
}

#[tokio::test]
async fn a_database_from_every_older_schema_opens_with_todays() {
    let total = MIGRATOR.iter().count();
    for keep in 1..=total {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join(format!("schema-{keep}"));
        copy_migrations(&old, keep);
        let data = dir.path().join("data");
        std::fs::create_dir_all(&data).unwrap();
        let pool = raw_pool(&data.join(DATABASE_FILE)).await;
        Migrator::new(old.as_path())
            .await
            .unwrap()
            .run(&pool)
            .await
            .unwrap();
        // Rows written by the older version, with the columns it had.
        sqlx::query(
            "INSERT INTO jobs (id, title, subject, config_json, status, created_at, updated_at) \
             VALUES ('old-job', 'Made by an older version', '', '{}', 'draft', 1, 1)",
        )
        .execute(&pool)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO segments (id, job_id, idx, mode, provider, duration_s, created_at, updated_at) \
             VALUES ('old-seg', 'old-job', 0, 'text_to_video', 'local', 5, 1, 1)",
        )
        .execute(&pool)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO job_activity (job_id, at, kind, message) \
             VALUES ('old-job', 1, 'created', 'Created from scratch with 1 segments')",
        )
        .execute(&pool)
        .await
        .unwrap();
        pool.close().await;

        let core = Core::open(&data).await.unwrap();
        let page = core.list_jobs(JobListQuery::default()).await.unwrap();
        assert_eq!(page.items.len(), 1);
        assert_eq!(page.items[0].title, "Made by an older version");
        let detail = core.get_job(&page.items[0].id).await.unwrap();
        assert_eq!(detail.segments.len(), 1);
        // A line logged before entries were structured still shows, as its stored text.
        let legacy = ActivityEntry::Legacy {
            kind: "created".into(),
            message: "Created from scratch with 1 segments".into(),
        };
        assert_eq!(
            detail.activity.iter().map(|a| &a.entry).collect::<Vec<_>>(),
            [&legacy]
        );
        assert_eq!(applied_versions(core.db().writer()).await.len(), total);
    }
}

#[tokio::test]
async fn a_later_migration_applies_over_a_database_made_today() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let core = Core::open(&data).await.unwrap();
    let job = core
        .create_job(CreateJobRequest {
            title: "Kept across upgrades".into(),
            subject: String::new(),
            template_id: core
                .list_templates()
                .await
                .unwrap()
                .into_iter()
                .find(|t| t.input.name == "Reels 30s Standard")
                .map(|t| t.id),
            segment_count: None,
            config: JobConfig::default(),
            budget_cap_micros: None,
        })
        .await
        .unwrap();
    core.close().await;

    // Tomorrow's schema: today's migrations plus one more.
    let next = dir.path().join("next");
    copy_migrations(&next, usize::MAX);
    std::fs::write(
        next.join("29990101000000_future.sql"),
        "ALTER TABLE jobs ADD COLUMN future_flag INTEGER NOT NULL DEFAULT 0;",
    )
    .unwrap();
    let pool = raw_pool(&data.join(DATABASE_FILE)).await;
    Migrator::new(next.as_path())
        .await
        .unwrap()
        .run(&pool)
        .await
        .unwrap();
    let (title, flag): (String, i64) =
        sqlx::query_as("SELECT title, future_flag FROM jobs WHERE id = ?")
            .bind(job.summary.id.as_str())
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!((title.as_str(), flag), ("Kept across upgrades", 0));
    let segments: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM segments")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(segments, 6);
    pool.close().await;

    // Today's version refuses that newer database with a clear message, touching nothing.
    let err = Core::open(&data).await.unwrap_err();
    assert!(
        matches!(
            err,
            CoreError::NewerDatabase {
                version: 29990101000000,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("newer version of Reelforge"));
}
