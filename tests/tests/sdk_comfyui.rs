//! ComfyUI has no official Python SDK on PyPI, so instead of an SDK round-trip this checks
//! the fake against the request/response examples of providers.md §7 with plain HTTP, the
//! way any ComfyUI client (the web UI, scripts) talks to it.

use reelforge_tests::fakes::comfyui;
use reelforge_tests::sdk::start_fake;
use serde_json::{Value, json};

struct Wire {
    http: reqwest::Client,
    base: String,
}

impl Wire {
    async fn get(&self, path: &str) -> (u16, Value) {
        let response = self
            .http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        let response = self
            .http
            .post(format!("{}{path}", self.base))
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }
}

/// A small API-format text-to-video graph (LTX-Video nodes, as providers.md lists them).
fn graph(length: u32, image: Option<&str>) -> Value {
    let mut graph = json!({
        "1": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "ltx-video-2b-v0.9.5.safetensors"}},
        "2": {"class_type": "CLIPLoader", "inputs": {"clip_name": "t5xxl_fp16.safetensors", "type": "ltxv"}},
        "3": {"class_type": "CLIPTextEncode", "inputs": {"text": "a fox", "clip": ["2", 0]}},
        "6": {"class_type": "EmptyLTXVLatentVideo", "inputs": {"width": 768, "height": 512, "length": length, "batch_size": 1}},
        "9": {"class_type": "SamplerCustom", "inputs": {"model": ["1", 0], "positive": ["3", 0], "negative": ["3", 0], "latent_image": ["6", 0], "noise_seed": 7, "cfg": 3.0}},
        "10": {"class_type": "VAEDecode", "inputs": {"samples": ["9", 0], "vae": ["1", 2]}},
        "11": {"class_type": "CreateVideo", "inputs": {"images": ["10", 0], "fps": 24}},
        "12": {"class_type": "SaveVideo", "inputs": {"video": ["11", 0], "filename_prefix": "video/ComfyUI", "format": "auto", "codec": "auto"}}
    });
    if let Some(image) = image {
        graph["13"] = json!({"class_type": "LoadImage", "inputs": {"image": image}});
    }
    graph
}

