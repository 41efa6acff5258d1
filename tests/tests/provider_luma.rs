//! The Luma adapter over real HTTP against the fake Luma server: ray-3.2 on the Agents API
//! (text, start frame, start + end frames inline), ray-2 / ray-flash-2 on the Dream Machine
//! API (text only), every state, every fault switch, cancel, keys and downloads.

use reelforge_core::protocol::{AspectRatio, GenerationMode};
use reelforge_core::providers::luma::LumaProvider;
use reelforge_core::providers::{
    ErrorClass, GenerationRequest, PollOutcome, RemoteOutput, TerminalReason, VideoProvider,
};
use reelforge_core::secrets::{ApiKey, SecretStore};
use reelforge_tests::adapter_check::{
    AdapterRig, assert_duration, failed, poll_until_done, succeeded,
};
use reelforge_tests::fakes::{FAKE_KEY, Fault, Route, luma};
use std::time::Duration;

type Setup = AdapterRig<LumaProvider>;

async fn setup() -> Setup {
    AdapterRig::start("luma", luma::start, Some(FAKE_KEY), LumaProvider::new).await
}

fn request(model: &str, mode: GenerationMode, refs: Vec<String>) -> GenerationRequest {
    GenerationRequest {
        model: model.to_owned(),
        mode,
        prompt: "a lighthouse at dawn, slow dolly in".to_owned(),
        duration_s: 5,
        aspect_ratio: AspectRatio::Portrait,
        reference_paths: refs,
        seed: None,
    }
}

/// Polls until the generation leaves Running (at most 10 polls), checking each Running
/// answer; returns the outcome and the Running count.
async fn finish(provider: &LumaProvider, remote_id: &str) -> (PollOutcome, u32) {
    let mut seen = poll_until_done(provider, remote_id, 10).await;
    let done = seen.pop().unwrap();
    for running in &seen {
        let PollOutcome::Running {
            poll_after,
            progress,
        } = running
        else {
            unreachable!()
        };
        assert_eq!(*progress, None, "Luma reports no progress");
        assert_eq!(*poll_after, Some(Duration::from_secs(5)));
    }
    (done, seen.len() as u32)
}

fn output(outcome: PollOutcome) -> RemoteOutput {
    let (output, actual_cost_micros) = succeeded(outcome);
    assert_eq!(actual_cost_micros, None, "Luma does not report a charge");
    output
}

/// Submits, polls through `running` Running answers, fetches.
async fn generate(s: &Setup, request: &GenerationRequest, prefix: &str) -> String {
    let submitted = s.provider.submit(request).await.unwrap();
    assert!(
        submitted.remote_id.starts_with(prefix),
        "{}",
        submitted.remote_id
    );
    assert_eq!(submitted.poll_after, Some(Duration::from_secs(10)));
    let (outcome, running) = finish(&s.provider, &submitted.remote_id).await;
    assert_eq!(
        running, 2,
        "queued, then processing/dreaming, then completed"
    );
    let out = output(outcome);
    assert!(out.url.contains("/files/clip-"), "{}", out.url);
    assert_duration(
        &s.fetch(&submitted.remote_id, &out).await,
        f64::from(request.duration_s),
    );
    submitted.remote_id
}

/// GET a generation straight from the fake, as Luma shows it.
async fn raw_generation(s: &Setup, id: &str) -> (u16, serde_json::Value) {
    let response = reqwest::Client::new()
        .get(format!("{}/generations/{id}", s.fake.base_url()))
        .bearer_auth(FAKE_KEY)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or_default())
}

#[tokio::test]
async fn ray_3_2_text_to_video_goes_through_the_agents_states() {
    let s = setup().await;
    let remote = generate(
        &s,
        &request("ray-3.2", GenerationMode::TextToVideo, vec![]),
        "agents:",
    )
    .await;
    assert_eq!(s.fake.calls(Route::Create), 1);
    assert_eq!(s.fake.calls(Route::Poll), 3);
    let (status, body) = raw_generation(&s, remote.trim_start_matches("agents:")).await;
    assert_eq!(status, 200);
    assert_eq!(body["state"], "completed");
    assert_eq!(body["output"][0]["type"], "video");

    let mut ten = request("ray-3.2", GenerationMode::TextToVideo, vec![]);
    ten.duration_s = 10;
    ten.aspect_ratio = AspectRatio::Landscape;
    generate(&s, &ten, "agents:").await;
}

