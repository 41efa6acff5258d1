//! `reelforge jobs edit JOB SEG …` and `reelforge generate JOB --segment N` as scripts use
//! them: a generated segment edited, a new take of it made with the built-in local provider
//! (real clips, ffmpeg), the earlier take kept with the prompt it was made with; an edit
//! while the segment's take is queued refused with `segment_busy`.

mod support;

use serde_json::Value;
use std::time::Duration;
use support::{json, reelforge, reelforge_within, success_json};

const GENERATE_LIMIT: Duration = Duration::from_secs(180);

#[test]
fn an_edited_segment_gets_a_new_take_and_keeps_the_old_one() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let job = json(
        d,
        &[
            "jobs",
            "create",
            "--title",
            "Edit me",
            "--segments",
            "2",
            "--provider",
            "local",
            "--duration",
            "1",
            "--json",
        ],
    );
    let job = job["id"].as_str().unwrap().to_owned();
    json(
        d,
        &[
            "jobs",
            "configure",
            &job,
            "--prompt",
            "A red kite",
            "--json",
        ],
    );
    let wait = ["generate", job.as_str(), "--wait", "--json"];
    success_json(&wait, &reelforge_within(d, &wait, GENERATE_LIMIT));

    let edited = json(
        d,
        &[
            "jobs",
            "edit",
            &job,
            "2",
            "--prompt",
            "A blue whale",
            "--narration",
            "Then the sea.",
            "--json",
        ],
    );
    assert_eq!(edited["status"], "review", "the status stays: {edited}");
    assert_eq!(edited["segments"][1]["prompt"], "A blue whale");
    assert_eq!(edited["segments"][1]["narration"], "Then the sea.");
    assert_eq!(edited["segments"][0]["prompt"], "A red kite");

    // Queued without --wait: the segment is busy, an edit is refused and changes nothing.
    let queued = json(d, &["generate", &job, "--segment", "2", "--json"]);
    assert_eq!(queued["status"], "generating");
    let out = reelforge(
        d,
        &["jobs", "edit", &job, "2", "--prompt", "A cat", "--json"],
    );
    assert!(!out.status.success());
    let refused: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(refused["error"]["code"], "segment_busy", "{refused}");
    let shown = json(d, &["jobs", "show", &job, "--json"]);
    assert_eq!(shown["segments"][1]["prompt"], "A blue whale");

    let segment = [
        "generate",
        job.as_str(),
        "--segment",
        "2",
        "--wait",
        "--json",
    ];
    let out = reelforge_within(d, &wait, GENERATE_LIMIT);
    assert_eq!(success_json(&wait, &out)["status"], "review");
    let shown = json(d, &["jobs", "show", &job, "--json"]);
    let takes = shown["segments"][1]["takes"].as_array().unwrap();
    assert_eq!(takes.len(), 2, "the earlier take stays: {shown}");
    assert_eq!(takes[0]["prompt"], "A red kite");
    assert_eq!(takes[1]["prompt"], "A blue whale");
    assert!(takes.iter().all(|t| t["status"] == "succeeded"));
    assert_eq!(shown["segments"][1]["selected_take"], takes[1]["id"]);
    assert_eq!(shown["segments"][0]["takes"].as_array().unwrap().len(), 1);

    // `generate --segment N --wait` queues and generates a third take here.
    let out = reelforge_within(d, &segment, GENERATE_LIMIT);
    assert_eq!(success_json(&segment, &out)["status"], "review");
    let shown = json(d, &["jobs", "show", &job, "--json"]);
    assert_eq!(shown["segments"][1]["takes"].as_array().unwrap().len(), 3);

    let out = reelforge(d, &["generate", &job, "--segment", "0", "--json"]);
    assert!(!out.status.success(), "segments are numbered from 1");
}
