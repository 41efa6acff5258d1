//! Quick mode end to end (issues 7 and 16): "3 astuces Python", 30 s, 9:16, offline writer,
//! the built-in local provider (ffmpeg), assembled to the 1080×1920 preset on its defaults —
//! narrated by the offline voice, word captions burned — with a music bed from the music
//! library (one 40 s track), on a fresh data directory with the real runner on the wall
//! clock, as `reelforge quick --yes` runs it.
//!
//! Prints the time of each phase (script, create, generate, assemble) and the total, per run;
//! the target is under 120 s on a 2-core machine.
//!
//! `cargo bench -p reelforge-tests --bench quick`; `REELFORGE_BENCH_RUNS` (default 1) and
//! `REELFORGE_BENCH_TARGET_S` (default 30) change the setup.

use reelforge_core::Core;
use reelforge_core::QuickReporter;
use reelforge_core::pipeline::EngineSetup;
use reelforge_protocol::{QuickPhase, QuickProgress, QuickRequest};
use reelforge_tests::bench_figures::env_number;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio_util::sync::CancellationToken;

const LIMIT: Duration = Duration::from_secs(120);

/// A 40 s music track (a tone and some noise) in its own folder: the music library.
fn music_library(dir: &std::path::Path) -> std::path::PathBuf {
    let folder = dir.join("music");
    std::fs::create_dir_all(&folder).expect("music folder");
    let out = std::process::Command::new("ffmpeg")
        .args(["-hide_banner", "-v", "error", "-y", "-f", "lavfi", "-i"])
        .arg("sine=frequency=220:duration=40,volume=0.5")
        .args(["-f", "lavfi", "-i", "anoisesrc=d=40:a=0.05"])
        .args([
            "-filter_complex",
            "amix=inputs=2",
            "-c:a",
            "aac",
            "-ac",
            "2",
        ])
        .arg(folder.join("bed.m4a"))
        .output()
        .expect("ffmpeg runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    folder
}

/// When each phase started.
type Marks = Arc<Mutex<Vec<(QuickPhase, Instant)>>>;

async fn one_run(target_s: u32) -> Vec<(&'static str, Duration)> {
    let dir = tempfile::tempdir().expect("temp dir");
    let core = Core::open_with(dir.path(), EngineSetup::default())
        .await
        .expect("core opens");
    let folder = music_library(dir.path());
    let library = core
        .set_music_folder(Some(folder.display().to_string()))
        .await
        .expect("music folder");
    assert_eq!(library.tracks.len(), 1);
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
    assert!(outcome.assembly.narration.is_some(), "narrated");
    let imported = dir.path().join("library");
    assert!(
        walk(&imported).iter().any(|n| n.ends_with("bed.m4a")),
        "the library's track was used"
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

/// File names under `dir`, recursively.
fn walk(dir: &std::path::Path) -> Vec<String> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            names.extend(walk(&path));
        } else {
            names.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    names
}

fn main() {
    let runs = env_number("REELFORGE_BENCH_RUNS", 1).max(1);
    let target_s = env_number("REELFORGE_BENCH_TARGET_S", 30);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "quick mode: \"3 astuces Python\", {target_s} s target, local provider, voice + burned \
         word captions + music, {cores} cores"
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
