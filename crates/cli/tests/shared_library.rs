//! Several processes on one data folder (issue 15, item 3): three `reelforge` processes write
//! the same library at once, creating, configuring and deleting jobs in a loop, while a fourth
//! generates a job with `generate --wait` on the local provider. No error may reach a user:
//! every command succeeds, and the library ends holding exactly the jobs that were kept.
//!
//! The writers run for `REELFORGE_SHARED_LIBRARY_SECS` seconds (60 by default, as the issue
//! asks; set it lower for a quick run).

mod support;

use serde_json::Value;
use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};
use support::{configure, reelforge_within, reels_job, success_json};

/// How long the writers run unless `REELFORGE_SHARED_LIBRARY_SECS` says otherwise.
const DEFAULT_WRITING: Duration = Duration::from_secs(60);
/// Longest one command may take (a write waiting for the others, on a busy machine).
const COMMAND_LIMIT: Duration = Duration::from_secs(120);
/// Longest the generation may take (six one-second clips while three writers run).
const GENERATE_LIMIT: Duration = Duration::from_secs(600);
const WRITERS: usize = 3;

fn writing_time() -> Duration {
    std::env::var("REELFORGE_SHARED_LIBRARY_SECS")
        .ok()
        .map(|secs| {
            let secs = secs
                .parse()
                .expect("REELFORGE_SHARED_LIBRARY_SECS is a number of seconds");
            Duration::from_secs(secs)
        })
        .unwrap_or(DEFAULT_WRITING)
}

/// What one writer did: how many commands it ran, the jobs it kept, and each failure.
#[derive(Default)]
struct Tally {
    commands: usize,
    kept: usize,
    failures: Vec<String>,
}

impl Tally {
    /// Runs one command, counting it; its JSON answer when it succeeded.
    fn run(&mut self, data: &Path, args: &[&str]) -> Option<Value> {
        self.commands += 1;
        let out: Output = reelforge_within(data, args, COMMAND_LIMIT);
        if out.status.success() {
            Some(serde_json::from_slice(&out.stdout).unwrap_or(Value::Null))
        } else {
            self.failures.push(format!(
                "{args:?}: {}{}",
                String::from_utf8_lossy(&out.stdout).trim(),
                String::from_utf8_lossy(&out.stderr).trim()
            ));
            None
        }
    }
}

/// Creates, configures and (every other time) deletes jobs until `until`.
fn write_until(data: &Path, writer: usize, until: Instant) -> Tally {
    let mut tally = Tally::default();
    let mut round = 0;
    while Instant::now() < until {
        round += 1;
        let title = format!("writer {writer} round {round}");
        let created = tally.run(
            data,
            &[
                "jobs",
                "create",
                "--template",
                "Reels 30s Standard",
                "--title",
                &title,
                "--json",
            ],
        );
        let Some(id) = created.and_then(|job| job["id"].as_str().map(str::to_owned)) else {
            continue;
        };
        let prompt = format!("Shot {round} of writer {writer}");
        let configure = [
            "jobs",
            "configure",
            &id,
            "--prompt",
            &prompt,
            "--duration",
            "1",
            "--json",
        ];
        tally.run(data, &configure);
        // A job whose configuration failed still exists; only a deleted one is gone.
        let deleted = round % 2 == 0
            && tally
                .run(data, &["jobs", "delete", &id, "--yes", "--json"])
                .is_some();
        if !deleted {
            tally.kept += 1;
        }
    }
    tally
}

#[test]
fn three_processes_write_one_library_while_a_fourth_generates_and_none_fails() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let job = reels_job(d);
    configure(d, &job);

    let until = Instant::now() + writing_time();
    let generating = {
        let d = d.to_owned();
        let job = job.clone();
        std::thread::spawn(move || {
            let args = ["generate", job.as_str(), "--wait", "--json"];
            reelforge_within(&d, &args, GENERATE_LIMIT)
        })
    };
    let writers: Vec<_> = (1..=WRITERS)
        .map(|writer| {
            let d = d.to_owned();
            std::thread::spawn(move || write_until(&d, writer, until))
        })
        .collect();
    let tallies: Vec<Tally> = writers.into_iter().map(|w| w.join().unwrap()).collect();
    let generated = generating.join().unwrap();

    let commands: usize = tallies.iter().map(|t| t.commands).sum();
    let failures: Vec<&String> = tallies.iter().flat_map(|t| &t.failures).collect();
    eprintln!(
        "{} of {commands} writing commands failed; generate --wait {}",
        failures.len(),
        if generated.status.success() {
            "succeeded"
        } else {
            "failed"
        }
    );
    let shown: Vec<&&String> = failures.iter().take(5).collect();
    assert!(failures.is_empty(), "first failures: {shown:#?}");
    assert!(commands >= WRITERS * 3, "each writer ran a round at least");

    let args = ["generate", job.as_str(), "--wait", "--json"];
    let ended = success_json(&args, &generated);
    assert_eq!(ended["status"], "review", "{ended}");

    let kept: usize = tallies.iter().map(|t| t.kept).sum();
    let list = ["jobs", "list", "--page-size", "1", "--json"];
    let page = success_json(&list, &reelforge_within(d, &list, COMMAND_LIMIT));
    assert_eq!(
        page["total_matching"],
        kept as u64 + 1,
        "the generated job and every job a writer kept are there, and nothing else"
    );
}