#[tokio::test]
async fn ray_3_2_takes_start_and_end_frames_inline() {
    let s = setup().await;
    let first = s.png("first.png");
    let last = s.png("last.png");
    generate(
        &s,
        &request("ray-3.2", GenerationMode::ImageToVideo, vec![first.clone()]),
        "agents:",
    )
    .await;
    generate(
        &s,
        &request("ray-3.2", GenerationMode::FirstLastFrame, vec![first, last]),
        "agents:",
    )
    .await;
}

#[tokio::test]
async fn dream_machine_models_make_text_to_video_through_their_states() {
    let s = setup().await;
    let mut nine = request("ray-2", GenerationMode::TextToVideo, vec![]);
    nine.duration_s = 9;
    nine.aspect_ratio = AspectRatio::Square;
    let remote = generate(&s, &nine, "dm:").await;
    let (_, body) = raw_generation(&s, remote.trim_start_matches("dm:")).await;
    assert_eq!(body["state"], "completed");
    assert_eq!(body["request"]["duration"], "9s");
    assert_eq!(body["request"]["aspect_ratio"], "1:1");
    assert_eq!(body["request"]["resolution"], "720p");
    generate(
        &s,
        &request("ray-flash-2", GenerationMode::TextToVideo, vec![]),
        "dm:",
    )
    .await;
}

#[tokio::test]
async fn every_documented_state_is_seen_by_poll() {
    let s = setup().await;
    for (model, middle) in [("ray-3.2", "processing"), ("ray-2", "dreaming")] {
        let submitted = s
            .provider
            .submit(&request(model, GenerationMode::TextToVideo, vec![]))
            .await
            .unwrap();
        let id = submitted.remote_id.split_once(':').unwrap().1.to_owned();
        // The fake shows the current state, then advances: read it raw, then through poll.
        let (_, queued) = raw_generation(&s, &id).await;
        assert_eq!(queued["state"], "queued");
        let running = s.provider.poll(&submitted.remote_id).await.unwrap();
        assert!(matches!(running, PollOutcome::Running { .. }), "{middle}");
        let (_, done) = raw_generation(&s, &id).await;
        assert_eq!(done["state"], "completed");
        assert!(matches!(
            s.provider.poll(&submitted.remote_id).await.unwrap(),
            PollOutcome::Succeeded { .. }
        ));
    }
    let first = s
        .provider
        .submit(&request("ray-2", GenerationMode::TextToVideo, vec![]))
        .await
        .unwrap();
    let id = first.remote_id.trim_start_matches("dm:");
    assert_eq!(raw_generation(&s, id).await.1["state"], "queued");
    assert_eq!(raw_generation(&s, id).await.1["state"], "dreaming");
    let second = s
        .provider
        .submit(&request("ray-3.2", GenerationMode::TextToVideo, vec![]))
        .await
        .unwrap();
    let id = second.remote_id.trim_start_matches("agents:");
    assert_eq!(raw_generation(&s, id).await.1["state"], "queued");
    assert_eq!(raw_generation(&s, id).await.1["state"], "processing");
}

#[tokio::test]
async fn image_to_video_is_not_offered_on_the_dream_machine_models() {
    let s = setup().await;
    let first = s.png("first.png");
    for model in ["ray-2", "ray-flash-2"] {
        let descriptor = s.provider.descriptor().model(Some(model)).unwrap();
        assert_eq!(descriptor.modes, vec![GenerationMode::TextToVideo]);
        assert!(descriptor.image_inputs.is_empty());
        let error = s
            .provider
            .submit(&request(
                model,
                GenerationMode::ImageToVideo,
                vec![first.clone()],
            ))
            .await
            .unwrap_err();
        assert_eq!(
            error.class,
            ErrorClass::Terminal(TerminalReason::Unsupported)
        );
        assert!(error.message.contains("public URLs"), "{}", error.message);
    }
    let mut ten_with_frame = request("ray-3.2", GenerationMode::ImageToVideo, vec![first]);
    ten_with_frame.duration_s = 10;
    let error = s.provider.submit(&ten_with_frame).await.unwrap_err();
    assert_eq!(
        error.class,
        ErrorClass::Terminal(TerminalReason::InvalidInput)
    );
    let mut feed = request("ray-3.2", GenerationMode::TextToVideo, vec![]);
    feed.aspect_ratio = AspectRatio::Feed;
    assert_eq!(
        s.provider.submit(&feed).await.unwrap_err().class,
        ErrorClass::Terminal(TerminalReason::Unsupported)
    );
    let unknown = request("ray-9", GenerationMode::TextToVideo, vec![]);
    assert_eq!(
        s.provider.submit(&unknown).await.unwrap_err().class,
        ErrorClass::Terminal(TerminalReason::Unsupported)
    );
    assert_eq!(
        s.fake.calls(Route::Create),
        0,
        "all refused before any HTTP"
    );
}

