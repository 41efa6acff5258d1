//! Storyboard keyframes from the command line: `keyframe --list` shows the offline card
//! renderer first and honestly labelled; `keyframe --provider local` writes a real PNG of the
//! job's aspect ratio (checked with ffprobe), the same prompt always gives the same card and
//! another prompt another one; an unknown provider or ratio is refused and writes nothing.

mod support;

use std::path::Path;

fn stream_size(file: &Path) -> (u64, u64, String) {
    let probe = support::ffprobe_json(file);
    let stream = &probe["streams"][0];
    (
        stream["width"].as_u64().unwrap(),
        stream["height"].as_u64().unwrap(),
        stream["codec_name"].as_str().unwrap().to_owned(),
    )
}

#[test]
fn the_local_renderer_draws_a_keyframe_of_the_jobs_shape() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");

    let listed = support::json(&data, &["keyframe", "--list", "--json"]);
    let local = &listed[0];
    assert_eq!(local["id"], "local");
    assert_eq!(local["needs_key"], false);
    assert!(
        local["label"].as_str().unwrap().contains("not an AI model"),
        "{local}"
    );
    assert_eq!(local["models"][0]["micros_per_image"], 0);

    let prompt = "Cinematic, warm light. A fox in a snowy forest";
    let mut made = Vec::new();
    for (aspect, name, size) in [
        ("9:16", "portrait.png", (1080, 1920)),
        ("16:9", "landscape.png", (1920, 1080)),
        ("9:16", "portrait-again.png", (1080, 1920)),
    ] {
        let out = dir.path().join(name);
        let args = [
            "keyframe",
            "--provider",
            "local",
            "--aspect",
            aspect,
            "--prompt",
            prompt,
            "--out",
            out.to_str().unwrap(),
            "--json",
        ];
        let answer = support::json(&data, &args);
        assert_eq!(answer["provider"], "local");
        assert_eq!(answer["model"], "ffmpeg-card");
        assert_eq!(
            (answer["width"].as_u64(), answer["height"].as_u64()),
            (Some(size.0), Some(size.1))
        );
        assert_eq!(
            answer["bytes"].as_u64().unwrap(),
            std::fs::metadata(&out).unwrap().len()
        );
        assert_eq!(stream_size(&out), (size.0, size.1, "png".to_owned()));
        made.push(std::fs::read(&out).unwrap());
    }
    assert_eq!(made[0], made[2], "the same prompt gives the same card");

    let other = dir.path().join("other.png");
    support::json(
        &data,
        &[
            "keyframe",
            "--prompt",
            "A city at dusk",
            "--out",
            other.to_str().unwrap(),
            "--json",
        ],
    );
    assert_ne!(
        std::fs::read(&other).unwrap(),
        made[0],
        "another prompt, another card"
    );
    assert!(support::temporaries_under(dir.path()).is_empty());

    let refused = dir.path().join("refused.png");
    let out = support::reelforge(
        &data,
        &[
            "keyframe",
            "--provider",
            "nope",
            "--prompt",
            "x",
            "--out",
            refused.to_str().unwrap(),
            "--json",
        ],
    );
    assert!(!out.status.success());
    let error: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(error["error"]["code"], "not_found", "{error}");
    let bad_ratio = support::reelforge(
        &data,
        &[
            "keyframe",
            "--aspect",
            "3:2",
            "--prompt",
            "x",
            "--out",
            refused.to_str().unwrap(),
        ],
    );
    assert!(!bad_ratio.status.success());
    assert!(!refused.exists());
}
