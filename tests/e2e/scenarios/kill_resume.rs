//! A crash in the middle of a generation: a three-segment job on Runway (fake server over
//! HTTP, key in the real keychain) is launched from the window; once every segment's create
//! has been answered and recorded, and while the clips are still being made, the app process
//! is SIGKILLed. Started again on the same data directory, it resumes the job by itself: the
//! page shows it reaching 100 %, and the fake saw exactly one create per segment.

use crate::harness::app::App;
use crate::harness::{Outcome, Scenario};
use crate::scenarios::common;
use crate::scenarios::runway_setup::RunwaySetup;
use reelforge_tests::fakes::{Fault, Route};
use std::time::{Duration, Instant};

const SEGMENTS: u32 = 3;

pub async fn run(scenario: &Scenario) -> Outcome<()> {
    let runway = RunwaySetup::start(scenario, true).await?;
    exercise(scenario, &runway).await
}

async fn exercise(scenario: &Scenario, runway: &RunwaySetup) -> Outcome<()> {
    let (env, fake) = (&runway.env, &runway.fake);
    // Slow status answers keep the clips "in the making" long enough to kill in between.
    fake.arm(Route::Poll, Fault::Slow { millis: 1_500 }, 8);
    let mut app = App::launch(scenario, env).await?;
    common::new_runway_job(&mut app, "Coupure de courant", SEGMENTS, false).await?;
    let job_id = common::job_id(&mut app).await?;

    let started = Instant::now();
    loop {
        let recorded = common::query_count(
            scenario,
            "SELECT COUNT(*) FROM generations WHERE job_id = ? AND remote_id IS NOT NULL",
            &job_id,
        )
        .await?;
        if recorded == i64::from(SEGMENTS) {
            break;
        }
        if started.elapsed() > Duration::from_secs(120) {
            return Err(format!("only {recorded} creates recorded after 120 s").into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let unfinished = common::query_count(
        scenario,
        "SELECT COUNT(*) FROM generations WHERE job_id = ? AND status <> 'succeeded'",
        &job_id,
    )
    .await?;
    if unfinished == 0 {
        return Err("every clip finished before the kill: nothing to resume".into());
    }
    app.kill().await?;
    println!("  killed with {unfinished} of {SEGMENTS} takes unfinished");

    let mut app = App::launch(scenario, env).await?;
    app.click(&format!(
        "[data-testid=job-row][data-job-id='{job_id}'] a.row-link"
    ))
    .await?;
    app.wait_for("#job .job-header", Duration::from_secs(30))
        .await?;
    common::follow_progress(&mut app, Duration::from_secs(300)).await?;
    let creates = fake.calls(Route::Create);
    let takes = common::query_count(
        scenario,
        "SELECT COUNT(*) FROM generations WHERE job_id = ?",
        &job_id,
    )
    .await?;
    println!("  after resuming: {creates} creates at the fake, {takes} takes");
    if creates != u64::from(SEGMENTS) || takes != i64::from(SEGMENTS) {
        return Err(format!(
            "expected {SEGMENTS} creates and takes, got {creates} creates and {takes} takes"
        )
        .into());
    }
    app.close().await;
    Ok(())
}