#[tokio::test]
async fn moderation_fails_with_the_providers_reason_on_both_surfaces() {
    let s = setup().await;
    for (model, reason) in [
        ("ray-3.2", "flagged by content moderation"),
        ("ray-2", "Advanced prompt moderation failed"),
    ] {
        s.fake.arm(Route::Create, Fault::Moderation, 1);
        let submitted = s
            .provider
            .submit(&request(model, GenerationMode::TextToVideo, vec![]))
            .await
            .unwrap();
        let (outcome, running) = finish(&s.provider, &submitted.remote_id).await;
        assert_eq!(running, 1, "queued, then failed");
        let error = failed(outcome);
        assert_eq!(
            error.class,
            ErrorClass::Terminal(TerminalReason::Moderation)
        );
        assert!(error.message.contains(reason), "{}", error.message);
    }
}

#[tokio::test]
async fn create_faults_are_classified() {
    let s = setup().await;
    for model in ["ray-3.2", "ray-2"] {
        let req = request(model, GenerationMode::TextToVideo, vec![]);
        s.assert_create_faults_classified(&req, 502).await;

        s.fake.arm(Route::Create, Fault::Slow { millis: 200 }, 1);
        let slow = s.provider.submit(&req).await.unwrap();
        assert!(matches!(
            finish(&s.provider, &slow.remote_id).await.0,
            PollOutcome::Succeeded { .. }
        ));
    }
    assert_eq!(s.fake.calls(Route::Create), 8, "never retried");
}

#[tokio::test]
async fn a_reset_after_the_create_is_ambiguous_and_created_exactly_one_job() {
    let s = setup().await;
    let error = s
        .submit_failing(
            &request("ray-2", GenerationMode::TextToVideo, vec![]),
            Fault::ResetAfterRequest,
        )
        .await;
    assert_eq!(error.class, ErrorClass::AmbiguousSubmit);
    assert_eq!(s.fake.calls(Route::Create), 1);
    let listed: serde_json::Value = reqwest::Client::new()
        .get(format!("{}/generations?limit=10", s.fake.base_url()))
        .bearer_auth(FAKE_KEY)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed["count"], 1, "the fake created the job: {listed}");

    let error = s
        .submit_failing(
            &request("ray-3.2", GenerationMode::TextToVideo, vec![]),
            Fault::ResetAfterRequest,
        )
        .await;
    assert_eq!(error.class, ErrorClass::AmbiguousSubmit);
    assert_eq!(s.fake.calls(Route::Create), 2, "not re-sent");
}

#[tokio::test]
async fn poll_faults_are_transient_and_slow_polls_succeed() {
    let s = setup().await;
    let submitted = s
        .provider
        .submit(&request("ray-3.2", GenerationMode::TextToVideo, vec![]))
        .await
        .unwrap();
    s.assert_poll_faults_transient(&submitted.remote_id, 503, 3)
        .await;
    s.fake.arm(Route::Poll, Fault::Slow { millis: 150 }, 3);
    assert!(matches!(
        finish(&s.provider, &submitted.remote_id).await.0,
        PollOutcome::Succeeded { .. }
    ));
}

