//! Queries on `jobs`.

use crate::support::{open, seed_job, take, writer};
use reelforge_core::storage::{activity, jobs, takes};
use reelforge_protocol::{ActivityEntry, JobConfig, JobId, JobStatus};

#[tokio::test]
async fn jobs_insert_get_set_touch_delete() {
    let (_dir, db) = open().await;
    let mut conn = writer(&db).await;
    seed_job(&mut conn).await;
    let id = JobId("j1".into());
    let got = jobs::get(&mut conn, &id).await.unwrap();
    assert_eq!(got.title, "Three Python tips");
    assert_eq!(got.actual_cost_micros, 0, "cost only comes from takes");
    assert_eq!(got.budget_cap_micros, Some(5_000_000));

    jobs::set_status(&mut conn, &id, JobStatus::Configured, 2_000)
        .await
        .unwrap();
    let overrides = JobConfig {
        provider: Some("luma".into()),
        ..JobConfig::default()
    };
    jobs::set_details(
        &mut conn,
        &id,
        "New title",
        "New subject",
        &overrides,
        None,
        3_000,
    )
    .await
    .unwrap();
    jobs::set_estimated_cost(&mut conn, &id, 1_234, 4_000)
        .await
        .unwrap();
    let got = jobs::get(&mut conn, &id).await.unwrap();
    assert_eq!(got.status, JobStatus::Configured);
    assert_eq!(
        (got.title.as_str(), got.subject.as_str()),
        ("New title", "New subject")
    );
    assert_eq!(got.overrides, overrides);
    assert_eq!(got.budget_cap_micros, None);
    assert_eq!(got.estimated_cost_micros, 1_234);
    assert_eq!(got.updated_at, 4_000);
    jobs::touch(&mut conn, &id, 5_000).await.unwrap();
    assert_eq!(jobs::get(&mut conn, &id).await.unwrap().updated_at, 5_000);

    let missing = JobId("missing".into());
    assert!(
        jobs::set_status(&mut conn, &missing, JobStatus::Draft, 1)
            .await
            .is_err()
    );
    assert!(jobs::touch(&mut conn, &missing, 1).await.is_err());

    // Deleting cascades to segments, takes and the activity log.
    takes::insert(&mut conn, &take("g1", "s0", "j1"), 6_000)
        .await
        .unwrap();
    activity::append(&mut conn, &id, 6_000, &ActivityEntry::Paused)
        .await
        .unwrap();
    jobs::delete(&mut conn, &id).await.unwrap();
    assert!(jobs::get(&mut conn, &id).await.is_err());
    for table in ["segments", "generations", "job_activity"] {
        let sql = format!("SELECT COUNT(*) FROM {table}");
        let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        assert_eq!(n, 0, "{table} rows left after delete");
    }
    assert!(jobs::delete(&mut conn, &id).await.is_err());
}
