//! The ComfyUI keyframe adapter over real HTTP against the fake ComfyUI: the SDXL txt2img
//! graph queued with the prompt, the size for each aspect ratio and the seed placed in it,
//! each keyframe a real PNG of the size its descriptor promises; a create whose answer was
//! lost found again (never queued twice); a sampler error; an image of another shape
//! reported for reframing; a 5xx on a status request; and a stopped server named.

use reelforge_core::providers::image::comfyui_txt2img::{ComfyUiImageProvider, SDXL};
use reelforge_core::providers::image::output::frame_fit;
use reelforge_core::providers::image::{ImageProvider, ImageRequest};
use reelforge_core::providers::{ErrorClass, TerminalReason};
use reelforge_protocol::AspectRatio;
use reelforge_tests::fakes::{FakeServer, Fault, Route, comfyui};
use reelforge_tests::image_check::{env_for, fetch, finish, probe};

struct Rig {
    fake: FakeServer,
    provider: ComfyUiImageProvider,
    dir: tempfile::TempDir,
}

async fn rig() -> Rig {
    let dir = tempfile::tempdir().unwrap();
    let fake = comfyui::start(0, &dir.path().join("clips")).await.unwrap();
    let (_, env) = env_for("comfyui", fake.base_url());
    let provider = ComfyUiImageProvider::new(&env);
    Rig {
        fake,
        provider,
        dir,
    }
}

fn request(prompt: &str, aspect_ratio: AspectRatio) -> ImageRequest {
    ImageRequest {
        model: SDXL.to_owned(),
        prompt: prompt.to_owned(),
        aspect_ratio,
        reference_paths: Vec::new(),
        seed: Some(7),
    }
}

/// The graph ComfyUI ran for `prompt_id`, from its history.
async fn ran_graph(rig: &Rig, prompt_id: &str) -> serde_json::Value {
    let url = format!("{}/history/{prompt_id}", rig.fake.base_url());
    let history: serde_json::Value = reqwest::get(url).await.unwrap().json().await.unwrap();
    history[prompt_id]["prompt"][2].clone()
}

#[tokio::test]
async fn every_aspect_ratio_gets_a_png_of_its_size_from_the_filled_template() {
    let rig = rig().await;
    let model = rig.provider.descriptor().model(None).unwrap().clone();
    assert!(!rig.provider.descriptor().needs_key);
    for ratio in AspectRatio::ALL {
        let prompt = format!("a lighthouse at dawn, {ratio}");
        let (remote_id, output) = finish(&rig.provider, &request(&prompt, ratio)).await;
        let size = model.size(ratio).unwrap();
        let graph = ran_graph(&rig, &remote_id).await;
        assert_eq!(graph["6"]["inputs"]["text"], prompt.as_str());
        assert_eq!(graph["5"]["inputs"]["width"], size.width);
        assert_eq!(graph["5"]["inputs"]["height"], size.height);
        assert_eq!(graph["3"]["inputs"]["seed"], 7);
        let name = format!("{}.png", ratio.as_str().replace(':', "x"));
        let dest = fetch(
            &rig.provider,
            &remote_id,
            &output.unwrap(),
            rig.dir.path(),
            &name,
        )
        .await;
        assert_eq!(
            probe(&dest),
            ("png".to_owned(), size.width, size.height),
            "{ratio}"
        );
        assert!(frame_fit(&dest, ratio).unwrap().fits, "{ratio}");
    }
    assert_eq!(rig.fake.calls(Route::Create), 4);
}

#[tokio::test]
async fn a_lost_create_is_found_again_and_failures_are_classified() {
    let rig = rig().await;
    let lost = request("a harbour at night", AspectRatio::Portrait);
    rig.fake.arm(Route::Create, Fault::ResetAfterRequest, 1);
    let err = rig.provider.submit(&lost).await.unwrap_err();
    assert_eq!(err.class, ErrorClass::AmbiguousSubmit, "{err}");
    let again = rig.provider.submit(&lost).await.unwrap();
    assert_eq!(
        rig.fake.calls(Route::Create),
        1,
        "found in the queue, not queued twice"
    );
    rig.fake
        .arm(Route::Poll, Fault::ServerError { status: 503 }, 1);
    let err = rig.provider.poll(&again.remote_id).await.unwrap_err();
    assert_eq!(err.class, ErrorClass::Transient, "{err}");

    let (_, failed) = finish(
        &rig.provider,
        &request("a fox [fake:error]", AspectRatio::Square),
    )
    .await;
    let failed = failed.unwrap_err();
    assert_eq!(
        failed.class,
        ErrorClass::Terminal(TerminalReason::InvalidInput),
        "{failed}"
    );
    assert!(failed.message.contains("KSampler"), "{failed}");

    let (remote_id, output) = finish(
        &rig.provider,
        &request("a fox [fake:wrong-aspect]", AspectRatio::Portrait),
    )
    .await;
    let dest = fetch(
        &rig.provider,
        &remote_id,
        &output.unwrap(),
        rig.dir.path(),
        "sq.png",
    )
    .await;
    let fit = frame_fit(&dest, AspectRatio::Portrait).unwrap();
    assert_eq!(
        (fit.width, fit.height, fit.fits),
        (1024, 1024, false),
        "reported for reframing"
    );

    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let (_, env) = env_for(
        "comfyui",
        &format!("http://{}", closed.local_addr().unwrap()),
    );
    drop(closed);
    let stopped = ComfyUiImageProvider::new(&env);
    let err = stopped.submit(&lost).await.unwrap_err();
    assert_eq!(err.class, ErrorClass::Transient, "{err}");
    assert!(err.message.contains("is ComfyUI running"), "{err}");
}

