//! Storyboard keyframes in the engine over real HTTP against the fake fal queue (FLUX
//! schnell): a job on fal gets its keyframes from fal's image model by default, each a PNG of
//! the job's 16:9 size; an image the model made square (ignoring the ratio) is reframed to
//! 16:9 and says so; a moderation refusal fails only that keyframe, with its reason; what the
//! keyframes cost is the job's and counts against its budget cap (keyframes over the cap are
//! refused, nothing queued).

use reelforge_core::Core;
use reelforge_core::pipeline::EngineSetup;
use reelforge_core::secrets::ApiKey;
use reelforge_protocol::{
    AspectRatio, ConfigureSegmentsRequest, CreateJobRequest, ErrorCode, GenerateKeyframesRequest,
    JobConfig, JobId, SegmentPatch, Storyboard, TakeErrorCode, TakeStatus,
};
use reelforge_tests::fakes::{self, FAKE_KEY, Fault, Route};
use std::time::Duration;

const PROMPTS: [&str; 3] = [
    "a lighthouse at dusk",
    "waves against the rocks, fake:ignore-ratio",
    "the lamp turns on",
];

async fn settled(core: &Core, id: &JobId, count: usize) -> Storyboard {
    let mut events = core.subscribe();
    tokio::time::timeout(Duration::from_secs(60), async {
        loop {
            let board = core.get_storyboard(id).await.unwrap();
            let done = board
                .segments
                .iter()
                .flat_map(|s| &s.keyframes)
                .filter(|k| k.take.status.is_terminal())
                .count();
            if done >= count {
                return board;
            }
            events.recv().await.expect("engine gone");
        }
    })
    .await
    .expect("keyframes settled within a minute")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fal_keyframes_are_sized_reframed_refused_and_paid_for_by_the_job() {
    let files = tempfile::tempdir().unwrap();
    let fal = fakes::fal::start(0, files.path()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut setup = EngineSetup::default();
    setup.settings.poll_backoff.initial = Duration::from_millis(50);
    setup.settings.poll_backoff.max = Duration::from_millis(50);
    setup
        .env
        .secrets
        .set("fal", &ApiKey::new(FAKE_KEY).unwrap())
        .unwrap();
    setup
        .env
        .endpoints
        .set("fal", Some(fal.base_url().to_owned()));
    let core = Core::open_with(dir.path(), setup).await.unwrap();
    let job = core
        .create_job(CreateJobRequest {
            title: "Storyboard on fal".into(),
            subject: String::new(),
            template_id: None,
            segment_count: Some(3),
            config: JobConfig {
                provider: Some("fal".into()),
                aspect_ratio: Some(AspectRatio::Landscape),
                ..JobConfig::default()
            },
            budget_cap_micros: Some(15_000),
        })
        .await
        .unwrap();
    let id = job.summary.id;
    for (index, prompt) in PROMPTS.iter().enumerate() {
        core.configure_segments(ConfigureSegmentsRequest {
            job_id: id.clone(),
            indexes: vec![u32::try_from(index).unwrap()],
            patch: SegmentPatch {
                prompt: Some((*prompt).into()),
                ..SegmentPatch::default()
            },
        })
        .await
        .unwrap();
    }
    let shutdown = tokio_util::sync::CancellationToken::new();
    let engine = core.runner().spawn(shutdown.clone());

    let queued = core
        .generate_keyframes(&GenerateKeyframesRequest {
            job_id: id.clone(),
            segments: Vec::new(),
        })
        .await
        .unwrap();
    assert_eq!(queued.image_provider, "fal");
    assert_eq!(queued.micros_per_keyframe, 3_000);
    let board = settled(&core, &id, 3).await;
    for seg in &board.segments {
        let keyframe = &seg.keyframes[0];
        assert_eq!(keyframe.take.status, TakeStatus::Succeeded, "{keyframe:?}");
        assert_eq!(keyframe.take.provider, "fal");
        assert_eq!((keyframe.width, keyframe.height), (1024, 576));
        assert_eq!(keyframe.reframed, seg.index == 1, "segment {}", seg.index);
        let file = dir
            .path()
            .join(format!("library/takes/{}.png", keyframe.take.id));
        let probe = std::process::Command::new("ffprobe")
            .args([
                "-v",
                "error",
                "-show_entries",
                "stream=width,height",
                "-of",
                "csv=p=0",
            ])
            .arg(&file)
            .output()
            .unwrap();
        assert_eq!(String::from_utf8_lossy(&probe.stdout).trim(), "1024,576");
    }
    assert_eq!(fal.calls(Route::Create), 3);
    let detail = core.get_job(&id).await.unwrap();
    assert_eq!(detail.summary.actual_cost_micros, 9_000);
    assert!(detail.segments.iter().all(|s| s.takes.is_empty()));

    // Moderation fails that keyframe alone, with its reason; the selection stays.
    fal.arm(Route::Create, Fault::Moderation, 1);
    core.generate_keyframes(&GenerateKeyframesRequest {
        job_id: id.clone(),
        segments: vec![2],
    })
    .await
    .unwrap();
    let board = settled(&core, &id, 4).await;
    let third = &board.segments[2];
    assert_eq!(third.keyframes[1].take.status, TakeStatus::Failed);
    assert_eq!(
        third.keyframes[1].take.error_code,
        Some(TakeErrorCode::Moderation)
    );
    assert_eq!(
        third.selected_keyframe.as_ref(),
        Some(&third.keyframes[0].take.id)
    );

    // Three more images would take the job over its $0.015 cap: refused, nothing queued.
    let refused = core
        .generate_keyframes(&GenerateKeyframesRequest {
            job_id: id.clone(),
            segments: vec![0, 1, 2],
        })
        .await
        .unwrap_err();
    assert_eq!(refused.code(), ErrorCode::BudgetExceeded);
    let board = core.get_storyboard(&id).await.unwrap();
    assert_eq!(board.segments[0].keyframes.len(), 1);
    shutdown.cancel();
    engine.await.unwrap().unwrap();
}
