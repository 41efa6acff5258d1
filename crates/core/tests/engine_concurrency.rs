//! A provider's concurrency changed from the Providers settings while takes run: a raised
//! limit sends queued takes at the next tick, a lowered one lets the running takes finish and
//! sends nothing new until fewer than the new limit run.

mod engine_support;

use engine_support::*;
use reelforge_protocol::{JobConfig, ProviderSettings, TakeStatus, UpdateProviderSettingsRequest};
use std::sync::Arc;
use std::time::Duration;

fn concurrency(n: u32) -> UpdateProviderSettingsRequest {
    UpdateProviderSettingsRequest {
        provider: "alpha".into(),
        settings: ProviderSettings {
            concurrency: Some(n),
            ..ProviderSettings::default()
        },
    }
}

#[tokio::test]
async fn concurrency_changes_apply_to_a_running_engine() {
    let alpha = Arc::new(ScriptedProvider::new("alpha", 2, 0));
    // Takes stay running until the job is cancelled.
    alpha.set_polls(vec![running(50, 1_000)]);
    let h = harness(vec![alpha.clone()]).await;
    let runner = h.core.runner().clone();
    let job = configured_job(&h.core, 6, "alpha", JobConfig::default(), None).await;
    h.core.launch_job(&job).await.unwrap();

    assert_eq!(runner.tick().await.unwrap().submitted, 2);
    assert_eq!(runner.slots_in_use("alpha"), 2);

    // Lowered below what runs: nothing is stopped, nothing new is sent.
    let status = h
        .core
        .update_provider_settings(concurrency(1))
        .await
        .unwrap();
    assert_eq!(status.concurrency, 1);
    assert_eq!(runner.slots_in_use("alpha"), 2);
    for _ in 0..3 {
        h.clock.advance(Duration::from_millis(1_000));
        assert_eq!(runner.tick().await.unwrap().submitted, 0);
    }
    assert_eq!(h.count(&job, &[TakeStatus::Running]).await, 2);

    // Raised: queued takes go out at once, up to the new limit.
    h.core
        .update_provider_settings(concurrency(4))
        .await
        .unwrap();
    assert_eq!(runner.tick().await.unwrap().submitted, 2);
    assert_eq!(runner.slots_in_use("alpha"), 4);
    assert_eq!(h.count(&job, &[TakeStatus::Running]).await, 4);
    assert_eq!(h.count(&job, &[TakeStatus::Queued]).await, 2);

    // Lowered again, then everything stops: the slots come back and the limit is 1.
    h.core
        .update_provider_settings(concurrency(1))
        .await
        .unwrap();
    h.core.cancel_job(&job).await.unwrap();
    for _ in 0..5 {
        h.clock.advance(Duration::from_millis(1_000));
        runner.tick().await.unwrap();
    }
    assert_eq!(runner.slots_in_use("alpha"), 0);
    assert_eq!(runner.concurrency("alpha"), Some(1));

    // A new job runs one take at a time.
    let next = configured_job(&h.core, 3, "alpha", JobConfig::default(), None).await;
    h.core.launch_job(&next).await.unwrap();
    assert_eq!(runner.tick().await.unwrap().submitted, 1);
    assert_eq!(runner.slots_in_use("alpha"), 1);
    runner.tick().await.unwrap();
    assert_eq!(h.count(&next, &[TakeStatus::Running]).await, 1);
}
