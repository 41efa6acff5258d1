//! `reelforge generate|status|pause|resume|cancel|retry|decide` and `providers list` as
//! scripts use them: the binary on a temporary data directory, the built-in local provider
//! rendering real clips with ffmpeg, and errors as `{code, message}` with a non-zero exit.

mod support;

use serde_json::Value;
use std::path::Path;
use std::time::Duration;
use support::{configure, json, reelforge, reelforge_within, reels_job, success_json};

/// Longest a generation may take here (six one-second clips, on a busy machine).
const GENERATE_LIMIT: Duration = Duration::from_secs(300);

/// The `{code, message}` of a failed `--json` run, after checking it exited non-zero.
fn api_error(data: &Path, args: &[&str]) -> (String, String) {
    let out = reelforge(data, args);
    assert!(!out.status.success(), "{args:?} succeeded");
    let body: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{args:?}: stdout is not JSON ({e})"));
    let error = &body["error"];
    let code = error["code"].as_str().expect("a code").to_owned();
    let message = error["message"].as_str().expect("a message").to_owned();
    assert!(!message.is_empty());
    (code, message)
}

/// What ffprobe says of `file`: its first video stream and its duration in seconds.
fn ffprobe(file: &Path) -> (Value, f64) {
    let info = support::ffprobe_json(file);
    let video = info["streams"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["codec_type"] == "video")
        .unwrap_or_else(|| panic!("no video stream in {}", file.display()))
        .clone();
    let duration: f64 = info["format"]["duration"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    (video, duration)
}

#[test]
fn a_six_segment_job_generates_with_wait_and_every_clip_passes_ffprobe() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let job = reels_job(d);
    configure(d, &job);

    let args = ["generate", job.as_str(), "--wait", "--json"];
    let out = reelforge_within(d, &args, GENERATE_LIMIT);
    let ended = success_json(&args, &out);
    assert_eq!(ended["status"], "review", "{ended}");

    let status = json(d, &["status", &job, "--json"]);
    assert_eq!(status["job_id"], job.as_str());
    assert_eq!(status["status"], "review");
    assert_eq!(status["segments_done"], 6);
    assert_eq!(status["progress"], 100);
    assert_eq!(status["actual_cost_micros"], 0, "local rendering is free");
    let segments = status["segments"].as_array().unwrap();
    assert_eq!(segments.len(), 6);
    for (n, segment) in segments.iter().enumerate() {
        assert_eq!(segment["number"], n + 1);
        assert_eq!(segment["status"], "succeeded", "{segment}");
        assert_eq!(segment["provider"], "local");
        let file = Path::new(segment["output"].as_str().expect("an output file"));
        assert!(
            file.starts_with(d),
            "{} is outside the data dir",
            file.display()
        );
        let (video, duration) = ffprobe(file);
        assert_eq!(video["codec_name"], "h264");
        let (w, h) = (
            video["width"].as_i64().unwrap(),
            video["height"].as_i64().unwrap(),
        );
        assert!(w > 0 && h > w, "a 9:16 clip, got {w}x{h}");
        assert!(
            (duration - 1.0).abs() < 0.3,
            "a one-second clip, got {duration}"
        );
    }

    // People see the same in text.
    let text = reelforge(d, &["status", &job]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("6/6 segments done"), "{text}");

    // A generated segment retried with a new prompt: `generate --wait` waits for its new take,
    // which replaces the old one.
    let before = segments[1]["output"].as_str().unwrap().to_owned();
    let prompt = ["--segment", "2", "--prompt", "A forest at night", "--json"];
    json(
        d,
        &[&["jobs", "configure", job.as_str()][..], &prompt[..]].concat(),
    );
    json(d, &["retry", &job, "2", "--json"]);
    let out = reelforge_within(d, &args, GENERATE_LIMIT);
    let ended = success_json(&args, &out);
    assert_eq!(ended["status"], "review", "{ended}");
    let status = json(d, &["status", &job, "--json"]);
    let after = status["segments"][1]["output"].as_str().unwrap();
    assert_ne!(after, before, "the retried take replaces the old one");
    assert_ne!(
        std::fs::read(after).unwrap(),
        std::fs::read(&before).unwrap()
    );
}

