//! Queries on `job_activity`.

use crate::support::{open, seed_job, writer};
use reelforge_core::storage::activity;
use reelforge_protocol::{ActivityEntry, JobId};

#[tokio::test]
async fn activity_is_kept_in_order() {
    let (_dir, db) = open().await;
    let mut conn = writer(&db).await;
    seed_job(&mut conn).await;
    let id = JobId("j1".into());
    let (first, second) = (ActivityEntry::Paused, ActivityEntry::Resumed);
    activity::append(&mut conn, &id, 5, &first).await.unwrap();
    activity::append(&mut conn, &id, 5, &second).await.unwrap();
    let log = activity::list(&mut conn, &id).await.unwrap();
    let read: Vec<_> = log
        .iter()
        .map(|a| (a.kind.as_str(), a.message.as_str()))
        .collect();
    assert_eq!(
        read,
        [
            ("paused", "Paused: no new take is sent"),
            ("generating", "Resumed")
        ]
    );
    assert_eq!(log[0].entry, first);
    assert_eq!(log[1].entry, second);
    assert!(
        activity::append(&mut conn, &JobId("x".into()), 1, &first)
            .await
            .is_err()
    );
}
