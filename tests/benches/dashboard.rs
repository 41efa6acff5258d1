//! Dashboard page query over a large history: fills N jobs (default 100,000) with 6 segments
//! each, then times `Core::list_jobs` (filter + search + page + stats) over a mix of queries
//! and prints p50/p95/max per query and overall.
//!
//! `cargo bench -p reelforge-tests --bench dashboard` — set `REELFORGE_BENCH_JOBS` for
//! another size. Target: p95 < 50 ms for 100,000 jobs on a 2-core machine.

use reelforge_core::Core;
use reelforge_protocol::{JobListQuery, JobStatus};
use reelforge_tests::history;
use std::time::{Duration, Instant};

const ROUNDS: usize = 40;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1_000.0
}

#[tokio::main]
async fn main() {
    let jobs: u64 = std::env::var("REELFORGE_BENCH_JOBS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    // REELFORGE_BENCH_DIR keeps the filled database for inspection; default: a temp folder.
    let dir = tempfile::tempdir().expect("temp dir");
    let data = std::env::var_os("REELFORGE_BENCH_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| dir.path().to_owned());
    let core = Core::open(&data).await.expect("core opens");
    let fill_start = Instant::now();
    let counts = history::fill(&core, jobs, 6).await.expect("history fills");
    println!(
        "filled {} jobs, {} segments, {} takes in {:.1} s",
        counts.jobs,
        counts.segments,
        counts.takes,
        fill_start.elapsed().as_secs_f64()
    );

    let last_page = u32::try_from(jobs / 25)
        .unwrap_or(u32::MAX)
        .saturating_sub(1);
    let cases: Vec<(&str, JobListQuery)> = vec![
        ("first page", query(None, None, 0)),
        ("status filter", query(Some(JobStatus::Completed), None, 0)),
        ("search word", query(None, Some("python"), 0)),
        ("search two words", query(None, Some("astuces cuisine"), 0)),
        ("short search (LIKE)", query(None, Some("IA"), 0)),
        (
            "filter + search + page 3",
            query(Some(JobStatus::Failed), Some("rust"), 3),
        ),
        ("deep page", query(None, None, last_page / 2)),
        ("last page", query(None, None, last_page)),
    ];
    // Warm the page cache once, as a running app would be.
    for (_, q) in &cases {
        core.list_jobs(q.clone()).await.expect("query runs");
    }
    let mut all = Vec::new();
    println!(
        "{:<28} {:>9} {:>9} {:>9} {:>9}",
        "query", "p50 ms", "p95 ms", "max ms", "matching"
    );
    for (name, q) in &cases {
        let mut times = Vec::with_capacity(ROUNDS);
        let mut matching = 0;
        for _ in 0..ROUNDS {
            let start = Instant::now();
            let page = core.list_jobs(q.clone()).await.expect("query runs");
            times.push(start.elapsed());
            matching = page.total_matching;
            assert!(page.stats.total_jobs == jobs);
        }
        times.sort();
        println!(
            "{:<28} {:>9.2} {:>9.2} {:>9.2} {:>9}",
            name,
            ms(percentile(&times, 0.5)),
            ms(percentile(&times, 0.95)),
            ms(*times.last().expect("rounds > 0")),
            matching
        );
        all.extend(times);
    }
    all.sort();
    let p95 = percentile(&all, 0.95);
    println!(
        "overall: p50 {:.2} ms, p95 {:.2} ms over {} queries on {} jobs (target p95 < 50 ms: {})",
        ms(percentile(&all, 0.5)),
        ms(p95),
        all.len(),
        jobs,
        if ms(p95) < 50.0 { "met" } else { "NOT met" }
    );
    core.close().await;
}

fn query(status: Option<JobStatus>, search: Option<&str>, page: u32) -> JobListQuery {
    JobListQuery {
        status,
        search: search.map(str::to_owned),
        page,
        page_size: 25,
    }
}
