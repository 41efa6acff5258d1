//! Chaining is durable: a job launched with "chain all" whose process stops before anything
//! is sent keeps its chained segments waiting in the database; reopened on the same folder,
//! the engine generates each segment exactly once (one create call each at the fake Runway),
//! in order, each chained take starting from the previous segment's selected take.
//! Cancelling the job ends the wait: nothing follows by itself.

#[path = "chain_support/mod.rs"]
mod chain_support;

use chain_support::{job, open, reviewed, rig, selected};
use reelforge_tests::fakes::Route;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn waiting_chained_segments_survive_a_restart_and_are_paid_once() {
    let rig = rig().await;
    let id = job(&rig.core, "runway", "gen4.5").await;
    // Launched with no engine running: segment 1 is queued, 2 and 3 wait.
    rig.core.launch_job(&id).await.unwrap();
    let status = rig.core.chain_status(&id).await.unwrap();
    assert!(status.segments[1].waiting && status.segments[2].waiting);
    let queued = rig.core.get_job(&id).await.unwrap();
    let takes: Vec<usize> = queued.segments.iter().map(|s| s.takes.len()).collect();
    assert_eq!(
        takes,
        [1, 0, 0],
        "nothing is queued (or paid) for a waiting segment"
    );
    rig.core.close().await;
    drop(rig.core);

    let core = open(rig.dir.path(), &rig.runway).await;
    let shutdown = tokio_util::sync::CancellationToken::new();
    let mut events = core.subscribe();
    let engine = core
        .start_engine(shutdown.clone(), reelforge_core::LockWait::Refuse)
        .unwrap();
    reviewed(&mut events, &core, &id).await;
    shutdown.cancel();
    engine.await.unwrap().unwrap();

    assert_eq!(rig.runway.calls(Route::Create), 3, "one create per segment");
    let status = core.chain_status(&id).await.unwrap();
    assert_eq!(
        status.segments[1].from_take,
        Some(selected(&core, &id, 0).await)
    );
    assert_eq!(
        status.segments[2].from_take,
        Some(selected(&core, &id, 1).await)
    );
    assert!(
        status.segments.iter().all(|s| !s.waiting && !s.stale),
        "{status:?}"
    );
    let detail = core.get_job(&id).await.unwrap();
    assert!(detail.segments.iter().all(|s| s.takes.len() == 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelling_the_job_stops_the_wait() {
    let rig = rig().await;
    let id = job(&rig.core, "runway", "gen4.5").await;
    rig.core.launch_job(&id).await.unwrap();
    assert!(rig.core.chain_status(&id).await.unwrap().segments[2].waiting);
    rig.core.cancel_job(&id).await.unwrap();
    let status = rig.core.chain_status(&id).await.unwrap();
    assert!(status.segments.iter().all(|s| !s.waiting), "{status:?}");
    assert_eq!(rig.runway.calls(Route::Create), 0);
}
