//! `POST /api/v1/uploads/video` over real HTTP on a real engine (issue 17): a video made with
//! real ffmpeg comes back as a clip id that `use_segment_clip` makes a segment's take (no
//! provider, no cost); a corrupt and an empty file are refused with their own codes (`422`),
//! and no answer names a path of the file system.

use reelforge_tests::api_server::Api;
use reqwest::StatusCode;
use serde_json::{Value, json};

fn names_no_path(answer: &Value, api: &Api) {
    let text = answer.to_string();
    let data = api.core.data_dir().display().to_string();
    assert!(!text.contains(&data), "a path in {text}");
    assert!(!text.contains("/work/"), "a path in {text}");
    assert!(!text.contains("uploads/"), "a path in {text}");
}

#[tokio::test]
async fn an_uploaded_video_becomes_a_segments_take_and_bad_ones_are_refused() {
    let api = Api::start().await;
    let dir = tempfile::tempdir().unwrap();
    let mp4 = dir.path().join("beach.mp4");
    let made = std::process::Command::new("ffmpeg")
        .args(["-v", "error", "-y", "-f", "lavfi", "-i"])
        .arg("testsrc=size=320x240:rate=25:duration=3")
        .args([
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-pix_fmt",
            "yuv420p",
        ])
        .arg(&mp4)
        .status()
        .unwrap();
    assert!(made.success());
    let bytes = std::fs::read(&mp4).unwrap();
    let (status, clip) = api.upload("video", "beach.mp4", bytes.clone()).await;
    assert_eq!(status, StatusCode::OK, "{clip}");
    assert_eq!(
        (clip["width"].as_u64(), clip["height"].as_u64()),
        (Some(320), Some(240))
    );
    assert_eq!(clip["name"], "beach.mp4");
    names_no_path(&clip, &api);

    let (status, job) = api
        .call("create_job", json!({ "title": "Mine", "segment_count": 1 }))
        .await;
    assert_eq!(status, StatusCode::OK, "{job}");
    let request = json!({
        "segment": { "job_id": job["id"], "index": 0 },
        "asset_id": clip["asset_id"],
        "in_ms": 500,
        "out_ms": 2500,
    });
    let (status, used) = api.call("use_segment_clip", request).await;
    assert_eq!(status, StatusCode::OK, "{used}");
    let take = &used["segments"][0]["takes"][0];
    assert_eq!(take["provider"], "uploaded_clip");
    assert_eq!(take["status"], "succeeded");
    assert_eq!(used["segments"][0]["selected_take"], take["id"]);
    names_no_path(&used, &api);

    let mut corrupt = bytes;
    let half = corrupt.len() / 2;
    corrupt.truncate(half);
    corrupt.iter_mut().skip(48).for_each(|b| *b = 0x5a);
    let (status, refused) = api.upload("video", "broken.mp4", corrupt).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert_eq!(refused["code"], "clip_unreadable");
    assert!(
        refused["message"].as_str().unwrap().contains("broken.mp4"),
        "{refused}"
    );
    names_no_path(&refused, &api);
    let (status, refused) = api.upload("video", "empty.mp4", Vec::new()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert_eq!(refused["code"], "clip_empty");
}
