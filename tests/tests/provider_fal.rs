//! The fal.ai adapter over real HTTP against the fake fal queue: every model's body,
//! text- and image-to-video, the queue states, each fault switch, cancel, keys.

use reelforge_core::providers::fal::FalProvider;
use reelforge_core::providers::{
    ErrorClass, GenerationRequest, PollOutcome, TakeErrorCode, TerminalReason, VideoProvider,
};
use reelforge_core::secrets::{ApiKey, SecretStore};
use reelforge_protocol::{AspectRatio, GenerationMode};
use reelforge_tests::adapter_check::{
    AdapterRig, last_failed, last_succeeded, poll_until_done, probe,
};
use reelforge_tests::fakes::{FAKE_KEY, Fault, Route, fal};

type Rig = AdapterRig<FalProvider>;

async fn rig() -> Rig {
    AdapterRig::start("fal", fal::start, Some(FAKE_KEY), FalProvider::new).await
}

fn t2v(model: &str, duration_s: u32, aspect: AspectRatio) -> GenerationRequest {
    GenerationRequest {
        model: model.to_owned(),
        mode: GenerationMode::TextToVideo,
        prompt: "a lighthouse at dawn, slow dolly".to_owned(),
        duration_s,
        aspect_ratio: aspect,
        reference_paths: vec![],
        seed: None,
    }
}

#[tokio::test]
async fn every_model_makes_text_to_video_with_its_own_duration_and_aspect_fields() {
    let rig = rig().await;
    let cases = [
        ("kling-v2.5-turbo-pro", 10, AspectRatio::Portrait, "216x384"),
        ("pika-v2.2", 5, AspectRatio::Square, "320x320"),
        ("hailuo-02-standard", 6, AspectRatio::Landscape, "384x216"),
        ("wan-2.5-preview", 5, AspectRatio::Portrait, "216x384"),
        ("ltx-2.3-fast", 8, AspectRatio::Landscape, "384x216"),
    ];
    for (model, duration, aspect, size) in cases {
        let dest = rig
            .generate(&t2v(model, duration, aspect), &format!("{model}.mp4"))
            .await;
        let (seconds, dims) = probe(&dest);
        assert!(
            (seconds - f64::from(duration)).abs() < 0.5,
            "{model}: {seconds}s, wanted {duration}s (duration field misread)"
        );
        assert_eq!(dims, size, "{model}: aspect ratio field");
    }
    assert_eq!(rig.fake.calls(Route::Create), 5);
    assert_eq!(rig.fake.calls(Route::Upload), 0, "no images, no uploads");
}

#[tokio::test]
async fn image_to_video_uploads_to_fal_storage_first() {
    let rig = rig().await;
    let mut request = t2v("kling-v2.5-turbo-pro", 5, AspectRatio::Landscape);
    request.mode = GenerationMode::ImageToVideo;
    request.reference_paths = vec![rig.png("first.png")];
    let dest = rig.generate(&request, "i2v.mp4").await;
    assert!(probe(&dest).0 > 4.5);
    assert_eq!(
        rig.fake.calls(Route::Upload),
        2,
        "initiate + PUT of the image (the fake's result refuses an image it never received)"
    );

    // First and last frame (Kling's tail_image_url, Hailuo's end_image_url).
    for model in ["kling-v2.5-turbo-pro", "hailuo-02-standard"] {
        let mut request = t2v(
            model,
            if model.starts_with("kling") { 5 } else { 6 },
            AspectRatio::Landscape,
        );
        request.mode = GenerationMode::FirstLastFrame;
        request.reference_paths = vec![rig.png("a.png"), rig.png("b.png")];
        rig.generate(&request, &format!("{model}-fl.mp4")).await;
    }
    assert_eq!(rig.fake.calls(Route::Upload), 2 + 8);
}

#[tokio::test]
async fn the_queue_states_map_to_running_then_done_and_survive_a_restart() {
    let rig = rig().await;
    let submitted = rig
        .provider
        .submit(&t2v("pika-v2.2", 5, AspectRatio::Landscape))
        .await
        .unwrap();
    assert!(
        submitted.remote_id.starts_with("fal-ai/pika/requests/"),
        "owner/alias only, model sub-path dropped: {}",
        submitted.remote_id
    );
    // IN_QUEUE, then IN_PROGRESS: running.
    for _ in 0..2 {
        assert!(matches!(
            rig.provider.poll(&submitted.remote_id).await.unwrap(),
            PollOutcome::Running {
                poll_after: Some(_),
                ..
            }
        ));
    }
    // A new adapter (after a restart) follows the same request from its remote id alone.
    let restarted = FalProvider::new(&rig.env);
    let seen = poll_until_done(&restarted, &submitted.remote_id, 10).await;
    assert_eq!(seen.len(), 1, "COMPLETED on the third status request");
    let output = last_succeeded(&seen);
    assert!(output.url.starts_with(rig.fake.base_url()));
}

