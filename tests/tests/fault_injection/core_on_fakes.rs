//! A [`Core`] on a fresh data folder whose hosted providers point at fake servers (with the
//! fake key in its session store), and the steps the cases share: a one-segment job on a
//! provider, its engine run until the job settles.

use reelforge_core::Core;
use reelforge_core::pipeline::EngineSetup;
use reelforge_core::secrets::ApiKey;
use reelforge_protocol::{
    AspectRatio, ConfigureSegmentsRequest, CreateJobRequest, EngineEvent, GenerationMode,
    JobConfig, JobDetail, JobId, JobStatus, SegmentPatch, TakeStatus,
};
use reelforge_tests::fakes::{FAKE_KEY, FakeServer};
use std::time::Duration;

/// A Core and the folder it lives in.
pub struct CoreOnFakes {
    pub core: Core,
    pub dir: tempfile::TempDir,
}

impl CoreOnFakes {
    /// A Core whose providers `(id, fake)` are served by those fakes; polls every 100 ms
    /// unless a provider asks for another pace.
    pub async fn open(fakes: &[(&str, &FakeServer)]) -> Self {
        Self::open_in(tempfile::tempdir().unwrap(), fakes).await
    }

    /// [`CoreOnFakes::open`] on the data folder of `dir`, as it was left.
    pub async fn open_in(dir: tempfile::TempDir, fakes: &[(&str, &FakeServer)]) -> Self {
        let mut setup = EngineSetup::default();
        setup.settings.poll_backoff.initial = Duration::from_millis(100);
        setup.settings.poll_backoff.max = Duration::from_millis(100);
        setup.settings.retry_backoff.initial = Duration::from_millis(100);
        setup.settings.retry_backoff.max = Duration::from_millis(100);
        let key = ApiKey::new(FAKE_KEY).unwrap();
        for (id, fake) in fakes {
            setup.env.secrets.set(id, &key).unwrap();
            setup
                .env
                .endpoints
                .set(id, Some(fake.base_url().to_owned()));
        }
        let core = Core::open_with(&dir.path().join("data"), setup)
            .await
            .unwrap();
        Self { core, dir }
    }

    /// A one-segment 5 s 16:9 job on `provider`'s `model` in `mode`, with `prompt`.
    pub async fn job(
        &self,
        provider: &str,
        model: &str,
        mode: GenerationMode,
        prompt: &str,
    ) -> JobId {
        let job = self
            .core
            .create_job(CreateJobRequest {
                title: format!("{provider} {model}"),
                subject: String::new(),
                template_id: None,
                segment_count: Some(1),
                config: JobConfig {
                    provider: Some(provider.into()),
                    model: Some(model.into()),
                    mode: Some(mode),
                    segment_duration_s: Some(5),
                    aspect_ratio: Some(AspectRatio::Landscape),
                    fallback_providers: Some(vec![]),
                    allow_fallback: Some(false),
                    voice: None,
                },
                budget_cap_micros: None,
            })
            .await
            .unwrap();
        let id = job.summary.id.clone();
        self.core
            .configure_segments(ConfigureSegmentsRequest {
                job_id: id.clone(),
                indexes: vec![],
                patch: SegmentPatch {
                    prompt: Some(prompt.into()),
                    ..SegmentPatch::default()
                },
            })
            .await
            .unwrap();
        id
    }

    /// Launches `job`, runs the engine until the job is in review or failed, or its take
    /// waits for the person (`submit_unknown`), at most `within`; returns the job then.
    pub async fn generate(&self, job: &JobId, within: Duration) -> JobDetail {
        self.run_engine(Some(job), job, within, true).await
    }

    /// Starts the engine on what the data folder holds (a job already launched), runs it
    /// until `job` is in review or failed, or (when `until_unknown`) a take waits for the
    /// person, at most `within`; returns the job then.
    pub async fn resume(&self, job: &JobId, within: Duration, until_unknown: bool) -> JobDetail {
        self.run_engine(None, job, within, until_unknown).await
    }

    async fn run_engine(
        &self,
        launch: Option<&JobId>,
        job: &JobId,
        within: Duration,
        until_unknown: bool,
    ) -> JobDetail {
        let shutdown = tokio_util::sync::CancellationToken::new();
        let mut events = self.core.subscribe();
        let engine = self
            .core
            .start_engine(shutdown.clone(), reelforge_core::LockWait::Refuse)
            .unwrap();
        if let Some(job) = launch {
            self.core.launch_job(job).await.unwrap();
        }
        let settled = tokio::time::timeout(within, async {
            loop {
                match events.recv().await {
                    Some(EngineEvent::JobUpdated {
                        status: JobStatus::Review | JobStatus::Failed,
                        ..
                    }) => return,
                    Some(EngineEvent::SegmentUpdated {
                        status: TakeStatus::SubmitUnknown,
                        ..
                    }) if until_unknown => return,
                    Some(_) => {}
                    None => panic!("engine gone"),
                }
            }
        })
        .await;
        shutdown.cancel();
        engine.await.unwrap().unwrap();
        let detail = self.core.get_job(job).await.unwrap();
        assert!(
            settled.is_ok(),
            "the job did not settle within {within:?}: {:#?}",
            detail.segments[0].takes
        );
        detail
    }
}
