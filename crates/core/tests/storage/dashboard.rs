//! The dashboard's queries: the page of jobs and the trigger-kept stats.

use crate::support::{job, open, segment, take, writer};
use reelforge_core::storage::{dashboard, jobs, segments, takes};
use reelforge_protocol::{
    JobConfig, JobId, JobListQuery, JobStatus, SegmentId, TakeId, TakeStatus,
};
use sqlx::SqliteConnection;

#[tokio::test]
async fn dashboard_page_filters_searches_and_counts() {
    let (_dir, db) = open().await;
    let mut conn = writer(&db).await;
    let titles = [
        "Trois astuces Python",
        "Rust in 30 seconds",
        "Café tour",
        "AI news",
        "Python again",
    ];
    for (i, title) in titles.iter().enumerate() {
        let id = format!("j{i}");
        let mut record = job(&id, title, None, 100 + i as i64);
        if i % 2 == 0 {
            record.status = JobStatus::Completed;
        }
        jobs::insert(&mut conn, &record).await.unwrap();
        segments::insert(&mut conn, &segment(&format!("s{i}"), &id, 0), 1)
            .await
            .unwrap();
    }
    // One succeeded, selected take on j4.
    takes::insert(&mut conn, &take("g4", "s4", "j4"), 1)
        .await
        .unwrap();
    takes::set_status(
        &mut conn,
        &TakeId("g4".into()),
        TakeStatus::Succeeded,
        100,
        None,
        2,
    )
    .await
    .unwrap();
    takes::set_actual_cost(&mut conn, &TakeId("g4".into()), 70_000, 2)
        .await
        .unwrap();
    segments::select_take(
        &mut conn,
        &SegmentId("s4".into()),
        Some(&TakeId("g4".into())),
        2,
    )
    .await
    .unwrap();

    let q = |status, search: &str, page, page_size| JobListQuery {
        status,
        search: (!search.is_empty()).then(|| search.to_owned()),
        page,
        page_size,
    };
    let (items, total) = dashboard::page(&mut conn, &q(None, "", 0, 2))
        .await
        .unwrap();
    assert_eq!(total, 5);
    assert_eq!(
        items.iter().map(|j| j.id.as_str()).collect::<Vec<_>>(),
        ["j4", "j3"],
        "newest first"
    );
    assert_eq!((items[0].segment_count, items[0].segments_done), (1, 1));
    assert_eq!(items[0].actual_cost_micros, 70_000);
    let (items, _) = dashboard::page(&mut conn, &q(None, "", 2, 2))
        .await
        .unwrap();
    assert_eq!(
        items.iter().map(|j| j.id.as_str()).collect::<Vec<_>>(),
        ["j0"],
        "last page"
    );
    let (items, _) = dashboard::page(&mut conn, &q(None, "", 3, 2))
        .await
        .unwrap();
    assert!(items.is_empty(), "past the end");

    // Search: case-insensitive substring of title or subject, each word must match.
    let (items, total) = dashboard::page(&mut conn, &q(None, "python", 0, 10))
        .await
        .unwrap();
    assert_eq!((total, items.len()), (2, 2));
    let (_, total) = dashboard::page(&mut conn, &q(None, "PYTH astuces", 0, 10))
        .await
        .unwrap();
    assert_eq!(total, 1);
    let (_, total) = dashboard::page(&mut conn, &q(None, "café", 0, 10))
        .await
        .unwrap();
    assert_eq!(total, 1);
    let (items, total) = dashboard::page(&mut conn, &q(None, "30", 0, 10))
        .await
        .unwrap();
    assert_eq!(
        (total, items[0].title.as_str()),
        (1, "Rust in 30 seconds"),
        "short words use LIKE"
    );
    let (_, total) = dashboard::page(&mut conn, &q(None, "ai", 0, 10))
        .await
        .unwrap();
    assert_eq!(total, 2, "`AI news` and `Python again`");
    let (_, total) = dashboard::page(&mut conn, &q(None, "50%", 0, 10))
        .await
        .unwrap();
    assert_eq!(total, 0, "wildcards are literal");
    let (_, total) = dashboard::page(&mut conn, &q(None, "\"quoted", 0, 10))
        .await
        .unwrap();
    assert_eq!(total, 0, "quotes do not break the FTS query");

    // Filter and search together.
    let (items, total) =
        dashboard::page(&mut conn, &q(Some(JobStatus::Completed), "python", 0, 10))
            .await
            .unwrap();
    assert_eq!(total, 2);
    assert!(items.iter().all(|j| j.status == JobStatus::Completed));
    let (_, total) = dashboard::page(&mut conn, &q(Some(JobStatus::Failed), "", 0, 10))
        .await
        .unwrap();
    assert_eq!(total, 0);

    // Search follows renames.
    jobs::set_details(
        &mut conn,
        &JobId("j3".into()),
        "Python news",
        "",
        &JobConfig::default(),
        None,
        200,
    )
    .await
    .unwrap();
    let (_, total) = dashboard::page(&mut conn, &q(None, "python", 0, 10))
        .await
        .unwrap();
    assert_eq!(total, 3);

    let stats = dashboard::stats(&mut conn).await.unwrap();
    assert_eq!(
        (
            stats.total_jobs,
            stats.completed,
            stats.in_progress,
            stats.failed
        ),
        (5, 3, 0, 0)
    );
    assert_eq!(stats.total_cost_micros, 70_000);
}

