//! Choosing the take that goes into the video, and assembling as the app asks: a one-segment
//! job on the local provider gets a second take by retry; the first take can be chosen back,
//! a take of no segment cannot, and the app's assemble request writes a real video with the
//! requested transition and preset.

use reelforge_core::Core;
use reelforge_core::media::{MediaTools, probe};
use reelforge_protocol::{
    AspectRatio, AssembleRequest, ConfigureSegmentsRequest, CreateJobRequest, EngineEvent,
    JobConfig, JobId, JobStatus, SegmentPatch, SegmentRef, SelectTakeRequest, TakeStatus,
    TransitionChoice,
};
use std::time::Duration;

/// Waits for the job to reach review (or fail) through engine events.
async fn until_reviewed(events: &mut reelforge_core::pipeline::events::EventStream) -> JobStatus {
    tokio::time::timeout(Duration::from_secs(120), async {
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
    .expect("the job did not finish within two minutes")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chosen_take_is_assembled_with_the_requested_transition() {
    let dir = tempfile::tempdir().unwrap();
    let core = Core::open_with(dir.path(), Default::default())
        .await
        .unwrap();
    let job = core
        .create_job(CreateJobRequest {
            title: "Two takes".into(),
            subject: String::new(),
            template_id: None,
            segment_count: Some(2),
            config: JobConfig {
                provider: Some("local".into()),
                segment_duration_s: Some(2),
                aspect_ratio: Some(AspectRatio::Square),
                ..JobConfig::default()
            },
            budget_cap_micros: None,
        })
        .await
        .unwrap();
    let id: JobId = job.summary.id.clone();
    core.configure_segments(ConfigureSegmentsRequest {
        job_id: id.clone(),
        indexes: vec![],
        patch: SegmentPatch {
            prompt: Some("Pathlib beats os.path".into()),
            narration: Some("Use pathlib.".into()),
            ..SegmentPatch::default()
        },
    })
    .await
    .unwrap();

    let shutdown = tokio_util::sync::CancellationToken::new();
    let mut events = core.subscribe();
    let engine = core.start_engine(shutdown.clone()).unwrap();
    core.launch_job(&id).await.unwrap();
    assert_eq!(until_reviewed(&mut events).await, JobStatus::Review);
    core.retry_segment(&SegmentRef {
        job_id: id.clone(),
        index: 0,
    })
    .await
    .unwrap();
    assert_eq!(until_reviewed(&mut events).await, JobStatus::Review);
    shutdown.cancel();
    engine.await.unwrap().unwrap();

    let detail = core.get_job(&id).await.unwrap();
    let first = &detail.segments[0];
    assert_eq!(first.takes.len(), 2, "the retry made a second take");
    assert!(
        first
            .takes
            .iter()
            .all(|t| t.status == TakeStatus::Succeeded)
    );
    let newest = first.selected_take.clone().unwrap();
    let older = first
        .takes
        .iter()
        .find(|t| t.id != newest)
        .unwrap()
        .id
        .clone();

    let chosen = core
        .select_take(&SelectTakeRequest {
            job_id: id.clone(),
            segment_id: first.id.clone(),
            take_id: older.clone(),
        })
        .await
        .unwrap();
    assert_eq!(chosen.segments[0].selected_take.as_ref(), Some(&older));
    assert!(chosen.activity.iter().any(|a| a.kind == "take_selected"));

    let other_segment = &detail.segments[1];
    let refused = core
        .select_take(&SelectTakeRequest {
            job_id: id.clone(),
            segment_id: other_segment.id.clone(),
            take_id: older.clone(),
        })
        .await
        .unwrap_err();
    assert!(refused.to_string().contains("another segment"), "{refused}");

    let mut request = AssembleRequest::new(id.clone());
    request.transition = TransitionChoice::Crossfade;
    let result = core.assemble_request(&request).await.unwrap();
    let tools = MediaTools::resolve(None).unwrap();
    let info = probe(&tools, std::path::Path::new(&result.output))
        .await
        .unwrap();
    let video = info.require_video().unwrap();
    assert_eq!(
        (video.width, video.height),
        (1080, 1080),
        "the square preset"
    );
    assert_eq!(result.preset, "square-1080");
    // Two 2 s clips overlapping by half a second.
    let seconds = info.clip_duration().as_secs_f64();
    assert!((seconds - 3.5).abs() < 0.3, "{seconds}");
    assert_eq!(
        core.get_job(&id).await.unwrap().summary.status,
        JobStatus::Completed
    );
    core.close().await;
}
