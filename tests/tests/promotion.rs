//! Draft → final promotion end to end over HTTP, against the Luma fake (Dream Machine:
//! `ray-flash-2` as the draft model at $0.10/s, `ray-2` as the final one at $0.20/s). A
//! three-segment job is drafted, its estimate for promoting segments 1 and 3 is read, the
//! promotion regenerates only those two at the final model with the draft's prompt (the fake's
//! own generation record says which model and prompt it got), the draft takes stay beside the
//! final ones, and the job's ledger holds both takes' costs. A later promotion over the job's
//! budget cap is refused and changes nothing.

use reelforge_core::Core;
use reelforge_core::pipeline::EngineSetup;
use reelforge_core::secrets::ApiKey;
use reelforge_protocol::{
    AspectRatio, ConfigureSegmentsRequest, CreateJobRequest, EngineEvent, ErrorCode,
    GenerationMode, JobConfig, JobId, JobStatus, ModelTier, PromotionRequest, SegmentPatch,
    StyleDefaults, TakeStatus, TemplateInput,
};
use reelforge_tests::fakes::{self, FAKE_KEY, FakeServer, Route};
use std::time::Duration;
use tokio_util::sync::CancellationToken;

const DRAFT: &str = "ray-flash-2";
const FINAL: &str = "ray-2";
/// 5 s at each model's price per second.
const DRAFT_CLIP: i64 = 500_000;
const FINAL_CLIP: i64 = 1_000_000;

async fn open(dir: &std::path::Path, luma: &FakeServer) -> Core {
    let mut setup = EngineSetup::default();
    setup.settings.poll_backoff.initial = Duration::from_millis(100);
    setup.settings.poll_backoff.max = Duration::from_millis(100);
    setup
        .env
        .secrets
        .set("luma", &ApiKey::new(FAKE_KEY).unwrap())
        .unwrap();
    setup
        .env
        .endpoints
        .set("luma", Some(luma.base_url().to_owned()));
    Core::open_with(dir, setup).await.unwrap()
}

fn template() -> TemplateInput {
    TemplateInput {
        name: "Drafted".into(),
        description: String::new(),
        pillar: String::new(),
        segment_count: 3,
        segment_duration_s: 5,
        aspect_ratio: AspectRatio::Landscape,
        provider: "luma".into(),
        model: Some(DRAFT.into()),
        mode: GenerationMode::TextToVideo,
        fallback_providers: Vec::new(),
        allow_fallback: false,
        beats: Vec::new(),
        style: StyleDefaults::default(),
        model_tiers: vec![ModelTier {
            provider: "luma".into(),
            draft_model: DRAFT.into(),
            final_model: FINAL.into(),
        }],
    }
}

/// Waits for the job to leave generation (review or failed).
async fn generated(core: &Core, events: &mut reelforge_core::EventStream, id: &JobId) {
    let ended = tokio::time::timeout(Duration::from_secs(120), async {
        loop {
            match events.recv().await {
                Some(EngineEvent::JobUpdated { job_id, status })
                    if &job_id == id && matches!(status, JobStatus::Review | JobStatus::Failed) =>
                {
                    return status;
                }
                Some(_) => {}
                None => panic!("engine gone"),
            }
        }
    })
    .await
    .expect("the job did not end within two minutes");
    let log: Vec<String> = core
        .get_job(id)
        .await
        .unwrap()
        .activity
        .into_iter()
        .map(|a| a.message)
        .collect();
    assert_eq!(ended, JobStatus::Review, "{log:#?}");
}

