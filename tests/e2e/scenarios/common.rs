//! Steps and checks several scenarios share: the environment of an offline run, a reference
//! image, reading a `<select>`'s options, following a job's progress on its page, ffprobe, and
//! reading what the app stored.

use crate::harness::app::App;
use crate::harness::{Outcome, Scenario};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// The environment of an offline run: no provider URL, quick polls, and each local render
/// lasting at least a second so progress has steps to watch.
pub fn local_env() -> Vec<(&'static str, String)> {
    vec![
        ("REELFORGE_POLL_INTERVAL_MS", "200".into()),
        ("REELFORGE_LOCAL_MIN_RENDER_S", "1".into()),
    ]
}

/// A 720×1280 PNG (an ffmpeg test pattern), standing for a phone screenshot.
pub fn make_image(path: &Path) -> Outcome<()> {
    let status = Command::new("ffmpeg")
        .args([
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "testsrc2=size=720x1280",
        ])
        .args(["-frames:v", "1"])
        .arg(path)
        .status()?;
    if !status.success() {
        return Err("ffmpeg could not make the reference image".into());
    }
    Ok(())
}

/// The value of the option labelled `label` in the `<select>` matching `css`.
pub async fn option_value(app: &mut App, css: &str, label: &str) -> Outcome<String> {
    let value = app
        .js_with(
            "const option = [...document.querySelectorAll(arguments[0] + ' option')]
                 .find(o => o.textContent.trim() === arguments[1]);
             return option ? option.value : null;",
            vec![css.into(), label.into()],
        )
        .await?;
    value
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| format!("no option `{label}` in `{css}`").into())
}

