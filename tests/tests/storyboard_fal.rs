//! Storyboard keyframes in the engine over real HTTP against the fake fal queue (FLUX
//! schnell): a job on fal gets its keyframes from fal's image model by default, each a PNG of
//! the job's 16:9 size; an image the model made square (ignoring the ratio) is reframed to
//! 16:9 and says so; a moderation refusal fails only that keyframe, with its reason; what the
//! keyframes cost is the job's and counts against its budget cap (keyframes over the cap are
//! refused, nothing queued); with fallback allowed, a keyframe fal refuses is made by the
//! next image provider of the job's chain (a video-only provider passed over), and said.

use reelforge_core::Core;
use reelforge_core::pipeline::EngineSetup;
use reelforge_core::secrets::ApiKey;
use reelforge_protocol::{
    ActivityEntry, AspectRatio, ConfigureSegmentsRequest, CreateJobRequest, ErrorCode,
    GenerateKeyframesRequest, JobConfig, JobId, SegmentPatch, Storyboard, TakeErrorCode,
    TakeStatus,
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

/// A core on a fresh data folder whose fal key and endpoint point at `fal`, and a job of
/// three 16:9 segments on fal with `config` on top and a $0.015 cap, its prompts set.
async fn fal_job(
    fal: &fakes::FakeServer,
    dir: &std::path::Path,
    config: JobConfig,
) -> (Core, JobId) {
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
    let core = Core::open_with(dir, setup).await.unwrap();
    let job = core
        .create_job(CreateJobRequest {
            title: "Storyboard on fal".into(),
            subject: String::new(),
            template_id: None,
            segment_count: Some(3),
            config: JobConfig {
                provider: Some("fal".into()),
                aspect_ratio: Some(AspectRatio::Landscape),
                ..config
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
    (core, id)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fal_keyframes_are_sized_reframed_refused_and_paid_for_by_the_job() {
    let files = tempfile::tempdir().unwrap();
    let fal = fakes::fal::start(0, files.path()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (core, id) = fal_job(&fal, dir.path(), JobConfig::default()).await;
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_keyframe_refused_by_fal_is_made_by_the_next_image_provider_of_the_chain() {
    let files = tempfile::tempdir().unwrap();
    let fal = fakes::fal::start(0, files.path()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let config = JobConfig {
        allow_fallback: Some(true),
        // Runway makes no images: passed over without a word; the offline renderer can.
        fallback_providers: Some(vec!["runway".into(), "local".into()]),
        ..JobConfig::default()
    };
    let (core, id) = fal_job(&fal, dir.path(), config).await;
    let shutdown = tokio_util::sync::CancellationToken::new();
    let engine = core.runner().spawn(shutdown.clone());

    fal.arm(Route::Create, Fault::Moderation, 1);
    core.generate_keyframes(&GenerateKeyframesRequest {
        job_id: id.clone(),
        segments: vec![0],
    })
    .await
    .unwrap();
    let board = settled(&core, &id, 2).await;
    let first = &board.segments[0];
    assert_eq!(first.keyframes.len(), 2, "{first:?}");
    let (refused, made) = (&first.keyframes[0].take, &first.keyframes[1].take);
    assert_eq!(
        (refused.provider.as_str(), refused.status),
        ("fal", TakeStatus::Failed)
    );
    assert_eq!(refused.error_code, Some(TakeErrorCode::Moderation));
    assert_eq!(
        (made.provider.as_str(), made.status),
        ("local", TakeStatus::Succeeded)
    );
    assert_eq!(
        (first.keyframes[1].width, first.keyframes[1].height),
        (1920, 1080)
    );
    assert_eq!(first.selected_keyframe.as_ref(), Some(&made.id));
    assert_eq!(fal.calls(Route::Create), 1, "fal was asked once");
    let detail = core.get_job(&id).await.unwrap();
    let switched: Vec<_> = detail
        .activity
        .iter()
        .filter_map(|a| match &a.entry {
            ActivityEntry::FellBack { index, failure, to } => {
                Some((*index, failure.provider.to_string(), to.to_string()))
            }
            _ => None,
        })
        .collect();
    assert_eq!(switched, vec![(0, "fal".to_owned(), "local".to_owned())]);
    shutdown.cancel();
    engine.await.unwrap().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_undecided_keyframe_is_decided_by_its_take_id() {
    let files = tempfile::tempdir().unwrap();
    let fal = fakes::fal::start(0, files.path()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (core, id) = fal_job(&fal, dir.path(), JobConfig::default()).await;
    let shutdown = tokio_util::sync::CancellationToken::new();
    let engine = core.runner().spawn(shutdown.clone());

    // fal received the create but its answer was lost: whether it was made is unknown.
    fal.arm(
        Route::Create,
        Fault::ServerErrorAfterRequest { status: 502 },
        1,
    );
    core.generate_keyframes(&GenerateKeyframesRequest {
        job_id: id.clone(),
        segments: vec![1],
    })
    .await
    .unwrap();
    let mut events = core.subscribe();
    let undecided = tokio::time::timeout(Duration::from_secs(60), async {
        loop {
            let board = core.get_storyboard(&id).await.unwrap();
            if let Some(k) = board.segments[1].keyframes.first()
                && k.take.status == TakeStatus::SubmitUnknown
            {
                return k.take.id.clone();
            }
            events.recv().await.expect("engine gone");
        }
    })
    .await
    .expect("the keyframe waits for a decision");
    let segment = reelforge_protocol::SegmentRef {
        job_id: id.clone(),
        index: 1,
    };
    let wrong = core
        .decide_submit_unknown(&reelforge_protocol::DecideRequest {
            segment: segment.clone(),
            decision: reelforge_protocol::SubmitUnknownDecision::Resubmit,
            take_id: Some("not-a-take".into()),
        })
        .await
        .unwrap_err();
    assert_eq!(wrong.code(), ErrorCode::Conflict, "{wrong}");
    assert_eq!(fal.calls(Route::Create), 1, "nothing sent on a wrong id");
    core.decide_submit_unknown(&reelforge_protocol::DecideRequest {
        segment,
        decision: reelforge_protocol::SubmitUnknownDecision::Resubmit,
        take_id: Some(undecided.clone()),
    })
    .await
    .unwrap();
    let board = settled(&core, &id, 1).await;
    let keyframe = &board.segments[1].keyframes[0];
    assert_eq!(keyframe.take.id, undecided);
    assert_eq!(keyframe.take.status, TakeStatus::Succeeded, "{keyframe:?}");
    assert_eq!(
        fal.calls(Route::Create),
        2,
        "sent again once, on the decision"
    );
    shutdown.cancel();
    engine.await.unwrap().unwrap();
}