/// The model and prompt the fake recorded for a generation (the take's remote id is
/// `dm:<Luma's id>`), read back over its API.
async fn recorded(luma: &FakeServer, remote_id: &str) -> (String, String) {
    let remote_id = remote_id
        .strip_prefix("dm:")
        .expect("a Dream Machine generation");
    let body: serde_json::Value = reqwest::Client::new()
        .get(format!("{}/generations/{remote_id}", luma.base_url()))
        .bearer_auth(FAKE_KEY)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    (
        body["model"].as_str().unwrap_or_default().to_owned(),
        body["request"]["prompt"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn promotion_regenerates_the_chosen_segments_at_the_final_model_within_the_cap() {
    let clips = tempfile::tempdir().unwrap();
    let luma = fakes::luma::start(0, clips.path()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let core = open(dir.path(), &luma).await;
    let template = core.create_template(template()).await.unwrap();
    assert_eq!(template.input.model_tiers[0].final_model, FINAL, "stored");
    // Room for the draft (3 × $0.50) and two final clips ($1.00 each), not a third.
    let cap = 3 * DRAFT_CLIP + 2 * FINAL_CLIP + 100_000;
    let job = core
        .create_job(CreateJobRequest {
            title: "Draft then final".into(),
            subject: String::new(),
            template_id: Some(template.id.clone()),
            segment_count: None,
            config: JobConfig::default(),
            budget_cap_micros: Some(cap),
        })
        .await
        .unwrap();
    let id = job.summary.id.clone();
    for index in 0..3 {
        core.configure_segments(ConfigureSegmentsRequest {
            job_id: id.clone(),
            indexes: vec![index],
            patch: SegmentPatch {
                prompt: Some(format!("shot {} of a lighthouse at dusk", index + 1)),
                ..SegmentPatch::default()
            },
        })
        .await
        .unwrap();
    }

    let shutdown = CancellationToken::new();
    let mut events = core.subscribe();
    let engine = core
        .start_engine(shutdown.clone(), reelforge_core::LockWait::Refuse)
        .unwrap();
    core.launch_job(&id).await.unwrap();
    generated(&core, &mut events, &id).await;
    let drafted = core.get_job(&id).await.unwrap();
    for seg in &drafted.segments {
        assert_eq!(seg.takes.len(), 1);
        assert_eq!(seg.takes[0].model.as_deref(), Some(DRAFT));
    }

    // The estimate first: segments 1 and 3 at the final model.
    let chosen = PromotionRequest {
        job_id: id.clone(),
        segments: vec![0, 2],
    };
    let estimate = core.estimate_promotion(&chosen).await.unwrap();
    let priced: Vec<(u32, Option<&str>, i64)> = estimate
        .segments
        .iter()
        .map(|s| (s.index, s.model.as_deref(), s.micros))
        .collect();
    assert_eq!(
        priced,
        [(0, Some(FINAL), FINAL_CLIP), (2, Some(FINAL), FINAL_CLIP)]
    );
    assert_eq!(estimate.total_micros, 2 * FINAL_CLIP);
    assert_eq!(estimate.spent_micros, 3 * DRAFT_CLIP);
    assert!(estimate.within_budget);

    let _ = events.drain();
    core.promote_segments(&chosen).await.unwrap();
    generated(&core, &mut events, &id).await;
    let promoted = core.get_job(&id).await.unwrap();
    assert_eq!(luma.calls(Route::Create), 5, "three drafts and two finals");
    for seg in &promoted.segments {
        let draft = &seg.takes[0];
        if seg.index == 1 {
            assert_eq!(seg.takes.len(), 1, "segment 2 was not chosen");
            assert_eq!(seg.selected_take.as_ref(), Some(&draft.id));
            continue;
        }
        assert_eq!(
            seg.takes.len(),
            2,
            "the draft take stays beside the final one"
        );
        let last = &seg.takes[1];
        assert_eq!(draft.status, TakeStatus::Succeeded);
        assert_eq!(last.status, TakeStatus::Succeeded);
        assert_eq!(last.model.as_deref(), Some(FINAL));
        assert_eq!(
            seg.selected_take.as_ref(),
            Some(&last.id),
            "the final take is used"
        );
        assert_eq!(draft.actual_cost_micros, DRAFT_CLIP);
        assert_eq!(last.actual_cost_micros, FINAL_CLIP);
        let (draft_model, draft_prompt) =
            recorded(&luma, draft.remote_id.as_deref().unwrap()).await;
        let (final_model, final_prompt) = recorded(&luma, last.remote_id.as_deref().unwrap()).await;
        assert_eq!(draft_model, DRAFT);
        assert_eq!(final_model, FINAL, "the fake received the final model");
        assert_eq!(final_prompt, draft_prompt, "the same prompt");
        assert!(final_prompt.contains(&format!("shot {}", seg.index + 1)));
    }
    assert_eq!(
        promoted.summary.actual_cost_micros,
        3 * DRAFT_CLIP + 2 * FINAL_CLIP,
        "the ledger holds both takes' costs"
    );

    // Promoting segment 2 as well would go over the cap: refused, nothing changes.
    let over = PromotionRequest {
        job_id: id.clone(),
        segments: vec![1],
    };
    let estimate = core.estimate_promotion(&over).await.unwrap();
    assert!(!estimate.within_budget);
    let refused = core.promote_segments(&over).await.unwrap_err();
    assert_eq!(
        reelforge_protocol::ApiError::from(refused).code,
        ErrorCode::BudgetExceeded
    );
    let after = core.get_job(&id).await.unwrap();
    assert_eq!(after.segments, promoted.segments);
    assert_eq!(after.summary.status, JobStatus::Review);
    assert_eq!(after.activity.len(), promoted.activity.len());
    assert_eq!(luma.calls(Route::Create), 5);

    // Segments already at the final model say so and are not promoted again.
    let again = core.estimate_promotion(&chosen).await.unwrap();
    assert!(
        again.segments.iter().all(|s| s.problem.is_some()),
        "{again:?}"
    );
    assert_eq!(again.total_micros, 0);

    shutdown.cancel();
    engine.await.unwrap().unwrap();
    core.close().await;
}
