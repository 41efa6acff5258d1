//! Quick mode straight through, offline: a subject becomes a script (the offline writer), the
//! script a job, the job six clips on the local provider and then the final video, without
//! another click; the final player plays and the file passes ffprobe.

use crate::harness::app::App;
use crate::harness::{Outcome, Scenario};
use crate::scenarios::common;
use std::path::Path;
use std::time::Duration;

pub async fn run(scenario: &Scenario) -> Outcome<()> {
    let mut app = App::launch(scenario, &common::local_env()).await?;
    app.click("#dashboard-quick").await?;
    app.fill("#quick-subject", "3 astuces Python").await?;
    app.click("#quick-straight").await?;
    app.click("#quick-submit").await?;
    common::confirm_launch_if_asked(&mut app).await?;
    app.wait_for("#job .job-header", Duration::from_secs(60))
        .await?;
    let job_id = common::job_id(&mut app).await?;
    let seen = common::follow_progress(&mut app, Duration::from_secs(600)).await?;
    println!("  progress seen: {} steps to 100 %", seen.len());
    // Assembly starts by itself once every segment is ready.
    app.wait_for("#final-player", Duration::from_secs(600))
        .await?;
    app.js("document.querySelector('#final-player').play(); return true")
        .await?;
    app.wait_playing("#final-player", Duration::from_secs(60))
        .await?;
    let path = app.text("#export-path").await?;
    let probe = common::ffprobe(Path::new(&path))?;
    println!("  {path}: {probe}");
    if !probe.contains("h264") || !probe.contains("aac") {
        return Err(format!("the final video lacks H.264 video or AAC audio: {probe}").into());
    }
    let srt = Path::new(&path).with_extension("srt");
    let captions = std::fs::read_to_string(&srt)
        .map_err(|error| format!("no captions beside the video ({}): {error}", srt.display()))?;
    if captions.matches("-->").count() < 6 {
        return Err(format!("fewer than six caption cues in {}", srt.display()).into());
    }
    common::expect_job_status(scenario, &job_id, "completed").await?;
    app.close().await;
    Ok(())
}
