//! Engine tests of the tick's batched writes: every intent of a tick is committed before
//! its first create call, and a provider's id is committed as soon as its call returns,
//! without waiting for slower create calls of the same tick. Also: the run loop acts again at
//! once after a tick that did something, so work already due never waits for the idle wake.

mod engine_support;

use engine_support::*;
use reelforge_protocol::{JobConfig, JobStatus, TakeStatus};
use std::sync::Arc;
use std::time::Duration;

/// Yields to the runner until `done` holds (no clock involved); false if it never does.
async fn eventually(mut done: impl AsyncFnMut() -> bool) -> bool {
    for _ in 0..100_000 {
        if done().await {
            return true;
        }
        tokio::task::yield_now().await;
    }
    false
}

#[tokio::test]
async fn intents_are_committed_before_any_create_call_and_ids_as_soon_as_they_return() {
    let alpha = Arc::new(ScriptedProvider::new("alpha", 3, 0));
    let gate = alpha.hold_submits();
    let h = harness(vec![alpha.clone()]).await;
    let job = configured_job(&h.core, 3, "alpha", JobConfig::default(), None).await;
    h.core.launch_job(&job).await.unwrap();
    let runner = h.core.runner().clone();
    let tick = tokio::spawn(async move { runner.tick().await });

    assert!(eventually(async || alpha.submit_count() >= 1).await);
    assert_eq!(
        h.count(&job, &[TakeStatus::Submitting]).await,
        3,
        "every intent of the tick is durable before the first create call"
    );
    assert!(eventually(async || alpha.submit_count() == 3).await);

    gate.add_permits(1);
    assert!(
        eventually(async || h.count(&job, &[TakeStatus::Running]).await == 1).await,
        "the first id is committed while the other calls are still in flight"
    );
    assert_eq!(h.count(&job, &[TakeStatus::Submitting]).await, 2);

    gate.add_permits(2);
    let report = tick.await.unwrap().unwrap();
    assert_eq!(report.submitted, 3);
    assert_eq!(h.count(&job, &[TakeStatus::Running]).await, 3);
    assert_eq!(alpha.submit_count(), 3, "each take sent once");
}

#[tokio::test]
async fn the_run_loop_sends_a_waiting_take_as_soon_as_a_slot_frees_up() {
    let alpha = Arc::new(ScriptedProvider::new("alpha", 1, 0));
    alpha.set_polls(vec![succeeded(None)]);
    alpha.push_submit(Ok(Some(Duration::ZERO)));
    alpha.push_submit(Ok(Some(Duration::ZERO)));
    let h = harness(vec![alpha.clone()]).await;
    let job = configured_job(&h.core, 2, "alpha", JobConfig::default(), None).await;
    let shutdown = tokio_util::sync::CancellationToken::new();
    let handle = h.core.runner().spawn(shutdown.clone());
    h.core.launch_job(&job).await.unwrap();

    // The clock never moves: every step is due at once, one slot serves both segments, and
    // nothing may wait for the loop's idle wake.
    let reviewed = eventually(async || h.job(&job).await.summary.status == JobStatus::Review).await;
    shutdown.cancel();
    handle.await.unwrap().unwrap();
    assert!(reviewed, "the second take waited for the idle wake");
    assert_eq!(alpha.submit_count(), 2);
}
