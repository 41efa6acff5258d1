//! Voice & captions in the real window: a two-segment job in the wizard, its narration
//! written in French, the offline French voice chosen and heard (the sample's `<audio>` gets
//! a WAV from the preview server that the webview decodes), karaoke captions chosen, each
//! segment's voice measured against its clip; generated on the local provider; on the job
//! screen the stored choice is shown and a caption frame is drawn on the real take; then
//! assembled, and the final video's caption band differs at two word times while the `.ass`
//! beside it is in the chosen style.

use crate::harness::app::App;
use crate::harness::{Outcome, Scenario};
use crate::scenarios::common;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

const NARRATIONS: [&str; 2] = [
    "Astuce numéro un : utilisez pathlib.",
    "Astuce numéro deux : les compréhensions de liste.",
];

fn narration_field(index: usize) -> String {
    format!("#segment-{index} .segment-texts .form-field:nth-child(2) textarea")
}

pub async fn run(scenario: &Scenario) -> Outcome<()> {
    let mut app = App::launch(scenario, &common::local_env()).await?;
    app.click("#dashboard-new-job").await?;
    app.fill("#job-title-input", "Deux astuces Python").await?;
    app.fill("#job-segment-count", "2").await?;
    app.choose("#override-provider", "local").await?;
    app.click("#wizard-continue").await?;
    app.wait_for("#segment-1", Duration::from_secs(30)).await?;
    for (index, narration) in NARRATIONS.iter().enumerate() {
        app.fill(
            &format!("#segment-{index} .segment-texts textarea"),
            "Python code on a laptop screen",
        )
        .await?;
        app.fill(&narration_field(index), narration).await?;
    }

    // The French voice of the offline provider, said to be robotic, heard in the window.
    app.wait_for("#voice-panel", Duration::from_secs(20))
        .await?;
    app.choose("#voice-language", "fr").await?;
    let provider = app
        .js("return document.querySelector('#voice-provider').selectedOptions[0].textContent")
        .await?;
    if !provider.as_str().unwrap_or_default().contains("robotic") {
        return Err(format!("the offline voice is not said to be robotic: {provider}").into());
    }
    app.wait_js(
        "a French voice to be offered",
        "return document.querySelector('#voice-voice')?.value?.startsWith('fr') || null",
        Duration::from_secs(10),
    )
    .await?;
    app.click("#voice-listen").await?;
    let heard = app
        .wait_js(
            "the sample to load in its <audio>",
            "const a = document.querySelector('#voice-sample');
             if (!a) return null;
             if (a.error) return 'error ' + a.error.code;
             return (a.readyState >= 1 && a.duration > 0.5) ? a.currentSrc + ' ' + a.duration : null;",
            Duration::from_secs(60),
        )
        .await?;
    let heard = heard.as_str().unwrap_or_default().to_owned();
    println!("  sample heard: {heard}");
    if !heard.contains("/narration/") {
        return Err(format!("the sample did not play from the preview server: {heard}").into());
    }
    app.choose("#voice-caption-style", "karaoke").await?;
    app.click("#voice-measure").await?;
    app.wait_for(
        "#voice-length-1 .voice-length-figure",
        Duration::from_secs(60),
    )
    .await?;
    for index in 0..NARRATIONS.len() {
        let figure = app
            .text(&format!("#voice-length-{index} .voice-length-figure"))
            .await?;
        println!("  segment {}: {figure}", index + 1);
        if !figure.contains("clip 5 s") {
            return Err(format!("segment {index} shows no voice/clip figure: {figure}").into());
        }
    }

    common::shot(&mut app, "#voice-panel", "voice-wizard").await?;
    app.click("#wizard-generate").await?;
    app.click("#launch-dialog-confirm").await?;
    app.wait_for("#job .job-header", Duration::from_secs(30))
        .await?;
    let job_id = common::job_id(&mut app).await?;
    common::follow_progress(&mut app, Duration::from_secs(600)).await?;

    // The job screen starts from the stored choice, and draws it on the real take.
    app.wait_js(
        "the stored caption style on the job screen",
        "return document.querySelector('#voice-caption-style')?.value === 'karaoke' || null",
        Duration::from_secs(30),
    )
    .await?;
    app.wait_for(
        "#caption-preview-draw:not([disabled])",
        Duration::from_secs(60),
    )
    .await?;
    app.click("#caption-preview-draw").await?;
    let frame = app
        .wait_js(
            "the caption frame drawn on the take",
            "const i = document.querySelector('#caption-preview-frame');
             return (i && i.complete && i.naturalWidth > 0) ? i.naturalWidth + 'x' + i.naturalHeight : null;",
            Duration::from_secs(60),
        )
        .await?;
    println!("  caption frame: {frame}");
    common::shot(&mut app, "#voice-panel", "voice-job").await?;
    if frame != serde_json::json!("1080x1920") {
        return Err(format!("the caption frame is not the job's 9:16 frame: {frame}").into());
    }

    app.click("#assemble").await?;
    app.wait_for("#final-player", Duration::from_secs(600))
        .await?;
    let path = app.text("#export-path").await?;
    let video = Path::new(&path);
    let ass = std::fs::read_to_string(video.with_extension("ass"))?;
    if !ass.contains("Style: karaoke,") {
        return Err("the .ass beside the video is not in the karaoke style".into());
    }
    let times = word_times(&std::fs::read_to_string(video.with_extension("srt"))?);
    // Two successive word cues of the first segment.
    let (Some(first), Some(later)) = (times.first(), times.get(1)) else {
        return Err(format!("fewer than two caption cues: {times:?}").into());
    };
    let (a, b) = (caption_band(video, *first)?, caption_band(video, *later)?);
    let differing = a
        .iter()
        .zip(&b)
        .filter(|(x, y)| x.abs_diff(**y) > 40)
        .count();
    println!("  caption band at {first:.2} s and {later:.2} s: {differing} pixels differ");
    if differing < 200 {
        return Err("the burned captions do not change between two word times".into());
    }
    common::expect_job_status(scenario, &job_id, "completed").await?;
    app.close().await;
    Ok(())
}

/// The middle of each cue of an `.srt`, in seconds.
fn word_times(srt: &str) -> Vec<f64> {
    let seconds = |t: &str| -> Option<f64> {
        let (hms, ms) = t.trim().split_once(',')?;
        let mut parts = hms.split(':').map(|p| p.parse::<f64>().ok());
        let (h, m, s) = (parts.next()??, parts.next()??, parts.next()??);
        Some(h * 3600.0 + m * 60.0 + s + ms.parse::<f64>().ok()? / 1000.0)
    };
    srt.lines()
        .filter_map(|line| line.split_once(" --> "))
        .filter_map(|(from, to)| Some((seconds(from)? + seconds(to)?) / 2.0))
        .collect()
}

/// The lower half of the frame at `at` seconds, as grey pixels at a quarter of its size.
fn caption_band(video: &Path, at: f64) -> Outcome<Vec<u8>> {
    let output = Command::new("ffmpeg")
        .args(["-v", "error", "-ss", &format!("{at:.3}"), "-i"])
        .arg(video)
        .args([
            "-frames:v",
            "1",
            "-vf",
            "crop=iw:ih/2:0:ih/2,scale=iw/4:ih/4,format=gray",
            "-f",
            "rawvideo",
            "-",
        ])
        .output()?;
    if !output.status.success() || output.stdout.is_empty() {
        return Err(format!(
            "ffmpeg cannot read a frame at {at} s: {}",
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    Ok(output.stdout)
}
