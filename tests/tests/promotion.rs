//! Draft → final promotion end to end over HTTP, against the Luma fake (Dream Machine:
//! `ray-flash-2` as the draft model at $0.10/s, `ray-2` as the final one at $0.20/s). A
//! three-segment job is drafted, its estimate for promoting segments 1 and 3 is read, the
//! promotion regenerates only those two at the final model with the draft's prompt (the fake's
//! own generation record says which model and prompt it got), the draft takes stay beside the
//! final ones, and the job's ledger holds both takes' costs. A later promotion over the job's
//! budget cap is refused and changes nothing.

use reelforge_protocol::{ApiError, ErrorCode, JobStatus, PromotionRequest, TakeStatus};
use reelforge_tests::drafted_job::{
    self, DRAFT_CLIP_MICROS, DRAFT_MODEL, FINAL_CLIP_MICROS, FINAL_MODEL,
};
use reelforge_tests::fakes::{self, FAKE_KEY, FakeServer, Route};

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
    let core = drafted_job::open(dir.path(), &luma).await;
    let template = core
        .create_template(drafted_job::tiered_template())
        .await
        .unwrap();
    assert_eq!(
        template.input.model_tiers[0].final_model, FINAL_MODEL,
        "stored"
    );
    // Room for the draft (3 × $0.50) and two final clips ($1.00 each), not a third.
    let cap = 3 * DRAFT_CLIP_MICROS + 2 * FINAL_CLIP_MICROS + 100_000;
    let id = drafted_job::create_job(&core, &template.id, Some(cap)).await;
    core.launch_job(&id).await.unwrap();
    drafted_job::run_until_generated(&core, &id).await;
    let drafted = core.get_job(&id).await.unwrap();
    for seg in &drafted.segments {
        assert_eq!(seg.takes.len(), 1);
        assert_eq!(seg.takes[0].model.as_deref(), Some(DRAFT_MODEL));
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
        [
            (0, Some(FINAL_MODEL), FINAL_CLIP_MICROS),
            (2, Some(FINAL_MODEL), FINAL_CLIP_MICROS)
        ]
    );
    assert_eq!(estimate.total_micros, 2 * FINAL_CLIP_MICROS);
    assert_eq!(estimate.spent_micros, 3 * DRAFT_CLIP_MICROS);
    assert!(estimate.within_budget);

    core.promote_segments(&chosen).await.unwrap();
    drafted_job::run_until_generated(&core, &id).await;
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
        assert_eq!(last.model.as_deref(), Some(FINAL_MODEL));
        assert_eq!(
            seg.selected_take.as_ref(),
            Some(&last.id),
            "the final take is used"
        );
        assert_eq!(draft.actual_cost_micros, DRAFT_CLIP_MICROS);
        assert_eq!(last.actual_cost_micros, FINAL_CLIP_MICROS);
        let (draft_model, draft_prompt) =
            recorded(&luma, draft.remote_id.as_deref().unwrap()).await;
        let (final_model, final_prompt) = recorded(&luma, last.remote_id.as_deref().unwrap()).await;
        assert_eq!(draft_model, DRAFT_MODEL);
        assert_eq!(
            final_model, FINAL_MODEL,
            "the fake received the final model"
        );
        assert_eq!(final_prompt, draft_prompt, "the same prompt");
        assert!(final_prompt.contains(&format!("shot {}", seg.index + 1)));
    }
    assert!(
        promoted
            .activity
            .iter()
            .any(|a| a.message == "Promoted to the final model: segment(s) 1, 3, estimated $2.00"),
        "{:#?}",
        promoted.activity
    );
    assert_eq!(
        promoted.summary.actual_cost_micros,
        3 * DRAFT_CLIP_MICROS + 2 * FINAL_CLIP_MICROS,
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
    assert_eq!(ApiError::from(refused).code, ErrorCode::BudgetExceeded);
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
    core.close().await;
}

/// The seed stored in a take's request (what its provider was sent).
async fn stored_seed(data: &std::path::Path, take: &reelforge_protocol::TakeId) -> Option<u64> {
    let url = format!(
        "sqlite://{}?mode=ro",
        data.join(reelforge_core::storage::DATABASE_FILE).display()
    );
    let mut conn = <sqlx::SqliteConnection as sqlx::Connection>::connect(&url)
        .await
        .unwrap();
    let json: String = sqlx::query_scalar("SELECT request_json FROM generations WHERE id = ?")
        .bind(take.as_str())
        .fetch_one(&mut conn)
        .await
        .unwrap();
    serde_json::from_str::<serde_json::Value>(&json).unwrap()["seed"].as_u64()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_promoted_comfyui_take_reuses_the_seed_of_its_draft() {
    // ComfyUI takes a seed: a second workflow (the built-in LTX graph under another model id)
    // is the final model.
    let clips = tempfile::tempdir().unwrap();
    let comfy = fakes::comfyui::start(0, clips.path()).await.unwrap();
    let workflows = tempfile::tempdir().unwrap();
    let ltx = include_str!("../../crates/core/src/providers/comfyui/workflows/ltxv_t2v.json");
    std::fs::write(
        workflows.path().join("ltx-final.json"),
        ltx.replacen("\"ltx-video\"", "\"ltx-final\"", 1),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut setup = reelforge_core::pipeline::EngineSetup::default();
    setup.settings.poll_backoff.initial = std::time::Duration::from_millis(100);
    setup.settings.poll_backoff.max = std::time::Duration::from_millis(100);
    setup
        .env
        .endpoints
        .set("comfyui", Some(comfy.base_url().to_owned()));
    let comfyui = reelforge_core::providers::comfyui::ComfyUiProvider::new(&setup.env)
        .with_workflow_dir(workflows.path());
    setup.registry = setup.registry.with(std::sync::Arc::new(comfyui));
    let core = reelforge_core::Core::open_with(dir.path(), setup)
        .await
        .unwrap();
    let mut input = drafted_job::tiered_template();
    input.provider = "comfyui".into();
    input.model = Some("ltx-video".into());
    input.segment_duration_s = 3;
    input.aspect_ratio = reelforge_protocol::AspectRatio::Portrait;
    input.model_tiers[0].provider = "comfyui".into();
    input.model_tiers[0].draft_model = "ltx-video".into();
    input.model_tiers[0].final_model = "ltx-final".into();
    let template = core.create_template(input).await.unwrap();
    let id = drafted_job::create_job(&core, &template.id, None).await;
    core.launch_job(&id).await.unwrap();
    drafted_job::run_until_generated(&core, &id).await;
    core.promote_segments(&PromotionRequest {
        job_id: id.clone(),
        segments: vec![1],
    })
    .await
    .unwrap();
    drafted_job::run_until_generated(&core, &id).await;
    let detail = core.get_job(&id).await.unwrap();
    let takes = &detail.segments[1].takes;
    assert_eq!(takes.len(), 2);
    assert_eq!(takes[1].model.as_deref(), Some("ltx-final"));
    assert_eq!(takes[1].status, TakeStatus::Succeeded);
    let draft_seed = stored_seed(dir.path(), &takes[0].id).await;
    assert!(draft_seed.is_some(), "the draft recorded its seed");
    assert_eq!(stored_seed(dir.path(), &takes[1].id).await, draft_seed);
    let other = stored_seed(dir.path(), &detail.segments[0].takes[0].id).await;
    assert_ne!(other, draft_seed, "each planned take draws its own seed");
    core.close().await;
}