#[test]
fn controls_move_a_launched_job_without_an_engine_running() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let job = reels_job(d);
    configure(d, &job);

    // Without --wait nothing generates here: the takes wait in the queue.
    let launched = json(d, &["generate", &job, "--json"]);
    assert_eq!(launched["status"], "generating");
    let status = json(d, &["status", &job, "--json"]);
    let queued: Vec<&Value> = status["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| &s["status"])
        .collect();
    assert!(queued.iter().all(|s| *s == "queued"), "{queued:?}");

    assert_eq!(json(d, &["pause", &job, "--json"])["status"], "paused");
    assert_eq!(json(d, &["resume", &job, "--json"])["status"], "generating");
    let cancelled = json(d, &["cancel", &job, "--segment", "2", "--json"]);
    let second = &cancelled["segments"][1]["takes"];
    assert_eq!(
        second[second.as_array().unwrap().len() - 1]["status"],
        "cancelled"
    );
    assert_eq!(json(d, &["cancel", &job, "--json"])["status"], "cancelled");
    let status = json(d, &["status", &job, "--json"]);
    assert_eq!(status["status"], "cancelled");
    assert_eq!(status["segments"][0]["status"], "cancelled");

    let (code, message) = api_error(d, &["decide", &job, "1", "--abandon", "--json"]);
    assert_eq!(code, "conflict", "{message}");
}

#[test]
fn generation_errors_exit_non_zero_with_code_and_message() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();

    for args in [
        &["generate", "no-such-job", "--json"][..],
        &["generate", "no-such-job", "--wait", "--json"],
        &["status", "no-such-job", "--json"],
        &["pause", "no-such-job", "--json"],
        &["retry", "no-such-job", "1", "--json"],
    ] {
        let (code, message) = api_error(d, args);
        assert_eq!(code, "not_found", "{args:?}: {message}");
        assert!(message.contains("no-such-job"), "{message}");
    }

    // A draft job (no prompts yet) cannot be launched, with or without --wait.
    let job = reels_job(d);
    for wait in [false, true] {
        let mut args = vec!["generate", job.as_str(), "--json"];
        if wait {
            args.push("--wait");
        }
        let (code, message) = api_error(d, &args);
        assert_eq!(code, "conflict", "{message}");
        assert!(message.contains("prompt"), "{message}");
    }
    assert_eq!(json(d, &["status", &job, "--json"])["status"], "draft");

    let (code, message) = api_error(d, &["retry", &job, "0", "--json"]);
    assert_eq!(code, "validation", "{message}");

    // Without --json the reason goes to stderr.
    let out = reelforge(d, &["generate", &job]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("prompt"));

    // `decide` needs exactly one of --resubmit and --abandon.
    assert!(!reelforge(d, &["decide", &job, "1"]).status.success());
    let both = ["decide", job.as_str(), "1", "--resubmit", "--abandon"];
    assert!(!reelforge(d, &both).status.success());
}

#[test]
fn providers_list_shows_the_honest_local_provider() {
    let dir = tempfile::tempdir().unwrap();
    let providers = json(dir.path(), &["providers", "list", "--json"]);
    let local = providers
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "local")
        .expect("the built-in local provider");
    assert_eq!(
        local["label"],
        "Offline, not an AI model: designed moving backgrounds and pan-and-zoom motion over your \
         images, rendered with ffmpeg"
    );
    assert_eq!(local["needs_key"], false);
    assert!(!local["models"].as_array().unwrap().is_empty());

    let text = reelforge(dir.path(), &["providers", "list"]);
    assert!(String::from_utf8_lossy(&text.stdout).contains("local — Offline, not an AI model"));
}
