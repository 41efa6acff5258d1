//! The ComfyUI adapter over real HTTP against the fake ComfyUI: built-in and user workflow
//! templates, image upload, the queue → history states, resubmission detection through the
//! client-supplied prompt id, every fault switch, cancel, and the server check.

use reelforge_core::protocol::{AspectRatio, GenerationMode};
use reelforge_core::providers::comfyui::ComfyUiProvider;
use reelforge_core::providers::{
    ErrorClass, GenerationRequest, PollOutcome, RemoteOutput, TakeErrorCode, TerminalReason,
    VideoProvider,
};
use reelforge_tests::adapter_check::{
    AdapterRig, failed, poll_until_done, succeeded, write_big_png,
};
use reelforge_tests::fakes::{Fault, Route, comfyui};
use std::time::Duration;

type Setup = AdapterRig<ComfyUiProvider>;

/// No key anywhere: ComfyUI has no auth.
async fn setup() -> Setup {
    AdapterRig::start("comfyui", comfyui::start, None, ComfyUiProvider::new).await
}

fn request(prompt: &str, mode: GenerationMode, refs: Vec<String>) -> GenerationRequest {
    GenerationRequest {
        model: "ltx-video".to_owned(),
        mode,
        prompt: prompt.to_owned(),
        duration_s: 3,
        aspect_ratio: AspectRatio::Portrait,
        reference_paths: refs,
        seed: None,
    }
}

fn t2v(prompt: &str) -> GenerationRequest {
    request(prompt, GenerationMode::TextToVideo, vec![])
}

/// Polls until the prompt leaves Running (at most 20 polls), checking each Running answer;
/// returns the outcome and the progress values seen.
async fn finish(provider: &ComfyUiProvider, remote_id: &str) -> (PollOutcome, Vec<Option<u8>>) {
    let mut seen = poll_until_done(provider, remote_id, 20).await;
    let done = seen.pop().unwrap();
    let progress = seen
        .into_iter()
        .map(|running| {
            let PollOutcome::Running {
                progress,
                poll_after,
            } = running
            else {
                unreachable!()
            };
            assert_eq!(poll_after, Some(Duration::from_secs(2)));
            progress
        })
        .collect();
    (done, progress)
}

fn output(outcome: PollOutcome) -> RemoteOutput {
    let (output, actual_cost_micros) = succeeded(outcome);
    assert_eq!(actual_cost_micros, Some(0), "local generation is free");
    output
}

async fn generate(s: &Setup, request: &GenerationRequest) -> String {
    let submitted = s.provider.submit(request).await.unwrap();
    uuid::Uuid::parse_str(&submitted.remote_id).unwrap();
    let (outcome, _) = finish(&s.provider, &submitted.remote_id).await;
    let out = output(outcome);
    assert!(
        out.url.contains("/view?filename=") && out.url.contains("type=output"),
        "{}",
        out.url
    );
    s.fetch(&submitted.remote_id, &out).await;
    submitted.remote_id
}

#[tokio::test]
async fn text_to_video_runs_through_queue_and_history_and_downloads_from_view() {
    let s = setup().await;
    let id = generate(&s, &t2v("a lighthouse at dawn")).await;
    assert_eq!(s.fake.calls(Route::Create), 1);
    assert_eq!(s.fake.calls(Route::Upload), 0);
    // Fetched: the history entry is gone, so the prompt is no longer known.
    let gone = failed(s.provider.poll(&id).await.unwrap());
    assert_eq!(gone.code, TakeErrorCode::GenerationLost);
}

#[tokio::test]
async fn image_to_video_uploads_the_image_first() {
    let s = setup().await;
    let first = s.png("first.png");
    generate(
        &s,
        &request("the fox turns", GenerationMode::ImageToVideo, vec![first]),
    )
    .await;
    assert_eq!(s.fake.calls(Route::Upload), 1);
    assert_eq!(s.fake.calls(Route::Create), 1);
}

#[tokio::test]
async fn a_prompt_waits_pending_behind_the_running_one() {
    let s = setup().await;
    let first = s.provider.submit(&t2v("first")).await.unwrap();
    let second = s.provider.submit(&t2v("second")).await.unwrap();
    let (outcome, seen) = finish(&s.provider, &second.remote_id).await;
    output(outcome);
    assert_eq!(
        seen.first(),
        Some(&Some(0)),
        "pending while the first runs: {seen:?}"
    );
    assert!(seen.contains(&None), "then running: {seen:?}");
    output(finish(&s.provider, &first.remote_id).await.0);
}

