//! Engine tests on a manual clock with scripted providers: parallelism within the
//! concurrency limit, throttled progress, retry with backoff, terminal failure, and fallback
//! with capability filtering.

mod engine_support;

use engine_support::*;
use reelforge_core::providers::{PollOutcome, ProviderError, TerminalReason};
use reelforge_protocol::{
    AspectRatio, EngineEvent, JobConfig, JobStatus, TakeErrorCode, TakeStatus,
};
use std::sync::Arc;
use std::time::Duration;

#[tokio::test]
async fn generates_in_parallel_up_to_the_concurrency_limit() {
    let alpha = Arc::new(ScriptedProvider::new("alpha", 2, 0));
    let h = harness(vec![alpha.clone()]).await;
    let job = configured_job(&h.core, 5, "alpha", JobConfig::default(), None).await;
    h.core.launch_job(&job).await.unwrap();

    let report = h.core.runner().tick().await.unwrap();
    assert_eq!(report.submitted, 2, "only two slots");
    assert_eq!(h.count(&job, &[TakeStatus::Running]).await, 2);
    assert_eq!(h.count(&job, &[TakeStatus::Queued]).await, 3);
    assert_eq!(h.core.runner().slots_in_use("alpha"), 2);

    let mut most_at_once = 0;
    for _ in 0..200 {
        h.clock.advance(Duration::from_millis(500));
        h.core.runner().tick().await.unwrap();
        let sent = h
            .count(
                &job,
                &[
                    TakeStatus::Submitting,
                    TakeStatus::Running,
                    TakeStatus::Downloading,
                ],
            )
            .await;
        most_at_once = most_at_once.max(sent);
        assert!(sent <= 2, "{sent} takes at the provider at once");
        if h.job(&job).await.summary.status != JobStatus::Generating {
            break;
        }
    }
    assert_eq!(most_at_once, 2);
    let detail = h.job(&job).await;
    assert_eq!(detail.summary.status, JobStatus::Review);
    assert_eq!(detail.summary.segments_done, 5);
    assert_eq!(alpha.submit_count(), 5);
    for seg in &detail.segments {
        let take = &seg.takes[0];
        assert_eq!(seg.selected_take.as_ref(), Some(&take.id));
        let file = h.dir.path().join(format!("library/takes/{}.mp4", take.id));
        assert!(std::fs::metadata(&file).unwrap().len() > 0, "{file:?}");
    }
    let leftovers = h.partial_files();
    assert_eq!(leftovers, 0, "no partial file stays in the library");
    assert!(detail.activity.iter().any(|a| a.kind == "review"));
}

#[tokio::test]
async fn progress_events_are_throttled_to_250_ms_and_one_percent() {
    let alpha = Arc::new(ScriptedProvider::new("alpha", 1, 0));
    let mut polls: Vec<PollStep> = (10..20).map(|p| running(p, 100)).collect();
    polls.push(succeeded(None));
    alpha.set_polls(polls);
    alpha.push_submit(Ok(Some(Duration::from_millis(100))));
    let h = harness(vec![alpha.clone()]).await;
    let job = configured_job(&h.core, 1, "alpha", JobConfig::default(), None).await;
    let mut events = h.core.subscribe();
    h.core.launch_job(&job).await.unwrap();
    h.run_until_settled(&job, 100, 50).await;

    let all = events.drain();
    let progress: Vec<u8> = all
        .iter()
        .filter_map(|e| match e {
            EngineEvent::Progress { progress, .. } => Some(*progress),
            _ => None,
        })
        .collect();
    assert_eq!(alpha.poll_calls(), 11);
    // Polled every 100 ms at 10, 11, …, 19 %: sent at most every 250 ms.
    assert_eq!(progress, vec![10, 13, 16, 19]);
    assert!(all.contains(&EngineEvent::JobUpdated {
        job_id: job.clone(),
        status: JobStatus::Review
    }));
    let statuses: Vec<TakeStatus> = all
        .iter()
        .filter_map(|e| match e {
            EngineEvent::SegmentUpdated { status, .. } => Some(*status),
            _ => None,
        })
        .collect();
    assert_eq!(
        statuses,
        vec![
            TakeStatus::Queued,
            TakeStatus::Submitting,
            TakeStatus::Running,
            TakeStatus::Downloading,
            TakeStatus::Succeeded
        ]
    );
}

