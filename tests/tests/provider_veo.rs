//! The Veo adapter over real HTTP against the fake Gemini API: text/image/first-last-frame
//! to video, every operation shape, every fault switch, key handling and downloads.

use reelforge_core::protocol::{AspectRatio, GenerationMode};
use reelforge_core::providers::http::ProviderEnv;
use reelforge_core::providers::veo::VeoProvider;
use reelforge_core::providers::{
    ErrorClass, GenerationRequest, PollOutcome, RemoteOutput, TerminalReason, VideoProvider,
};
use reelforge_core::secrets::{SecretStore, SessionStore};
use reelforge_tests::adapter_check::{
    AdapterRig, failed, poll_until_done, succeeded, write_big_png,
};
use reelforge_tests::fakes::{FAKE_KEY, Fault, Route, veo};
use std::sync::Arc;
use std::time::Duration;

type Setup = AdapterRig<VeoProvider>;

async fn setup() -> Setup {
    AdapterRig::start("veo", veo::start, Some(FAKE_KEY), VeoProvider::new).await
}

fn request(mode: GenerationMode, refs: Vec<String>) -> GenerationRequest {
    GenerationRequest {
        model: "veo-3.1-fast-generate-preview".to_owned(),
        mode,
        prompt: "a lighthouse at dawn, slow dolly in".to_owned(),
        duration_s: 4,
        aspect_ratio: AspectRatio::Portrait,
        reference_paths: refs,
        seed: None,
    }
}

/// Polls until the operation leaves Running (at most 10 polls), checking each Running
/// answer; returns the outcome and the Running count.
async fn finish(provider: &VeoProvider, remote_id: &str) -> (PollOutcome, u32) {
    let mut seen = poll_until_done(provider, remote_id, 10).await;
    let done = seen.pop().unwrap();
    for running in &seen {
        let PollOutcome::Running { poll_after, .. } = running else {
            unreachable!()
        };
        assert_eq!(
            *poll_after,
            Some(Duration::from_secs(10)),
            "the documented 10 s"
        );
    }
    (done, seen.len() as u32)
}

fn output(outcome: PollOutcome) -> RemoteOutput {
    let (output, actual_cost_micros) = succeeded(outcome);
    assert_eq!(actual_cost_micros, None, "Veo does not report a charge");
    output
}

async fn generate(s: &Setup, request: &GenerationRequest) {
    let submitted = s.provider.submit(request).await.unwrap();
    assert!(
        submitted
            .remote_id
            .starts_with(&format!("models/{}/operations/", request.model)),
        "{}",
        submitted.remote_id
    );
    assert_eq!(submitted.poll_after, Some(Duration::from_secs(10)));
    let (outcome, running) = finish(&s.provider, &submitted.remote_id).await;
    assert_eq!(running, 2, "not done twice, then done");
    let out = output(outcome);
    assert!(out.url.contains(":download?alt=media"), "{}", out.url);
    s.fetch(&submitted.remote_id, &out).await;
}

#[tokio::test]
async fn text_to_video_runs_through_the_operation_and_downloads_with_the_key() {
    let s = setup().await;
    generate(&s, &request(GenerationMode::TextToVideo, vec![])).await;
    assert_eq!(s.fake.calls(Route::Create), 1);
    assert_eq!(s.fake.calls(Route::Poll), 3);
}

#[tokio::test]
async fn image_to_video_and_first_last_frame_send_inline_images() {
    let s = setup().await;
    let first = s.png("first.png");
    let last = s.png("last.png");
    generate(
        &s,
        &request(GenerationMode::ImageToVideo, vec![first.clone()]),
    )
    .await;
    generate(
        &s,
        &request(GenerationMode::FirstLastFrame, vec![first, last]),
    )
    .await;
}

#[tokio::test]
async fn a_failed_operation_is_a_failure_with_googles_message() {
    let s = setup().await;
    let mut req = request(GenerationMode::TextToVideo, vec![]);
    req.prompt = "[fake:error] storm".to_owned();
    let submitted = s.provider.submit(&req).await.unwrap();
    let error = failed(finish(&s.provider, &submitted.remote_id).await.0);
    assert_eq!(
        error.class,
        ErrorClass::Transient,
        "internal errors may be retried"
    );
    assert!(
        error.message.contains("internal error"),
        "{}",
        error.message
    );
}

#[tokio::test]
async fn safety_filtered_result_is_a_moderation_failure_with_the_reason() {
    let s = setup().await;
    s.fake.arm(Route::Create, Fault::Moderation, 1);
    let submitted = s
        .provider
        .submit(&request(GenerationMode::TextToVideo, vec![]))
        .await
        .unwrap();
    let error = failed(finish(&s.provider, &submitted.remote_id).await.0);
    assert_eq!(
        error.class,
        ErrorClass::Terminal(TerminalReason::Moderation)
    );
    assert!(error.message.contains("Support codes"), "{}", error.message);
}

#[tokio::test]
async fn create_faults_are_classified() {
    let s = setup().await;
    let req = request(GenerationMode::TextToVideo, vec![]);

    s.assert_create_faults_classified(&req, 503).await;

    s.fake.arm(Route::Create, Fault::Slow { millis: 300 }, 1);
    generate(&s, &req).await;
}

#[tokio::test]
async fn a_reset_after_the_create_is_ambiguous_and_created_exactly_one_operation() {
    let s = setup().await;
    let error = s
        .submit_failing(
            &request(GenerationMode::TextToVideo, vec![]),
            Fault::ResetAfterRequest,
        )
        .await;
    assert_eq!(error.class, ErrorClass::AmbiguousSubmit);
    assert_eq!(s.fake.calls(Route::Create), 1, "sent once, never retried");
}