#[tokio::test]
async fn an_expired_output_url_is_refreshed_by_polling_again() {
    let s = setup().await;
    let submitted = s
        .provider
        .submit(&request("ray-3.2", GenerationMode::TextToVideo, vec![]))
        .await
        .unwrap();
    let out = output(finish(&s.provider, &submitted.remote_id).await.0);
    let polls = s.fake.calls(Route::Poll);
    let fetched = s.fetch_after_expiry(&submitted.remote_id, &out).await;
    assert_duration(&fetched, f64::from(5));
    assert_eq!(
        s.fake.calls(Route::Poll),
        polls + 1,
        "one re-poll for the URL"
    );
}

#[tokio::test]
async fn cancel_is_a_no_op_because_luma_has_none() {
    let s = setup().await;
    for model in ["ray-3.2", "ray-2"] {
        let submitted = s
            .provider
            .submit(&request(model, GenerationMode::TextToVideo, vec![]))
            .await
            .unwrap();
        s.provider.cancel(&submitted.remote_id).await.unwrap();
        assert_eq!(s.fake.calls(Route::Cancel), 0, "no cancel endpoint to call");
        assert!(matches!(
            s.provider.poll(&submitted.remote_id).await.unwrap(),
            PollOutcome::Running { .. }
        ));
    }
    assert_eq!(
        s.provider.cancel("not-a-luma-id").await.unwrap_err().class,
        ErrorClass::Terminal(TerminalReason::InvalidInput)
    );
}

#[tokio::test]
async fn the_fake_deletes_dream_machine_generations_and_answers_404_for_unknown_ids() {
    let s = setup().await;
    let submitted = s
        .provider
        .submit(&request("ray-2", GenerationMode::TextToVideo, vec![]))
        .await
        .unwrap();
    let id = submitted.remote_id.trim_start_matches("dm:");
    let client = reqwest::Client::new();
    let deleted = client
        .delete(format!("{}/generations/{id}", s.fake.base_url()))
        .bearer_auth(FAKE_KEY)
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status().as_u16(), 204);
    assert_eq!(s.fake.calls(Route::Cancel), 1);
    let (status, body) = raw_generation(&s, id).await;
    assert_eq!(status, 404);
    assert_eq!(body["detail"], "Generation not found");
    let gone = s.provider.poll(&submitted.remote_id).await.unwrap_err();
    assert_eq!(
        gone.class,
        ErrorClass::Terminal(TerminalReason::InvalidInput)
    );
}

#[tokio::test]
async fn the_fake_speaks_the_agents_headers_and_refuses_bad_images() {
    let s = setup().await;
    let client = reqwest::Client::new();
    let url = format!("{}/generations", s.fake.base_url());
    let body = |video: serde_json::Value| serde_json::json!({"model": "ray-3.2", "type": "video", "prompt": "a cat", "video": video});
    let created = client
        .post(&url)
        .bearer_auth(FAKE_KEY)
        .header("x-request-id", "mine-1")
        .json(&body(serde_json::json!({"duration": "5s"})))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status().as_u16(), 201);
    assert_eq!(created.headers()["x-request-id"], "mine-1");
    assert_eq!(created.headers()["x-api-version"], "2026-04-01");
    assert!(created.headers().contains_key("x-ratelimit-limit"));
    let bad_base64 = client
        .post(&url)
        .bearer_auth(FAKE_KEY)
        .json(&body(serde_json::json!({
            "start_frame": {"data": "%%%", "media_type": "image/png"}
        })))
        .send()
        .await
        .unwrap();
    assert_eq!(bad_base64.status().as_u16(), 422);
    let combo = client
        .post(&url)
        .bearer_auth(FAKE_KEY)
        .json(&body(serde_json::json!({
            "duration": "10s", "start_frame": {"url": "https://example.com/a.jpg"}
        })))
        .send()
        .await
        .unwrap();
    assert_eq!(combo.status().as_u16(), 422);
    let unauthorised = client
        .post(&url)
        .json(&body(serde_json::json!({})))
        .send()
        .await
        .unwrap();
    assert_eq!(unauthorised.status().as_u16(), 401);
    let detail: serde_json::Value = unauthorised.json().await.unwrap();
    assert!(detail["detail"].is_string());
}

