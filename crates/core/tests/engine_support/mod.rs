//! Shared by the engine tests: a scripted provider implementing `VideoProvider`, a manual
//! clock, and helpers to create configured jobs and drive the runner tick by tick.

#![allow(dead_code)]

use reelforge_core::Core;
use reelforge_core::pipeline::clock::ManualClock;
use reelforge_core::pipeline::output_check::NonEmptyCheck;
use reelforge_core::pipeline::{EngineSetup, RunnerSettings};
use reelforge_core::providers::{
    GenerationRequest, PollOutcome, ProviderError, ProviderRegistry, RemoteOutput, Submitted,
    VideoProvider,
};
use reelforge_protocol::{
    AspectRatio, ConfigureSegmentsRequest, CreateJobRequest, GenerationMode, JobConfig, JobDetail,
    JobId, JobStatus, ModelDescriptor, Pricing, ProviderDescriptor, SegmentPatch, TakeStatus,
};
use std::collections::{HashMap, VecDeque};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub const START_MS: i64 = 1_800_000_000_000;

/// What one poll answers.
pub type PollStep = Result<PollOutcome, ProviderError>;

pub fn running(progress: u8, after_ms: u64) -> PollStep {
    Ok(PollOutcome::Running {
        progress: Some(progress),
        poll_after: Some(Duration::from_millis(after_ms)),
    })
}

pub fn succeeded(cost: Option<i64>) -> PollStep {
    Ok(PollOutcome::Succeeded {
        output: RemoteOutput {
            url: "https://example.invalid/out.mp4".into(),
        },
        actual_cost_micros: cost,
    })
}

#[derive(Debug, Default)]
struct Script {
    /// Answers to the next create calls; `Ok(hint)` accepts with that poll-after hint.
    submits: VecDeque<Result<Option<Duration>, ProviderError>>,
    /// What every accepted generation answers to its polls, in order (the last repeats).
    polls: Vec<PollStep>,
    remote: HashMap<String, VecDeque<PollStep>>,
    requests: Vec<GenerationRequest>,
    cancels: Vec<String>,
    poll_calls: u32,
    next_id: u32,
    /// Fetches to fail (transiently) before they work again.
    failing_fetches: u32,
}

/// A provider whose answers the test writes in advance.
#[derive(Debug)]
pub struct ScriptedProvider {
    descriptor: ProviderDescriptor,
    script: Mutex<Script>,
    /// When set, each create call waits for a permit before answering.
    gate: Mutex<Option<Arc<tokio::sync::Semaphore>>>,
}

impl ScriptedProvider {
    /// Text/image-to-video, 5 or 10 s clips, 9:16 and 16:9, priced per second.
    pub fn new(id: &str, concurrency: u32, micros_per_second: i64) -> Self {
        Self::with_ratios(
            id,
            concurrency,
            micros_per_second,
            vec![AspectRatio::Portrait, AspectRatio::Landscape],
        )
    }

    pub fn with_ratios(
        id: &str,
        concurrency: u32,
        micros_per_second: i64,
        aspect_ratios: Vec<AspectRatio>,
    ) -> Self {
        Self {
            descriptor: ProviderDescriptor {
                id: id.into(),
                display_name: format!("Scripted {id}"),
                label: "test double".into(),
                needs_key: true,
                models: vec![ModelDescriptor {
                    id: format!("{id}-v1"),
                    display_name: "v1".into(),
                    modes: vec![GenerationMode::TextToVideo, GenerationMode::ImageToVideo],
                    durations_s: vec![5, 10],
                    aspect_ratios,
                    resolutions: vec!["720p".into()],
                    image_inputs: vec![],
                    pricing: Pricing::PerSecond {
                        micros: micros_per_second,
                    },
                    requires: Vec::new(),
                }],
                default_concurrency: concurrency,
                max_generation_s: 300,
            },
            script: Mutex::new(Script {
                polls: vec![running(50, 1_000), succeeded(None)],
                ..Script::default()
            }),
            gate: Mutex::new(None),
        }
    }

    /// From now on, create calls wait (after reaching the provider) until released.
    pub fn hold_submits(&self) -> Arc<tokio::sync::Semaphore> {
        let gate = Arc::new(tokio::sync::Semaphore::new(0));
        *self.gate.lock().unwrap() = Some(gate.clone());
        gate
    }

    pub fn push_submit(&self, answer: Result<Option<Duration>, ProviderError>) {
        self.script.lock().unwrap().submits.push_back(answer);
    }

    /// The next `n` fetches fail with a transient error.
    pub fn fail_fetches(&self, n: u32) {
        self.script.lock().unwrap().failing_fetches = n;
    }

    pub fn set_polls(&self, polls: Vec<PollStep>) {
        self.script.lock().unwrap().polls = polls;
    }

    /// How many create calls reached this provider.
    pub fn submit_count(&self) -> usize {
        self.script.lock().unwrap().requests.len()
    }

    pub fn requests(&self) -> Vec<GenerationRequest> {
        self.script.lock().unwrap().requests.clone()
    }

    pub fn cancels(&self) -> Vec<String> {
        self.script.lock().unwrap().cancels.clone()
    }

    pub fn poll_calls(&self) -> u32 {
        self.script.lock().unwrap().poll_calls
    }
}

#[async_trait::async_trait]
impl VideoProvider for ScriptedProvider {
    fn descriptor(&self) -> &ProviderDescriptor {
        &self.descriptor
    }