#[tokio::test]
async fn the_fake_answers_like_comfyui_documents() {
    let (_dir, fake) = start_fake(comfyui::start).await;
    let wire = Wire {
        http: reqwest::Client::new(),
        base: fake.base_url().to_owned(),
    };

    // GET /system_stats, no auth.
    let (status, stats) = wire.get("/system_stats").await;
    assert_eq!(status, 200);
    assert!(stats["system"]["comfyui_version"].is_string() && stats["devices"].is_array());

    // POST /prompt refusals: missing prompt, non-canonical prompt_id, broken graph.
    let (status, body) = wire.post("/prompt", json!({"client_id": "x"})).await;
    assert_eq!(
        (status, body["error"]["type"].as_str()),
        (400, Some("no_prompt"))
    );
    let (status, body) = wire
        .post(
            "/prompt",
            json!({"prompt": graph(97, None), "prompt_id": "ABC-not-a-uuid"}),
        )
        .await;
    assert_eq!(
        (status, body["error"]["type"].as_str()),
        (400, Some("invalid_prompt_id"))
    );
    assert_eq!(body["node_errors"], json!({}));
    let upper = uuid::Uuid::new_v4().to_string().to_uppercase();
    let (status, _) = wire
        .post(
            "/prompt",
            json!({"prompt": graph(97, None), "prompt_id": upper}),
        )
        .await;
    assert_eq!(status, 400, "prompt_id must be lowercase");
    let (status, body) = wire
        .post(
            "/prompt",
            json!({"prompt": graph(97, Some("never-uploaded.png"))}),
        )
        .await;
    assert_eq!(
        (status, body["error"]["type"].as_str()),
        (400, Some("prompt_outputs_failed_validation"))
    );
    let node = &body["node_errors"]["13"];
    assert_eq!(node["class_type"], "LoadImage");
    assert_eq!(node["errors"][0]["type"], "value_not_in_list");
    assert_eq!(node["dependent_outputs"], json!(["12"]));
    for key in ["type", "message", "details", "extra_info"] {
        assert!(node["errors"][0].get(key).is_some(), "{key}");
        assert!(body["error"].get(key).is_some(), "{key}");
    }

    // POST /upload/image (multipart): {name, subfolder, type}; a different file of the same
    // name is renamed "x (1).png", the identical one is not.
    let upload = |bytes: &'static [u8]| {
        let form = reqwest::multipart::Form::new()
            .part(
                "image",
                reqwest::multipart::Part::bytes(bytes)
                    .file_name("first.png")
                    .mime_str("image/png")
                    .unwrap(),
            )
            .text("subfolder", "tests")
            .text("type", "input");
        wire.http
            .post(format!("{}/upload/image", wire.base))
            .multipart(form)
            .send()
    };
    let first: Value = upload(b"\x89PNG one").await.unwrap().json().await.unwrap();
    assert_eq!(
        first,
        json!({"name": "first.png", "subfolder": "tests", "type": "input"})
    );
    let same: Value = upload(b"\x89PNG one").await.unwrap().json().await.unwrap();
    assert_eq!(same["name"], "first.png");
    let other: Value = upload(b"\x89PNG two").await.unwrap().json().await.unwrap();
    assert_eq!(other["name"], "first (1).png");

    // POST /prompt with a client prompt_id → {prompt_id, number, node_errors: {}}.
    let id = uuid::Uuid::new_v4().to_string();
    let (status, queued) = wire
        .post(
            "/prompt",
            json!({"prompt": graph(121, Some("tests/first.png")), "client_id": "wire", "prompt_id": id}),
        )
        .await;
    assert_eq!(status, 200, "{queued}");
    assert_eq!(queued["prompt_id"], id.as_str());
    assert!(queued["number"].is_u64());
    assert_eq!(queued["node_errors"], json!({}));

    // GET /prompt and GET /queue: items are [number, prompt_id, prompt, extra_data, outputs].
    let (_, info) = wire.get("/prompt").await;
    assert_eq!(info["exec_info"]["queue_remaining"], 1);
    let (_, queue) = wire.get("/api/queue").await;
    let item = &queue["queue_pending"][0];
    assert_eq!(item[1], id.as_str());
    assert_eq!(item[0], queued["number"]);
    assert_eq!(item[2]["12"]["class_type"], "SaveVideo");
    assert_eq!(item[4], json!(["12"]));
    assert_eq!(queue["queue_running"], json!([]));

    // GET /history/{id}: {} until finished (it runs meanwhile), then the documented entry.
    let mut polls = 0;
    let entry = loop {
        polls += 1;
        assert!(polls < 10, "never finished");
        let (status, history) = wire.get(&format!("/history/{id}")).await;
        assert_eq!(status, 200);
        if let Some(entry) = history.get(&id) {
            break entry.clone();
        }
        assert_eq!(history, json!({}));
        let (_, queue) = wire.get("/queue").await;
        if queue["queue_running"]
            .as_array()
            .is_some_and(|r| !r.is_empty())
        {
            assert_eq!(queue["queue_running"][0][1], id.as_str());
        }
    };
    assert!(polls > 2, "pending and running first");
    assert_eq!(entry["status"]["status_str"], "success");
    assert_eq!(entry["status"]["completed"], true);
    let kinds: Vec<&str> = entry["status"]["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m[0].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["execution_start", "execution_cached", "execution_success"]
    );
    let saved = &entry["outputs"]["12"];
    assert_eq!(saved["animated"], json!([true]));
    let file = &saved["images"][0];
    assert_eq!(file["subfolder"], "video");
    assert_eq!(file["type"], "output");
    let filename = file["filename"].as_str().unwrap();
    assert!(filename.starts_with("ComfyUI_") && filename.ends_with("_.mp4"));

    // GET /view?filename=&subfolder=&type=output → the video bytes.
    let video = wire
        .http
        .get(format!("{}/view", wire.base))
        .query(&[
            ("filename", filename),
            ("subfolder", "video"),
            ("type", "output"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(video.status(), 200);
    assert_eq!(video.headers()["content-type"], "video/mp4");
    let bytes = video.bytes().await.unwrap();
    assert_eq!(&bytes[4..8], b"ftyp");
    let (status, _) = wire
        .get("/view?filename=nope.mp4&subfolder=video&type=output")
        .await;
    assert_eq!(status, 404);

    // Cancel: /queue delete for pending, /interrupt {prompt_id} for running, and the newer
    // /api/jobs/{id}/cancel → {"cancelled": bool}; an interrupted prompt lands in history
    // with execution_interrupted.
    let pending = uuid::Uuid::new_v4().to_string();
    wire.post(
        "/prompt",
        json!({"prompt": graph(49, None), "prompt_id": pending}),
    )
    .await;
    let (status, _) = wire.post("/queue", json!({"delete": [pending]})).await;
    assert_eq!(status, 200);
    let (_, queue) = wire.get("/queue").await;
    assert_eq!(queue["queue_pending"], json!([]));
    let running = uuid::Uuid::new_v4().to_string();
    wire.post(
        "/prompt",
        json!({"prompt": graph(49, None), "prompt_id": running}),
    )
    .await;
    wire.get(&format!("/history/{running}")).await; // starts it
    let (_, queue) = wire.get("/queue").await;
    assert_eq!(queue["queue_running"][0][1], running.as_str());
    let (status, _) = wire.post("/interrupt", json!({"prompt_id": running})).await;
    assert_eq!(status, 200);
    let (_, history) = wire.get(&format!("/history/{running}")).await;
    assert_eq!(history[&running]["status"]["status_str"], "error");
    assert_eq!(
        history[&running]["status"]["messages"][2][0],
        "execution_interrupted"
    );
    let (_, cancelled) = wire
        .post(&format!("/api/jobs/{running}/cancel"), json!({}))
        .await;
    assert_eq!(cancelled, json!({"cancelled": false}), "already stopped");

    // GET /history lists everything, newest first.
    let (_, all) = wire.get("/history?max_items=10").await;
    assert!(all.get(&id).is_some() && all.get(&running).is_some());
}
