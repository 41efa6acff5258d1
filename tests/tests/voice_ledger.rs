//! A voice's charge in the job's ledger, through the [`Core`] facade with the OpenAI speech
//! voice on its fake over HTTP ($0.015 per 1,000 characters, the key in the session store):
//! the plan before launch prices exactly what the first assembly then charges to the job's
//! actual cost; after it the plan measures the narration (cached) and prices nothing, and
//! re-assembling sends nothing and charges nothing more.

use reelforge_core::pipeline::EngineSetup;
use reelforge_core::voice::spoken_text::spoken_text;
use reelforge_core::{AssembleOptions, Core};
use reelforge_protocol::{
    AspectRatio, ConfigureSegmentsRequest, CreateJobRequest, EngineEvent, JobConfig, JobStatus,
    NarrationChoice, NarrationPlanRequest, SegmentPatch,
};
use reelforge_tests::fakes::{FAKE_KEY, Route, openai_audio};
use reelforge_tests::voice_check::VoiceRig;
use std::sync::Arc;
use std::time::Duration;

const NARRATIONS: [&str; 2] = ["[Hook] Breathe in slowly, then count to four.", "Ship it."];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_voice_charges_the_job_once_what_its_plan_priced() {
    let rig = VoiceRig::start("openai", "/v1", Some(FAKE_KEY), async |port, dir| {
        openai_audio::start_with(port, dir, Arc::default()).await
    })
    .await;
    let data = tempfile::tempdir().unwrap();
    let core = Core::open_with(data.path(), EngineSetup::with_env(rig.env.clone()))
        .await
        .unwrap();
    let job = core
        .create_job(CreateJobRequest {
            title: "Ledger".into(),
            subject: String::new(),
            template_id: None,
            segment_count: Some(2),
            config: JobConfig {
                provider: Some("local".into()),
                segment_duration_s: Some(1),
                aspect_ratio: Some(AspectRatio::Square),
                ..JobConfig::default()
            },
            budget_cap_micros: None,
        })
        .await
        .unwrap();
    let id = job.summary.id.clone();
    for (index, narration) in NARRATIONS.iter().enumerate() {
        core.configure_segments(ConfigureSegmentsRequest {
            job_id: id.clone(),
            indexes: vec![index as u32],
            patch: SegmentPatch {
                prompt: Some("A lighthouse".into()),
                narration: Some((*narration).into()),
                ..SegmentPatch::default()
            },
        })
        .await
        .unwrap();
    }
    let choice = NarrationChoice {
        provider: Some("openai".into()),
        ..NarrationChoice::default()
    };
    let plan = |core: Core| {
        let req = NarrationPlanRequest {
            job_id: id.clone(),
            narration: choice.clone(),
        };
        async move { core.plan_narration(req).await.unwrap() }
    };
    let before = plan(core.clone()).await;
    let characters: u64 = NARRATIONS
        .iter()
        .map(|t| spoken_text(t).chars().count() as u64)
        .sum();
    assert_eq!(before.characters_to_synthesize, characters);
    let price = (characters * 15_000).div_ceil(1000) as i64;
    assert_eq!(before.cost_micro_usd, price);
    assert!(before.segments[0].voice_longer_than_clip, "{before:?}");

    let shutdown = tokio_util::sync::CancellationToken::new();
    let mut events = core.subscribe();
    let engine = core
        .start_engine(shutdown.clone(), reelforge_core::LockWait::Refuse)
        .unwrap();
    core.launch_job(&id).await.unwrap();
    tokio::time::timeout(Duration::from_secs(120), async {
        loop {
            if let Some(EngineEvent::JobUpdated { status, .. }) = events.recv().await
                && matches!(status, JobStatus::Review | JobStatus::Failed)
            {
                assert_eq!(status, JobStatus::Review);
                break;
            }
        }
    })
    .await
    .expect("generated within two minutes");
    shutdown.cancel();
    engine.await.unwrap().unwrap();

    let spent = core.get_job(&id).await.unwrap().summary.actual_cost_micros;
    let options = || AssembleOptions {
        narration: choice.clone(),
        burn_captions: false,
        caption_style: reelforge_protocol::CaptionStyle::None,
        ..AssembleOptions::default()
    };
    let first = core.assemble_job(&id, options()).await.unwrap();
    let used = first.narration.unwrap();
    assert_eq!(used.characters_synthesized, characters);
    assert_eq!(used.cost_micro_usd, price);
    let charged = core.get_job(&id).await.unwrap().summary.actual_cost_micros - spent;
    assert_eq!(charged, price, "the voice's charge is in the job's ledger");

    let after = plan(core.clone()).await;
    assert_eq!(
        (after.characters_to_synthesize, after.cost_micro_usd),
        (0, 0)
    );
    assert!(after.segments.iter().all(|s| s.measured), "{after:?}");
    let voice_ms = first.segments[0].voice_ms.unwrap() as f64;
    let measured = after.segments[0].narration_seconds.unwrap() * 1000.0;
    assert!(
        (measured - voice_ms).abs() < 2.0,
        "{measured} vs {voice_ms}"
    );

    let calls = rig.fake.calls(Route::Create);
    let again = core.assemble_job(&id, options()).await.unwrap();
    assert_eq!(again.narration.unwrap().cost_micro_usd, 0);
    assert_eq!(rig.fake.calls(Route::Create), calls, "nothing spoken again");
    let charged = core.get_job(&id).await.unwrap().summary.actual_cost_micros - spent;
    assert_eq!(charged, price, "never charged twice");
}
