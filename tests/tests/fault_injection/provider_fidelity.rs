//! Provider fidelity (issue 15 item 10), against the fakes written from providers.md:
//!
//! - an image-to-video segment with an empty prompt on Runway gen4.5 (whose body requires
//!   `promptText`) and on Luma ray-3.2 (whose `prompt` is required) is refused before
//!   launch, with the reason, and no create call is sent;
//! - a 5xx answered to a create that did make the job is reconciled from the provider's list
//!   of recent jobs where the API has one (Luma's Dream Machine, Replicate): one create
//!   call, one job at the provider, and the take completes; a 5xx before anything was made
//!   is sent again (two calls, still one job); where the API cannot list (Runway), the take
//!   is left `submit_unknown` for the person.

use super::core_on_fakes::CoreOnFakes;
use reelforge_protocol::{ApiError, GenerationMode, SegmentRef, SetSegmentReferencesRequest};
use reelforge_protocol::{JobDetail, TakeStatus};
use reelforge_tests::adapter_check::write_png;
use reelforge_tests::fakes::{self, FAKE_KEY, FakeServer, Fault, Route};
use serde_json::Value;
use std::time::Duration;

/// An image-to-video job on `provider`'s `model` with a reference image and no prompt:
/// launching it is refused, and the fake never sees a create.
async fn empty_prompt_is_refused_before_launch(provider: &str, model: &str, fake: &FakeServer) {
    let studio = CoreOnFakes::open(&[(provider, fake)]).await;
    let job = studio
        .job(provider, model, GenerationMode::ImageToVideo, "")
        .await;
    let png = write_png(studio.dir.path(), "frame.png");
    let asset = studio.core.import_asset(png.as_ref()).await.unwrap();
    studio
        .core
        .set_segment_references(&SetSegmentReferencesRequest {
            segment: SegmentRef {
                job_id: job.clone(),
                index: 0,
            },
            assets: vec![asset.id],
        })
        .await
        .unwrap();
    let launched = studio.core.launch_job(&job).await;
    let calls = fake.calls(Route::Create);
    let err = serde_json::to_value(ApiError::from(
        launched.expect_err("an image-to-video segment without a prompt must not launch"),
    ))
    .unwrap();
    eprintln!("{provider} {model}: {}", err["message"]);
    assert_eq!(err["code"], "validation", "{err}");
    let message = err["message"].as_str().unwrap();
    assert!(
        message.contains("needs a prompt for image_to_video"),
        "{message}"
    );
    assert_eq!(calls, 0, "nothing was sent to {provider}");
    let estimate = studio.core.estimate_job(&job).await.unwrap();
    assert!(
        estimate.segments[0]
            .problem
            .as_deref()
            .is_some_and(|p| p.contains("prompt")),
        "the wizard's estimate says why: {estimate:?}"
    );
    studio.core.close().await;
}

#[tokio::test]
async fn an_empty_prompt_image_to_video_segment_is_refused_before_launch_on_runway() {
    let clips = tempfile::tempdir().unwrap();
    let runway = fakes::runway::start(0, clips.path()).await.unwrap();
    empty_prompt_is_refused_before_launch("runway", "gen4.5", &runway).await;
}

#[tokio::test]
async fn an_empty_prompt_image_to_video_segment_is_refused_before_launch_on_luma() {
    let clips = tempfile::tempdir().unwrap();
    let luma = fakes::luma::start(0, clips.path()).await.unwrap();
    empty_prompt_is_refused_before_launch("luma", "ray-3.2", &luma).await;
}

/// What the fake's own list endpoint shows (as the provider's dashboard would): the ids of
/// the jobs it made.
async fn listed_ids(fake: &FakeServer, path: &str, items: &str) -> Vec<String> {
    let answer: Value = reqwest::Client::new()
        .get(format!("{}{path}", fake.base_url()))
        .bearer_auth(FAKE_KEY)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    answer[items]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["id"].as_str().unwrap().to_owned())
        .collect()
}

