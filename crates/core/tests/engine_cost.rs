//! Cost tests on a manual clock with scripted providers: the estimate from descriptors,
//! launch refused above the budget cap, capability problems blocking a launch, and the job's
//! actual cost as the sum of its takes.

mod engine_support;

use engine_support::*;
use reelforge_core::CoreError;
use reelforge_core::providers::{ProviderError, TerminalReason};
use reelforge_protocol::{AspectRatio, JobConfig, JobListQuery, JobStatus, SegmentRef, TakeStatus};
use std::sync::Arc;

#[tokio::test]
async fn launch_is_refused_above_the_budget_cap() {
    // 3 segments × 5 s × $0.10 per second = $1.50.
    let alpha = Arc::new(ScriptedProvider::new("alpha", 2, 100_000));
    let h = harness(vec![alpha.clone()]).await;
    let job = configured_job(&h.core, 3, "alpha", JobConfig::default(), Some(1_000_000)).await;

    let estimate = h.core.estimate_job(&job).await.unwrap();
    assert_eq!(estimate.total_micros, 1_500_000);
    assert_eq!(estimate.segments.len(), 3);
    assert!(
        estimate
            .segments
            .iter()
            .all(|s| s.micros == 500_000 && s.problem.is_none())
    );
    assert!(!estimate.within_budget);

    let err = h.core.launch_job(&job).await.unwrap_err();
    assert!(matches!(err, CoreError::BudgetExceeded { .. }), "{err:?}");
    let message = err.to_string();
    assert!(
        message.contains("$1.50") && message.contains("$1.00"),
        "{message}"
    );
    let detail = h.job(&job).await;
    assert_eq!(detail.summary.status, JobStatus::Configured);
    assert!(detail.segments.iter().all(|s| s.takes.is_empty()));
    h.core.runner().tick().await.unwrap();
    assert_eq!(alpha.submit_count(), 0);

    // Within the cap it launches and records the estimate.
    let job = configured_job(&h.core, 3, "alpha", JobConfig::default(), Some(2_000_000)).await;
    let detail = h.core.launch_job(&job).await.unwrap();
    assert_eq!(detail.summary.status, JobStatus::Generating);
    assert_eq!(detail.summary.estimated_cost_micros, 1_500_000);
}

#[tokio::test]
async fn a_segment_its_provider_cannot_make_blocks_the_launch() {
    let beta = Arc::new(ScriptedProvider::with_ratios(
        "beta",
        1,
        0,
        vec![AspectRatio::Landscape],
    ));
    let h = harness(vec![beta.clone()]).await;
    let config = JobConfig {
        aspect_ratio: Some(AspectRatio::Portrait),
        ..JobConfig::default()
    };
    let job = configured_job(&h.core, 2, "beta", config, None).await;
    let estimate = h.core.estimate_job(&job).await.unwrap();
    assert!(
        estimate.segments[0]
            .problem
            .as_deref()
            .unwrap()
            .contains("9:16")
    );
    let err = h.core.launch_job(&job).await.unwrap_err();
    assert!(err.to_string().contains("segment 1"), "{err}");
    assert_eq!(h.job(&job).await.summary.status, JobStatus::Configured);
}

#[tokio::test]
async fn the_job_total_is_the_sum_of_its_takes() {
    let alpha = Arc::new(ScriptedProvider::new("alpha", 3, 20_000));
    alpha.push_submit(Err(ProviderError::terminal(
        TerminalReason::InvalidInput,
        "bad",
    )));
    alpha.set_polls(vec![running(40, 1_000), succeeded(Some(123_000))]);
    let h = harness(vec![alpha.clone()]).await;
    let job = configured_job(&h.core, 3, "alpha", JobConfig::default(), None).await;
    h.core.launch_job(&job).await.unwrap();
    h.run_until_settled(&job, 1_000, 100).await;
    // Retry the failed segment; this take reports no cost, so its estimate ($0.10) counts.
    alpha.set_polls(vec![succeeded(None)]);
    let failed = h
        .job(&job)
        .await
        .segments
        .iter()
        .find(|s| s.takes[0].status == TakeStatus::Failed)
        .unwrap()
        .index;
    h.core
        .retry_segment(&SegmentRef {
            job_id: job.clone(),
            index: failed,
        })
        .await
        .unwrap();
    h.run_until_settled(&job, 1_000, 100).await;

    let detail = h.job(&job).await;
    assert_eq!(detail.summary.status, JobStatus::Review);
    let takes: Vec<_> = detail.segments.iter().flat_map(|s| &s.takes).collect();
    assert_eq!(takes.len(), 4);
    let sum: i64 = takes.iter().map(|t| t.actual_cost_micros).sum();
    assert_eq!(sum, 123_000 * 2 + 100_000);
    assert_eq!(detail.summary.actual_cost_micros, sum);
    let page = h.core.list_jobs(JobListQuery::default()).await.unwrap();
    assert_eq!(page.stats.total_cost_micros, sum);
}
