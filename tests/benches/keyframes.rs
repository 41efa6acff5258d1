//! Keyframe step overhead (issue 19): 1,000 storyboard keyframes (50 jobs × 20 segments)
//! queued and made through the durable engine with [`InstantImageProvider`], an image
//! provider that answers every call at once with a real PNG of the asked size, on a real
//! SQLite file in a fresh temporary data directory per run.
//!
//! Timed: `generate_keyframes` for every job (planning, budget check, intents) and the
//! runner's ticks on a stopped manual clock until a tick finds nothing to do (creates, polls,
//! fetches, the PNG check, fsync and rename into the library, the storyboard selection,
//! events). Job creation and segment configuration happen before the timer starts.
//!
//! Prints each run (wall time, wall and CPU time per keyframe, ticks), the median overhead per
//! keyframe (target < 5 ms on a 2-core machine) and peak memory.
//!
//! `cargo bench -p reelforge-tests --bench keyframes`; `REELFORGE_BENCH_RUNS` (default 5) and
//! `REELFORGE_BENCH_CONCURRENCY` (image provider slots, default 8) change the setup.

use reelforge_core::Core;
use reelforge_core::pipeline::clock::ManualClock;
use reelforge_core::pipeline::output_check::NonEmptyCheck;
use reelforge_core::pipeline::{EngineSetup, RunnerSettings};
use reelforge_core::providers::image::ImageProviderRegistry;
use reelforge_protocol::{
    ConfigureSegmentsRequest, CreateJobRequest, GenerateKeyframesRequest, JobConfig, JobId,
    SegmentPatch, StoryboardOptionsRequest,
};
use reelforge_tests::bench_figures::{env_number, peak_rss_kib, process_cpu};
use reelforge_tests::instant_image_provider::InstantImageProvider;
use std::sync::Arc;
use std::time::{Duration, Instant};

const JOBS: u32 = 50;
const SEGMENTS_PER_JOB: u32 = 20;
const KEYFRAMES: u32 = JOBS * SEGMENTS_PER_JOB;
const PROVIDER: &str = "instant-images";
const TARGET_MS_PER_KEYFRAME: f64 = 5.0;

struct RunFigures {
    wall: Duration,
    cpu: Duration,
    ticks: u32,
    _data: tempfile::TempDir,
}

impl RunFigures {
    fn ms_per_keyframe(&self) -> f64 {
        self.wall.as_secs_f64() * 1_000.0 / f64::from(KEYFRAMES)
    }
}

async fn configured_jobs(core: &Core) -> Vec<JobId> {
    let mut ids = Vec::new();
    for n in 0..JOBS {
        let job = core
            .create_job(CreateJobRequest {
                title: format!("Keyframe benchmark {n}"),
                subject: String::new(),
                template_id: None,
                segment_count: Some(SEGMENTS_PER_JOB),
                config: JobConfig {
                    provider: Some("local".into()),
                    segment_duration_s: Some(5),
                    ..JobConfig::default()
                },
                budget_cap_micros: None,
            })
            .await
            .expect("job is created");
        let id = job.summary.id;
        core.configure_segments(ConfigureSegmentsRequest {
            job_id: id.clone(),
            indexes: vec![],
            patch: SegmentPatch {
                prompt: Some("A lighthouse at dawn, waves rolling in".into()),
                ..SegmentPatch::default()
            },
        })
        .await
        .expect("segments are configured");
        core.set_storyboard_options(&StoryboardOptionsRequest {
            job_id: id.clone(),
            image_provider: PROVIDER.into(),
            image_model: None,
            same_character: false,
        })
        .await
        .expect("keyframe options are set");
        ids.push(id);
    }
    ids
}

async fn one_run(concurrency: u32) -> RunFigures {
    let dir = tempfile::tempdir().expect("temp dir");
    let provider = Arc::new(InstantImageProvider::new(PROVIDER, concurrency));
    let setup = EngineSetup {
        image_registry: ImageProviderRegistry::default().with(provider.clone()),
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
        core.generate_keyframes(&GenerateKeyframesRequest {
            job_id: job.clone(),
            segments: Vec::new(),
        })
        .await
        .expect("keyframes are queued");
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

    let mut selected = 0;
    for job in &jobs {
        let board = core.get_storyboard(job).await.expect("storyboard");
        selected += board
            .segments
            .iter()
            .filter(|s| s.selected_keyframe.is_some())
            .count();
    }
    assert_eq!(
        selected, KEYFRAMES as usize,
        "every segment has its keyframe"
    );
    assert_eq!(
        provider.create_calls(),
        u64::from(KEYFRAMES),
        "one create each"
    );
    core.close().await;
    RunFigures {
        wall,
        cpu,
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
        "keyframes: {KEYFRAMES} keyframes ({JOBS} jobs × {SEGMENTS_PER_JOB}), zero-latency \
         image provider with {concurrency} slots, {runs} runs, SQLite WAL synchronous=FULL"
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
    row("ms per keyframe", &|f| {
        format!("{:.3}", f.ms_per_keyframe())
    });
    row("CPU ms per keyframe", &|f| {
        format!(
            "{:.3}",
            f.cpu.as_secs_f64() * 1_000.0 / f64::from(KEYFRAMES)
        )
    });
    row("ticks", &|f| f.ticks.to_string());
    let median_ms = median(figures.iter().map(RunFigures::ms_per_keyframe).collect());
    println!(
        "median: {median_ms:.3} ms keyframe step overhead per segment (target < \
         {TARGET_MS_PER_KEYFRAME} ms: {})",
        if median_ms < TARGET_MS_PER_KEYFRAME {
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
