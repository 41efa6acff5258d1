//! Quick mode end to end (issue 7): "3 astuces Python", 30 s, 9:16, offline writer, the
//! built-in local provider (ffmpeg), assembled to the 1080×1920 preset with captions, on a
//! fresh data directory with the real runner on the wall clock, as `reelforge quick --yes`
//! runs it.
//!
//! Prints the time of each phase (script, create, generate, assemble) and the total, per run;
//! the target is well inside 5 minutes on a 2-core machine.
//!
//! `cargo bench -p reelforge-tests --bench quick`; `REELFORGE_BENCH_RUNS` (default 1) and
//! `REELFORGE_BENCH_TARGET_S` (default 30) change the setup.

use reelforge_core::Core;
use reelforge_core::QuickReporter;
use reelforge_core::pipeline::EngineSetup;
use reelforge_protocol::{QuickPhase, QuickProgress, QuickRequest};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio_util::sync::CancellationToken;

const LIMIT: Duration = Duration::from_secs(300);

fn env_number(name: &str, default: u32) -> u32 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// When each phase started.
type Marks = Arc<Mutex<Vec<(QuickPhase, Instant)>>>;

async fn one_run(target_s: u32) -> Vec<(&'static str, Duration)> {
    let dir = tempfile::tempdir().expect("temp dir");
    let core = Core::open_with(dir.path(), EngineSetup::default())
        .await
        .expect("core opens");
    let shutdown = CancellationToken::new();
    let engine = core.runner().spawn(shutdown.clone());
    let marks: Marks = Arc::default();
    let recorder = marks.clone();
    let reporter: QuickReporter = Arc::new(move |p: &QuickProgress| {
        let mut marks = recorder.lock().expect("marks");
        if marks.last().is_none_or(|(phase, _)| *phase != p.phase) {
            marks.push((p.phase, Instant::now()));
        }
    });
    let started = Instant::now();
    let req = QuickRequest {
        target_duration_s: target_s,
        ..QuickRequest::new("3 astuces Python")
    };
    let outcome = core
        .run_quick(req, None, Some(reporter))
        .await
        .expect("quick run");
    let total = started.elapsed();
    shutdown.cancel();
    let _ = engine.await;
    assert_eq!(
        (outcome.assembly.width, outcome.assembly.height),
        (1080, 1920)
    );

    let marks = marks.lock().expect("marks").clone();
    let at = |phase: QuickPhase| {
        marks
            .iter()
            .find(|(p, _)| *p == phase)
            .map(|(_, t)| *t)
            .expect("phase reported")
    };
    let phases = [
        ("script", QuickPhase::Script, QuickPhase::Create),
        ("create", QuickPhase::Create, QuickPhase::Generate),
        ("generate", QuickPhase::Generate, QuickPhase::Assemble),
        ("assemble", QuickPhase::Assemble, QuickPhase::Done),
    ];
    let mut times: Vec<(&'static str, Duration)> = phases
        .iter()
        .map(|(name, from, to)| (*name, at(*to) - at(*from)))
        .collect();
    times.push(("total", total));
    println!(
        "  video {:.1} s, {} segments, {}",
        outcome.assembly.duration_ms as f64 / 1000.0,
        outcome.script.segments.len(),
        outcome.assembly.output
    );
    times
}

fn main() {
    let runs = env_number("REELFORGE_BENCH_RUNS", 1).max(1);
    let target_s = env_number("REELFORGE_BENCH_TARGET_S", 30);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "quick mode: \"3 astuces Python\", {target_s} s target, local provider, {cores} cores"
    );
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let mut totals = Vec::new();
    for run in 1..=runs {
        println!("run {run}:");
        let times = runtime.block_on(one_run(target_s));
        for (name, time) in &times {
            println!("  {name:<9} {:>8.2} s", time.as_secs_f64());
        }
        totals.push(times.last().map(|(_, t)| *t).unwrap_or_default());
    }
    totals.sort();
    let median = totals[totals.len() / 2];
    println!(
        "median total {:.1} s (limit {} s): {}",
        median.as_secs_f64(),
        LIMIT.as_secs(),
        if median < LIMIT { "ok" } else { "TOO SLOW" }
    );
}
