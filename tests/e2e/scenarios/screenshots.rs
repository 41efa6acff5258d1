//! Screenshots of every screen, in the light and the dark theme, for the README and for
//! design review: run on request (`scripts/screenshots.sh`), saved as
//! `docs/screenshots/<screen>-<theme>.png`. The data is realistic: a seeded history of 240
//! jobs plus one real job generated and assembled on the local provider.

use crate::harness::app::App;
use crate::harness::{Outcome, Scenario};
use crate::scenarios::common;
use reelforge_core::Core;
use std::path::PathBuf;
use std::time::Duration;

/// The screens reached from the sidebar: file name, link, an element that shows it is loaded.
const SCREENS: [(&str, &str, &str); 5] = [
    ("dashboard", "#nav-dashboard", "[data-testid=job-row]"),
    ("templates", "#nav-templates", "#templates-grid"),
    ("quick", "#nav-quick", "#quick-form"),
    ("providers", "#nav-providers", "#providers-list"),
    ("settings", "#nav-settings", "#settings-ffmpeg"),
];

pub async fn run(scenario: &Scenario) -> Outcome<()> {
    let out = std::env::var_os("REELFORGE_SCREENSHOTS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/screenshots"));
    std::fs::create_dir_all(&out)?;
    let core = Core::open(&scenario.data_dir).await?;
    reelforge_tests::history::fill(&core, 240, 6).await?;
    drop(core);

    let mut app = App::launch(scenario, &common::local_env()).await?;
    // One real job, generated and assembled, for the job screen.
    draft_square_job(&mut app, "Le chat qui code").await?;
    app.click("#wizard-generate").await?;
    app.click("#launch-dialog-confirm").await?;
    app.wait_for("#job .job-header", Duration::from_secs(30))
        .await?;
    let job_id = common::job_id(&mut app).await?;
    common::follow_progress(&mut app, Duration::from_secs(600)).await?;
    app.click("#assemble").await?;
    app.wait_for("#final-player", Duration::from_secs(600))
        .await?;

    for theme in ["light", "dark"] {
        // The theme is chosen as a person does, on the Settings screen.
        app.click("#nav-settings").await?;
        app.click(&format!("#theme-{theme}")).await?;
        app.wait_js(
            &format!("the {theme} theme"),
            &format!("return document.documentElement.dataset.theme === '{theme}'"),
            Duration::from_secs(10),
        )
        .await?;
        for (name, link, loaded) in SCREENS {
            app.click(link).await?;
            app.wait_for(loaded, Duration::from_secs(30)).await?;
            shoot(&mut app, &out, name, theme).await?;
        }
        // The lower half of Settings: storage and tools, with the ffmpeg location form.
        app.wait_for("#ffmpeg-location-input", Duration::from_secs(30))
            .await?;
        app.js("document.querySelector('#settings-storage').scrollIntoView({block: 'end'}); return true")
            .await?;
        shoot(&mut app, &out, "settings-tools", theme).await?;
        app.click("#nav-dashboard").await?;
        app.click(&format!("[data-job-id='{job_id}'] a.row-link"))
            .await?;
        app.wait_for("#final-player", Duration::from_secs(30))
            .await?;
        shoot(&mut app, &out, "job", theme).await?;
        app.click("#nav-dashboard").await?;
        app.click("#dashboard-new-job").await?;
        app.wait_for("#setup-step", Duration::from_secs(30)).await?;
        shoot(&mut app, &out, "new-job", theme).await?;
        draft_square_job(&mut app, "Trois plans").await?;
        app.js("window.scrollTo(0, 0); document.querySelector('#main-area')?.scrollTo(0, 0); return true")
            .await?;
        shoot(&mut app, &out, "new-job-segments", theme).await?;
    }
    app.close().await;
    println!("  screenshots in {}", out.display());
    Ok(())
}

/// Fills the wizard for a three-shot square job and stops at its segments step.
async fn draft_square_job(app: &mut App, title: &str) -> Outcome<()> {
    app.click("#nav-dashboard").await?;
    app.click("#dashboard-new-job").await?;
    app.fill("#job-title-input", title).await?;
    app.fill(
        "#job-subject-input",
        "Un chat apprend Python en trois plans",
    )
    .await?;
    let template = common::option_value(app, "#job-template-select", "Square Post 1:1").await?;
    app.choose("#job-template-select", &template).await?;
    app.click("#wizard-continue").await?;
    app.wait_for("#segment-2", Duration::from_secs(30)).await?;
    let prompts = [
        "A cat in front of a laptop, morning light",
        "Lines of Python scroll on the screen",
        "The cat smiles, the tests pass",
    ];
    for (index, prompt) in prompts.iter().enumerate() {
        app.fill(&format!("#segment-{index} .segment-texts textarea"), prompt)
            .await?;
    }
    Ok(())
}

/// Saves `<name>-<theme>.png` once the page has painted: images decoded, then two animation
/// frames (a WebDriver screenshot shows the last painted frame).
async fn shoot(app: &mut App, out: &std::path::Path, name: &str, theme: &str) -> Outcome<()> {
    app.wait_js(
        "images to be decoded",
        "return [...document.images].every(i => i.complete)",
        Duration::from_secs(20),
    )
    .await?;
    app.client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
            vec![],
        )
        .await?;
    let png = app.client.screenshot().await?;
    std::fs::write(out.join(format!("{name}-{theme}.png")), png)?;
    Ok(())
}
