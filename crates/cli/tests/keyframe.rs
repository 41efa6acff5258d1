//! Storyboard keyframes from the command line: `keyframe --list` shows the offline card
//! renderer first and honestly labelled; `keyframe --provider local` writes a real PNG of the
//! job's aspect ratio (checked with ffprobe), the same prompt always gives the same card and
//! another prompt another one; an unknown provider or ratio is refused and writes nothing; a
//! ComfyUI workflow file the person puts in the data folder adds its model.

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

#[test]
fn the_persons_comfyui_workflow_files_in_the_data_folder_add_models() {
    let data = tempfile::tempdir().unwrap();
    let data = data.path();
    let graph = serde_json::json!({
        "1": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "mine.safetensors"}},
        "2": {"class_type": "EmptyLatentImage", "inputs": {"width": "{{width}}", "height": "{{height}}", "batch_size": 1}},
        "3": {"class_type": "CLIPTextEncode", "inputs": {"text": "{{prompt}}", "clip": ["1", 1]}},
        "4": {"class_type": "KSampler", "inputs": {"model": ["1", 0], "positive": ["3", 0], "negative": ["3", 0],
            "latent_image": ["2", 0], "seed": "{{seed}}", "steps": 20, "cfg": 7.0}},
        "5": {"class_type": "SaveImage", "inputs": {"images": ["4", 0], "filename_prefix": "mine"}},
    });
    let wrapped = serde_json::json!({
        "reelforge": {"model": "my-checkpoint", "name": "My checkpoint", "sizes": {"9:16": [576, 1024]}},
        "prompt": graph,
    });
    let comfyui_models = |listed: &serde_json::Value| -> Vec<String> {
        listed
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == "comfyui")
            .expect("ComfyUI is listed")["models"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let before = support::json(data, &["keyframe", "--list", "--json"]);
    assert!(!comfyui_models(&before).contains(&"my-checkpoint".to_owned()));

    let folder = data.join("comfyui-image-workflows");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("mine.json"), wrapped.to_string()).unwrap();
    let after = support::json(data, &["keyframe", "--list", "--json"]);
    let models = comfyui_models(&after);
    assert_eq!(
        models.last().map(String::as_str),
        Some("my-checkpoint"),
        "{models:?}"
    );
    assert_eq!(models.len(), comfyui_models(&before).len() + 1);
}