#[tokio::test]
async fn the_fake_speaks_the_real_state_names_on_the_wire() {
    let rig = rig().await;
    let client = reqwest::Client::new();
    let submit: serde_json::Value = client
        .post(format!(
            "{}/fal-ai/kling-video/v2.5-turbo/pro/text-to-video",
            rig.fake.base_url()
        ))
        .header("authorization", format!("Key {FAKE_KEY}"))
        .json(&serde_json::json!({"prompt": "x", "duration": "5"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(submit["status"], "IN_QUEUE");
    let status_url = submit["status_url"].as_str().unwrap();
    assert!(status_url.contains("/fal-ai/kling-video/requests/"));
    let mut states = Vec::new();
    for _ in 0..3 {
        let status: serde_json::Value = client
            .get(status_url)
            .header("authorization", format!("Key {FAKE_KEY}"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        states.push(status["status"].as_str().unwrap().to_owned());
    }
    assert_eq!(states, ["IN_QUEUE", "IN_PROGRESS", "COMPLETED"]);
}

#[tokio::test]
async fn a_completed_request_whose_result_is_an_error_is_failed() {
    let rig = rig().await;
    // Moderation: COMPLETED, then the result answers 422 content_policy_violation.
    rig.fake.arm(Route::Create, Fault::Moderation, 1);
    let submitted = rig
        .provider
        .submit(&t2v("wan-2.5-preview", 5, AspectRatio::Landscape))
        .await
        .unwrap();
    let error = last_failed(&poll_until_done(&rig.provider, &submitted.remote_id, 10).await);
    assert_eq!(
        error.class,
        ErrorClass::Terminal(TerminalReason::Moderation)
    );
    assert!(
        error.message.contains("flagged by a content checker"),
        "{}",
        error.message
    );

    // A runner failure reported in the COMPLETED status itself: transient.
    let mut request = t2v("wan-2.5-preview", 5, AspectRatio::Landscape);
    request.prompt = "fake:runner-error".to_owned();
    let submitted = rig.provider.submit(&request).await.unwrap();
    let error = last_failed(&poll_until_done(&rig.provider, &submitted.remote_id, 10).await);
    assert_eq!(error.class, ErrorClass::Transient);
    assert_eq!(error.code, TakeErrorCode::ServerError);
    assert!(
        error.message.contains("runner_server_error"),
        "{}",
        error.message
    );
}

#[tokio::test]
async fn create_faults_are_transient_or_ambiguous_and_never_resent() {
    let rig = rig().await;
    let request = t2v("kling-v2.5-turbo-pro", 5, AspectRatio::Landscape);

    rig.assert_create_faults_classified(&request, 503).await;

    rig.assert_reset_create_sent_once_and_slow_create_succeeds(&request)
        .await;
}

#[tokio::test]
async fn poll_faults_are_transient_and_expired_links_are_refreshed() {
    let rig = rig().await;
    let submitted = rig
        .provider
        .submit(&t2v("ltx-2.3-fast", 6, AspectRatio::Portrait))
        .await
        .unwrap();
    rig.assert_poll_faults_transient(&submitted.remote_id, 502, 2)
        .await;

    let output = last_succeeded(&poll_until_done(&rig.provider, &submitted.remote_id, 10).await);
    rig.fetch_after_expiry(&submitted.remote_id, &output).await;
}

#[tokio::test]
async fn cancel_stops_a_queued_request_and_is_harmless_once_done() {
    let rig = rig().await;
    let request = t2v("pika-v2.2", 5, AspectRatio::Landscape);
    let submitted = rig.provider.submit(&request).await.unwrap();
    rig.provider.cancel(&submitted.remote_id).await.unwrap();
    assert_eq!(rig.fake.calls(Route::Cancel), 1);
    let error = last_failed(&poll_until_done(&rig.provider, &submitted.remote_id, 10).await);
    assert!(error.message.contains("cancelled"), "{}", error.message);

    let done = rig.provider.submit(&request).await.unwrap();
    last_succeeded(&poll_until_done(&rig.provider, &done.remote_id, 10).await);
    rig.provider.cancel(&done.remote_id).await.unwrap();
}

#[tokio::test]
async fn keys_are_checked_and_a_missing_key_says_where_to_set_it() {
    let rig = rig().await;
    rig.provider.test_key().await.unwrap();
    let request = t2v("pika-v2.2", 5, AspectRatio::Landscape);

    rig.store
        .set("fal", &ApiKey::new("wrong-key").unwrap())
        .unwrap();
    let error = rig.provider.submit(&request).await.unwrap_err();
    assert_eq!(error.class, ErrorClass::Terminal(TerminalReason::BadKey));
    assert!(!error.message.contains("wrong-key"));
    let error = rig.provider.test_key().await.unwrap_err();
    assert_eq!(error.class, ErrorClass::Terminal(TerminalReason::BadKey));

    rig.store.remove("fal").unwrap();
    let error = rig.provider.submit(&request).await.unwrap_err();
    assert_eq!(error.class, ErrorClass::Terminal(TerminalReason::BadKey));
    assert!(
        error.message.contains("Providers") && error.message.contains("set-key fal"),
        "{}",
        error.message
    );
}

#[tokio::test]
async fn an_oversized_image_is_refused_before_any_call() {
    let rig = rig().await;
    let big = rig.dest("big.png");
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.resize(10 * 1024 * 1024 + 1, 0);
    std::fs::write(&big, bytes).unwrap();
    let mut request = t2v("kling-v2.5-turbo-pro", 5, AspectRatio::Landscape);
    request.mode = GenerationMode::ImageToVideo;
    request.reference_paths = vec![big.to_string_lossy().into_owned()];
    let error = rig.provider.submit(&request).await.unwrap_err();
    assert_eq!(
        error.class,
        ErrorClass::Terminal(TerminalReason::InvalidInput)
    );
    assert_eq!(rig.fake.calls(Route::Create), 0);
    assert_eq!(rig.fake.calls(Route::Upload), 0);

    // An option the model does not have is refused locally too.
    let error = rig
        .provider
        .submit(&t2v("hailuo-02-standard", 5, AspectRatio::Landscape))
        .await
        .unwrap_err();
    assert_eq!(
        error.class,
        ErrorClass::Terminal(TerminalReason::InvalidInput)
    );
    assert_eq!(rig.fake.calls(Route::Create), 0);
}
