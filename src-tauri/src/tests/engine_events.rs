//! The engine in the shell: engine events reach the webview as Tauri events (`engine_event`
//! with the `EngineEvent`, `job_updated` with the job id), and the runner started with the app
//! generates and stops when asked. Waits are bounded receives on channels fed by listeners.

use super::{Harness, from_json, to_json};
use crate::engine::{self, Engine};
use reelforge_protocol::Command;
use reelforge_protocol::commands::{self, events};
use reelforge_protocol::{
    ConfigureSegmentsRequest, CreateJobRequest, EngineEvent, GenerationMode, JobConfig, JobDetail,
    JobId, JobStatus, SegmentPatch, TakeStatus,
};
use serde_json::Value;
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};
use tauri::Listener;
use tokio_util::sync::CancellationToken;

/// How long a test waits for one expected event.
const EVENT_WAIT: Duration = Duration::from_secs(30);

/// Every payload of `event` the main webview receives, decoded.
fn listen<T: serde::de::DeserializeOwned + Send + 'static>(
    harness: &Harness,
    event: &str,
) -> Receiver<T> {
    let (sender, receiver) = mpsc::channel();
    harness.webview.listen(event, move |event| {
        let payload: T = serde_json::from_str(event.payload())
            .unwrap_or_else(|e| panic!("undecodable payload {} ({e})", event.payload()));
        let _ = sender.send(payload);
    });
    receiver
}

/// The first received value matching `wanted`, waiting at most [`EVENT_WAIT`] in all.
fn wait_for<T: std::fmt::Debug>(receiver: &Receiver<T>, wanted: impl Fn(&T) -> bool) -> T {
    let deadline = Instant::now() + EVENT_WAIT;
    let mut seen = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match receiver.recv_timeout(left) {
            Ok(value) if wanted(&value) => return value,
            Ok(value) => seen.push(value),
            Err(error) => panic!("no matching event within {EVENT_WAIT:?} ({error}); saw {seen:?}"),
        }
    }
}

/// A configured job (every segment has a prompt) created through IPC.
fn configured_job(harness: &Harness, request: CreateJobRequest) -> JobId {
    let call = |cmd: &str, req: Value| {
        harness
            .invoke(cmd, req)
            .unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    };
    let job: JobDetail = from_json(call(commands::CreateJob::NAME, to_json(&request)));
    let job_id = job.summary.id;
    let configured: JobDetail = from_json(call(
        commands::ConfigureSegments::NAME,
        to_json(&ConfigureSegmentsRequest {
            job_id: job_id.clone(),
            indexes: Vec::new(),
            patch: SegmentPatch {
                prompt: Some("a lighthouse at dusk".into()),
                duration_s: Some(1),
                ..SegmentPatch::default()
            },
        }),
    ));
    assert_eq!(configured.summary.status, JobStatus::Configured);
    job_id
}

/// A text-to-video job of `segments` segments on the local provider.
fn job_request(segments: u32) -> CreateJobRequest {
    CreateJobRequest {
        title: "Engine events".into(),
        subject: String::new(),
        template_id: None,
        segment_count: Some(segments),
        config: JobConfig {
            provider: Some("local".into()),
            mode: Some(GenerationMode::TextToVideo),
            ..JobConfig::default()
        },
        budget_cap_micros: None,
    }
}

#[test]
fn engine_events_reach_the_webview_as_tauri_events() {
    let harness = Harness::new();
    let job_id = configured_job(&harness, job_request(3));
    let engine_events = listen::<EngineEvent>(&harness, events::ENGINE_EVENT);
    let job_updates = listen::<JobId>(&harness, events::JOB_UPDATED);
    // Only the forwarding runs: the launched takes stay queued, nothing renders.
    let shutdown = CancellationToken::new();
    engine::forward_events(
        harness.app.handle().clone(),
        harness.core.subscribe(),
        shutdown.clone(),
    );

    let launched: JobDetail = from_json(
        harness
            .invoke(commands::LaunchJob::NAME, to_json(&job_id))
            .unwrap(),
    );
    assert_eq!(launched.summary.status, JobStatus::Generating);
    wait_for(&engine_events, |event| {
        *event
            == EngineEvent::JobUpdated {
                job_id: job_id.clone(),
                status: JobStatus::Generating,
            }
    });
    assert_eq!(wait_for(&job_updates, |_| true), job_id);

    let cancelled: JobDetail = from_json(
        harness
            .invoke(commands::CancelJob::NAME, to_json(&job_id))
            .unwrap(),
    );
    assert_eq!(cancelled.summary.status, JobStatus::Cancelled);
    wait_for(
        &engine_events,
        |event| matches!(event, EngineEvent::JobUpdated { job_id: id, status: JobStatus::Cancelled } if *id == job_id),
    );
    shutdown.cancel();
}

#[test]
fn the_engine_started_with_the_app_generates_and_stops_on_request() {
    let harness = Harness::new();
    let engine_events = listen::<EngineEvent>(&harness, events::ENGINE_EVENT);
    let engine = Engine::start(harness.app.handle(), &harness.core);
    let job_id = configured_job(&harness, job_request(1));

    harness
        .invoke(commands::LaunchJob::NAME, to_json(&job_id))
        .unwrap();
    // Only a running runner sends a take to its provider.
    wait_for(&engine_events, |event| {
        matches!(
            event,
            EngineEvent::SegmentUpdated { job_id: id, status, .. }
                if *id == job_id && *status != TakeStatus::Queued
        )
    });
    assert!(engine.stop(), "the runner did not stop");
    assert!(engine.stop(), "stopping twice is harmless");
}
