//! Uploads to the automation API, over real HTTP on a real engine: what the window imports
//! from an OS path arrives as bytes and comes back as a library id — an image used as a
//! segment's reference, an audio file as an id the assembly takes — refused exactly as the
//! window refuses (a corrupt image is `validation`, "corrupt"), a body over its limit `413`,
//! and no answer names a path of the file system.

use base64::Engine;
use reelforge_api::IMAGE_UPLOAD_MAX_BYTES;
use reelforge_protocol::AudioId;
use reelforge_tests::adapter_check::PNG_1X1;
use reelforge_tests::api_server::Api;
use reqwest::StatusCode;
use serde_json::{Value, json};

fn png() -> Vec<u8> {
    base64::engine::general_purpose::STANDARD
        .decode(PNG_1X1)
        .unwrap()
}

/// No string in `answer` names a path inside the data folder or the work folder.
fn names_no_path(answer: &Value, api: &Api) {
    let text = answer.to_string();
    let data = api.core.data_dir().display().to_string();
    assert!(!text.contains(&data), "a path in {text}");
    assert!(!text.contains("/work/"), "a path in {text}");
}

#[tokio::test]
async fn an_uploaded_image_becomes_a_segment_reference() {
    let api = Api::start().await;
    let (status, imported) = api.upload("image", "../../cat.png", png()).await;
    assert_eq!(status, StatusCode::OK, "{imported}");
    assert_eq!(
        (imported["width"].as_u64(), imported["height"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(imported["url"], "", "previews stay the window's");
    names_no_path(&imported, &api);
    let asset = imported["asset_id"].clone();

    let (status, job) = api
        .call(
            "create_job",
            json!({ "title": "Uploaded", "segment_count": 1 }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{job}");
    let request = json!({ "segment": { "job_id": job["id"], "index": 0 }, "assets": [asset] });
    let (status, job) = api.call("set_segment_references", request).await;
    assert_eq!(status, StatusCode::OK, "{job}");
    assert_eq!(job["segments"][0]["reference_assets"], json!([asset]));
    names_no_path(&job, &api);

    // The same bytes again are the same asset.
    let (_, again) = api.upload("image", "other.png", png()).await;
    assert_eq!(again["asset_id"], asset);
}

#[tokio::test]
async fn a_corrupt_image_is_refused_as_the_window_refuses_it() {
    let api = Api::start().await;
    let mut corrupt = png();
    corrupt.truncate(corrupt.len() - 6);
    let (status, refused) = api.upload("image", "reference.png", corrupt).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}");
    assert_eq!(refused["code"], "validation");
    let message = refused["message"].as_str().unwrap();
    assert!(
        message.contains("reference.png") && message.contains("corrupt"),
        "{message}"
    );
    names_no_path(&refused, &api);
}

#[tokio::test]
async fn the_data_folder_and_programs_are_not_named_nor_set_over_http() {
    let api = Api::start().await;
    let (status, info) = api.call("app_info", Value::Null).await;
    assert_eq!(status, StatusCode::OK, "{info}");
    assert_eq!(info["data_dir"], "");
    let (status, ffmpeg) = api.call("ffmpeg_info", Value::Null).await;
    assert_eq!(status, StatusCode::OK, "{ffmpeg}");
    assert!(
        ffmpeg["path"].is_null() && ffmpeg["configured"].is_null(),
        "{ffmpeg}"
    );
    names_no_path(&info, &api);
    let (status, refused) = api.call("set_ffmpeg_location", json!("/bin/sh")).await;
    assert_eq!(status, StatusCode::NOT_IMPLEMENTED, "{refused}");
    assert_eq!(refused["code"], "window_only");
}

#[tokio::test]
async fn a_body_over_the_upload_limit_is_413() {
    let api = Api::start().await;
    let mut over = png();
    over.resize(IMAGE_UPLOAD_MAX_BYTES + 1, 0);
    let (status, refused) = api.upload("image", "huge.png", over).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{refused}");
    assert_eq!(refused["code"], "validation");
}

#[tokio::test]
async fn an_uploaded_audio_file_is_a_library_id_and_text_is_refused() {
    let api = Api::start().await;
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("bed.wav");
    let made = std::process::Command::new("ffmpeg")
        .args([
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440:duration=1",
        ])
        .arg(&wav)
        .status()
        .unwrap();
    assert!(made.success());
    let bytes = std::fs::read(&wav).unwrap();
    let (status, imported) = api.upload("audio", "bed.wav", bytes.clone()).await;
    assert_eq!(status, StatusCode::OK, "{imported}");
    assert_eq!(imported["name"], "bed.wav");
    names_no_path(&imported, &api);
    let id = AudioId(imported["id"].as_str().unwrap().to_owned());
    let stored = api.core.audio_path(&id).unwrap();
    assert_eq!(std::fs::read(stored).unwrap(), bytes);

    let text = b"just some words, no sound at all\n".to_vec();
    let (status, refused) = api.upload("audio", "notes.mp3", text).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}");
    assert!(
        refused["message"].as_str().unwrap().contains("notes.mp3"),
        "{refused}"
    );
    names_no_path(&refused, &api);
}
