//! Queries on `generations`: the takes and the runner's queue.

use crate::support::{open, seed_job, take, writer};
use reelforge_core::storage::takes::queue;
use reelforge_core::storage::{jobs, takes};
use reelforge_protocol::{JobId, TakeId, TakeStatus};

#[tokio::test]
async fn takes_insert_update_and_job_cost_is_their_sum() {
    let (_dir, db) = open().await;
    let mut conn = writer(&db).await;
    seed_job(&mut conn).await;
    let job_id = JobId("j1".into());
    takes::insert(&mut conn, &take("g1", "s0", "j1"), 10)
        .await
        .unwrap();
    takes::insert(&mut conn, &take("g2", "s1", "j1"), 11)
        .await
        .unwrap();
    let g1 = TakeId("g1".into());
    let got = takes::get(&mut conn, &g1).await.unwrap();
    assert_eq!(got.status, TakeStatus::Queued);
    assert_eq!(got.estimated_cost_micros, 100);
    assert_eq!(got.remote_id, None);

    // The runner records the provider's id with the take's deadline and first poll time.
    queue::record_sent(&mut conn, &g1, "remote-123", 12, 10_000, 20)
        .await
        .unwrap();
    let got = takes::get(&mut conn, &g1).await.unwrap();
    assert_eq!(
        (got.remote_id.as_deref(), got.status),
        (Some("remote-123"), TakeStatus::Running)
    );

    takes::set_status(&mut conn, &g1, TakeStatus::Running, 150, None, 13)
        .await
        .unwrap();
    assert_eq!(
        takes::get(&mut conn, &g1).await.unwrap().progress,
        100,
        "clamped"
    );
    takes::set_status(
        &mut conn,
        &g1,
        TakeStatus::Failed,
        40,
        Some(("moderation", "refused")),
        14,
    )
    .await
    .unwrap();
    let got = takes::get(&mut conn, &g1).await.unwrap();
    assert_eq!(got.status, TakeStatus::Failed);
    assert_eq!(got.error_code.map(|c| c.as_str()), Some("moderation"));
    assert_eq!(got.error_message.as_deref(), Some("refused"));
    takes::set_output_path(&mut conn, &g1, "library/takes/g1.mp4", 15)
        .await
        .unwrap();

    takes::set_actual_cost(&mut conn, &g1, 250_000, 16)
        .await
        .unwrap();
    takes::set_actual_cost(&mut conn, &TakeId("g2".into()), 100_000, 17)
        .await
        .unwrap();
    assert_eq!(
        jobs::get(&mut conn, &job_id)
            .await
            .unwrap()
            .actual_cost_micros,
        350_000
    );
    takes::set_actual_cost(&mut conn, &g1, 200_000, 18)
        .await
        .unwrap();
    assert_eq!(
        jobs::get(&mut conn, &job_id)
            .await
            .unwrap()
            .actual_cost_micros,
        300_000
    );
    sqlx::query("DELETE FROM generations WHERE id = 'g2'")
        .execute(&mut *conn)
        .await
        .unwrap();
    assert_eq!(
        jobs::get(&mut conn, &job_id)
            .await
            .unwrap()
            .actual_cost_micros,
        200_000
    );

    let all = takes::list_for_job(&mut conn, &job_id).await.unwrap();
    assert_eq!(all.len(), 1);
    assert!(
        takes::set_status(
            &mut conn,
            &TakeId("x".into()),
            TakeStatus::Failed,
            0,
            None,
            1
        )
        .await
        .is_err()
    );
    assert!(
        queue::record_sent(&mut conn, &TakeId("x".into()), "r", 1, 2, 3)
            .await
            .is_err()
    );
    assert!(
        takes::set_actual_cost(&mut conn, &TakeId("x".into()), 1, 1)
            .await
            .is_err()
    );
    assert!(
        takes::set_output_path(&mut conn, &TakeId("x".into()), "p", 1)
            .await
            .is_err()
    );
    // A take of an unknown segment is refused.
    assert!(
        takes::insert(&mut conn, &take("g9", "nope", "j1"), 1)
            .await
            .is_err()
    );
}
