//! Storyboard first in the real window (issue 19), offline: a three-segment job on the local
//! providers is configured in the wizard but not launched; on its screen the storyboard makes
//! a keyframe per segment with the local renderer (said to be no AI model), segment 2's prompt
//! is edited on its card (the segment's prompt) and its keyframe made again, the earlier one
//! chosen back, all are approved, "Animate" switches the segments to image-to-video and asks
//! to launch with its estimate, the clips are generated and the job assembled. Then the database and the files: four keyframe
//! images, three image-to-video segments, the final video. Last, Quick mode with "Storyboard
//! first" stops on the new job's keyframes, before any clip.

use crate::harness::app::App;
use crate::harness::{Outcome, Scenario};
use crate::scenarios::common;
use std::path::Path;
use std::time::Duration;

const SEGMENTS: u32 = 3;
const CARD: &str = "#keyframe-card-1";
const NEW_PROMPT: &str = "The lighthouse lamp turning at dusk, seen from the sea";

pub async fn run(scenario: &Scenario) -> Outcome<()> {
    let mut app = App::launch(scenario, &common::local_env()).await?;
    configure_job(&mut app).await?;
    let job_id = common::job_id(&mut app).await?;

    // The image provider is the offline renderer, said to be no AI model.
    app.wait_for("#job-storyboard", Duration::from_secs(30))
        .await?;
    let provider = app
        .js("return document.querySelector('#storyboard-provider').selectedOptions[0].textContent")
        .await?;
    println!("  image provider: {provider}");
    if !provider
        .as_str()
        .unwrap_or_default()
        .contains("not an AI model")
    {
        return Err(
            format!("the local image provider is not labelled honestly: {provider}").into(),
        );
    }

    // A keyframe per segment.
    app.click("#storyboard-generate").await?;
    wait_keyframes(&mut app, "a keyframe on every card", "1").await?;

    // Segment 2 made again: its new keyframe is shown, the first one offered small.
    let first = main_keyframe(&mut app).await?;
    app.click(&format!("{CARD} [data-action=edit-keyframe-prompt]"))
        .await?;
    app.fill(&format!("{CARD} textarea[name=prompt]"), NEW_PROMPT)
        .await?;
    app.click(&format!("{CARD} [data-action=save-keyframe-prompt]"))
        .await?;
    app.wait_js(
        "segment 2's card to show its new prompt",
        &format!(
            "return document.querySelector('{CARD} .keyframe-prompt')?.textContent === {NEW_PROMPT:?} || null"
        ),
        Duration::from_secs(30),
    )
    .await?;
    let before = layout(&mut app).await?;
    app.click(&format!("{CARD} [data-action=regenerate-keyframe]"))
        .await?;
    app.wait_for(
        &format!("{CARD}[data-keyframes='2'][data-state=succeeded] .keyframe-main img"),
        Duration::from_secs(120),
    )
    .await?;
    // Nothing moved: the same image box, the next card where it was.
    let after = layout(&mut app).await?;
    if after != before {
        return Err(
            format!("the strip moved while a keyframe was made: {before} → {after}").into(),
        );
    }
    let second = main_keyframe(&mut app).await?;
    if second == first {
        return Err("the regenerated keyframe is not the one shown".into());
    }
    // Choose the first one back.
    app.click(&format!(
        "{CARD} [data-take-id='{first}'] [data-action=select-keyframe]"
    ))
    .await?;
    app.wait_for(
        &format!("{CARD} .keyframe-main[data-take-id='{first}']"),
        Duration::from_secs(30),
    )
    .await?;

    // Approve all, animate, launch after the estimate.
    app.click("#storyboard-approve-all").await?;
    app.wait_for(
        "#job-storyboard [data-testid=keyframe-card][data-approved=true]:nth-child(3)",
        Duration::from_secs(30),
    )
    .await?;
    if app
        .count("#job-storyboard [data-testid=keyframe-card][data-approved=true]")
        .await?
        != SEGMENTS as usize
    {
        return Err("not every keyframe is approved".into());
    }
    common::shot(&mut app, "#job-storyboard", "storyboard").await?;
    app.click("#storyboard-animate").await?;
    app.click("#launch-dialog-confirm").await?;
    let animated = app.text("#storyboard-animated").await?;
    println!("  {animated}");
    common::follow_progress(&mut app, Duration::from_secs(600)).await?;
    app.click("#assemble").await?;
    app.wait_for("#final-player", Duration::from_secs(600))
        .await?;

    check_stored(scenario, &job_id, &first).await?;
    let path = app.text("#export-path").await?;
    let probe = common::ffprobe(Path::new(&path))?;
    println!("  {path}: {probe}");
    if !probe.contains("h264") {
        return Err(format!("the final video is not H.264: {probe}").into());
    }
    common::expect_job_status(scenario, &job_id, "completed").await?;
    quick_storyboard_first(scenario, &mut app).await?;
    app.close().await;
    Ok(())
}

