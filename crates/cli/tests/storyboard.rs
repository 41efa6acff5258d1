//! `reelforge storyboard` on the offline card renderer: the missing keyframes made and waited
//! for, one regenerated (its newest selected), the keyframe files in `status --json`, approval,
//! animation (image-to-video from each keyframe), and a segment that does not exist refused.

mod support;

use std::path::Path;
use std::time::Duration;
use support::{configure, json, reelforge, reelforge_within, reels_job, success_json};

fn keyframes_of(segment: &serde_json::Value) -> &Vec<serde_json::Value> {
    segment["keyframes"].as_array().unwrap()
}

#[test]
fn storyboard_makes_regenerates_lists_approves_and_animates_keyframes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let job = reels_job(d);
    configure(d, &job);

    let args = ["storyboard", job.as_str(), "--json"];
    let out = reelforge_within(d, &args, Duration::from_secs(120));
    let board = success_json(&args, &out);
    assert_eq!(board["image_provider"], "local");
    let segments = board["segments"].as_array().unwrap();
    assert_eq!(segments.len(), 6);
    for seg in segments {
        let keyframes = keyframes_of(seg);
        assert_eq!(keyframes.len(), 1, "{seg}");
        assert_eq!(keyframes[0]["take"]["status"], "succeeded");
        assert_eq!(seg["selected_keyframe"], keyframes[0]["take"]["id"]);
        assert_eq!(
            (
                keyframes[0]["width"].as_u64(),
                keyframes[0]["height"].as_u64()
            ),
            (Some(1080), Some(1920))
        );
        assert_eq!(seg["approved"], false);
    }

    let args = ["storyboard", job.as_str(), "--segment", "2", "--json"];
    let out = reelforge_within(d, &args, Duration::from_secs(120));
    let board = success_json(&args, &out);
    let second = &board["segments"][1];
    assert_eq!(keyframes_of(second).len(), 2);
    assert_eq!(
        second["selected_keyframe"],
        keyframes_of(second)[1]["take"]["id"]
    );
    assert_eq!(keyframes_of(&board["segments"][0]).len(), 1);

    // The keyframe files, per segment, in `status --json`: PNGs of the job's shape.
    let status = json(d, &["status", &job, "--json"]);
    for seg in status["segments"].as_array().unwrap() {
        let keyframes = keyframes_of(seg);
        let selected: Vec<_> = keyframes.iter().filter(|k| k["selected"] == true).collect();
        assert_eq!(selected.len(), 1, "{seg}");
        for k in keyframes {
            assert_eq!(k["status"], "succeeded");
            assert_eq!(k["approved"], false);
            let path = Path::new(k["path"].as_str().unwrap());
            let probe = support::ffprobe_json(path);
            assert_eq!(probe["streams"][0]["codec_name"], "png");
            assert_eq!(probe["streams"][0]["height"], 1920);
        }
        assert_eq!(seg["takes"], 0, "keyframes are no clips: {seg}");
    }
    assert_eq!(keyframes_of(&status["segments"][1]).len(), 2);
    assert_eq!(keyframes_of(&status["segments"][1])[1]["selected"], true);

    let approved = json(d, &["storyboard", &job, "--approve", "--json"]);
    assert!(
        approved["segments"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["approved"] == true),
        "{approved}"
    );
    let status = json(d, &["status", &job, "--json"]);
    let approved_files: usize = status["segments"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(keyframes_of)
        .filter(|k| k["approved"] == true)
        .count();
    assert_eq!(approved_files, 6);

    let text = reelforge(d, &["storyboard", &job, "--approve"]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("Segment 2: 2 keyframe(s), approved"),
        "{text}"
    );

    let animated = json(d, &["storyboard", &job, "--animate", "--json"]);
    assert_eq!(animated["animated"], serde_json::json!([0, 1, 2, 3, 4, 5]));
    assert_eq!(animated["skipped"], serde_json::json!([]));
    let detail = json(d, &["jobs", "show", &job, "--json"]);
    for seg in detail["segments"].as_array().unwrap() {
        assert_eq!(seg["mode"], "image_to_video", "{seg}");
        assert_eq!(seg["reference_assets"].as_array().unwrap().len(), 1);
    }

    let refused = reelforge(d, &["storyboard", &job, "--segment", "9", "--json"]);
    assert!(!refused.status.success());
    let refused: serde_json::Value = serde_json::from_slice(&refused.stdout).unwrap();
    assert_eq!(refused["error"]["code"], "validation", "{refused}");
}
