//! Generation engine overhead (issue 3): pushes 1,000 segments (50 jobs × 20) through the
//! runner with [`InstantProvider`], a provider that answers every call at once, on a real
//! SQLite file (WAL, `synchronous=FULL`) in a fresh temporary data directory per run.
//!
//! The runner is driven by `tick()` on a stopped manual clock until a tick finds nothing to
//! do, so the wall time is the engine's own work: queue queries, intent and answer commits,
//! output files (written, fsynced, renamed), job status derivation and events. Outputs pass
//! the engine's `NonEmptyCheck` hook instead of ffprobe (placeholder bytes, not clips).
//! Job creation and segment configuration are set up before the timer starts.
//!
//! Prints each run side by side (wall time, wall and CPU time per segment, the time the
//! provider spent writing output files summed over its concurrent calls, ticks), the median
//! engine overhead per segment (target < 2 ms on a 2-core machine) and peak memory (VmHWM)
//! before and after.
//!
//! `cargo bench -p reelforge-tests --bench engine`; `REELFORGE_BENCH_RUNS` (default 5) and
//! `REELFORGE_BENCH_CONCURRENCY` (provider slots, default 8) change the setup.

use reelforge_core::Core;
use reelforge_core::pipeline::clock::ManualClock;
use reelforge_core::pipeline::output_check::NonEmptyCheck;
use reelforge_core::pipeline::{EngineSetup, RunnerSettings};
use reelforge_core::providers::ProviderRegistry;
use reelforge_protocol::{
    ConfigureSegmentsRequest, CreateJobRequest, JobConfig, JobId, SegmentPatch,
};
use reelforge_tests::bench_figures::{env_number, peak_rss_kib, process_cpu};
use reelforge_tests::instant_provider::InstantProvider;
use std::sync::Arc;
use std::time::{Duration, Instant};

const JOBS: u32 = 50;
const SEGMENTS_PER_JOB: u32 = 20;
const SEGMENTS: u32 = JOBS * SEGMENTS_PER_JOB;
const PROVIDER: &str = "instant";
const TARGET_MS_PER_SEGMENT: f64 = 2.0;

/// What one run measured.
struct RunFigures {
    wall: Duration,
    cpu: Duration,
    provider_fetch: Duration,
    ticks: u32,
    /// Kept until every run is over: deleting a run's files while the next one creates its
    /// own would make the file system's inode search part of the next run's figures.
    _data: tempfile::TempDir,
}

impl RunFigures {
    fn ms_per_segment(&self) -> f64 {
        self.wall.as_secs_f64() * 1_000.0 / f64::from(SEGMENTS)
    }
}

async fn configured_jobs(core: &Core) -> Vec<JobId> {
    let mut ids = Vec::new();
    for n in 0..JOBS {
        let job = core
            .create_job(CreateJobRequest {
                title: format!("Engine benchmark {n}"),
                subject: String::new(),
                template_id: None,
                segment_count: Some(SEGMENTS_PER_JOB),
                config: JobConfig {
                    provider: Some(PROVIDER.into()),
                    segment_duration_s: Some(5),
                    ..JobConfig::default()
                },
                budget_cap_micros: None,
            })
            .await
            .expect("job is created");
        core.configure_segments(ConfigureSegmentsRequest {
            job_id: job.summary.id.clone(),
            indexes: vec![],
            patch: SegmentPatch {
                prompt: Some("A lighthouse at dawn, waves rolling in".into()),
                ..SegmentPatch::default()
            },
        })
        .await
        .expect("segments are configured");
        ids.push(job.summary.id);
    }
    ids
}

