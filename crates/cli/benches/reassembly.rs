//! Re-assembly with burned captions through the release `reelforge` binary, as the app runs
//! it (issue 16): a six-segment 9:16 job ("Reels 30s Standard", 5 s clips from the built-in
//! local provider, each segment narrated), assembled on its defaults — the offline voice,
//! word captions burned in, loudness normalised — with a music bed.
//!
//! Prints, per round and as medians:
//! - **cold**: a full assembly with the segment cache emptied (the narration already
//!   synthesized once, so the figure is the assembly's own work);
//! - **re-assembly** after replacing one take (its prompt changed, `retry`, `generate
//!   --wait`), and how many segments it encoded (cache files written);
//! - the ratio re-assembly ÷ cold (target ≤ 0.3);
//! - **none**: the same job assembled cold with no voice, no captions and no music, and the
//!   ratio cold ÷ none (target ≤ 1.3).
//!
//! `cargo bench -p reelforge-cli --bench reassembly`; `REELFORGE_BENCH_ROUNDS` (default 3).

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const NARRATIONS: [&str; 6] = [
    "Three Python tips most people miss.",
    "First, use enumerate instead of a counter.",
    "Second, f-strings make formatting easy.",
    "Third, pathlib handles your file paths.",
    "Try them in your next script today.",
    "Follow for more Python tips.",
];

fn reelforge(data: &Path, args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_reelforge"))
        .args(args)
        .arg("--json")
        .env("REELFORGE_DATA_DIR", data)
        .stdin(Stdio::null())
        .output()
        .expect("the reelforge binary runs");
    assert!(
        out.status.success(),
        "reelforge {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or(Value::Null)
}

fn timed(data: &Path, args: &[&str]) -> Duration {
    let started = Instant::now();
    reelforge(data, args);
    started.elapsed()
}

/// A 40 s music bed (two tones and some noise), AAC, outside the data folder.
fn music(dir: &Path) -> PathBuf {
    let path = dir.join("music.m4a");
    let out = Command::new("ffmpeg")
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
        .arg(&path)
        .output()
        .expect("ffmpeg runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    path
}

/// Segments in the cache (finished entries only).
fn cached_segments(data: &Path) -> usize {
    std::fs::read_dir(data.join("cache/segments"))
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    name.ends_with(".mp4") && !name.starts_with('.')
                })
                .count()
        })
        .unwrap_or(0)
}

fn empty_cache(data: &Path) {
    let dir = data.join("cache/segments");
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("the segment cache can be emptied");
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let rounds: usize = std::env::var("REELFORGE_BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3)
        .max(1);
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    let music = music(dir.path());
    let music = music.to_str().unwrap();
    let out = dir.path().join("final.mp4");
    let out = out.to_str().unwrap();

    let job = reelforge(
        &data,
        &[
            "jobs",
            "create",
            "--template",
            "Reels 30s Standard",
            "--title",
            "Bench",
        ],
    );
    let job = job["id"].as_str().expect("a job id").to_owned();
    for (i, narration) in NARRATIONS.iter().enumerate() {
        let number = (i + 1).to_string();
        let prompt = format!("Scene {number} of a Python tutorial");
        reelforge(
            &data,
            &[
                "jobs",
                "configure",
                &job,
                "--segment",
                &number,
                "--prompt",
                &prompt,
                "--narration",
                narration,
            ],
        );
    }
    let started = Instant::now();
    reelforge(&data, &["generate", &job, "--wait"]);
    println!(
        "re-assembly bench: 6 × 5 s takes (local provider, generated in {:.1} s), 9:16, \
         release CLI, {} cores",
        started.elapsed().as_secs_f64(),
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    let full = ["assemble", job.as_str(), "--music", music, "--out", out];
    let none = [
        "assemble",
        job.as_str(),
        "--no-narration",
        "--no-burn-captions",
        "--out",
        out,
    ];
    // Synthesizes the narration once; not timed.
    reelforge(&data, &full);

    let (mut colds, mut agains, mut nones) = (Vec::new(), Vec::new(), Vec::new());
    for round in 1..=rounds {
        empty_cache(&data);
        let none_time = timed(&data, &none);
        empty_cache(&data);
        let cold = timed(&data, &full);
        let cached = cached_segments(&data);

        let prompt = format!("Scene 3, take {round}: a forest at night");
        reelforge(
            &data,
            &[
                "jobs",
                "configure",
                &job,
                "--segment",
                "3",
                "--prompt",
                &prompt,
            ],
        );
        reelforge(&data, &["retry", &job, "3"]);
        reelforge(&data, &["generate", &job, "--wait"]);
        let again = timed(&data, &full);
        let encoded = cached_segments(&data) - cached;
        println!(
            "round {round}: cold {:.2} s ({cached} segments encoded), re-assembly {:.2} s \
             ({encoded} encoded), ratio {:.2}; none {:.2} s, cold ÷ none {:.2}",
            cold.as_secs_f64(),
            again.as_secs_f64(),
            again.as_secs_f64() / cold.as_secs_f64(),
            none_time.as_secs_f64(),
            cold.as_secs_f64() / none_time.as_secs_f64(),
        );
        colds.push(cold);
        agains.push(again);
        nones.push(none_time);
    }
    let (cold, again, none) = (median(colds), median(agains), median(nones));
    println!(
        "medians over {rounds} rounds: cold full assembly {:.2} s, re-assembly after replacing \
         one take {:.2} s: ratio {:.2} (target ≤ 0.3)",
        cold.as_secs_f64(),
        again.as_secs_f64(),
        again.as_secs_f64() / cold.as_secs_f64()
    );
    println!(
        "voice + word captions + music {:.2} s ÷ none {:.2} s: {:.2} (target ≤ 1.3)",
        cold.as_secs_f64(),
        none.as_secs_f64(),
        cold.as_secs_f64() / none.as_secs_f64()
    );
}
