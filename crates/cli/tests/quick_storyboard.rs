//! `reelforge quick --storyboard-first`: script, job and a keyframe per segment, then it stops
//! for the creator's review (every keyframe made and selected, none approved, no clip); with
//! `--run-on` every keyframe is approved and animated, and the video is generated and
//! assembled, each segment image-to-video from its keyframe.

mod support;

use std::path::Path;
use std::time::Duration;
use support::{json, reelforge_within, success_json};

const LIMIT: Duration = Duration::from_secs(300);

#[test]
fn storyboard_first_stops_for_review_or_runs_on_to_the_video() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let args = [
        "quick",
        "3 Python tips",
        "--lang",
        "en",
        "--duration",
        "6",
        "--storyboard-first",
        "--yes",
        "--json",
    ];
    let board = success_json(&args, &reelforge_within(d, &args, LIMIT));
    let job = board["job_id"].as_str().unwrap().to_owned();
    let segments = board["segments"].as_array().unwrap();
    assert!(!segments.is_empty());
    for seg in segments {
        assert_eq!(seg["keyframes"].as_array().unwrap().len(), 1, "{seg}");
        assert_eq!(seg["keyframes"][0]["take"]["status"], "succeeded");
        assert_eq!(seg["selected_keyframe"], seg["keyframes"][0]["take"]["id"]);
        assert_eq!(seg["approved"], false);
    }
    let detail = json(d, &["jobs", "show", &job, "--json"]);
    assert_eq!(detail["status"], "configured", "stopped before generating");
    assert!(
        detail["segments"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["takes"].as_array().unwrap().is_empty())
    );

    let args = [
        "quick",
        "Rust ownership",
        "--lang",
        "en",
        "--duration",
        "6",
        "--storyboard-first",
        "--run-on",
        "--yes",
        "--json",
    ];
    let outcome = success_json(&args, &reelforge_within(d, &args, LIMIT));
    let job = outcome["job"]["id"].as_str().unwrap().to_owned();
    for seg in outcome["job"]["segments"].as_array().unwrap() {
        assert_eq!(seg["mode"], "image_to_video", "{seg}");
    }
    assert!(Path::new(outcome["assembly"]["output"].as_str().unwrap()).is_file());
    let status = json(d, &["status", &job, "--json"]);
    for seg in status["segments"].as_array().unwrap() {
        let keyframes = seg["keyframes"].as_array().unwrap();
        assert!(keyframes.iter().any(|k| k["approved"] == true), "{seg}");
    }
}
