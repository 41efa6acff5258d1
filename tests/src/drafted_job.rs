//! A job drafted end to end against the Luma fake, for the draft → final promotion tests:
//! a template naming `ray-flash-2` as Luma's draft model and `ray-2` as its final one, an
//! engine setup whose Luma is the fake (key in memory), and running the engine until a job
//! is generated.

use crate::fakes::{FAKE_KEY, FakeServer};
use reelforge_core::Core;
use reelforge_core::pipeline::EngineSetup;
use reelforge_core::secrets::ApiKey;
use reelforge_protocol::{
    AspectRatio, ConfigureSegmentsRequest, CreateJobRequest, EngineEvent, GenerationMode,
    JobConfig, JobId, JobStatus, ModelTier, SegmentPatch, StyleDefaults, TemplateId, TemplateInput,
};
use std::path::Path;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// Luma's draft model ($0.10/s) and final model ($0.20/s).
pub const DRAFT_MODEL: &str = "ray-flash-2";
pub const FINAL_MODEL: &str = "ray-2";
/// A 5 s clip at each model.
pub const DRAFT_CLIP_MICROS: i64 = 500_000;
pub const FINAL_CLIP_MICROS: i64 = 1_000_000;
/// Segments of the drafted job.
pub const SEGMENTS: u32 = 3;

/// The engine on `dir` with Luma pointing at the fake, polling every 100 ms.
pub async fn open(dir: &Path, luma: &FakeServer) -> Core {
    let mut setup = EngineSetup::default();
    setup.settings.poll_backoff.initial = Duration::from_millis(100);
    setup.settings.poll_backoff.max = Duration::from_millis(100);
    let key = ApiKey::new(FAKE_KEY).expect("the fake key is valid");
    setup.env.secrets.set("luma", &key).expect("session key");
    setup
        .env
        .endpoints
        .set("luma", Some(luma.base_url().to_owned()));
    Core::open_with(dir, setup).await.expect("the engine opens")
}

/// A three-segment Luma template drafted at `ray-flash-2`, final at `ray-2`.
pub fn tiered_template() -> TemplateInput {
    TemplateInput {
        name: "Drafted".into(),
        description: String::new(),
        pillar: String::new(),
        segment_count: SEGMENTS,
        segment_duration_s: 5,
        aspect_ratio: AspectRatio::Landscape,
        provider: "luma".into(),
        model: Some(DRAFT_MODEL.into()),
        mode: GenerationMode::TextToVideo,
        fallback_providers: Vec::new(),
        allow_fallback: false,
        beats: Vec::new(),
        style: StyleDefaults::default(),
        model_tiers: vec![ModelTier {
            provider: "luma".into(),
            draft_model: DRAFT_MODEL.into(),
            final_model: FINAL_MODEL.into(),
        }],
    }
}

/// A job of `template` under `cap`, each segment prompted "shot N of a lighthouse at dusk".
pub async fn create_job(core: &Core, template: &TemplateId, cap: Option<i64>) -> JobId {
    let job = core
        .create_job(CreateJobRequest {
            title: "Draft then final".into(),
            subject: String::new(),
            template_id: Some(template.clone()),
            segment_count: None,
            config: JobConfig::default(),
            budget_cap_micros: cap,
        })
        .await
        .expect("job created");
    let id = job.summary.id;
    for index in 0..SEGMENTS {
        core.configure_segments(ConfigureSegmentsRequest {
            job_id: id.clone(),
            indexes: vec![index],
            patch: SegmentPatch {
                prompt: Some(format!("shot {} of a lighthouse at dusk", index + 1)),
                ..SegmentPatch::default()
            },
        })
        .await
        .expect("segment prompted");
    }
    id
}

/// Runs the engine until the (launched) job is in review; panics with its log if it fails
/// or takes more than two minutes.
pub async fn run_until_generated(core: &Core, id: &JobId) {
    let mut events = core.subscribe();
    let shutdown = CancellationToken::new();
    let engine = core
        .start_engine(shutdown.clone(), reelforge_core::LockWait::Refuse)
        .expect("the engine starts");
    let ended = tokio::time::timeout(Duration::from_secs(120), async {
        if let Ok(job) = core.get_job(id).await
            && job.summary.status == JobStatus::Review
        {
            return JobStatus::Review;
        }
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
    shutdown.cancel();
    engine.await.expect("engine joined").expect("engine ran");
    let log: Vec<String> = core
        .get_job(id)
        .await
        .expect("job")
        .activity
        .into_iter()
        .map(|a| a.message)
        .collect();
    assert_eq!(ended, JobStatus::Review, "{log:#?}");
}
