//! The dashboard over a long offline history: 10,000 seeded jobs (six segments each). The
//! scenario prints, measured in the page (from the last input event to the DOM change that
//! shows the answer), how long search, the status filter and paging take, and checks what is
//! shown: every row matches the search or the filter, and the counts agree with the database.
//! Timings are printed, not asserted (targets live in the benchmarks).

use crate::harness::app::App;
use crate::harness::{Outcome, Scenario};
use crate::scenarios::common;
use reelforge_core::Core;
use std::time::{Duration, Instant};

const JOBS: u64 = 10_000;

/// Records, in the page, the time of the last input or change event and the first DOM change
/// after it for which `window.__e2eCondition()` holds.
const PROBE: &str = "
    if (!window.__e2e) {
        window.__e2e = { start: null, done: null };
        const reset = () => { window.__e2e.start = performance.now(); window.__e2e.done = null; };
        document.addEventListener('input', reset, true);
        document.addEventListener('change', reset, true);
        document.addEventListener('click', reset, true);
        const check = () => {
            const e = window.__e2e;
            if (e.start !== null && e.done === null && window.__e2eCondition && window.__e2eCondition())
                e.done = performance.now();
        };
        new MutationObserver(check).observe(document.body,
            { subtree: true, childList: true, characterData: true, attributes: true });
    }
    window.__e2e.start = null; window.__e2e.done = null;
    return true;";

pub async fn run(scenario: &Scenario) -> Outcome<()> {
    let seeding = Instant::now();
    let core = Core::open(&scenario.data_dir).await?;
    let counts = reelforge_tests::history::fill(&core, JOBS, 6).await?;
    drop(core);
    println!(
        "  seeded {} jobs, {} segments, {} takes in {:.1} s",
        counts.jobs,
        counts.segments,
        counts.takes,
        seeding.elapsed().as_secs_f64()
    );

    let launched = Instant::now();
    let mut app = App::launch(scenario, &common::local_env()).await?;
    app.wait_js(
        "the stats to show 10,000 jobs",
        "const t = document.querySelector('#stats-total .stat-value, #stats-total');
         return t && t.textContent.replace(/[^0-9]/g, '').includes('10000')
             && document.querySelectorAll('[data-testid=job-row]').length > 0;",
        Duration::from_secs(60),
    )
    .await?;
    println!(
        "  launch to dashboard with data: {:.0} ms",
        launched.elapsed().as_secs_f64() * 1000.0
    );

    // A search for a word: every row shown matches it.
    app.fill("#job-search", "Python").await?;
    app.wait_js(
        "every row to match \"Python\"",
        "const rows = [...document.querySelectorAll('[data-testid=job-row]')];
         return rows.length > 0 && rows.every(r => r.textContent.toLowerCase().includes('python'));",
        Duration::from_secs(60),
    )
    .await?;
    let shown = app.text("#jobs-count").await?;
    println!("  search \"Python\": {shown}");

    // Timed: a search whose answer differs from the answers to its prefixes, so the change
    // after the last keystroke is the answer to the whole query.
    app.fill("#job-search", "").await?;
    app.js(PROBE).await?;
    app.js("window.__e2eCondition = () => {
             const rows = [...document.querySelectorAll('[data-testid=job-row]')];
             return rows.length === 1 && rows[0].textContent.includes('#9999');
         }; return true")
        .await?;
    app.fill("#job-search", "#9999").await?;
    let search_ms = measured(&mut app, "the one job #9999").await?;
    println!("  search \"#9999\" (last keystroke to its row): {search_ms:.0} ms");

    app.fill("#job-search", "").await?;
    app.js(PROBE).await?;
    app.js("window.__e2eCondition = () => {
             const rows = [...document.querySelectorAll('[data-testid=job-row]')];
             return rows.length > 0 && rows.every(r => r.dataset.status === 'failed');
         }; return true")
        .await?;
    app.choose("#status-filter", "failed").await?;
    let filter_ms = measured(&mut app, "only failed jobs").await?;
    let failed = common::query_count(
        scenario,
        "SELECT COUNT(*) FROM jobs WHERE status = ?",
        "failed",
    )
    .await?;
    let shown = app.text("#jobs-count").await?;
    println!("  filter failed: {filter_ms:.0} ms ({shown}; {failed} in the database)");
    if !shown
        .replace([',', ' ', '\u{202f}', '\u{a0}'], "")
        .contains(&failed.to_string())
    {
        return Err(
            format!("the count shows {shown}, the database has {failed} failed jobs").into(),
        );
    }

    app.js(PROBE).await?;
    let first = app.text("#page-indicator").await?;
    app.js_with(
        "window.__e2eCondition = () =>
             document.querySelector('#page-indicator').textContent !== arguments[0]; return true",
        vec![first.clone().into()],
    )
    .await?;
    app.click("#page-next").await?;
    let page_ms = measured(&mut app, "the next page").await?;
    let second = app.text("#page-indicator").await?;
    println!("  next page: {page_ms:.0} ms ({first} → {second})");
    app.close().await;
    Ok(())
}

/// Waits for the probe's measurement and returns it in milliseconds.
async fn measured(app: &mut App, what: &str) -> Outcome<f64> {
    let value = app
        .wait_js(
            what,
            "const e = window.__e2e;
             return e.done !== null && e.start !== null ? Math.max(e.done - e.start, 0.001) : null;",
            Duration::from_secs(60),
        )
        .await?;
    Ok(value.as_f64().unwrap_or_default())
}
