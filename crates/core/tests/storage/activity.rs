//! Queries on `job_activity`.

use crate::support::{open, seed_job, writer};
use reelforge_core::storage::activity;
use reelforge_protocol::JobId;

#[tokio::test]
async fn activity_is_kept_in_order() {
    let (_dir, db) = open().await;
    let mut conn = writer(&db).await;
    seed_job(&mut conn).await;
    let id = JobId("j1".into());
    activity::append(&mut conn, &id, 5, "created", "first")
        .await
        .unwrap();
    activity::append(&mut conn, &id, 5, "configured", "second")
        .await
        .unwrap();
    let log = activity::list(&mut conn, &id).await.unwrap();
    assert_eq!(
        log.iter().map(|a| a.message.as_str()).collect::<Vec<_>>(),
        ["first", "second"]
    );
    assert!(
        activity::append(&mut conn, &JobId("x".into()), 1, "k", "m")
            .await
            .is_err()
    );
}
