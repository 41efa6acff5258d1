//! Fallback end to end over HTTP: a job whose chain is Runway → Veo → Luma, with the Runway
//! fake rejecting the clip by moderation. The engine skips Veo (it cannot make a 5 s clip),
//! falls back to Luma, and the segment succeeds with a real clip; every switch is in the
//! job's activity log and Runway received exactly one create call.

use reelforge_core::Core;
use reelforge_core::pipeline::EngineSetup;
use reelforge_core::secrets::ApiKey;
use reelforge_protocol::{
    AspectRatio, ConfigureSegmentsRequest, CreateJobRequest, EngineEvent, GenerationMode,
    JobConfig, JobStatus, SegmentPatch,
};
use reelforge_tests::fakes::{self, FAKE_KEY, Fault, Route};
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_moderated_segment_falls_back_to_the_next_capable_provider() {
    let clips = tempfile::tempdir().unwrap();
    let runway = fakes::runway::start(0, clips.path()).await.unwrap();
    let luma = fakes::luma::start(0, clips.path()).await.unwrap();
    runway.arm(Route::Create, Fault::Moderation, 1);

    let dir = tempfile::tempdir().unwrap();
    let mut setup = EngineSetup::default();
    setup.settings.poll_backoff.initial = Duration::from_millis(100);
    setup.settings.poll_backoff.max = Duration::from_millis(100);
    let key = ApiKey::new(FAKE_KEY).unwrap();
    for id in ["runway", "luma", "veo"] {
        setup.env.secrets.set(id, &key).unwrap();
    }
    setup
        .env
        .endpoints
        .set("runway", Some(runway.base_url().to_owned()));
    setup
        .env
        .endpoints
        .set("luma", Some(luma.base_url().to_owned()));
    let core = Core::open_with(dir.path(), setup).await.unwrap();

    let job = core
        .create_job(CreateJobRequest {
            title: "Fallback".into(),
            subject: String::new(),
            template_id: None,
            segment_count: Some(1),
            config: JobConfig {
                provider: Some("runway".into()),
                model: Some("gen4.5".into()),
                mode: Some(GenerationMode::TextToVideo),
                segment_duration_s: Some(5),
                aspect_ratio: Some(AspectRatio::Landscape),
                fallback_providers: Some(vec!["veo".into(), "luma".into()]),
                allow_fallback: Some(true),
                voice: None,
            },
            budget_cap_micros: None,
        })
        .await
        .unwrap();
    let id = job.summary.id.clone();
    core.configure_segments(ConfigureSegmentsRequest {
        job_id: id.clone(),
        indexes: vec![],
        patch: SegmentPatch {
            prompt: Some("a lighthouse at dusk, waves crashing".into()),
            ..SegmentPatch::default()
        },
    })
    .await
    .unwrap();

    let shutdown = tokio_util::sync::CancellationToken::new();
    let mut events = core.subscribe();
    let engine = core
        .start_engine(shutdown.clone(), reelforge_core::LockWait::Refuse)
        .unwrap();
    core.launch_job(&id).await.unwrap();
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
    shutdown.cancel();
    engine.await.unwrap().unwrap();

    let detail = core.get_job(&id).await.unwrap();
    let log: Vec<&str> = detail.activity.iter().map(|a| a.message.as_str()).collect();
    assert_eq!(ended, JobStatus::Review, "{log:#?}");
    let segment = &detail.segments[0];
    let providers: Vec<&str> = segment.takes.iter().map(|t| t.provider.as_str()).collect();
    assert_eq!(providers, ["runway", "luma"], "{log:#?}");
    let failed = &segment.takes[0];
    assert_eq!(failed.status, reelforge_protocol::TakeStatus::Failed);
    assert!(
        failed
            .error_message
            .as_deref()
            .unwrap_or_default()
            .to_ascii_lowercase()
            .contains("safety")
            || failed.error_code.map(|c| c.as_str()) == Some("moderation"),
        "the provider's reason is kept: {failed:?}"
    );
    assert!(
        log.iter().any(|m| m.contains("skipped fallback veo")),
        "{log:#?}"
    );
    assert!(log.iter().any(|m| m.contains("luma")), "{log:#?}");
    assert_eq!(
        runway.calls(Route::Create),
        1,
        "a terminal failure is never re-sent"
    );
    assert_eq!(luma.calls(Route::Create), 1);
    let take = &segment.takes[1];
    assert_eq!(take.status, reelforge_protocol::TakeStatus::Succeeded);
    core.close().await;
}