#[tokio::test]
async fn a_wrong_or_missing_key_is_a_bad_key() {
    let s = setup().await;
    let req = request("ray-3.2", GenerationMode::TextToVideo, vec![]);
    let submitted = s.provider.submit(&req).await.unwrap();
    s.store
        .set("luma", &ApiKey::new("luma-api-wrong").unwrap())
        .unwrap();
    for model in ["ray-3.2", "ray-2"] {
        let error = s
            .provider
            .submit(&request(model, GenerationMode::TextToVideo, vec![]))
            .await
            .unwrap_err();
        assert_eq!(error.class, ErrorClass::Terminal(TerminalReason::BadKey));
        assert!(
            !error.message.contains("luma-api-wrong"),
            "{}",
            error.message
        );
    }
    assert_eq!(
        s.provider
            .poll(&submitted.remote_id)
            .await
            .unwrap_err()
            .class,
        ErrorClass::Terminal(TerminalReason::BadKey)
    );
    s.store.remove("luma").unwrap();
    let creates = s.fake.calls(Route::Create);
    let missing = s.provider.submit(&req).await.unwrap_err();
    assert_eq!(missing.class, ErrorClass::Terminal(TerminalReason::BadKey));
    assert!(
        missing.message.contains("Providers") && missing.message.contains("set-key luma"),
        "{}",
        missing.message
    );
    assert_eq!(
        s.fake.calls(Route::Create),
        creates,
        "no call without a key"
    );
}

#[tokio::test]
async fn an_oversized_image_is_refused_before_any_http() {
    let s = setup().await;
    let big = s.dir.path().join("big.png");
    let file = std::fs::File::create(&big).unwrap();
    file.set_len(50_000_001).unwrap();
    let error = s
        .provider
        .submit(&request(
            "ray-3.2",
            GenerationMode::ImageToVideo,
            vec![big.to_string_lossy().into_owned()],
        ))
        .await
        .unwrap_err();
    assert_eq!(
        error.class,
        ErrorClass::Terminal(TerminalReason::InvalidInput)
    );
    assert!(error.message.contains("big.png"), "{}", error.message);
    let missing_second = s
        .provider
        .submit(&request(
            "ray-3.2",
            GenerationMode::FirstLastFrame,
            vec![s.png("only.png")],
        ))
        .await
        .unwrap_err();
    assert_eq!(
        missing_second.class,
        ErrorClass::Terminal(TerminalReason::InvalidInput)
    );
    assert_eq!(s.fake.calls(Route::Create), 0);
}

#[tokio::test]
async fn test_key_accepts_the_key_and_refuses_a_wrong_one() {
    let s = setup().await;
    s.provider.test_key().await.unwrap();
    assert_eq!(s.fake.calls(Route::Create), 0, "no generation, no charge");
    s.store
        .set("luma", &ApiKey::new("luma-wrong").unwrap())
        .unwrap();
    let error = s.provider.test_key().await.unwrap_err();
    assert_eq!(error.class, ErrorClass::Terminal(TerminalReason::BadKey));
    s.store.remove("luma").unwrap();
    let error = s.provider.test_key().await.unwrap_err();
    assert_eq!(error.class, ErrorClass::Terminal(TerminalReason::BadKey));
}

#[tokio::test]
async fn an_unknown_generation_is_invalid_input() {
    let s = setup().await;
    let error = s
        .provider
        .poll("agents:00000000-0000-0000-0000-00000000beef")
        .await
        .unwrap_err();
    assert_eq!(
        error.class,
        ErrorClass::Terminal(TerminalReason::InvalidInput)
    );
    assert!(
        error.message.contains("Generation not found"),
        "{}",
        error.message
    );
}

#[tokio::test]
async fn a_refused_create_is_invalid_input_with_lumas_detail() {
    let s = setup().await;
    let mut short = request("ray-2", GenerationMode::TextToVideo, vec![]);
    short.prompt = "ab".to_owned();
    let error = s.provider.submit(&short).await.unwrap_err();
    assert_eq!(
        error.class,
        ErrorClass::Terminal(TerminalReason::InvalidInput)
    );
    assert!(
        error.message.contains("Prompt is too short"),
        "{}",
        error.message
    );
    let mut empty = request("ray-3.2", GenerationMode::TextToVideo, vec![]);
    empty.prompt = String::new();
    let error = s.provider.submit(&empty).await.unwrap_err();
    assert_eq!(
        error.class,
        ErrorClass::Terminal(TerminalReason::InvalidInput)
    );
    assert!(error.message.contains("HTTP 400"), "{}", error.message);
}
