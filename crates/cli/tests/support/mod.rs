//! Running the `reelforge` binary from the CLI's integration tests: on a given data directory,
//! with a time limit that kills a stuck run, and reading its JSON answers.
// Each test binary uses a different part of this module.
#![allow(dead_code)]

pub mod frames;
pub mod keyed_cli;

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

pub fn command(data: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_reelforge"));
    cmd.args(args)
        .env("REELFORGE_DATA_DIR", data)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

pub fn reelforge(data: &Path, args: &[&str]) -> Output {
    command(data, args)
        .output()
        .expect("the reelforge binary runs")
}

/// Runs the binary, failing the test (and killing it) if it runs past `limit`.
pub fn reelforge_within(data: &Path, args: &[&str], limit: Duration) -> Output {
    output_within(&mut command(data, args), limit)
}

/// Runs `cmd`, failing the test (and killing it) if it runs past `limit`.
pub fn output_within(cmd: &mut Command, limit: Duration) -> Output {
    let child = cmd.spawn().expect("the reelforge binary runs");
    let pid = child.id();
    let (done, finished) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(child.wait_with_output());
    });
    match finished.recv_timeout(limit) {
        Ok(output) => output.expect("waiting for reelforge"),
        Err(_) => {
            let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
            // What it printed until the kill says where it was stuck.
            let tail = |bytes: &[u8]| {
                let text = String::from_utf8_lossy(bytes);
                let from = text.len().saturating_sub(6_000);
                let from = (from..text.len())
                    .find(|&i| text.is_char_boundary(i))
                    .unwrap_or(text.len());
                text[from..].to_owned()
            };
            let printed = finished
                .recv()
                .ok()
                .and_then(Result::ok)
                .map(|out| {
                    format!(
                        "stdout (end):\n{}\nstderr (end):\n{}",
                        tail(&out.stdout),
                        tail(&out.stderr)
                    )
                })
                .unwrap_or_default();
            panic!("`{cmd:?}` did not finish within {limit:?}\n{printed}");
        }
    }
}

pub fn json(data: &Path, args: &[&str]) -> Value {
    let out = reelforge(data, args);
    success_json(args, &out)
}

pub fn success_json(args: &[&str], out: &Output) -> Value {
    assert!(
        out.status.success(),
        "{args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

/// ffprobe's JSON (`streams` and `format`) for `file`, failing the test if ffprobe rejects it.
pub fn ffprobe_json(file: &Path) -> Value {
    let out = Command::new("ffprobe")
        .args([
            "-v",
            "error",
            "-show_streams",
            "-show_format",
            "-of",
            "json",
        ])
        .arg(file)
        .output()
        .expect("ffprobe runs");
    assert!(out.status.success(), "ffprobe rejected {}", file.display());
    serde_json::from_slice(&out.stdout).expect("ffprobe prints JSON")
}

/// A draft job from "Reels 30s Standard" (six segments, no prompts yet); returns its id.
pub fn reels_job(data: &Path) -> String {
    let job = json(
        data,
        &[
            "jobs",
            "create",
            "--template",
            "Reels 30s Standard",
            "--title",
            "Three Python tips",
            "--json",
        ],
    );
    assert_eq!(job["status"], "draft");
    assert_eq!(job["segments"].as_array().unwrap().len(), 6);
    job["id"].as_str().unwrap().to_owned()
}

/// Gives every segment a prompt and the shortest clip the local provider renders.
pub fn configure(data: &Path, job: &str) {
    let configured = json(
        data,
        &[
            "jobs",
            "configure",
            job,
            "--prompt",
            "Use enumerate, f-strings and pathlib",
            "--duration",
            "1",
            "--json",
        ],
    );
    assert_eq!(configured["status"], "configured");
}

/// The files under `dir` (recursively) whose bytes contain `needle`.
pub fn files_containing(dir: &Path, needle: &[u8]) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(files_containing(&path, needle));
        } else if let Ok(bytes) = std::fs::read(&path)
            && bytes.windows(needle.len()).any(|w| w == needle)
        {
            found.push(path.display().to_string());
        }
    }
    found
}

/// A small deterministic generator (SplitMix64), so a failing seed can be replayed.
pub struct Seeded(pub u64);

impl Seeded {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// Files under `dir`, recursively.
pub fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files_under(&path));
        } else {
            found.push(path);
        }
    }
    found
}

/// Temporary files under `dir`: every name the engine gives a file it has not finished
/// writing (the one list, `reelforge_core::durable::TEMPORARY_SUFFIXES`).
pub fn temporaries_under(dir: &Path) -> Vec<std::path::PathBuf> {
    files_under(dir)
        .into_iter()
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| reelforge_core::durable::is_temporary(&n.to_string_lossy()))
        })
        .collect()
}

/// The environment variable that marks the processes a test started, and their children:
/// they inherit it, so `/proc/<pid>/environ` says whose they are.
pub const MARKER_ENV: &str = "REELFORGE_TEST_MARKER";

/// Live processes (not zombies) whose environment carries `MARKER_ENV=marker`, as
/// `(pid, name)`. Linux only (`/proc`).
pub fn marked_processes(marker: &str) -> Vec<(u32, String)> {
    let needle = format!("{MARKER_ENV}={marker}");
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return found;
    };
    for entry in entries.flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(environ) = std::fs::read(entry.path().join("environ")) else {
            continue;
        };
        if !environ.split(|b| *b == 0).any(|v| v == needle.as_bytes()) {
            continue;
        }
        let stat = std::fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
        // `pid (name) state …`: the state follows the last parenthesis.
        let state = stat.rsplit_once(')').map(|(_, rest)| rest.trim_start());
        if state.is_some_and(|s| s.starts_with('Z') || s.starts_with('X')) {
            continue;
        }
        let name = stat
            .split_once('(')
            .and_then(|(_, rest)| rest.rsplit_once(')'))
            .map(|(name, _)| name.to_owned())
            .unwrap_or_default();
        found.push((pid, name));
    }
    found
}

/// Waits up to `grace` for every process marked `marker` to be gone; returns those still
/// alive then. A child told to die with its parent is gone within milliseconds; one that
/// is not outlives the grace.
pub fn survivors_after(marker: &str, grace: Duration) -> Vec<(u32, String)> {
    let deadline = std::time::Instant::now() + grace;
    loop {
        let alive = marked_processes(marker);
        if alive.is_empty() || std::time::Instant::now() >= deadline {
            return alive;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}
