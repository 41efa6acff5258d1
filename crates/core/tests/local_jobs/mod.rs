//! Local-provider jobs as the tests that generate real clips need them (shared by those
//! tests): the engine on the built-in local provider alone, and a job of 2-second segments
//! with one prompt (and narration) for every segment.
#![allow(dead_code)] // each test crate uses part of it

use reelforge_core::Core;
use reelforge_core::pipeline::clock::SystemClock;
use reelforge_core::pipeline::output_check::FfprobeCheck;
use reelforge_core::pipeline::{EngineSetup, RunnerSettings};
use reelforge_core::providers::ProviderRegistry;
use reelforge_core::providers::local::{LocalOptions, LocalProvider};
use reelforge_protocol::{
    AspectRatio, ConfigureSegmentsRequest, CreateJobRequest, JobConfig, JobId, SegmentPatch,
};
use std::path::Path;
use std::sync::Arc;

/// The engine over `dir` with the local provider as its only provider, the system clock and
/// ffprobe checking every clip.
pub async fn open_local_core(dir: &Path) -> Core {
    let local = LocalProvider::with_options(LocalOptions {
        work: reelforge_core::WorkFolder::default(),
        ..LocalOptions::default()
    });
    let setup = EngineSetup {
        registry: ProviderRegistry::default().with(Arc::new(local)),
        clock: Arc::new(SystemClock),
        settings: RunnerSettings::default(),
        output_check: Arc::new(FfprobeCheck::default()),
        ..EngineSetup::default()
    };
    Core::open_with(dir, setup).await.unwrap()
}

/// What [`create_local_job`] makes.
pub struct LocalJob<'a> {
    pub title: &'a str,
    pub segments: u32,
    pub aspect_ratio: AspectRatio,
    /// Every segment's prompt.
    pub prompt: &'a str,
    /// Every segment's narration, if any.
    pub narration: Option<&'a str>,
    pub budget_cap_micros: Option<i64>,
}

/// A configured job on the local provider, its segments 2 seconds long.
pub async fn create_local_job(core: &Core, job: LocalJob<'_>) -> JobId {
    let created = core
        .create_job(CreateJobRequest {
            title: job.title.into(),
            subject: String::new(),
            template_id: None,
            segment_count: Some(job.segments),
            config: JobConfig {
                provider: Some("local".into()),
                segment_duration_s: Some(2),
                aspect_ratio: Some(job.aspect_ratio),
                ..JobConfig::default()
            },
            budget_cap_micros: job.budget_cap_micros,
        })
        .await
        .unwrap();
    let id = created.summary.id;
    core.configure_segments(ConfigureSegmentsRequest {
        job_id: id.clone(),
        indexes: vec![],
        patch: SegmentPatch {
            prompt: Some(job.prompt.into()),
            narration: job.narration.map(str::to_owned),
            ..SegmentPatch::default()
        },
    })
    .await
    .unwrap();
    id
}