#[tokio::test]
async fn a_user_workflow_file_adds_a_model_and_invalid_ones_are_skipped() {
    let rig = rig().await;
    let folder = rig.dir.path().join("comfyui-image-workflows");
    std::fs::create_dir_all(&folder).unwrap();
    let graph = serde_json::json!({
        "1": {"class_type": "UNETLoader", "inputs": {"unet_name": "flux1-schnell.safetensors", "weight_dtype": "default"}},
        "2": {"class_type": "EmptySD3LatentImage", "inputs": {"width": "{{width}}", "height": "{{height}}", "batch_size": 1}},
        "3": {"class_type": "CLIPTextEncode", "inputs": {"text": "{{prompt}}, film still", "clip": ["1", 0]}},
        "4": {"class_type": "KSampler", "inputs": {"model": ["1", 0], "positive": ["3", 0], "negative": ["3", 0],
            "latent_image": ["2", 0], "seed": "{{seed}}", "steps": 4, "cfg": 1.0}},
        "5": {"class_type": "SaveImage", "inputs": {"images": ["4", 0], "filename_prefix": "mine"}},
    });
    let wrapped = serde_json::json!({
        "reelforge": {"model": "flux-local", "name": "FLUX schnell (mine)", "sizes": {"9:16": [576, 1024]}},
        "prompt": graph,
    });
    std::fs::write(folder.join("flux.json"), wrapped.to_string()).unwrap();
    std::fs::write(folder.join("bare.json"), graph.to_string()).unwrap();
    let mut no_save = graph.clone();
    no_save.as_object_mut().unwrap().remove("5");
    std::fs::write(folder.join("no-save.json"), no_save.to_string()).unwrap();
    let unknown = graph.to_string().replace("{{seed}}", "{{frames}}");
    std::fs::write(folder.join("unknown.json"), unknown).unwrap();
    std::fs::write(folder.join("notes.txt"), "not a template").unwrap();

    let (_, env) = env_for("comfyui", rig.fake.base_url());
    let provider = ComfyUiImageProvider::new(&env).with_workflow_dir(&folder);
    let models: Vec<String> = provider
        .descriptor()
        .models
        .iter()
        .map(|m| m.id.clone())
        .collect();
    assert_eq!(
        models,
        ["sdxl", "bare", "flux-local"],
        "invalid files skipped"
    );
    let flux = provider.descriptor().model(Some("flux-local")).unwrap();
    assert_eq!(flux.sizes.len(), 1, "only the ratios its file gives");

    let mut mine = request("a fox", AspectRatio::Portrait);
    mine.model = "flux-local".to_owned();
    let (remote_id, output) = finish(&provider, &mine).await;
    let ran = ran_graph(&rig, &remote_id).await;
    assert_eq!(ran["3"]["inputs"]["text"], "a fox, film still");
    assert_eq!(ran["2"]["inputs"]["width"], 576);
    assert_eq!(ran["4"]["inputs"]["seed"], 7);
    let dest = fetch(
        &provider,
        &remote_id,
        &output.unwrap(),
        rig.dir.path(),
        "mine.png",
    )
    .await;
    assert_eq!(probe(&dest), ("png".to_owned(), 576, 1024));

    mine.aspect_ratio = AspectRatio::Landscape;
    let creates = rig.fake.calls(Route::Create);
    let err = provider.submit(&mine).await.unwrap_err();
    assert_eq!(
        err.class,
        ErrorClass::Terminal(TerminalReason::InvalidInput),
        "{err}"
    );
    assert_eq!(
        rig.fake.calls(Route::Create),
        creates,
        "refused before sending"
    );
}
