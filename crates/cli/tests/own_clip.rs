//! `reelforge jobs clip JOB SEG FILE --in S --out S`: a person's own MP4 (made here with real
//! ffmpeg) becomes segment 2's take of a generated job, at no cost, and the job assembles
//! with it; a corrupt file is refused with its own code and changes nothing.

mod support;

use serde_json::Value;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// Longest a generation or an assembly may take here (a few one-second clips, busy machine).
const RUN_LIMIT: Duration = Duration::from_secs(300);

fn json(data: &Path, args: &[&str]) -> Value {
    support::success_json(args, &support::reelforge_within(data, args, RUN_LIMIT))
}

#[test]
fn an_own_clip_becomes_a_segments_take_and_a_corrupt_one_is_refused() {
    let data = tempfile::tempdir().unwrap();
    let data = data.path();
    let outside = tempfile::tempdir().unwrap();
    let job = json(
        data,
        &[
            "jobs",
            "create",
            "--template",
            "Square Post 1:1",
            "--title",
            "Own footage",
            "--json",
        ],
    );
    let id = job["id"].as_str().unwrap().to_owned();
    json(
        data,
        &[
            "jobs",
            "configure",
            &id,
            "--prompt",
            "A desk",
            "--duration",
            "1",
            "--json",
        ],
    );
    json(data, &["generate", &id, "--wait", "--json"]);

    let clip = outside.path().join("beach.mp4");
    let made = Command::new("ffmpeg")
        .args(["-v", "error", "-y", "-f", "lavfi", "-i"])
        .arg("testsrc=size=320x240:rate=25:duration=4")
        .args([
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-pix_fmt",
            "yuv420p",
        ])
        .arg(&clip)
        .status()
        .unwrap();
    assert!(made.success());
    let clip_arg = clip.to_str().unwrap();
    let used = json(
        data,
        &[
            "jobs", "clip", &id, "2", clip_arg, "--in", "0.5", "--out", "2", "--json",
        ],
    );
    let second = &used["segments"][1];
    let selected = second["selected_take"].as_str().unwrap();
    let take = second["takes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == selected)
        .unwrap();
    assert_eq!(take["provider"], "uploaded_clip", "{take}");
    assert_eq!(take["status"], "succeeded");
    assert_eq!(take["actual_cost_micros"], 0);

    let assembled = json(data, &["assemble", &id, "--json"]);
    let output = assembled["output"].as_str().unwrap();
    let info = support::ffprobe_json(Path::new(output));
    let seconds: f64 = info["format"]["duration"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    // Segments 1 and 3 are 1 s each, the clip's span 1.5 s.
    assert!((seconds - 3.5).abs() < 0.3, "{seconds}");

    let corrupt = outside.path().join("corrupt.mp4");
    std::fs::write(&corrupt, b"\0\0\0\x18ftypmp42 this is not a video").unwrap();
    let before = json(data, &["jobs", "show", &id, "--json"]);
    let refused = support::reelforge_within(
        data,
        &[
            "jobs",
            "clip",
            &id,
            "3",
            corrupt.to_str().unwrap(),
            "--json",
        ],
        RUN_LIMIT,
    );
    assert!(!refused.status.success(), "a corrupt clip was used");
    let body: Value = serde_json::from_slice(&refused.stdout).expect("an error as JSON");
    assert_eq!(body["error"]["code"], "clip_unreadable", "{body}");
    let after = json(data, &["jobs", "show", &id, "--json"]);
    assert_eq!(before["segments"], after["segments"], "nothing changed");
}