#[tokio::test]
async fn transient_failures_retry_with_backoff_and_retry_after() {
    let alpha = Arc::new(ScriptedProvider::new("alpha", 1, 0));
    alpha.push_submit(Err(ProviderError::transient(
        TakeErrorCode::RateLimited,
        "slow down",
    )
    .with_retry_after(Duration::from_secs(10))));
    alpha.push_submit(Err(ProviderError::transient(
        TakeErrorCode::ServerError,
        "503",
    )));
    let h = harness(vec![alpha.clone()]).await;
    let job = configured_job(&h.core, 1, "alpha", JobConfig::default(), None).await;
    h.core.launch_job(&job).await.unwrap();
    let runner = h.core.runner();

    runner.tick().await.unwrap();
    assert_eq!(alpha.submit_count(), 1);
    h.clock.advance(Duration::from_millis(9_999));
    assert_eq!(
        runner.tick().await.unwrap().submitted,
        0,
        "Retry-After is honoured"
    );
    h.clock.advance(Duration::from_millis(1));
    assert_eq!(runner.tick().await.unwrap().submitted, 1);
    assert_eq!(alpha.submit_count(), 2);
    // Second retry: exponential backoff, jittered within [2 s, 4 s].
    h.clock.advance(Duration::from_millis(1_999));
    assert_eq!(runner.tick().await.unwrap().submitted, 0);
    h.clock.advance(Duration::from_millis(2_001));
    assert_eq!(runner.tick().await.unwrap().submitted, 1);

    h.run_until_settled(&job, 500, 100).await;
    let detail = h.job(&job).await;
    assert_eq!(detail.summary.status, JobStatus::Review);
    // Takes made in the same millisecond have no defined order: compare as sorted lists.
    let mut outcomes: Vec<(TakeStatus, Option<&str>)> = detail.segments[0]
        .takes
        .iter()
        .map(|t| (t.status, t.error_code.map(|c| c.as_str())))
        .collect();
    outcomes.sort_by_key(|(s, c)| (s.as_str(), *c));
    assert_eq!(
        outcomes,
        vec![
            (TakeStatus::Failed, Some("rate_limited")),
            (TakeStatus::Failed, Some("server_error")),
            (TakeStatus::Succeeded, None),
        ]
    );
    assert!(
        detail
            .activity
            .iter()
            .any(|a| a.message.contains("retry 1 of 3"))
    );
}

#[tokio::test]
async fn transient_retries_stop_at_the_limit() {
    let alpha = Arc::new(ScriptedProvider::new("alpha", 1, 0));
    for _ in 0..10 {
        alpha.push_submit(Err(ProviderError::transient(
            TakeErrorCode::ServerError,
            "503",
        )));
    }
    let h = harness(vec![alpha.clone()]).await;
    let job = configured_job(&h.core, 1, "alpha", JobConfig::default(), None).await;
    h.core.launch_job(&job).await.unwrap();
    h.run_until_settled(&job, 1_000, 500).await;
    let detail = h.job(&job).await;
    assert_eq!(alpha.submit_count(), 4, "one try and three retries");
    assert_eq!(take_statuses(&detail)[0], vec![TakeStatus::Failed; 4]);
    assert_eq!(detail.summary.status, JobStatus::Failed);
}

