//! The database file itself: its pragmas, and a fresh folder opened by the [`Core`].

use crate::support::{open, writer};
use reelforge_core::Core;

#[tokio::test]
async fn database_runs_in_wal_with_full_sync_and_foreign_keys() {
    let (_dir, db) = open().await;
    let mut conn = writer(&db).await;
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    let sync: i64 = sqlx::query_scalar("PRAGMA synchronous")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    let busy: i64 = sqlx::query_scalar("PRAGMA busy_timeout")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    assert_eq!(mode, "wal");
    assert_eq!(sync, 2, "synchronous=FULL");
    assert_eq!(fk, 1);
    assert!(busy >= 1_000);
    let mut reader = db.reader().acquire().await.unwrap();
    let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
        .fetch_one(&mut *reader)
        .await
        .unwrap();
    assert_eq!(fk, 1);
}

#[tokio::test]
async fn core_opens_on_a_fresh_folder_and_seeds_once() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("nested/data");
    let core = Core::open(&data).await.unwrap();
    assert!(data.join(reelforge_core::storage::DATABASE_FILE).is_file());
    let seeded = core.list_templates().await.unwrap();
    assert!(seeded.len() >= 3);
    core.delete_template(&seeded[0].id).await.unwrap();
    core.close().await;
    let core = Core::open(&data).await.unwrap();
    assert_eq!(
        core.list_templates().await.unwrap().len(),
        seeded.len() - 1,
        "a deleted built-in template does not come back"
    );
}