#[tokio::test]
async fn a_resubmission_after_a_lost_create_finds_the_queued_prompt() {
    let s = setup().await;
    let req = t2v("crash in the middle");
    let lost = s.submit_failing(&req, Fault::ResetAfterRequest).await;
    assert_eq!(lost.class, ErrorClass::AmbiguousSubmit);
    assert_eq!(s.fake.calls(Route::Create), 1, "created once");
    // The person resubmits: ComfyUI already has the prompt, so nothing is re-sent.
    let again = s.provider.submit(&req).await.unwrap();
    assert_eq!(s.fake.calls(Route::Create), 1, "not re-sent");
    let out = output(finish(&s.provider, &again.remote_id).await.0);
    // Finished but not fetched yet: a resubmission adopts the result too.
    let adopted = s.provider.submit(&req).await.unwrap();
    assert_eq!(adopted.remote_id, again.remote_id);
    assert_eq!(s.fake.calls(Route::Create), 1);
    s.fetch(&again.remote_id, &out).await;
    // Fetched: the same request is now a new generation.
    s.provider.submit(&req).await.unwrap();
    assert_eq!(s.fake.calls(Route::Create), 2);
}

#[tokio::test]
async fn an_execution_error_fails_and_a_retry_is_a_new_prompt() {
    let s = setup().await;
    let req = t2v("[fake:error] a storm");
    let first = s.provider.submit(&req).await.unwrap();
    let error = failed(finish(&s.provider, &first.remote_id).await.0);
    assert_eq!(
        error.class,
        ErrorClass::Terminal(TerminalReason::InvalidInput)
    );
    assert!(
        error.message.contains("SamplerCustom") && error.message.contains("RuntimeError"),
        "{}",
        error.message
    );
    let retry = s.provider.submit(&req).await.unwrap();
    assert_ne!(
        retry.remote_id, first.remote_id,
        "the failed prompt is skipped"
    );
    assert_eq!(s.fake.calls(Route::Create), 2);
}

#[tokio::test]
async fn user_workflows_are_read_from_the_folder_and_validation_errors_name_the_node() {
    let s = setup().await;
    let folder = s.dir.path().join("workflows");
    std::fs::create_dir_all(&folder).unwrap();
    // A bare "Export (API)" graph whose sampler links to a node that does not exist.
    std::fs::write(
        folder.join("broken-wan.json"),
        r#"{"1":{"class_type":"CLIPTextEncode","inputs":{"text":"{{prompt}}"}},
            "2":{"class_type":"KSampler","inputs":{"positive":["1",0],"model":["99",0],"seed":"{{seed}}"}},
            "3":{"class_type":"SaveVideo","inputs":{"video":["2",0],"filename_prefix":"video/x"}}}"#,
    )
    .unwrap();
    std::fs::write(folder.join("not-json.json"), "{").unwrap();
    let provider = ComfyUiProvider::new(&s.env).with_workflow_dir(&folder);
    let models: Vec<&str> = provider
        .descriptor()
        .models
        .iter()
        .map(|m| m.id.as_str())
        .collect();
    assert_eq!(
        models,
        ["ltx-video", "broken-wan"],
        "the invalid file is skipped"
    );
    let mut req = t2v("wan");
    req.model = "broken-wan".to_owned();
    let error = provider.submit(&req).await.unwrap_err();
    assert_eq!(
        error.class,
        ErrorClass::Terminal(TerminalReason::InvalidInput)
    );
    assert!(
        error.message.contains("KSampler #2") && error.message.contains("99"),
        "{}",
        error.message
    );
}

#[tokio::test]
async fn create_faults_are_classified() {
    let s = setup().await;
    let limited = s
        .submit_failing(&t2v("a"), Fault::RateLimited { retry_after_s: 4 })
        .await;
    assert_eq!(limited.class, ErrorClass::Transient);
    assert_eq!(limited.retry_after, Some(Duration::from_secs(4)));
    let crashed = s
        .submit_failing(&t2v("b"), Fault::ServerError { status: 500 })
        .await;
    assert_eq!(crashed.class, ErrorClass::AmbiguousSubmit);
    let garbled = s.submit_failing(&t2v("c"), Fault::MalformedJson).await;
    assert_eq!(garbled.class, ErrorClass::AmbiguousSubmit);
    s.fake.arm(Route::Create, Fault::Slow { millis: 300 }, 1);
    generate(&s, &t2v("d")).await;
}

#[tokio::test]
async fn poll_and_download_faults_are_survivable() {
    let s = setup().await;
    let submitted = s.provider.submit(&t2v("faults")).await.unwrap();
    let error = s
        .poll_failing(&submitted.remote_id, Fault::ServerError { status: 503 })
        .await;
    assert_eq!(error.class, ErrorClass::Transient);
    let error = s
        .poll_failing(&submitted.remote_id, Fault::MalformedJson)
        .await;
    assert_eq!(error.class, ErrorClass::Transient);
    s.fake.arm(Route::Poll, Fault::Slow { millis: 200 }, 1);
    let out = output(finish(&s.provider, &submitted.remote_id).await.0);
    s.fetch_after_expiry(&submitted.remote_id, &out).await;
}

