//! The Runway adapter over real HTTP against the fake Runway API: text/image/first-last-frame
//! to video, inline and uploaded images, every task state, failure codes, every fault
//! switch, cancel/delete, key handling, the version header and downloads.

use reelforge_core::protocol::{AspectRatio, GenerationMode};
use reelforge_core::providers::runway::RunwayProvider;
use reelforge_core::providers::{
    ErrorClass, GenerationRequest, PollOutcome, TakeErrorCode, TerminalReason, VideoProvider,
};
use reelforge_core::secrets::{ApiKey, SecretStore};
use reelforge_tests::adapter_check::{
    AdapterRig, assert_duration, failed, poll_until_done, succeeded, write_big_png,
};
use reelforge_tests::fakes::{FAKE_KEY, FakeServer, Fault, Route, runway};
use serde_json::Value;
use std::time::Duration;

type Setup = AdapterRig<RunwayProvider>;

async fn setup() -> Setup {
    AdapterRig::start("runway", runway::start, Some(FAKE_KEY), RunwayProvider::new).await
}

fn request(model: &str, mode: GenerationMode, refs: Vec<String>) -> GenerationRequest {
    GenerationRequest {
        model: model.to_owned(),
        mode,
        prompt: "a lighthouse at dusk, slow push in".to_owned(),
        duration_s: 5,
        aspect_ratio: AspectRatio::Landscape,
        reference_paths: refs,
        seed: None,
    }
}

fn t2v() -> GenerationRequest {
    request("gen4.5", GenerationMode::TextToVideo, vec![])
}

/// Polls the task to its end (at most 10 polls); returns the terminal outcome.
async fn finish(provider: &RunwayProvider, id: &str) -> PollOutcome {
    poll_until_done(provider, id, 10).await.pop().unwrap()
}