/// Quick mode with "Storyboard first": the job screen opens on its keyframes, one per
/// segment, and no clip is made before the creator reviews them.
async fn quick_storyboard_first(scenario: &Scenario, app: &mut App) -> Outcome<()> {
    app.click("#nav-dashboard").await?;
    app.click("#dashboard-quick").await?;
    app.fill("#quick-subject", "3 lighthouse facts").await?;
    app.click("#quick-straight").await?;
    app.click("#quick-storyboard-first").await?;
    app.click("#quick-submit").await?;
    common::confirm_launch_if_asked(app).await?;
    let cards = app.wait_js(
        "the quick job's storyboard with every keyframe made",
        "const cards = [...document.querySelectorAll('#job-storyboard [data-testid=keyframe-card]')];
         return cards.length > 1 && cards.every(c => c.dataset.state === 'succeeded'
             && c.querySelector('.keyframe-main img')) ? cards.length : null;",
        Duration::from_secs(180),
    )
    .await?;
    let job_id = common::job_id(app).await?;
    let clips = common::query_count(
        scenario,
        "SELECT COUNT(*) FROM generations WHERE job_id = ? AND kind = 'clip'",
        &job_id,
    )
    .await?;
    println!("  quick mode, storyboard first: {cards} keyframes, {clips} clips");
    if clips != 0 {
        return Err(format!("{clips} clips were made before the storyboard was reviewed").into());
    }
    Ok(())
}

/// A three-segment job on the local provider with its prompts saved, not launched: the
/// wizard's "Generate" saves the segments, its cost dialog is cancelled, and the job is
/// opened from the dashboard.
async fn configure_job(app: &mut App) -> Outcome<()> {
    app.click("#dashboard-new-job").await?;
    app.fill("#job-title-input", "Storyboard first").await?;
    app.fill("#job-segment-count", &SEGMENTS.to_string())
        .await?;
    app.choose("#override-provider", "local").await?;
    app.click("#wizard-continue").await?;
    app.wait_for(
        &format!("#segment-{}", SEGMENTS - 1),
        Duration::from_secs(30),
    )
    .await?;
    for index in 0..SEGMENTS {
        app.fill(
            &format!("#segment-{index} .segment-texts textarea"),
            &format!("A lighthouse keeper climbing the stairs, shot {index}"),
        )
        .await?;
    }
    app.click("#wizard-generate").await?;
    app.click("#launch-dialog-cancel").await?;
    app.click("#nav-dashboard").await?;
    app.click("[data-testid=job-row] .row-link").await?;
    app.wait_for("#job .job-header", Duration::from_secs(30))
        .await?;
    Ok(())
}

/// Waits until every card shows a succeeded keyframe, `count` of them on each.
async fn wait_keyframes(app: &mut App, what: &str, count: &str) -> Outcome<()> {
    app.wait_js(
        what,
        &format!(
            "const cards = [...document.querySelectorAll('#job-storyboard [data-testid=keyframe-card]')];
             if (cards.some(c => c.dataset.state === 'failed')) return 'failed';
             return cards.length === {SEGMENTS} && cards.every(c => c.dataset.keyframes === '{count}'
                 && c.dataset.state === 'succeeded' && c.querySelector('.keyframe-main img')) || null;"
        ),
        Duration::from_secs(180),
    )
    .await
    .and_then(|v| match v.as_str() {
        Some("failed") => Err("a keyframe failed".into()),
        _ => Ok(()),
    })
}

