//! Engine control and recovery on a manual clock: pause/resume, cancel a job or a segment,
//! manual retry, the per-take deadline, ambiguous creates, and restart recovery with the
//! person's decision about `submit_unknown` takes.

mod engine_support;

use engine_support::*;
use reelforge_core::Core;
use reelforge_core::providers::ProviderError;
use reelforge_protocol::{
    DecideRequest, JobConfig, JobStatus, SegmentRef, SubmitUnknownDecision, TakeStatus,
};
use std::sync::Arc;
use std::time::Duration;

fn segment(job: &reelforge_protocol::JobId, index: u32) -> SegmentRef {
    SegmentRef {
        job_id: job.clone(),
        index,
    }
}

#[tokio::test]
async fn pause_holds_queued_takes_and_resume_releases_them() {
    let alpha = Arc::new(ScriptedProvider::new("alpha", 1, 0));
    let h = harness(vec![alpha.clone()]).await;
    let job = configured_job(&h.core, 3, "alpha", JobConfig::default(), None).await;
    h.core.launch_job(&job).await.unwrap();
    h.core.runner().tick().await.unwrap();
    assert_eq!(alpha.submit_count(), 1);

    let paused = h.core.pause_job(&job).await.unwrap();
    assert_eq!(paused.summary.status, JobStatus::Paused);
    for _ in 0..30 {
        h.clock.advance(Duration::from_secs(1));
        h.core.runner().tick().await.unwrap();
    }
    // The take already sent finished; nothing new was sent while paused.
    assert_eq!(alpha.submit_count(), 1);
    assert_eq!(h.count(&job, &[TakeStatus::Succeeded]).await, 1);
    assert_eq!(h.count(&job, &[TakeStatus::Queued]).await, 2);
    assert_eq!(h.job(&job).await.summary.status, JobStatus::Paused);
    assert!(h.core.pause_job(&job).await.is_err(), "already paused");

    let resumed = h.core.resume_job(&job).await.unwrap();
    assert_eq!(resumed.summary.status, JobStatus::Generating);
    h.run_until_settled(&job, 1_000, 200).await;
    assert_eq!(alpha.submit_count(), 3);
    assert_eq!(h.job(&job).await.summary.status, JobStatus::Review);
}

#[tokio::test]
async fn cancelling_a_job_cancels_its_takes_and_the_provider_side() {
    let alpha = Arc::new(ScriptedProvider::new("alpha", 2, 0));
    alpha.set_polls(vec![running(10, 1_000)]);
    let h = harness(vec![alpha.clone()]).await;
    let job = configured_job(&h.core, 3, "alpha", JobConfig::default(), None).await;
    h.core.launch_job(&job).await.unwrap();
    h.core.runner().tick().await.unwrap();
    assert_eq!(h.count(&job, &[TakeStatus::Running]).await, 2);

    let detail = h.core.cancel_job(&job).await.unwrap();
    assert_eq!(detail.summary.status, JobStatus::Cancelled);
    assert_eq!(h.count(&job, &[TakeStatus::Cancelled]).await, 3);
    let report = h.core.runner().tick().await.unwrap();
    assert_eq!(report.remote_cancels, 2);
    let mut cancels = alpha.cancels();
    cancels.sort();
    assert_eq!(cancels, vec!["alpha-1", "alpha-2"]);
    for _ in 0..10 {
        h.clock.advance(Duration::from_secs(5));
        let report = h.core.runner().tick().await.unwrap();
        assert_eq!(
            (report.submitted, report.polled, report.remote_cancels),
            (0, 0, 0)
        );
    }
    assert_eq!(alpha.submit_count(), 2);
    assert_eq!(h.core.runner().slots_in_use("alpha"), 0, "slots released");
}

