//! What the chaining tests share: a core over the fake Runway API (opened again on the same
//! folder to restart), a three-segment job with "chain all" on, and waiting for review.

use reelforge_core::pipeline::EngineSetup;
use reelforge_core::secrets::ApiKey;
use reelforge_core::{Core, EventStream};
use reelforge_protocol::{
    AspectRatio, ConfigureSegmentsRequest, CreateJobRequest, EngineEvent, GenerationMode,
    JobConfig, JobId, JobStatus, SegmentPatch, SetChainingRequest, TakeId,
};
use reelforge_tests::fakes::{self, FAKE_KEY, FakeServer};
use std::path::Path;
use std::time::Duration;

pub const PROMPTS: [&str; 3] = [
    "segment one: a lighthouse at dusk",
    "segment two: waves against the rocks",
    "segment three: the lamp turns on",
];

pub struct Rig {
    pub core: Core,
    pub dir: tempfile::TempDir,
    /// The fake's clips, kept for the rig's life.
    _clips: tempfile::TempDir,
    pub runway: FakeServer,
}

pub async fn rig() -> Rig {
    let clips = tempfile::tempdir().unwrap();
    let runway = fakes::runway::start(0, clips.path()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let core = open(dir.path(), &runway).await;
    Rig {
        core,
        dir,
        _clips: clips,
        runway,
    }
}

/// A core on `dir` whose Runway is the fake (again on the same folder: a restart).
pub async fn open(dir: &Path, runway: &FakeServer) -> Core {
    let mut setup = EngineSetup::default();
    setup.settings.poll_backoff.initial = Duration::from_millis(50);
    setup.settings.poll_backoff.max = Duration::from_millis(50);
    let key = ApiKey::new(FAKE_KEY).unwrap();
    setup.env.secrets.set("runway", &key).unwrap();
    setup
        .env
        .endpoints
        .set("runway", Some(runway.base_url().to_owned()));
    Core::open_with(dir, setup).await.unwrap()
}

pub async fn job(core: &Core, provider: &str, model: &str) -> JobId {
    let job = core
        .create_job(CreateJobRequest {
            title: "Chained".into(),
            subject: String::new(),
            template_id: None,
            segment_count: Some(3),
            config: JobConfig {
                provider: Some(provider.into()),
                model: Some(model.into()),
                mode: Some(GenerationMode::TextToVideo),
                segment_duration_s: Some(5),
                aspect_ratio: Some(AspectRatio::Landscape),
                fallback_providers: None,
                allow_fallback: Some(false),
                voice: None,
            },
            budget_cap_micros: None,
        })
        .await
        .unwrap();
    let id = job.summary.id.clone();
    for (index, prompt) in PROMPTS.iter().enumerate() {
        core.configure_segments(ConfigureSegmentsRequest {
            job_id: id.clone(),
            indexes: vec![index as u32],
            patch: SegmentPatch {
                prompt: Some((*prompt).into()),
                ..SegmentPatch::default()
            },
        })
        .await
        .unwrap();
    }
    core.set_chaining(&SetChainingRequest {
        job_id: id.clone(),
        chain_all: Some(true),
        segments: Vec::new(),
    })
    .await
    .unwrap();
    id
}

/// Waits for the job to reach review (panics on failed).
pub async fn reviewed(events: &mut EventStream, core: &Core, id: &JobId) {
    let ended = tokio::time::timeout(Duration::from_secs(120), async {
        loop {
            match events.recv().await {
                Some(EngineEvent::JobUpdated { status, .. })
                    if matches!(status, JobStatus::Review | JobStatus::Failed) =>
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
    let detail = core.get_job(id).await.unwrap();
    let log: Vec<&str> = detail.activity.iter().map(|a| a.message.as_str()).collect();
    assert_eq!(ended, JobStatus::Review, "{log:#?}\n{:#?}", detail.segments);
}

/// The selected take of segment `index`.
pub async fn selected(core: &Core, id: &JobId, index: usize) -> TakeId {
    let detail = core.get_job(id).await.unwrap();
    detail.segments[index].selected_take.clone().unwrap()
}
