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
