//! One engine per data folder, and Ctrl-C: `reelforge generate --wait` holds the data
//! folder's engine lock while it generates, stops cleanly on SIGINT (exit 130, the job left
//! queued, nothing failed, the lock released), and a later `generate --wait` finishes the job.

mod support;

use reelforge_core::Core;
use serde_json::Value;
use std::process::Command;
use std::time::{Duration, Instant};
use support::{command, configure, json, reelforge_within, reels_job, success_json};

/// Longest the first render may take to show up as running on a busy machine.
const START_LIMIT: Duration = Duration::from_secs(120);

/// Reads `reelforge status --json` until `ready` holds (another process is generating, so
/// there is no in-process event to wait on), failing after `limit`.
fn status_until(
    data: &std::path::Path,
    job: &str,
    limit: Duration,
    ready: impl Fn(&Value) -> bool,
) -> Value {
    let start = Instant::now();
    loop {
        let status = json(data, &["status", job, "--json"]);
        if ready(&status) {
            return status;
        }
        assert!(start.elapsed() < limit, "status never got there: {status}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 1)]
async fn ctrl_c_stops_generate_wait_and_leaves_the_job_resumable() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let job = reels_job(d);
    configure(d, &job);

    // Paced renders: each takes at least 60 s, so the run is surely mid-job when interrupted.
    let child = command(d, &["generate", &job, "--wait"])
        .env("REELFORGE_LOCAL_MIN_RENDER_S", "60")
        .spawn()
        .expect("reelforge runs");
    status_until(d, &job, START_LIMIT, |s| {
        s["segments"]
            .as_array()
            .unwrap()
            .iter()
            .any(|seg| seg["status"] == "running")
    });

    // While it runs, the folder's engine is taken: no second engine can start on it.
    let core = Core::open(d).await.unwrap();
    let busy = core.lock_engine().unwrap_err();
    assert_eq!(busy.code().as_str(), "engine_busy");
    assert!(busy.to_string().contains("already generating"), "{busy}");

    let kill = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "stderr: {stderr}");
    assert!(stderr.contains("interrupted"), "{stderr}");

    let status = json(d, &["status", &job, "--json"]);
    assert_eq!(status["status"], "generating", "{status}");
    for segment in status["segments"].as_array().unwrap() {
        let state = segment["status"].as_str().unwrap();
        assert!(
            matches!(state, "queued" | "running" | "succeeded"),
            "nothing fails on Ctrl-C: {segment}"
        );
    }
    let lock = core.lock_engine();
    assert!(lock.is_ok(), "the lock is released with the process");
    drop(lock);
    core.close().await;

    let args = ["generate", job.as_str(), "--wait", "--json"];
    let finished = reelforge_within(d, &args, Duration::from_secs(300));
    let ended = success_json(&args, &finished);
    assert_eq!(ended["status"], "review", "{ended}");
}