#[tokio::test]
async fn a_cancelled_segment_can_be_retried_with_a_new_take() {
    let alpha = Arc::new(ScriptedProvider::new("alpha", 2, 0));
    let h = harness(vec![alpha.clone()]).await;
    let job = configured_job(&h.core, 2, "alpha", JobConfig::default(), None).await;
    h.core.launch_job(&job).await.unwrap();
    h.core.runner().tick().await.unwrap();

    h.core.cancel_segment(&segment(&job, 0)).await.unwrap();
    assert!(
        h.core.cancel_segment(&segment(&job, 0)).await.is_err(),
        "nothing left to cancel"
    );
    h.run_until_settled(&job, 1_000, 100).await;
    let detail = h.job(&job).await;
    assert_eq!(
        detail.summary.status,
        JobStatus::Failed,
        "segment 1 never succeeded"
    );
    assert_eq!(take_statuses(&detail)[0], vec![TakeStatus::Cancelled]);
    assert_eq!(alpha.cancels().len(), 1);

    let retried = h.core.retry_segment(&segment(&job, 0)).await.unwrap();
    assert_eq!(retried.summary.status, JobStatus::Generating);
    assert!(
        h.core.retry_segment(&segment(&job, 0)).await.is_err(),
        "already under way"
    );
    h.run_until_settled(&job, 1_000, 100).await;
    let detail = h.job(&job).await;
    assert_eq!(detail.summary.status, JobStatus::Review);
    let seg = &detail.segments[0];
    assert_eq!(seg.takes.len(), 2);
    let succeeded = seg
        .takes
        .iter()
        .find(|t| t.status == TakeStatus::Succeeded)
        .unwrap();
    assert_eq!(seg.selected_take.as_ref(), Some(&succeeded.id));
    assert_eq!(alpha.submit_count(), 3);
}

#[tokio::test]
async fn a_take_cancelled_while_its_create_call_is_in_flight_is_cancelled_at_the_provider() {
    let alpha = Arc::new(ScriptedProvider::new("alpha", 1, 0));
    let gate = alpha.hold_submits();
    let h = harness(vec![alpha.clone()]).await;
    let job = configured_job(&h.core, 1, "alpha", JobConfig::default(), None).await;
    h.core.launch_job(&job).await.unwrap();
    let runner = h.core.runner().clone();
    let tick = tokio::spawn(async move { runner.tick().await });
    for _ in 0..1_000_000 {
        if alpha.submit_count() == 1 {
            break;
        }
        tokio::task::yield_now().await;
    }
    assert_eq!(alpha.submit_count(), 1, "the create call is in flight");
    assert_eq!(
        h.count(&job, &[TakeStatus::Submitting]).await,
        1,
        "intent committed first"
    );

    h.core.cancel_job(&job).await.unwrap();
    gate.add_permits(1);
    tick.await.unwrap().unwrap();
    let take = h.job(&job).await.segments[0].takes[0].clone();
    assert_eq!(take.status, TakeStatus::Cancelled);
    assert_eq!(take.remote_id.as_deref(), Some("alpha-1"), "its id is kept");
    assert_eq!(h.core.runner().tick().await.unwrap().remote_cancels, 1);
    assert_eq!(alpha.cancels(), vec!["alpha-1"]);
    assert_eq!(
        h.core.runner().tick().await.unwrap().remote_cancels,
        0,
        "sent once"
    );
}

#[tokio::test]
async fn a_take_past_its_deadline_fails_and_is_cancelled_at_the_provider() {
    let alpha = Arc::new(ScriptedProvider::new("alpha", 1, 0));
    alpha.set_polls(vec![running(5, 10_000)]);
    let h = harness(vec![alpha.clone()]).await;
    let job = configured_job(&h.core, 1, "alpha", JobConfig::default(), None).await;
    h.core.launch_job(&job).await.unwrap();
    // Descriptor deadline: 300 s.
    let ticks = h.run_until_settled(&job, 10_000, 100).await;
    assert!(ticks < 100);
    let detail = h.job(&job).await;
    let take = &detail.segments[0].takes[0];
    assert_eq!(take.status, TakeStatus::Failed);
    assert_eq!(take.error_code.map(|c| c.as_str()), Some("timed_out"));
    assert_eq!(alpha.cancels(), vec!["alpha-1"]);
    assert_eq!(detail.summary.status, JobStatus::Failed);
}