/// Follows the job page's progress figure until it reads 100 %, and returns the distinct
/// values seen, in order (it may go down: a take that fails and falls back starts over).
/// Fails if a segment fails.
pub async fn follow_progress(app: &mut App, within: Duration) -> Outcome<Vec<u32>> {
    let started = Instant::now();
    let mut seen: Vec<u32> = Vec::new();
    loop {
        let state = app
            .js("const v = document.querySelector('#job-progress .stat-value');
                 const failed = document.querySelectorAll('[data-testid=segment-card][data-state=failed]').length;
                 return v ? [v.textContent, failed] : null;")
            .await?;
        if let Some([text, failed]) = state.as_array().map(Vec::as_slice) {
            if failed.as_u64().unwrap_or(0) > 0 {
                return Err(format!("a segment failed (progress {seen:?})").into());
            }
            let pct: u32 = text
                .as_str()
                .unwrap_or_default()
                .trim_end_matches('%')
                .trim()
                .parse()
                .unwrap_or(0);
            if seen.last() != Some(&pct) {
                seen.push(pct);
            }
            if pct == 100 {
                return Ok(seen);
            }
        }
        if started.elapsed() > within {
            return Err(format!("progress did not reach 100 % within {within:?}: {seen:?}").into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// `codec width x height …` of each stream of `path`, one line, or an error if ffprobe
/// cannot read it.
pub fn ffprobe(path: &Path) -> Outcome<String> {
    let output = Command::new("ffprobe")
        .args([
            "-v",
            "error",
            "-show_entries",
            "stream=codec_name,width,height",
        ])
        .args([
            "-show_entries",
            "format=duration",
            "-of",
            "compact=p=0:nk=1",
        ])
        .arg(path)
        .output()?;
    if !output.status.success() {
        return Err(format!(
            "ffprobe cannot read {}: {}",
            path.display(),
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    Ok(String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| line.replace('|', " ").replace(" 1080 1920", " 1080x1920"))
        .collect::<Vec<_>>()
        .join("; "))
}

/// Reads one value from the app's database (read-only, beside the running app).
pub async fn query_one(
    scenario: &Scenario,
    sql: &'static str,
    bind: &str,
) -> Outcome<Option<String>> {
    let url = format!(
        "sqlite://{}?mode=ro",
        scenario.data_dir.join("reelforge.sqlite3").display()
    );
    let pool = sqlx::SqlitePool::connect(&url).await?;
    let value: Option<String> = sqlx::query_scalar(sql)
        .bind(bind)
        .fetch_optional(&pool)
        .await?;
    pool.close().await;
    Ok(value)
}

/// Fails unless the job's stored status is `status`.
pub async fn expect_job_status(scenario: &Scenario, job_id: &str, status: &str) -> Outcome<()> {
    let stored = query_one(scenario, "SELECT status FROM jobs WHERE id = ?", job_id).await?;
    if stored.as_deref() != Some(status) {
        return Err(format!("job {job_id} is stored as {stored:?}, not {status}").into());
    }
    Ok(())
}

/// The id of the job whose page is shown.
pub async fn job_id(app: &mut App) -> Outcome<String> {
    let id = app
        .wait_js(
            "the job page's job id",
            "return document.querySelector('.job-header')?.dataset.jobId",
            Duration::from_secs(30),
        )
        .await?;
    Ok(id.as_str().unwrap_or_default().to_owned())
}

/// Confirms the cost dialog when one is shown (paid runs ask; free ones may not).
pub async fn confirm_launch_if_asked(app: &mut App) -> Outcome<()> {
    let asked = app
        .wait_js(
            "the launch dialog or the job page",
            "return document.querySelector('#launch-dialog') ? 'dialog'
                 : document.querySelector('#job .job-header') ? 'job' : null",
            Duration::from_secs(60),
        )
        .await?;
    if asked == "dialog" {
        app.click("#launch-dialog-confirm").await?;
    }
    Ok(())
}

/// Makes a job of `segments` segments on Runway through the wizard (fallback to the local
/// provider when `fallback`) and launches it; returns once its page shows.
pub async fn new_runway_job(
    app: &mut App,
    title: &str,
    segments: u32,
    fallback: bool,
) -> Outcome<()> {
    app.click("#nav-dashboard").await?;
    app.click("#dashboard-new-job").await?;
    app.fill("#job-title-input", title).await?;
    app.fill("#job-segment-count", &segments.to_string())
        .await?;
    app.choose("#override-provider", "runway").await?;
    app.choose(
        "#override-allow-fallback",
        if fallback { "yes" } else { "no" },
    )
    .await?;
    if fallback {
        app.click("#override-chain [data-provider=local]").await?;
    }
    app.click("#wizard-continue").await?;
    let last = format!("#segment-{}", segments - 1);
    app.wait_for(&last, Duration::from_secs(30)).await?;
    for index in 0..segments {
        let prompt = format!("A neon city street at night, shot {index}");
        app.fill(
            &format!("#segment-{index} .segment-texts textarea"),
            &prompt,
        )
        .await?;
    }
    app.click("#wizard-generate").await?;
    app.click("#launch-dialog-confirm").await?;
    app.wait_for("#job .job-header", Duration::from_secs(30))
        .await?;
    Ok(())
}

/// Reads a count from the app's database (read-only, beside the running app).
pub async fn query_count(scenario: &Scenario, sql: &'static str, bind: &str) -> Outcome<i64> {
    let url = format!(
        "sqlite://{}?mode=ro",
        scenario.data_dir.join("reelforge.sqlite3").display()
    );
    let pool = sqlx::SqlitePool::connect(&url).await?;
    let value: i64 = sqlx::query_scalar(sql).bind(bind).fetch_one(&pool).await?;
    pool.close().await;
    Ok(value)
}

/// Saves the window, `css` scrolled into view, as `<name>.png` in `REELFORGE_SCREENSHOTS_DIR`
/// when it is set (for a look at the section after a run).
pub async fn shot(app: &mut App, css: &str, name: &str) -> Outcome<()> {
    let Some(dir) = std::env::var_os("REELFORGE_SCREENSHOTS_DIR") else {
        return Ok(());
    };
    app.js_with(
        "document.querySelector(arguments[0]).scrollIntoView(); return true",
        vec![css.into()],
    )
    .await?;
    let path = Path::new(&dir).join(format!("{name}.png"));
    std::fs::write(&path, app.client.screenshot().await?)?;
    println!("  screenshot: {}", path.display());
    Ok(())
}