#[tokio::test]
async fn cancel_interrupts_a_running_prompt_and_dequeues_a_pending_one() {
    let s = setup().await;
    // One GPU: the blocker runs while the other two wait.
    let blocker = s.provider.submit(&t2v("blocker")).await.unwrap();
    let later = s.provider.submit(&t2v("later")).await.unwrap();
    let waiting = s.provider.submit(&t2v("waiting")).await.unwrap();
    assert!(matches!(
        s.provider.poll(&waiting.remote_id).await.unwrap(),
        PollOutcome::Running {
            progress: Some(0),
            ..
        }
    ));
    s.provider.cancel(&waiting.remote_id).await.unwrap();
    let dropped = failed(s.provider.poll(&waiting.remote_id).await.unwrap());
    assert_eq!(dropped.code, TakeErrorCode::GenerationLost, "dequeued");
    output(finish(&s.provider, &blocker.remote_id).await.0);
    assert!(matches!(
        s.provider.poll(&later.remote_id).await.unwrap(),
        PollOutcome::Running { progress: None, .. }
    ));
    s.provider.cancel(&later.remote_id).await.unwrap();
    let stopped = failed(s.provider.poll(&later.remote_id).await.unwrap());
    assert_eq!(stopped.code, TakeErrorCode::Cancelled);
    assert_eq!(s.fake.calls(Route::Cancel), 4, "dequeue + interrupt, twice");
    let running = later;
    // Cancelling something finished is harmless.
    s.provider.cancel(&running.remote_id).await.unwrap();
}

#[tokio::test]
async fn test_key_checks_the_server_answers() {
    let s = setup().await;
    s.provider.test_key().await.unwrap();
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    s.env
        .endpoints
        .set("comfyui", Some(format!("http://127.0.0.1:{port}")));
    let down = s.provider.test_key().await.unwrap_err();
    assert_eq!(down.class, ErrorClass::Transient);
    assert!(
        down.message.contains("is ComfyUI running"),
        "{}",
        down.message
    );
}

#[tokio::test]
async fn invalid_input_is_refused_before_any_http_call() {
    let s = setup().await;
    let big = write_big_png(s.dir.path(), "big.png", 51 * 1024 * 1024);
    let oversized = s
        .provider
        .submit(&request("x", GenerationMode::ImageToVideo, vec![big]))
        .await
        .unwrap_err();
    assert_eq!(
        oversized.class,
        ErrorClass::Terminal(TerminalReason::InvalidInput)
    );
    let mut long = t2v("x");
    long.duration_s = 30;
    assert_eq!(
        s.provider.submit(&long).await.unwrap_err().class,
        ErrorClass::Terminal(TerminalReason::InvalidInput)
    );
    let mut unknown = t2v("x");
    unknown.model = "nope".to_owned();
    assert_eq!(
        s.provider.submit(&unknown).await.unwrap_err().class,
        ErrorClass::Terminal(TerminalReason::Unsupported)
    );
    assert_eq!(s.fake.calls(Route::Create), 0);
    assert_eq!(s.fake.calls(Route::Upload), 0);
    assert_eq!(s.fake.calls(Route::Poll), 0);
    let odd = s.provider.poll("../../etc").await.unwrap_err();
    assert_eq!(
        odd.class,
        ErrorClass::Terminal(TerminalReason::InvalidInput)
    );
}

/// The seeds the queued prompts' graphs carry (any node's `noise_seed`), read from the fake's
/// `GET /queue`.
async fn queued_seeds(s: &Setup) -> Vec<u64> {
    let queue: serde_json::Value = reqwest::get(format!("{}/queue", s.fake.base_url()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    ["queue_running", "queue_pending"]
        .iter()
        .flat_map(|k| queue[*k].as_array().cloned().unwrap_or_default())
        .flat_map(|item| {
            item[2]
                .as_object()
                .map(|graph| {
                    graph
                        .values()
                        .filter_map(|node| node["inputs"]["noise_seed"].as_u64())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
        .collect()
}

#[tokio::test]
async fn the_seed_a_take_was_planned_with_is_the_one_sent() {
    // Draft → final promotion sends a take again with the seed its draft was made with.
    let s = setup().await;
    let mut seeded = t2v("the same seed");
    seeded.seed = Some(4_242);
    s.provider.submit(&seeded).await.unwrap();
    assert_eq!(queued_seeds(&s).await, [4_242]);
    assert!(s.provider.takes_seed());
}
