//! The Replicate adapter over real HTTP against the fake Replicate API: the catalogue's
//! bodies, text- and image-to-video (data URL and /v1/files), every prediction state, each
//! fault switch, cancel, keys.

use base64::Engine;
use reelforge_core::providers::replicate::ReplicateProvider;
use reelforge_core::providers::{
    ErrorClass, GenerationRequest, PollOutcome, TakeErrorCode, TerminalReason, VideoProvider,
};
use reelforge_core::secrets::{ApiKey, SecretStore};
use reelforge_protocol::{AspectRatio, GenerationMode};
use reelforge_tests::adapter_check::{
    AdapterRig, PNG_1X1, last_failed, last_succeeded, poll_until_done, probe,
};
use reelforge_tests::fakes::{FAKE_KEY, Fault, Route, replicate};

type Rig = AdapterRig<ReplicateProvider>;

async fn rig() -> Rig {
    AdapterRig::start(
        "replicate",
        replicate::start,
        Some(FAKE_KEY),
        ReplicateProvider::new,
    )
    .await
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
async fn text_to_video_reads_every_state_and_survives_a_restart() {
    let rig = rig().await;
    let submitted = rig
        .provider
        .submit(&t2v("kwaivgi/kling-v2.0", 10, AspectRatio::Portrait))
        .await
        .unwrap();
    // starting, then processing (with the logs' percentage), then succeeded.
    assert_eq!(
        rig.provider.poll(&submitted.remote_id).await.unwrap(),
        PollOutcome::Running {
            progress: None,
            poll_after: Some(std::time::Duration::from_secs(3)),
        }
    );
    assert!(matches!(
        rig.provider.poll(&submitted.remote_id).await.unwrap(),
        PollOutcome::Running {
            progress: Some(50),
            ..
        }
    ));
    let restarted = ReplicateProvider::new(&rig.env);
    let seen = poll_until_done(&restarted, &submitted.remote_id, 10).await;
    assert_eq!(seen.len(), 1);
    let output = last_succeeded(&seen);
    let dest = rig.dest("t2v.mp4");
    restarted
        .fetch_output(&submitted.remote_id, &output, &dest)
        .await
        .unwrap();
    let (seconds, dims) = probe(&dest);
    assert!((seconds - 10.0).abs() < 0.5, "{seconds}");
    assert_eq!(dims, "216x384", "aspect_ratio reached the model");
}

#[tokio::test]
async fn the_fake_speaks_the_real_state_names_on_the_wire() {
    let rig = rig().await;
    let client = reqwest::Client::new();
    let created: serde_json::Value = client
        .post(format!(
            "{}/v1/models/kwaivgi/kling-v2.0/predictions",
            rig.fake.base_url()
        ))
        .bearer_auth(FAKE_KEY)
        .json(&serde_json::json!({"input": {"prompt": "x", "duration": 5}}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(created["status"], "starting");
    let get = created["urls"]["get"].as_str().unwrap().to_owned();
    let mut states = Vec::new();
    for _ in 0..3 {
        let p: serde_json::Value = client
            .get(&get)
            .bearer_auth(FAKE_KEY)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        states.push(p["status"].as_str().unwrap().to_owned());
    }
    assert_eq!(states, ["starting", "processing", "succeeded"]);
    let missing = client
        .get(format!("{}/v1/predictions/nope", rig.fake.base_url()))
        .bearer_auth(FAKE_KEY)
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    let problem: serde_json::Value = missing.json().await.unwrap();
    assert_eq!(problem["status"], 404, "RFC 7807 problem body");
}

#[tokio::test]
async fn image_to_video_sends_small_images_inline_and_large_ones_through_files() {
    let rig = rig().await;
    let mut request = t2v("kwaivgi/kling-v2.1", 5, AspectRatio::Landscape);
    request.mode = GenerationMode::ImageToVideo;
    request.reference_paths = vec![rig.png("small.png")];
    let dest = rig.generate(&request, "small.mp4").await;
    assert!(probe(&dest).0 > 4.5);
    assert_eq!(
        rig.fake.calls(Route::Upload),
        0,
        "a small image goes as a data URL"
    );

    // Over 256 KB: uploaded to /v1/files, its urls.get passed (the fake fails a prediction
    // whose image it cannot read).
    let big = rig.dest("big.png");
    let mut bytes = base64::engine::general_purpose::STANDARD
        .decode(PNG_1X1)
        .unwrap();
    bytes.resize(300 * 1024, 0);
    std::fs::write(&big, bytes).unwrap();
    let mut request = t2v("kwaivgi/kling-v2.1-pro", 5, AspectRatio::Landscape);
    request.mode = GenerationMode::FirstLastFrame;
    request.reference_paths = vec![big.to_string_lossy().into_owned(), rig.png("end.png")];
    rig.generate(&request, "first-last.mp4").await;
    assert_eq!(rig.fake.calls(Route::Upload), 1);
}

#[tokio::test]
async fn failed_and_moderated_predictions_are_failed_with_the_reason() {
    let rig = rig().await;
    rig.fake.arm(Route::Create, Fault::Moderation, 1);
    let submitted = rig
        .provider
        .submit(&t2v("kwaivgi/kling-v2.0", 5, AspectRatio::Square))
        .await
        .unwrap();
    let error = last_failed(&poll_until_done(&rig.provider, &submitted.remote_id, 10).await);
    assert_eq!(
        error.class,
        ErrorClass::Terminal(TerminalReason::Moderation)
    );
    assert!(
        error.message.contains("flagged as sensitive"),
        "{}",
        error.message
    );

    // A platform interruption is retryable; a prediction aborted before it started too.
    for (prompt, code) in [
        ("fake:interrupted", TakeErrorCode::ProviderFailed),
        ("fake:aborted", TakeErrorCode::ProviderFailed),
    ] {
        let mut request = t2v("kwaivgi/kling-v2.0", 5, AspectRatio::Square);
        request.prompt = prompt.to_owned();
        let submitted = rig.provider.submit(&request).await.unwrap();
        let error = last_failed(&poll_until_done(&rig.provider, &submitted.remote_id, 10).await);
        assert_eq!(error.class, ErrorClass::Transient, "{prompt}");
        assert_eq!(error.code, code);
    }

    // The fault fired once: the next prediction (a data-URL image) succeeds.
    let mut request = t2v("kwaivgi/kling-v2.1", 5, AspectRatio::Landscape);
    request.mode = GenerationMode::ImageToVideo;
    request.reference_paths = vec![rig.png("x.png")];
    let submitted = rig.provider.submit(&request).await.unwrap();
    last_succeeded(&poll_until_done(&rig.provider, &submitted.remote_id, 10).await);
}

#[tokio::test]
async fn create_faults_are_transient_or_ambiguous_and_never_resent() {
    let rig = rig().await;
    let request = t2v("kwaivgi/kling-v2.0", 5, AspectRatio::Landscape);

    rig.assert_create_faults_classified(&request, 500).await;

    rig.assert_reset_create_sent_once_and_slow_create_succeeds(&request)
        .await;
}

#[tokio::test]
async fn poll_faults_are_transient_and_expired_links_are_refreshed() {
    let rig = rig().await;
    let submitted = rig
        .provider
        .submit(&t2v("kwaivgi/kling-v2.0", 5, AspectRatio::Landscape))
        .await
        .unwrap();
    rig.assert_poll_faults_transient(&submitted.remote_id, 503, 2)
        .await;

    let output = last_succeeded(&poll_until_done(&rig.provider, &submitted.remote_id, 10).await);
    rig.fetch_after_expiry(&submitted.remote_id, &output).await;
}

#[tokio::test]
async fn cancel_ends_a_prediction_as_canceled() {
    let rig = rig().await;
    let submitted = rig
        .provider
        .submit(&t2v("kwaivgi/kling-v2.0", 5, AspectRatio::Landscape))
        .await
        .unwrap();
    rig.provider.poll(&submitted.remote_id).await.unwrap();
    rig.provider.cancel(&submitted.remote_id).await.unwrap();
    assert_eq!(rig.fake.calls(Route::Cancel), 1);
    let error = last_failed(&poll_until_done(&rig.provider, &submitted.remote_id, 10).await);
    assert_eq!(error.code, TakeErrorCode::Cancelled);
    assert_eq!(error.class, ErrorClass::Terminal(TerminalReason::Cancelled));
    // Unknown ids are the provider's 404.
    let error = rig.provider.poll("doesnotexist").await.unwrap_err();
    assert_eq!(
        error.class,
        ErrorClass::Terminal(TerminalReason::InvalidInput)
    );
}

#[tokio::test]
async fn keys_are_checked_and_a_missing_key_says_where_to_set_it() {
    let rig = rig().await;
    rig.provider.test_key().await.unwrap();
    let request = t2v("kwaivgi/kling-v2.0", 5, AspectRatio::Landscape);
    rig.store
        .set("replicate", &ApiKey::new("r8_wrong").unwrap())
        .unwrap();
    let error = rig.provider.submit(&request).await.unwrap_err();
    assert_eq!(error.class, ErrorClass::Terminal(TerminalReason::BadKey));
    assert!(!error.message.contains("r8_wrong"));
    let error = rig.provider.test_key().await.unwrap_err();
    assert_eq!(error.class, ErrorClass::Terminal(TerminalReason::BadKey));

    rig.store.remove("replicate").unwrap();
    let error = rig.provider.submit(&request).await.unwrap_err();
    assert_eq!(error.class, ErrorClass::Terminal(TerminalReason::BadKey));
    assert!(
        error.message.contains("Providers") && error.message.contains("set-key replicate"),
        "{}",
        error.message
    );
}

#[tokio::test]
async fn an_oversized_image_is_refused_before_any_call() {
    let rig = rig().await;
    let big = rig.dest("huge.png");
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.resize(10 * 1024 * 1024 + 1, 0);
    std::fs::write(&big, bytes).unwrap();
    let mut request = t2v("kwaivgi/kling-v2.1", 5, AspectRatio::Landscape);
    request.mode = GenerationMode::ImageToVideo;
    request.reference_paths = vec![big.to_string_lossy().into_owned()];
    let error = rig.provider.submit(&request).await.unwrap_err();
    assert_eq!(
        error.class,
        ErrorClass::Terminal(TerminalReason::InvalidInput)
    );
    // Text-to-video on an image-only model is refused locally too.
    let error = rig
        .provider
        .submit(&t2v("kwaivgi/kling-v2.1", 5, AspectRatio::Landscape))
        .await
        .unwrap_err();
    assert_eq!(
        error.class,
        ErrorClass::Terminal(TerminalReason::Unsupported)
    );
    assert_eq!(rig.fake.calls(Route::Create), 0);
    assert_eq!(rig.fake.calls(Route::Upload), 0);
}