/// A one-segment text-to-video job on `provider`'s `model`, with `fault` armed on the fake's
/// next create, generated until it settles.
async fn generate_through(
    provider: &str,
    model: &str,
    fake: &FakeServer,
    fault: Fault,
) -> JobDetail {
    let studio = CoreOnFakes::open(&[(provider, fake)]).await;
    let job = studio
        .job(
            provider,
            model,
            GenerationMode::TextToVideo,
            "a lighthouse at dusk, waves",
        )
        .await;
    fake.arm(Route::Create, fault, 1);
    let detail = studio.generate(&job, Duration::from_secs(120)).await;
    studio.core.close().await;
    detail
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_5xx_on_a_luma_create_that_made_the_job_is_reconciled_from_its_list() {
    let clips = tempfile::tempdir().unwrap();
    let luma = fakes::luma::start(0, clips.path()).await.unwrap();
    let fault = Fault::ServerErrorAfterRequest { status: 502 };
    let detail = generate_through("luma", "ray-2", &luma, fault).await;
    let takes = &detail.segments[0].takes;
    let made = listed_ids(&luma, "/generations?limit=100&offset=0", "generations").await;
    assert_eq!(made.len(), 1, "one generation paid at Luma: {made:?}");
    assert_eq!(luma.calls(Route::Create), 1, "the create was sent once");
    assert_eq!(takes.len(), 1, "{takes:#?}");
    assert_eq!(takes[0].status, TakeStatus::Succeeded, "{takes:#?}");
    assert_eq!(
        takes[0].remote_id.as_deref(),
        Some(format!("dm:{}", made[0]).as_str())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_5xx_on_a_replicate_create_that_made_the_job_is_reconciled_from_its_list() {
    let clips = tempfile::tempdir().unwrap();
    let replicate = fakes::replicate::start(0, clips.path()).await.unwrap();
    let fault = Fault::ServerErrorAfterRequest { status: 500 };
    let detail = generate_through("replicate", "kwaivgi/kling-v2.0", &replicate, fault).await;
    let takes = &detail.segments[0].takes;
    let made = listed_ids(&replicate, "/v1/predictions", "results").await;
    assert_eq!(made.len(), 1, "one prediction paid at Replicate: {made:?}");
    assert_eq!(
        replicate.calls(Route::Create),
        1,
        "the create was sent once"
    );
    assert_eq!(takes.len(), 1, "{takes:#?}");
    assert_eq!(takes[0].status, TakeStatus::Succeeded, "{takes:#?}");
    assert_eq!(takes[0].remote_id.as_deref(), Some(made[0].as_str()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_5xx_on_a_replicate_create_that_made_nothing_is_sent_again_once() {
    let clips = tempfile::tempdir().unwrap();
    let replicate = fakes::replicate::start(0, clips.path()).await.unwrap();
    let fault = Fault::ServerError { status: 503 };
    let detail = generate_through("replicate", "kwaivgi/kling-v2.0", &replicate, fault).await;
    let takes = &detail.segments[0].takes;
    let made = listed_ids(&replicate, "/v1/predictions", "results").await;
    assert_eq!(made.len(), 1, "one prediction paid at Replicate: {made:?}");
    assert_eq!(
        replicate.calls(Route::Create),
        2,
        "the refused create, then one more"
    );
    let statuses: Vec<TakeStatus> = takes.iter().map(|t| t.status).collect();
    assert_eq!(
        statuses,
        [TakeStatus::Failed, TakeStatus::Succeeded],
        "{takes:#?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_5xx_on_a_runway_create_is_left_to_the_person_since_runway_cannot_list() {
    let clips = tempfile::tempdir().unwrap();
    let runway = fakes::runway::start(0, clips.path()).await.unwrap();
    let fault = Fault::ServerErrorAfterRequest { status: 502 };
    let detail = generate_through("runway", "gen4.5", &runway, fault).await;
    let takes = &detail.segments[0].takes;
    assert_eq!(runway.calls(Route::Create), 1, "never re-sent on its own");
    assert_eq!(takes.len(), 1, "{takes:#?}");
    assert_eq!(takes[0].status, TakeStatus::SubmitUnknown, "{takes:#?}");
}
