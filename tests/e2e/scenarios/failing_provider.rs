//! A provider that fails, seen in the window: jobs on Runway (its fake server over HTTP, key in
//! the real keychain) whose first create is refused by content moderation.
//! - Without fallback, the segment shows the provider's reason; "Retry" makes a new take that
//!   succeeds.
//! - With fallback to the local provider, the segment succeeds on the local provider and the
//!   job's activity says it fell back.

use crate::harness::app::App;
use crate::harness::{Outcome, Scenario};
use crate::scenarios::common;
use crate::scenarios::runway_setup::RunwaySetup;
use reelforge_tests::fakes::{Fault, Route};
use std::time::Duration;

pub async fn run(scenario: &Scenario) -> Outcome<()> {
    let runway = RunwaySetup::start(scenario, true).await?;
    exercise(scenario, &runway).await
}

async fn exercise(scenario: &Scenario, runway: &RunwaySetup) -> Outcome<()> {
    let (env, fake) = (&runway.env, &runway.fake);
    let mut app = App::launch(scenario, env).await?;

    // Without fallback: the error on the segment, then a retry that succeeds.
    fake.arm(Route::Create, Fault::Moderation, 1);
    common::new_runway_job(&mut app, "Sans repli", 2, false).await?;
    let failed = app
        .wait_for(
            "[data-testid=segment-card][data-state=failed]",
            Duration::from_secs(120),
        )
        .await?;
    let card = format!("#{}", failed.attr("id").await?.unwrap_or_default());
    let reason = app.text(&format!("{card} .segment-failure")).await?;
    println!("  shown on {card}: {reason}");
    if !reason.to_lowercase().contains("moderat") && !reason.to_lowercase().contains("safety") {
        return Err(format!("the failure does not give the moderation reason: {reason}").into());
    }
    app.click(&format!("{card} [data-action=retry-segment]"))
        .await?;
    app.click("#retry-dialog-confirm").await?;
    app.wait_js(
        "the retried segment to leave the failed state",
        &format!("return document.querySelector('{card}').dataset.state !== 'failed'"),
        Duration::from_secs(30),
    )
    .await?;
    common::follow_progress(&mut app, Duration::from_secs(300)).await?;
    let takes = app.count(&format!("{card} [data-take-id]")).await?;
    if takes != 2 {
        return Err(format!("{card} shows {takes} takes after one retry, not 2").into());
    }

    // With fallback: the local provider makes the clip, and the activity says so.
    fake.arm(Route::Create, Fault::Moderation, 1);
    common::new_runway_job(&mut app, "Avec repli", 2, true).await?;
    common::follow_progress(&mut app, Duration::from_secs(300)).await?;
    let fallback = app
        .wait_js(
            "a fallback line in the activity",
            "return [...document.querySelectorAll('#activity-list .activity-item')]
                 .map(li => li.textContent).find(t => t.includes('fallback') && t.includes('local'))",
            Duration::from_secs(30),
        )
        .await?;
    println!("  activity: {}", fallback.as_str().unwrap_or_default());
    let creates = fake.calls(Route::Create);
    // Job 1: 2 segments + 1 retry; job 2: 2 segments, one of which fell back (no second
    // Runway create for it).
    if creates != 5 {
        return Err(format!("Runway received {creates} creates, expected 5").into());
    }
    app.close().await;
    Ok(())
}