async fn one_run(concurrency: u32) -> RunFigures {
    let dir = tempfile::tempdir().expect("temp dir");
    let provider = Arc::new(InstantProvider::new(PROVIDER, concurrency));
    let setup = EngineSetup {
        registry: ProviderRegistry::default().with(provider.clone()),
        clock: Arc::new(ManualClock::new(1_800_000_000_000)),
        settings: RunnerSettings::default(),
        output_check: Arc::new(NonEmptyCheck),
        ..EngineSetup::default()
    };
    let core = Core::open_with(dir.path(), setup)
        .await
        .expect("core opens");
    let jobs = configured_jobs(&core).await;
    let runner = core.runner();

    let cpu_start = process_cpu();
    let start = Instant::now();
    for job in &jobs {
        runner.launch(job).await.expect("job launches");
    }
    let mut ticks = 0;
    loop {
        let report = runner.tick().await.expect("tick runs");
        ticks += 1;
        if report.submitted + report.polled + report.downloaded + report.remote_cancels == 0 {
            break;
        }
    }
    let wall = start.elapsed();
    let cpu = process_cpu().saturating_sub(cpu_start);

    let succeeded: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM generations WHERE status = 'succeeded'")
            .fetch_one(core.db().reader())
            .await
            .expect("count succeeded takes");
    let reviewed: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE status = 'review'")
        .fetch_one(core.db().reader())
        .await
        .expect("count reviewed jobs");
    assert_eq!(succeeded, i64::from(SEGMENTS), "every segment has a take");
    assert_eq!(reviewed, i64::from(JOBS), "every job is ready for review");
    assert_eq!(
        provider.create_calls(),
        u64::from(SEGMENTS),
        "one create call each"
    );
    core.close().await;
    RunFigures {
        wall,
        cpu,
        provider_fetch: provider.fetch_time(),
        ticks,
        _data: dir,
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    }
}

#[tokio::main]
async fn main() {
    let runs = env_number("REELFORGE_BENCH_RUNS", 5).max(1);
    let concurrency = env_number("REELFORGE_BENCH_CONCURRENCY", 8).max(1);
    let hwm_before = peak_rss_kib();
    println!(
        "engine: {SEGMENTS} segments ({JOBS} jobs × {SEGMENTS_PER_JOB}), zero-latency provider \
         with {concurrency} slots, {runs} runs, SQLite WAL synchronous=FULL"
    );
    let mut figures = Vec::new();
    for _ in 0..runs {
        figures.push(one_run(concurrency).await);
    }
    let hwm_after = peak_rss_kib();

    let header: Vec<String> = (1..=runs)
        .map(|n| format!("{:>9}", format!("run {n}")))
        .collect();
    println!("{:<22}{}", "", header.join(""));
    let row = |name: &str, cell: &dyn Fn(&RunFigures) -> String| {
        let cells: Vec<String> = figures.iter().map(|f| format!("{:>9}", cell(f))).collect();
        println!("{name:<22}{}", cells.join(""));
    };
    row("total wall time (s)", &|f| {
        format!("{:.2}", f.wall.as_secs_f64())
    });
    row("ms per segment", &|f| format!("{:.3}", f.ms_per_segment()));
    row("CPU ms per segment", &|f| {
        format!("{:.3}", f.cpu.as_secs_f64() * 1_000.0 / f64::from(SEGMENTS))
    });
    row("provider fetch ms/seg", &|f| {
        format!(
            "{:.3}",
            f.provider_fetch.as_secs_f64() * 1_000.0 / f64::from(SEGMENTS)
        )
    });
    row("ticks", &|f| f.ticks.to_string());

    let median_ms = median(figures.iter().map(RunFigures::ms_per_segment).collect());
    let median_wall = median(figures.iter().map(|f| f.wall.as_secs_f64()).collect());
    println!(
        "median: {median_wall:.2} s total, {median_ms:.3} ms engine overhead per segment \
         (target < {TARGET_MS_PER_SEGMENT} ms: {})",
        if median_ms < TARGET_MS_PER_SEGMENT {
            "met"
        } else {
            "NOT met"
        }
    );
    println!(
        "peak memory (VmHWM): {:.1} MiB before, {:.1} MiB after",
        hwm_before as f64 / 1_024.0,
        hwm_after as f64 / 1_024.0
    );
}