/// The trigger-kept stats equal a fresh aggregate over the jobs after every kind of change.
#[tokio::test]
async fn dashboard_stats_stay_equal_to_the_jobs_they_summarise() {
    let (_dir, db) = open().await;
    let mut conn = writer(&db).await;
    async fn recomputed(conn: &mut SqliteConnection) -> (u64, u64, u64, u64, i64) {
        let rows: Vec<(String, i64, i64)> = sqlx::query_as(
            "SELECT status, COUNT(*), COALESCE(SUM(actual_cost_micros), 0) FROM jobs GROUP BY status",
        )
        .fetch_all(conn)
        .await
        .unwrap();
        let mut out = (0, 0, 0, 0, 0);
        for (status, n, cost) in rows {
            let n = n as u64;
            out.0 += n;
            out.4 += cost;
            match JobStatus::parse(&status).unwrap() {
                JobStatus::Completed => out.1 += n,
                JobStatus::Failed => out.3 += n,
                s if s.is_in_progress() => out.2 += n,
                _ => {}
            }
        }
        out
    }
    async fn check(conn: &mut SqliteConnection) {
        let s = dashboard::stats(conn).await.unwrap();
        let kept = (
            s.total_jobs,
            s.completed,
            s.in_progress,
            s.failed,
            s.total_cost_micros,
        );
        assert_eq!(kept, recomputed(conn).await);
    }
    check(&mut conn).await;
    for i in 0..6 {
        jobs::insert(&mut conn, &job(&format!("j{i}"), "t", None, i))
            .await
            .unwrap();
        segments::insert(
            &mut conn,
            &segment(&format!("s{i}"), &format!("j{i}"), 0),
            i,
        )
        .await
        .unwrap();
    }
    check(&mut conn).await;
    let statuses = [
        JobStatus::Generating,
        JobStatus::Completed,
        JobStatus::Failed,
        JobStatus::Paused,
    ];
    for (i, status) in statuses.iter().enumerate() {
        jobs::set_status(&mut conn, &JobId(format!("j{i}")), *status, 10)
            .await
            .unwrap();
        check(&mut conn).await;
    }
    takes::insert(&mut conn, &take("g1", "s1", "j1"), 11)
        .await
        .unwrap();
    takes::set_actual_cost(&mut conn, &TakeId("g1".into()), 300_000, 12)
        .await
        .unwrap();
    check(&mut conn).await;
    jobs::set_status(&mut conn, &JobId("j1".into()), JobStatus::Review, 13)
        .await
        .unwrap();
    check(&mut conn).await;
    jobs::delete(&mut conn, &JobId("j1".into())).await.unwrap();
    jobs::delete(&mut conn, &JobId("j2".into())).await.unwrap();
    check(&mut conn).await;
    assert_eq!(dashboard::stats(&mut conn).await.unwrap().total_jobs, 4);
}