#[tokio::test]
async fn downloads_retry_then_fail_without_paying_for_a_new_take() {
    let alpha = Arc::new(ScriptedProvider::new("alpha", 1, 0));
    alpha.fail_fetches(3);
    let h = harness(vec![alpha.clone()]).await;
    let job = configured_job(&h.core, 2, "alpha", JobConfig::default(), None).await;
    h.core.launch_job(&job).await.unwrap();
    // The first take's download fails three times, then works.
    h.run_until_settled(&job, 5_000, 200).await;
    assert_eq!(h.job(&job).await.summary.status, JobStatus::Review);

    alpha.fail_fetches(1_000);
    h.core.retry_segment(&segment(&job, 0)).await.unwrap();
    h.run_until_settled(&job, 5_000, 400).await;
    let detail = h.job(&job).await;
    let failed = detail.segments[0]
        .takes
        .iter()
        .find(|t| t.status == TakeStatus::Failed)
        .unwrap();
    assert_eq!(
        failed.error_code.map(|c| c.as_str()),
        Some("download_failed")
    );
    assert_eq!(alpha.submit_count(), 3, "no automatic new take");
    // The earlier success stays selected, so the job is back in review.
    assert_eq!(detail.summary.status, JobStatus::Review);
    let parts = h.partial_files();
    assert_eq!(parts, 0);
}

#[tokio::test]
async fn an_ambiguous_create_is_never_sent_again_by_itself() {
    let alpha = Arc::new(ScriptedProvider::new("alpha", 1, 0));
    alpha.push_submit(Err(ProviderError::ambiguous_submit(
        "connection reset after sending",
    )));
    let h = harness(vec![alpha.clone()]).await;
    let job = configured_job(&h.core, 1, "alpha", JobConfig::default(), None).await;
    h.core.launch_job(&job).await.unwrap();
    for _ in 0..20 {
        h.core.runner().tick().await.unwrap();
        h.clock.advance(Duration::from_secs(60));
    }
    assert_eq!(alpha.submit_count(), 1);
    let detail = h.job(&job).await;
    let take = &detail.segments[0].takes[0];
    assert_eq!(take.status, TakeStatus::SubmitUnknown);
    assert!(take.error_message.as_deref().unwrap().contains("resubmit"));
    assert_eq!(
        detail.summary.status,
        JobStatus::Generating,
        "waits for the person"
    );
}

async fn reopen(dir: &std::path::Path, providers: Vec<Arc<ScriptedProvider>>) -> Harness2 {
    let clock = Arc::new(reelforge_core::pipeline::clock::ManualClock::new(
        START_MS + 60_000,
    ));
    let core = Core::open_with(dir, setup(&providers, clock.clone()))
        .await
        .unwrap();
    Harness2 { core, clock }
}

struct Harness2 {
    core: Core,
    clock: Arc<reelforge_core::pipeline::clock::ManualClock>,
}

/// The state a kill leaves between the intent commit and the provider's answer.
async fn kill_between_send_and_commit(core: &Core, job: &reelforge_protocol::JobId) {
    sqlx::query(
        "UPDATE generations SET status = 'submitting' WHERE job_id = ? AND status = 'queued'",
    )
    .bind(job.as_str())
    .execute(core.db().writer())
    .await
    .unwrap();
}