#[tokio::test]
async fn terminal_failures_stop_with_the_providers_reason() {
    let alpha = Arc::new(ScriptedProvider::new("alpha", 2, 0));
    alpha.push_submit(Err(ProviderError::terminal(
        TerminalReason::Moderation,
        "the prompt was rejected by moderation",
    )));
    alpha.set_polls(vec![Ok(PollOutcome::Failed(ProviderError::terminal(
        TerminalReason::InsufficientCredits,
        "not enough credits",
    )))]);
    let h = harness(vec![alpha.clone()]).await;
    let job = configured_job(&h.core, 2, "alpha", JobConfig::default(), None).await;
    h.core.launch_job(&job).await.unwrap();
    h.run_until_settled(&job, 1_000, 100).await;

    let detail = h.job(&job).await;
    assert_eq!(alpha.submit_count(), 2, "no retry after a terminal error");
    assert_eq!(detail.summary.status, JobStatus::Failed);
    // Both segments are sent in the same tick, in no set order.
    let mut failures: Vec<(Option<&str>, Option<&str>)> = detail
        .segments
        .iter()
        .map(|s| {
            (
                s.takes[0].error_code.map(|c| c.as_str()),
                s.takes[0].error_message.as_deref(),
            )
        })
        .collect();
    failures.sort();
    assert_eq!(
        failures,
        vec![
            (Some("insufficient_credits"), Some("not enough credits")),
            (
                Some("moderation"),
                Some("the prompt was rejected by moderation")
            ),
        ]
    );
    assert!(
        detail
            .activity
            .iter()
            .any(|a| a.message.contains("not enough credits"))
    );
}

#[tokio::test]
async fn fallback_skips_incapable_providers_and_is_logged() {
    let alpha = Arc::new(ScriptedProvider::new("alpha", 1, 0));
    let beta = Arc::new(ScriptedProvider::with_ratios(
        "beta",
        1,
        0,
        vec![AspectRatio::Landscape],
    ));
    let gamma = Arc::new(ScriptedProvider::new("gamma", 1, 0));
    for _ in 0..2 {
        alpha.push_submit(Err(ProviderError::terminal(
            TerminalReason::BadKey,
            "invalid API key",
        )));
    }
    let h = harness(vec![alpha.clone(), beta.clone(), gamma.clone()]).await;
    let chain = JobConfig {
        aspect_ratio: Some(AspectRatio::Portrait),
        fallback_providers: Some(vec!["beta".into(), "gamma".into()]),
        allow_fallback: Some(true),
        ..JobConfig::default()
    };
    let job = configured_job(&h.core, 1, "alpha", chain.clone(), None).await;
    h.core.launch_job(&job).await.unwrap();
    h.run_until_settled(&job, 1_000, 100).await;

    let detail = h.job(&job).await;
    assert_eq!(detail.summary.status, JobStatus::Review);
    let mut outcomes: Vec<(&str, TakeStatus)> = detail.segments[0]
        .takes
        .iter()
        .map(|t| (t.provider.as_str(), t.status))
        .collect();
    outcomes.sort_by_key(|(p, _)| *p);
    assert_eq!(
        outcomes,
        vec![
            ("alpha", TakeStatus::Failed),
            ("gamma", TakeStatus::Succeeded)
        ]
    );
    assert_eq!(beta.submit_count(), 0, "beta cannot do 9:16");
    assert_eq!(gamma.submit_count(), 1);
    assert_eq!(gamma.requests()[0].model, "gamma-v1");
    let log: Vec<&str> = detail.activity.iter().map(|a| a.message.as_str()).collect();
    assert!(
        log.iter()
            .any(|m| m.contains("skipped fallback beta") && m.contains("9:16")),
        "{log:?}"
    );
    assert!(
        log.iter().any(|m| m.contains("switching to gamma")),
        "{log:?}"
    );

    // The same chain without permission to fall back: the segment just fails.
    let strict = JobConfig {
        allow_fallback: Some(false),
        ..chain
    };
    let job = configured_job(&h.core, 1, "alpha", strict, None).await;
    h.core.launch_job(&job).await.unwrap();
    h.run_until_settled(&job, 1_000, 100).await;
    let detail = h.job(&job).await;
    assert_eq!(detail.summary.status, JobStatus::Failed);
    assert_eq!(detail.segments[0].takes.len(), 1);
    assert_eq!(gamma.submit_count(), 1);
}

