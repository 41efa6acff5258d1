//! The wizard, as a creator uses it: a job from "Reels 30s Standard", six prompts, two
//! segments switched to image-to-video with a reference image dropped from the OS, generated
//! on the local provider with progress followed live to 100 %, one segment's preview played,
//! the video assembled, the final player playing, and the file checked with ffprobe.

use crate::harness::app::App;
use crate::harness::os_drop::drop_files;
use crate::harness::{Outcome, Scenario};
use crate::scenarios::common;
use std::path::Path;
use std::time::Duration;

const PROMPTS: [&str; 6] = [
    "A cat stares at a laptop full of Python code",
    "The code throws a wall of red errors",
    "A light bulb turns on above the cat",
    "The cat types a one-line list comprehension",
    "Green tests everywhere, confetti falls",
    "Follow for more Python tricks",
];

/// Segments switched to image-to-video, each given one dropped reference image.
const IMAGE_SEGMENTS: [usize; 2] = [1, 4];

pub async fn run(scenario: &Scenario) -> Outcome<()> {
    let image = scenario.dir.join("screenshot.png");
    common::make_image(&image)?;
    let mut app = App::launch(scenario, &common::local_env()).await?;

    app.click("#dashboard-new-job").await?;
    app.fill("#job-title-input", "Trois astuces Python").await?;
    app.fill("#job-subject-input", "Python tips for beginners")
        .await?;
    let template =
        common::option_value(&mut app, "#job-template-select", "Reels 30s Standard").await?;
    app.choose("#job-template-select", &template).await?;
    app.wait_js(
        "the template's structure (6 × 5 s)",
        "return document.querySelector('#structure-shape')?.textContent.includes('6 × 5')",
        Duration::from_secs(20),
    )
    .await?;
    app.click("#wizard-continue").await?;
    app.wait_for("#segment-5", Duration::from_secs(30)).await?;

    for (index, prompt) in PROMPTS.iter().enumerate() {
        app.fill(&format!("#segment-{index} .segment-texts textarea"), prompt)
            .await?;
    }
    for index in IMAGE_SEGMENTS {
        let card = format!("#segment-{index}");
        app.choose(
            &format!("{card} .segment-settings select"),
            "image_to_video",
        )
        .await?;
        // Arm the card (as clicking it does), then drop on the sidebar, away from any card:
        // the drop goes to the armed card.
        app.click(&format!("{card} .segment-number")).await?;
        app.wait_js(
            "the card to be armed",
            &format!("return document.querySelector('{card}').dataset.armed === 'true'"),
            Duration::from_secs(10),
        )
        .await?;
        drop_files(&scenario.display, &[image.as_path()], (110, 520))?;
        app.wait_js(
            &format!("the dropped image on segment {index}"),
            &format!("return document.querySelector('{card} [data-testid=drop-zone] .tag')?.textContent === '1'"),
            Duration::from_secs(30),
        )
        .await?;
    }

    app.click("#wizard-generate").await?;
    app.click("#launch-dialog-confirm").await?;
    app.wait_for("#job .job-header", Duration::from_secs(30))
        .await?;
    let job_id = common::job_id(&mut app).await?;

    // Progress is pushed by events: the page is never reloaded while it climbs to 100 %.
    app.js("window.__e2eNoReload = true; return true").await?;
    let seen = common::follow_progress(&mut app, Duration::from_secs(600)).await?;
    if app.js("return window.__e2eNoReload === true").await? != serde_json::json!(true) {
        return Err("the page reloaded while generating".into());
    }
    println!("  progress seen: {seen:?}");

    for index in IMAGE_SEGMENTS {
        let mode = app
            .js(&format!(
                "return document.querySelector('#segment-{index}').textContent"
            ))
            .await?;
        if !mode
            .as_str()
            .unwrap_or_default()
            .to_lowercase()
            .contains("image")
        {
            return Err(format!("segment {index} does not show image-to-video: {mode}").into());
        }
    }

    let player = "#segment-1 video[data-testid=player]";
    app.wait_for(player, Duration::from_secs(60)).await?;
    app.js_with(
        "document.querySelector(arguments[0]).play(); return true",
        vec![player.into()],
    )
    .await?;
    let at = app.wait_playing(player, Duration::from_secs(60)).await?;
    println!("  segment preview playing at {at:.2} s");

    app.click("#assemble").await?;
    app.wait_for("#final-player", Duration::from_secs(600))
        .await?;
    app.js("document.querySelector('#final-player').play(); return true")
        .await?;
    let at = app
        .wait_playing("#final-player", Duration::from_secs(60))
        .await?;
    println!("  final video playing at {at:.2} s");
    let path = app.text("#export-path").await?;
    let probe = common::ffprobe(Path::new(&path))?;
    println!("  {path}: {probe}");
    if !probe.contains("1080x1920") || !probe.contains("h264") || !probe.contains("aac") {
        return Err(format!("the final video is not 1080×1920 H.264 + AAC: {probe}").into());
    }
    common::expect_job_status(scenario, &job_id, "completed").await?;
    app.close().await;
    Ok(())
}