#[tokio::test]
async fn restart_resumes_sent_takes_and_waits_for_a_decision_on_intents() {
    let alpha = Arc::new(ScriptedProvider::new("alpha", 2, 0));
    let h = harness(vec![alpha.clone()]).await;
    let job = configured_job(&h.core, 3, "alpha", JobConfig::default(), None).await;
    h.core.launch_job(&job).await.unwrap();
    h.core.runner().tick().await.unwrap();
    assert_eq!(h.count(&job, &[TakeStatus::Running]).await, 2);
    kill_between_send_and_commit(&h.core, &job).await;
    h.core.close().await;
    drop(h.core);
    // A download the kill interrupted.
    let takes_dir = h.dir.path().join("library/takes");
    std::fs::create_dir_all(&takes_dir).unwrap();
    std::fs::write(takes_dir.join("interrupted.mp4.part"), "half").unwrap();

    let r = reopen(h.dir.path(), vec![alpha.clone()]).await;
    let report = r.core.runner().recover().await.unwrap();
    assert_eq!(
        (
            report.resumed,
            report.submit_unknown,
            report.partial_files_removed
        ),
        (2, 1, 1)
    );
    assert!(!takes_dir.join("interrupted.mp4.part").exists());
    for _ in 0..60 {
        r.core.runner().tick().await.unwrap();
        r.clock.advance(Duration::from_secs(1));
    }
    let detail = r.core.get_job(&job).await.unwrap();
    assert_eq!(alpha.submit_count(), 2, "nothing re-sent on its own");
    assert_eq!(
        detail.summary.status,
        JobStatus::Generating,
        "waits for the decision"
    );
    let unknown: Vec<_> = detail
        .segments
        .iter()
        .filter(|s| s.takes[0].status == TakeStatus::SubmitUnknown)
        .collect();
    assert_eq!(unknown.len(), 1);
    let why = unknown[0].takes[0].error_message.as_deref().unwrap();
    assert!(why.contains("may already be generating"), "{why}");
    assert!(detail.activity.iter().any(|a| a.kind == "submit_unknown"));

    let decide = DecideRequest {
        segment: segment(&job, unknown[0].index),
        decision: SubmitUnknownDecision::Resubmit,
        take_id: None,
    };
    r.core.decide_submit_unknown(&decide).await.unwrap();
    assert!(
        r.core.decide_submit_unknown(&decide).await.is_err(),
        "decided once"
    );
    for _ in 0..60 {
        r.core.runner().tick().await.unwrap();
        r.clock.advance(Duration::from_secs(1));
    }
    let detail = r.core.get_job(&job).await.unwrap();
    assert_eq!(alpha.submit_count(), 3, "sent again only on the decision");
    assert_eq!(detail.summary.status, JobStatus::Review);
}

#[tokio::test]
async fn abandoning_a_submit_unknown_take_fails_the_segment_without_sending() {
    let alpha = Arc::new(ScriptedProvider::new("alpha", 1, 0));
    let h = harness(vec![alpha.clone()]).await;
    let job = configured_job(&h.core, 1, "alpha", JobConfig::default(), None).await;
    h.core.launch_job(&job).await.unwrap();
    kill_between_send_and_commit(&h.core, &job).await;
    h.core.close().await;
    drop(h.core);

    let r = reopen(h.dir.path(), vec![alpha.clone()]).await;
    assert_eq!(r.core.runner().recover().await.unwrap().submit_unknown, 1);
    let detail = r
        .core
        .decide_submit_unknown(&DecideRequest {
            segment: segment(&job, 0),
            decision: SubmitUnknownDecision::Abandon,
            take_id: None,
        })
        .await
        .unwrap();
    assert_eq!(detail.summary.status, JobStatus::Failed);
    assert_eq!(detail.segments[0].takes[0].status, TakeStatus::Cancelled);
    assert_eq!(
        detail.segments[0].takes[0].error_code.map(|c| c.as_str()),
        Some("abandoned")
    );
    r.core.runner().tick().await.unwrap();
    assert_eq!(alpha.submit_count(), 0);
}

#[tokio::test]
async fn the_run_loop_generates_in_the_background_on_the_manual_clock() {
    let alpha = Arc::new(ScriptedProvider::new("alpha", 2, 0));
    let h = harness(vec![alpha.clone()]).await;
    let job = configured_job(&h.core, 2, "alpha", JobConfig::default(), None).await;
    let shutdown = tokio_util::sync::CancellationToken::new();
    let handle = h.core.runner().spawn(shutdown.clone());
    let mut events = h.core.subscribe();
    h.core.launch_job(&job).await.unwrap();
    // Move the clock on whenever the loop has been quiet for a moment, until review.
    let mut reviewed = false;
    for _ in 0..2_000 {
        match tokio::time::timeout(Duration::from_millis(20), events.recv()).await {
            Ok(Some(reelforge_protocol::EngineEvent::JobUpdated {
                status: JobStatus::Review,
                ..
            })) => {
                reviewed = true;
                break;
            }
            Ok(Some(_)) => {}
            Ok(None) => panic!("engine gone"),
            Err(_) => h.clock.advance(Duration::from_millis(500)),
        }
    }
    assert!(reviewed, "the background loop never finished the job");
    shutdown.cancel();
    handle.await.unwrap().unwrap();
    assert_eq!(alpha.submit_count(), 2);
}