/// Refuses every output, as ffprobe would a corrupt file.
#[derive(Debug)]
struct RejectEverything;

#[async_trait::async_trait]
impl reelforge_core::pipeline::output_check::OutputCheck for RejectEverything {
    async fn check(
        &self,
        _file: &std::path::Path,
        _request: &reelforge_core::providers::GenerationRequest,
    ) -> Result<(), String> {
        Err("it has no video stream".into())
    }
}

#[tokio::test]
async fn an_output_failing_the_check_never_enters_the_library() {
    let alpha = Arc::new(ScriptedProvider::new("alpha", 1, 0));
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(reelforge_core::pipeline::clock::ManualClock::new(START_MS));
    let mut engine = setup(std::slice::from_ref(&alpha), clock.clone());
    engine.output_check = Arc::new(RejectEverything);
    let core = reelforge_core::Core::open_with(dir.path(), engine)
        .await
        .unwrap();
    let h = Harness { dir, core, clock };
    let job = configured_job(&h.core, 1, "alpha", JobConfig::default(), None).await;
    h.core.launch_job(&job).await.unwrap();
    h.run_until_settled(&job, 1_000, 100).await;

    let detail = h.job(&job).await;
    let take = &detail.segments[0].takes[0];
    assert_eq!(take.status, TakeStatus::Failed);
    assert_eq!(take.error_code.map(|c| c.as_str()), Some("output_invalid"));
    assert_eq!(
        take.error_message.as_deref(),
        Some("it has no video stream")
    );
    assert_eq!(
        alpha.submit_count(),
        1,
        "a bad output is not paid for again by itself"
    );
    let files = std::fs::read_dir(h.dir.path().join("library/takes"))
        .unwrap()
        .count();
    assert_eq!(files, 0, "neither the file nor its .part stays");
}

#[tokio::test]
async fn polls_back_off_without_a_hint_and_honour_retry_after_on_errors() {
    let alpha = Arc::new(ScriptedProvider::new("alpha", 1, 0));
    let no_hint = || {
        Ok(PollOutcome::Running {
            progress: Some(10),
            poll_after: None,
        })
    };
    alpha.set_polls(vec![
        no_hint(),
        Err(ProviderError::transient(TakeErrorCode::RateLimited, "429")
            .with_retry_after(Duration::from_secs(20))),
        succeeded(None),
    ]);
    let h = harness(vec![alpha.clone()]).await;
    let job = configured_job(&h.core, 1, "alpha", JobConfig::default(), None).await;
    h.core.launch_job(&job).await.unwrap();
    let runner = h.core.runner();
    let polls_after = |ms: u64| {
        h.clock.advance(Duration::from_millis(ms));
        async { runner.tick().await.unwrap().polled }
    };
    assert_eq!(polls_after(0).await, 0, "sent, not polled yet");
    // First poll: backoff 2 s jittered into [1 s, 2 s].
    assert_eq!(polls_after(999).await, 0);
    assert_eq!(polls_after(1_001).await, 1);
    // No hint again: the next wait doubles, within [2 s, 4 s].
    assert_eq!(polls_after(1_999).await, 0);
    assert_eq!(polls_after(2_001).await, 1);
    // That poll failed with Retry-After: 20 s, longer than the backoff.
    assert_eq!(polls_after(19_999).await, 0);
    assert_eq!(polls_after(1).await, 1);
    let detail = h.job(&job).await;
    assert_eq!(detail.summary.status, JobStatus::Review);
    assert_eq!(alpha.poll_calls(), 3, "a failed poll never fails the take");
}