#[tokio::test]
async fn poll_faults_are_transient_and_slow_polls_still_finish() {
    let s = setup().await;
    let submitted = s
        .provider
        .submit(&request(GenerationMode::TextToVideo, vec![]))
        .await
        .unwrap();
    s.assert_poll_faults_transient(&submitted.remote_id, 500, 3)
        .await;
    s.fake.arm(Route::Poll, Fault::Slow { millis: 200 }, 1);
    output(finish(&s.provider, &submitted.remote_id).await.0);
}

#[tokio::test]
async fn an_expired_download_link_is_refreshed_by_re_polling() {
    let s = setup().await;
    let submitted = s
        .provider
        .submit(&request(GenerationMode::TextToVideo, vec![]))
        .await
        .unwrap();
    let out = output(finish(&s.provider, &submitted.remote_id).await.0);
    let polls = s.fake.calls(Route::Poll);
    s.fake.arm(Route::Download, Fault::ExpiredUrl, 1);
    s.fetch(&submitted.remote_id, &out).await;
    assert_eq!(
        s.fake.calls(Route::Poll),
        polls + 1,
        "re-polled once for a fresh link"
    );
}

#[tokio::test]
async fn cancel_is_a_no_op_and_unknown_operations_are_refused() {
    let s = setup().await;
    let submitted = s
        .provider
        .submit(&request(GenerationMode::TextToVideo, vec![]))
        .await
        .unwrap();
    s.provider.cancel(&submitted.remote_id).await.unwrap();
    assert_eq!(
        s.fake.calls(Route::Cancel),
        0,
        "the Gemini API has no cancel"
    );
    let missing = s
        .provider
        .poll("models/veo-3.1-fast-generate-preview/operations/nope")
        .await
        .unwrap_err();
    assert_eq!(
        missing.class,
        ErrorClass::Terminal(TerminalReason::InvalidInput)
    );
    let odd = s.provider.poll("../../etc/passwd").await.unwrap_err();
    assert_eq!(
        odd.class,
        ErrorClass::Terminal(TerminalReason::InvalidInput)
    );
}

#[tokio::test]
async fn keys_wrong_missing_and_tested() {
    let s = setup().await;
    s.provider.test_key().await.unwrap();
    s.fake.core.set_expected_key("another-key");
    let wrong = s
        .provider
        .submit(&request(GenerationMode::TextToVideo, vec![]))
        .await
        .unwrap_err();
    assert_eq!(wrong.class, ErrorClass::Terminal(TerminalReason::BadKey));
    assert!(!wrong.message.contains(FAKE_KEY));
    let bad = s.provider.test_key().await.unwrap_err();
    assert_eq!(bad.class, ErrorClass::Terminal(TerminalReason::BadKey));

    s.store.remove("veo").unwrap();
    let missing = s
        .provider
        .submit(&request(GenerationMode::TextToVideo, vec![]))
        .await
        .unwrap_err();
    assert_eq!(missing.class, ErrorClass::Terminal(TerminalReason::BadKey));
    assert!(
        missing.message.contains("set-key veo"),
        "{}",
        missing.message
    );
    assert!(missing.message.contains("Providers"), "{}", missing.message);
}

#[tokio::test]
async fn invalid_input_is_refused_before_any_http_call() {
    let s = setup().await;
    let big = write_big_png(s.dir.path(), "big.png", 15 * 1024 * 1024);
    let oversized = s
        .provider
        .submit(&request(GenerationMode::ImageToVideo, vec![big]))
        .await
        .unwrap_err();
    assert_eq!(
        oversized.class,
        ErrorClass::Terminal(TerminalReason::InvalidInput)
    );
    let mut square = request(GenerationMode::TextToVideo, vec![]);
    square.aspect_ratio = AspectRatio::Square;
    let error = s.provider.submit(&square).await.unwrap_err();
    assert_eq!(
        error.class,
        ErrorClass::Terminal(TerminalReason::InvalidInput)
    );
    let mut long = request(GenerationMode::TextToVideo, vec![]);
    long.duration_s = 10;
    assert!(s.provider.submit(&long).await.is_err());
    assert_eq!(s.fake.calls(Route::Create), 0);
}

#[tokio::test]
async fn provider_refusals_map_by_status() {
    let s = setup().await;
    let mut unknown = request(GenerationMode::TextToVideo, vec![]);
    unknown.model = "veo-9-imaginary".to_owned();
    let error = s.provider.submit(&unknown).await.unwrap_err();
    assert_eq!(
        error.class,
        ErrorClass::Terminal(TerminalReason::InvalidInput)
    );
    assert!(error.message.contains("not found"), "{}", error.message);
    let mut old = request(
        GenerationMode::FirstLastFrame,
        vec![s.png("a.png"), s.png("b.png")],
    );
    old.model = "veo-3.0-generate-001".to_owned();
    assert_eq!(
        s.provider.submit(&old).await.unwrap_err().class,
        ErrorClass::Terminal(TerminalReason::InvalidInput)
    );
}

#[test]
fn the_descriptor_is_honest() {
    let env = ProviderEnv::new(Arc::new(SessionStore::new()));
    let provider = VeoProvider::new(&env);
    let d = provider.descriptor();
    assert_eq!(d.id, "veo");
    assert!(d.needs_key);
    assert!(d.label.contains("Gemini API"));
    assert!(
        d.models
            .iter()
            .all(|m| m.aspect_ratios == [AspectRatio::Landscape, AspectRatio::Portrait])
    );
    assert_eq!(d.models[0].durations_s, [4, 6, 8]);
}