    async fn submit(&self, request: &GenerationRequest) -> Result<Submitted, ProviderError> {
        self.script.lock().unwrap().requests.push(request.clone());
        let gate = self.gate.lock().unwrap().clone();
        if let Some(gate) = gate {
            gate.acquire().await.unwrap().forget();
        }
        let mut s = self.script.lock().unwrap();
        let hint = s.submits.pop_front().unwrap_or(Ok(None))?;
        s.next_id += 1;
        let remote_id = format!("{}-{}", self.descriptor.id, s.next_id);
        let polls = s.polls.clone().into();
        s.remote.insert(remote_id.clone(), polls);
        Ok(Submitted {
            remote_id,
            poll_after: hint,
        })
    }

    async fn poll(&self, remote_id: &str) -> Result<PollOutcome, ProviderError> {
        let mut s = self.script.lock().unwrap();
        s.poll_calls += 1;
        let steps = s.remote.get_mut(remote_id).expect("polled an unknown id");
        if steps.len() > 1 {
            steps.pop_front().unwrap()
        } else {
            steps.front().cloned().unwrap()
        }
    }

    async fn cancel(&self, remote_id: &str) -> Result<(), ProviderError> {
        self.script.lock().unwrap().cancels.push(remote_id.into());
        Ok(())
    }

    async fn fetch_output(
        &self,
        remote_id: &str,
        _output: &RemoteOutput,
        dest: &Path,
    ) -> Result<u64, ProviderError> {
        {
            let mut s = self.script.lock().unwrap();
            if s.failing_fetches > 0 {
                s.failing_fetches -= 1;
                return Err(ProviderError::transient(
                    reelforge_protocol::TakeErrorCode::Network,
                    "connection reset mid-download",
                ));
            }
        }
        let body = format!("fake mp4 of {remote_id}");
        std::fs::write(dest, &body).unwrap();
        Ok(body.len() as u64)
    }
}

/// An engine over a temporary data folder, on a manual clock.
impl Harness {
    /// How many partial downloads (`.part` files) are left in the library's takes folder.
    pub fn partial_files(&self) -> usize {
        std::fs::read_dir(self.dir.path().join("library/takes"))
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .path()
                    .extension()
                    .is_some_and(|x| x == "part")
            })
            .count()
    }
}

pub struct Harness {
    pub dir: tempfile::TempDir,
    pub core: Core,
    pub clock: Arc<ManualClock>,
}

pub fn setup(providers: &[Arc<ScriptedProvider>], clock: Arc<ManualClock>) -> EngineSetup {
    let mut registry = ProviderRegistry::default();
    for p in providers {
        registry = registry.with(p.clone());
    }
    EngineSetup {
        registry,
        clock,
        settings: RunnerSettings::default(),
        // Scripted providers return placeholder bytes, not real clips.
        output_check: Arc::new(NonEmptyCheck),
        ..EngineSetup::default()
    }
}

pub async fn harness(providers: Vec<Arc<ScriptedProvider>>) -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::new(START_MS));
    let core = Core::open_with(dir.path(), setup(&providers, clock.clone()))
        .await
        .unwrap();
    Harness { dir, core, clock }
}

/// A configured job of `segments` 5-second text-to-video segments on `provider`.
pub async fn configured_job(
    core: &Core,
    segments: u32,
    provider: &str,
    config: JobConfig,
    budget_cap_micros: Option<i64>,
) -> JobId {
    let job = core
        .create_job(CreateJobRequest {
            title: "Engine test".into(),
            subject: String::new(),
            template_id: None,
            segment_count: Some(segments),
            config: JobConfig {
                provider: Some(provider.into()),
                segment_duration_s: Some(5),
                ..config
            },
            budget_cap_micros,
        })
        .await
        .unwrap();
    let job = core
        .configure_segments(ConfigureSegmentsRequest {
            job_id: job.summary.id.clone(),
            indexes: vec![],
            patch: SegmentPatch {
                prompt: Some("A cat coding at night".into()),
                ..SegmentPatch::default()
            },
        })
        .await
        .unwrap();
    assert_eq!(job.summary.status, JobStatus::Configured);
    job.summary.id
}

/// Every take of the job with its status, by segment index.
pub fn take_statuses(job: &JobDetail) -> Vec<Vec<TakeStatus>> {
    job.segments
        .iter()
        .map(|s| s.takes.iter().map(|t| t.status).collect())
        .collect()
}

impl Harness {
    pub async fn job(&self, id: &JobId) -> JobDetail {
        self.core.get_job(id).await.unwrap()
    }

    /// Ticks, moving the clock by `step_ms` between ticks, until nothing of the job is queued
    /// or under way (decisions aside), or `max_ticks` pass. Returns the ticks used.
    pub async fn run_until_settled(&self, id: &JobId, step_ms: u64, max_ticks: u32) -> u32 {
        for n in 1..=max_ticks {
            self.core.runner().tick().await.unwrap();
            let job = self.job(id).await;
            let busy = job
                .segments
                .iter()
                .flat_map(|s| &s.takes)
                .any(|t| !t.status.is_terminal() && t.status != TakeStatus::SubmitUnknown);
            if !busy {
                return n;
            }
            self.clock.advance(Duration::from_millis(step_ms));
        }
        max_ticks
    }

    /// Counts takes of the job in any of `statuses`.
    pub async fn count(&self, id: &JobId, statuses: &[TakeStatus]) -> usize {
        self.job(id)
            .await
            .segments
            .iter()
            .flat_map(|s| &s.takes)
            .filter(|t| statuses.contains(&t.status))
            .count()
    }
}