/// Raw authenticated GET on the fake (does not go through the adapter).
async fn raw_task(fake: &FakeServer, id: &str) -> Value {
    reqwest::Client::new()
        .get(format!("{}/v1/tasks/{id}", fake.base_url()))
        .bearer_auth(FAKE_KEY)
        .header("X-Runway-Version", runway::API_VERSION)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn created_tasks(fake: &FakeServer) -> usize {
    let ids: Vec<String> = reqwest::get(format!("{}/__fake/runway/tasks", fake.base_url()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    ids.len()
}

#[tokio::test]
async fn text_to_video_walks_pending_running_succeeded_and_downloads() {
    let s = setup().await;
    let submitted = s.provider.submit(&t2v()).await.unwrap();
    let seen = poll_until_done(&s.provider, &submitted.remote_id, 10).await;
    assert_eq!(
        seen[0],
        PollOutcome::Running {
            progress: None,
            poll_after: None
        },
        "PENDING"
    );
    assert_eq!(
        seen[1],
        PollOutcome::Running {
            progress: Some(50),
            poll_after: None
        },
        "RUNNING with progress 0.5"
    );
    let (output, cost) = succeeded(seen[2].clone());
    assert_eq!(cost, Some(600_000), "12 credits/s × 5 s = $0.60");
    assert_duration(&s.fetch(&submitted.remote_id, &output).await, 5.0);
    assert_eq!(s.fake.calls(Route::Upload), 0);
}

#[tokio::test]
async fn image_to_video_sends_small_images_inline_and_uploads_large_ones() {
    let s = setup().await;
    let small = s.png("first.png");
    let mut turbo = request("gen4_turbo", GenerationMode::ImageToVideo, vec![small]);
    turbo.aspect_ratio = AspectRatio::Square;
    turbo.duration_s = 3;
    let id = s.provider.submit(&turbo).await.unwrap().remote_id;
    let (output, cost) = succeeded(finish(&s.provider, &id).await);
    assert_eq!(cost, Some(150_000), "5 credits/s × 3 s");
    assert_duration(&s.fetch(&id, &output).await, 3.0);
    assert_eq!(s.fake.calls(Route::Upload), 0, "a data: URI, no upload");

    // 3 MB of image is 4 MB as a data: URI: still inline (Runway takes up to 5 MB).
    let medium = write_big_png(s.dir.path(), "medium.png", 3_000_000);
    let gen45 = request("gen4.5", GenerationMode::ImageToVideo, vec![medium]);
    let id = s.provider.submit(&gen45).await.unwrap().remote_id;
    succeeded(finish(&s.provider, &id).await);
    assert_eq!(s.fake.calls(Route::Upload), 0, "inline up to the limit");

    // 3.5 MB of image is 4.7 MB as a data: URI: over the inline limit, so it is uploaded
    // (POST /v1/uploads, then the presigned multipart POST) and sent as runway://.
    let large = write_big_png(s.dir.path(), "large.png", 3_500_000);
    let gen45 = request("gen4.5", GenerationMode::ImageToVideo, vec![large]);
    let id = s.provider.submit(&gen45).await.unwrap().remote_id;
    assert_eq!(s.fake.calls(Route::Upload), 2);
    succeeded(finish(&s.provider, &id).await);
}

#[tokio::test]
async fn veo_does_text_and_first_last_frame() {
    let s = setup().await;
    let mut veo = request("veo3.1_fast", GenerationMode::TextToVideo, vec![]);
    veo.duration_s = 4;
    veo.aspect_ratio = AspectRatio::Portrait;
    let id = s.provider.submit(&veo).await.unwrap().remote_id;
    let (output, cost) = succeeded(finish(&s.provider, &id).await);
    assert_eq!(cost, Some(400_000), "10 credits/s without audio × 4 s");
    assert_duration(&s.fetch(&id, &output).await, 4.0);

    let refs = vec![s.png("a.png"), s.png("b.png")];
    let mut fl = request("veo3.1", GenerationMode::FirstLastFrame, refs);
    fl.duration_s = 8;
    let id = s.provider.submit(&fl).await.unwrap().remote_id;
    succeeded(finish(&s.provider, &id).await);
}

#[tokio::test]
async fn over_the_concurrency_limit_a_task_is_throttled_then_runs() {
    let s = setup().await;
    let mut ids = Vec::new();
    for _ in 0..=runway::MAX_CONCURRENT_PER_MODEL {
        ids.push(s.provider.submit(&t2v()).await.unwrap().remote_id);
    }
    let last = ids.last().unwrap().clone();
    assert_eq!(raw_task(&s.fake, &last).await["status"], "THROTTLED");
    assert_eq!(
        s.provider.poll(&last).await.unwrap(),
        PollOutcome::Running {
            progress: None,
            poll_after: None
        },
        "THROTTLED counts as queued"
    );
    assert_eq!(raw_task(&s.fake, &last).await["status"], "THROTTLED");
    succeeded(finish(&s.provider, &ids[0]).await);
    assert_eq!(raw_task(&s.fake, &last).await["status"], "PENDING");
    succeeded(finish(&s.provider, &last).await);
}

#[tokio::test]
async fn failure_codes_are_classified_and_moderation_keeps_the_reason() {
    let s = setup().await;
    s.fake.arm(Route::Create, Fault::Moderation, 1);
    let id = s.provider.submit(&t2v()).await.unwrap().remote_id;
    let error = failed(finish(&s.provider, &id).await);
    assert_eq!(
        error.class,
        ErrorClass::Terminal(TerminalReason::Moderation)
    );
    assert!(
        error.message.contains("SAFETY.INPUT.TEXT") && error.message.contains("content moderation"),
        "{}",
        error.message
    );
    assert_eq!(raw_task(&s.fake, &id).await["status"], "FAILED");

    for (code, class) in [
        ("INPUT_PREPROCESSING.INTERNAL", ErrorClass::Transient),
        (
            "INPUT_PREPROCESSING.SAFETY.TEXT",
            ErrorClass::Terminal(TerminalReason::Moderation),
        ),
        (
            "ASSET.INVALID",
            ErrorClass::Terminal(TerminalReason::InvalidInput),
        ),
        ("INTERNAL.BAD_OUTPUT.CODE01", ErrorClass::Transient),
        ("THIRD_PARTY.UNAVAILABLE", ErrorClass::Transient),
    ] {
        let mut req = t2v();
        req.prompt = format!("a cat [fake:fail:{code}]");
        let id = s.provider.submit(&req).await.unwrap().remote_id;
        let error = failed(finish(&s.provider, &id).await);
        assert_eq!(error.class, class, "{code}: {error}");
        assert!(error.message.contains(code), "{}", error.message);
    }
}

#[tokio::test]
async fn cancel_cancels_running_tasks_and_deletes_finished_ones() {
    let s = setup().await;
    let id = s.provider.submit(&t2v()).await.unwrap().remote_id;
    s.provider.poll(&id).await.unwrap();
    s.provider.cancel(&id).await.unwrap();
    let error = failed(s.provider.poll(&id).await.unwrap());
    assert_eq!(error.code, TakeErrorCode::Cancelled);
    assert_eq!(error.class, ErrorClass::Terminal(TerminalReason::Cancelled));
    assert_eq!(raw_task(&s.fake, &id).await["status"], "CANCELLED");
    assert_eq!(s.fake.calls(Route::Cancel), 1);

    // A finished task is deleted: it cannot be fetched again.
    s.provider.cancel(&id).await.unwrap();
    let gone = s.provider.poll(&id).await.unwrap_err();
    assert_eq!(
        gone.class,
        ErrorClass::Terminal(TerminalReason::InvalidInput)
    );
    // Cancelling what no longer exists is done already.
    s.provider.cancel(&id).await.unwrap();
    let unknown = s
        .provider
        .poll("00000000-0000-0000-0000-000000000000")
        .await;
    assert!(unknown.unwrap_err().message.contains("404"));
}

#[tokio::test]
async fn create_faults_are_transient_or_ambiguous_and_never_resent() {
    let s = setup().await;
    let error = s
        .submit_failing(&t2v(), Fault::RateLimited { retry_after_s: 7 })
        .await;
    assert_eq!(error.class, ErrorClass::Transient);
    assert_eq!(error.retry_after, Some(Duration::from_secs(7)));
    assert_eq!(created_tasks(&s.fake).await, 0, "a 429 creates nothing");

    let error = s
        .submit_failing(&t2v(), Fault::ServerError { status: 502 })
        .await;
    assert_eq!(error.class, ErrorClass::AmbiguousSubmit);

    s.fake.arm(Route::Create, Fault::ResetAfterRequest, 1);
    let before = s.fake.calls(Route::Create);
    let error = s.provider.submit(&t2v()).await.unwrap_err();
    assert_eq!(error.class, ErrorClass::AmbiguousSubmit, "{error}");
    assert_eq!(s.fake.calls(Route::Create), before + 1, "sent once");
    assert_eq!(
        created_tasks(&s.fake).await,
        1,
        "and the fake created the task"
    );

    let error = s.submit_failing(&t2v(), Fault::MalformedJson).await;
    assert_eq!(error.class, ErrorClass::AmbiguousSubmit);
    assert_eq!(created_tasks(&s.fake).await, 2);
    assert_eq!(s.fake.calls(Route::Create), 4, "no create was retried");
}

#[tokio::test]
async fn poll_and_download_faults() {
    let s = setup().await;
    s.fake.arm(Route::Create, Fault::Slow { millis: 150 }, 1);
    let id = s.provider.submit(&t2v()).await.unwrap().remote_id;

    s.fake.arm(Route::Poll, Fault::MalformedJson, 1);
    assert_eq!(
        s.provider.poll(&id).await.unwrap_err().class,
        ErrorClass::Transient
    );
    s.fake
        .arm(Route::Poll, Fault::ServerError { status: 503 }, 1);
    assert_eq!(
        s.provider.poll(&id).await.unwrap_err().class,
        ErrorClass::Transient
    );
    let limited = s
        .poll_failing(&id, Fault::RateLimited { retry_after_s: 3 })
        .await;
    assert_eq!(
        (limited.class, limited.retry_after),
        (ErrorClass::Transient, Some(Duration::from_secs(3)))
    );
    s.fake.arm(Route::Poll, Fault::Slow { millis: 150 }, 1);
    let (output, _) = succeeded(finish(&s.provider, &id).await);

    let polls = s.fake.calls(Route::Poll);
    assert_duration(&s.fetch_after_expiry(&id, &output).await, 5.0);
    assert_eq!(
        s.fake.calls(Route::Poll),
        polls + 1,
        "one re-poll for a fresh URL"
    );
}

#[tokio::test]
async fn keys_are_checked_and_missing_ones_say_where_to_set_them() {
    let s = setup().await;
    s.provider.test_key().await.unwrap();
    s.store
        .set("runway", &ApiKey::new("key_wrong").unwrap())
        .unwrap();
    let bad = s.provider.test_key().await.unwrap_err();
    assert_eq!(bad.class, ErrorClass::Terminal(TerminalReason::BadKey));
    let bad = s.provider.submit(&t2v()).await.unwrap_err();
    assert_eq!(bad.class, ErrorClass::Terminal(TerminalReason::BadKey));
    assert!(!bad.message.contains("key_wrong"));
    assert_eq!(created_tasks(&s.fake).await, 0);

    s.store.remove("runway").unwrap();
    let missing = s.provider.submit(&t2v()).await.unwrap_err();
    assert_eq!(missing.class, ErrorClass::Terminal(TerminalReason::BadKey));
    assert!(
        missing.message.contains("providers set-key runway"),
        "{}",
        missing.message
    );
    let before = s.fake.calls(Route::Create);
    assert_eq!(before, 1, "only the wrong-key create reached the fake");
}

#[tokio::test]
async fn the_fake_requires_the_version_header_like_runway() {
    let s = setup().await;
    let response = reqwest::Client::new()
        .post(format!("{}/v1/text_to_video", s.fake.base_url()))
        .bearer_auth(FAKE_KEY)
        .json(
            &serde_json::json!({"model":"gen4.5","promptText":"x","ratio":"1280:720","duration":5}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert!(
        body["error"].as_str().unwrap().contains("X-Runway-Version"),
        "{body}"
    );
    assert_eq!(created_tasks(&s.fake).await, 0);
}

#[tokio::test]
async fn bad_inputs_are_refused_before_any_http_call() {
    let s = setup().await;
    let huge = s.dir.path().join("huge.png");
    let file = std::fs::File::create(&huge).unwrap();
    file.set_len(16_000_001).unwrap();
    let req = request(
        "gen4.5",
        GenerationMode::ImageToVideo,
        vec![huge.to_string_lossy().into_owned()],
    );
    let error = s.provider.submit(&req).await.unwrap_err();
    assert_eq!(
        error.class,
        ErrorClass::Terminal(TerminalReason::InvalidInput)
    );
    assert!(error.message.contains("huge.png"), "{}", error.message);

    let mut square = t2v();
    square.aspect_ratio = AspectRatio::Square;
    let error = s.provider.submit(&square).await.unwrap_err();
    assert_eq!(
        error.class,
        ErrorClass::Terminal(TerminalReason::Unsupported)
    );
    let turbo_t2v = request("gen4_turbo", GenerationMode::TextToVideo, vec![]);
    assert!(s.provider.submit(&turbo_t2v).await.is_err());
    let mut long = t2v();
    long.duration_s = 11;
    assert_eq!(
        s.provider.submit(&long).await.unwrap_err().class,
        ErrorClass::Terminal(TerminalReason::InvalidInput)
    );
    assert_eq!(s.fake.calls(Route::Create), 0);
    assert_eq!(s.fake.calls(Route::Upload), 0);
}