/// Where segment 2's image box and segment 3's card are, in pixels from the storyboard
/// panel's corner (the page itself scrolls as buttons are clicked).
async fn layout(app: &mut App) -> Outcome<serde_json::Value> {
    app.js(&format!(
        "const panel = document.querySelector('#job-storyboard').getBoundingClientRect();
         const r = e => {{ const b = document.querySelector(e).getBoundingClientRect();
             return [b.left - panel.left, b.top - panel.top, b.width, b.height].map(Math.round); }};
         return [r('{CARD} .keyframe-main'), r('#keyframe-card-2')];"
    ))
    .await
}

/// The take id of segment 2's large keyframe.
async fn main_keyframe(app: &mut App) -> Outcome<String> {
    let id = app
        .js(&format!(
            "return document.querySelector('{CARD} .keyframe-main')?.dataset.takeId ?? null"
        ))
        .await?;
    id.as_str()
        .map(str::to_owned)
        .ok_or_else(|| "segment 2 shows no keyframe".into())
}

/// Four keyframe images on disk (three and one made again), segment 2 animated from the
/// chosen one, every segment image-to-video.
async fn check_stored(scenario: &Scenario, job_id: &str, chosen: &str) -> Outcome<()> {
    let url = format!(
        "sqlite://{}?mode=ro",
        scenario.data_dir.join("reelforge.sqlite3").display()
    );
    let pool = sqlx::SqlitePool::connect(&url).await?;
    let files: Vec<String> = sqlx::query_scalar(
        "SELECT output_path FROM generations
         WHERE job_id = ? AND kind = 'keyframe' AND status = 'succeeded'",
    )
    .bind(job_id)
    .fetch_all(&pool)
    .await?;
    let image_to_video: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM segments WHERE job_id = ? AND mode = 'image_to_video'",
    )
    .bind(job_id)
    .fetch_one(&pool)
    .await?;
    let selected: Option<String> = sqlx::query_scalar(
        "SELECT f.selected_take_id FROM storyboard_frames f JOIN segments s ON s.id = f.segment_id
         WHERE s.job_id = ? AND s.idx = 1",
    )
    .bind(job_id)
    .fetch_optional(&pool)
    .await?
    .flatten();
    let prompt: Option<String> =
        sqlx::query_scalar("SELECT prompt FROM segments WHERE job_id = ? AND idx = 1")
            .bind(job_id)
            .fetch_optional(&pool)
            .await?;
    // Only the keyframe made after the edit was asked with the new prompt.
    let made_with_new: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM generations g JOIN segments s ON s.id = g.segment_id
         WHERE g.job_id = ? AND g.kind = 'keyframe' AND s.idx = 1
           AND instr(g.request_json, ?) > 0",
    )
    .bind(job_id)
    .bind(NEW_PROMPT)
    .fetch_one(&pool)
    .await?;
    pool.close().await;
    println!("  keyframe files: {files:?}");
    if made_with_new != 1 {
        return Err(format!(
            "{made_with_new} keyframes of segment 2 were asked with its new prompt, not 1"
        )
        .into());
    }
    if prompt.as_deref() != Some(NEW_PROMPT) {
        return Err(format!("segment 2's stored prompt is {prompt:?}").into());
    }
    if files.len() != SEGMENTS as usize + 1 {
        return Err(format!(
            "{} keyframe images stored, not {}",
            files.len(),
            SEGMENTS + 1
        )
        .into());
    }
    // Stored relative to the data folder's library.
    let library = scenario.data_dir.join("library");
    for file in &files {
        let path = library.join(file);
        if !path.is_file() {
            return Err(format!("keyframe image {} is missing", path.display()).into());
        }
    }
    if image_to_video != i64::from(SEGMENTS) {
        return Err(format!("{image_to_video} segments are image-to-video, not {SEGMENTS}").into());
    }
    if selected.as_deref() != Some(chosen) {
        return Err(format!("segment 2 is animated from {selected:?}, not {chosen}").into());
    }
    Ok(())
}
