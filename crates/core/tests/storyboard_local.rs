//! The storyboard end to end on the offline providers (issue 19's engine acceptance): a fresh
//! data folder, no keys, real SQLite and ffmpeg. Six keyframes from the local card renderer,
//! one regenerated (its newest becomes selected), all approved, animated, launched, generated
//! and assembled; the first frame of every segment in the final video matches its keyframe
//! (PSNR ≥ 30 dB). The job has no narration (so no captions) and is assembled with cuts, so
//! nothing covers a segment's first frame.

#[path = "job_wait/mod.rs"]
mod job_wait;
#[path = "local_jobs/mod.rs"]
mod local_jobs;

use job_wait::until_reviewed;
use local_jobs::{LocalJob, create_local_job, open_local_core};
use reelforge_core::Core;
use reelforge_core::media::{MediaTools, Transition};
use reelforge_core::pipeline::events::EventStream;
use reelforge_protocol::{
    ApproveKeyframesRequest, AspectRatio, ConfigureSegmentsRequest, GenerateKeyframesRequest,
    GenerationMode, JobId, JobStatus, SegmentPatch, Storyboard, TakeStatus,
};
use std::path::Path;
use std::time::Duration;

const PROMPTS: [&str; 6] = [
    "A red fox in fresh snow",
    "A lighthouse at dawn, waves rolling in",
    "A neon city street in the rain",
    "A quiet forest lake at noon",
    "A desert road under a purple dusk",
    "A busy harbour full of fishing boats",
];

/// The storyboard once `succeeded` keyframes of the job have succeeded (on engine events).
async fn until_keyframes(
    core: &Core,
    events: &mut EventStream,
    id: &JobId,
    succeeded: usize,
) -> Storyboard {
    tokio::time::timeout(Duration::from_secs(120), async {
        loop {
            let board = core.get_storyboard(id).await.unwrap();
            let keyframes = board.segments.iter().flat_map(|s| &s.keyframes);
            let failed: Vec<_> = keyframes
                .clone()
                .filter(|k| k.take.status == TakeStatus::Failed)
                .collect();
            assert!(failed.is_empty(), "a keyframe failed: {failed:?}");
            let done = keyframes
                .filter(|k| k.take.status == TakeStatus::Succeeded)
                .count();
            if done >= succeeded {
                return board;
            }
            events.recv().await.expect("engine gone");
        }
    })
    .await
    .expect("the keyframes were not made within two minutes")
}

/// PSNR (dB, all planes) of the video's frame at `at_s` against `image`, both scaled to
/// 640×360 RGB.
fn first_frame_psnr(tools: &MediaTools, video: &Path, at_s: f64, image: &Path) -> f64 {
    let out = std::process::Command::new(tools.ffmpeg())
        .args([
            "-hide_banner",
            "-nostdin",
            "-ss",
            &format!("{at_s:.3}"),
            "-i",
        ])
        .arg(video)
        .arg("-i")
        .arg(image)
        .args([
            "-filter_complex",
            "[0:v]trim=end_frame=1,setpts=PTS-STARTPTS,scale=640:360,format=rgb24[a];\
             [1:v]scale=640:360,format=rgb24[b];[a][b]psnr",
            "-frames:v",
            "1",
            "-f",
            "null",
            "-",
        ])
        .output()
        .expect("ffmpeg runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let average = stderr
        .lines()
        .rev()
        .find_map(|l| l.split("average:").nth(1))
        .unwrap_or_else(|| panic!("no PSNR in: {stderr}"));
    let value = average.split_whitespace().next().unwrap();
    if value == "inf" {
        f64::INFINITY
    } else {
        value.parse().unwrap()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn six_keyframes_one_regenerated_approved_animated_start_every_segment() {
    let dir = tempfile::tempdir().unwrap();
    let core = open_local_core(dir.path()).await;
    let id = create_local_job(
        &core,
        LocalJob {
            title: "Storyboard",
            segments: 6,
            aspect_ratio: AspectRatio::Landscape,
            prompt: PROMPTS[0],
            narration: None,
            budget_cap_micros: Some(0),
        },
    )
    .await;
    for (index, prompt) in PROMPTS.iter().enumerate().skip(1) {
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
    let handle = core.runner().spawn(shutdown.clone());
    let mut events = core.subscribe();

    // Six keyframes, one per segment, each selected, at the job's 16:9 size.
    let queued = core
        .generate_keyframes(&GenerateKeyframesRequest {
            job_id: id.clone(),
            segments: Vec::new(),
        })
        .await
        .unwrap();
    assert_eq!(queued.image_provider, "local");
    assert_eq!(queued.micros_per_keyframe, 0);
    let board = until_keyframes(&core, &mut events, &id, 6).await;
    for seg in &board.segments {
        assert_eq!(seg.keyframes.len(), 1, "segment {}", seg.index);
        let keyframe = &seg.keyframes[0];
        assert_eq!(seg.selected_keyframe.as_ref(), Some(&keyframe.take.id));
        assert_eq!((keyframe.width, keyframe.height), (1920, 1080));
        assert!(!keyframe.reframed);
        assert!(!seg.approved);
    }
    // Nothing more to make: every segment has its keyframe.
    let again = core
        .generate_keyframes(&GenerateKeyframesRequest {
            job_id: id.clone(),
            segments: Vec::new(),
        })
        .await
        .unwrap();
    assert_eq!(
        again
            .segments
            .iter()
            .map(|s| s.keyframes.len())
            .sum::<usize>(),
        6
    );

    // Regenerate segment 3: its newest keyframe becomes the selection.
    core.generate_keyframes(&GenerateKeyframesRequest {
        job_id: id.clone(),
        segments: vec![2],
    })
    .await
    .unwrap();
    let board = until_keyframes(&core, &mut events, &id, 7).await;
    let third = &board.segments[2];
    assert_eq!(third.keyframes.len(), 2);
    assert_eq!(
        third.selected_keyframe.as_ref(),
        Some(&third.keyframes[1].take.id)
    );

    // Keyframes are no clips: the job screen shows none, and the job is not generating.
    let detail = core.get_job(&id).await.unwrap();
    assert!(detail.segments.iter().all(|s| s.takes.is_empty()));
    assert_eq!(detail.summary.segments_done, 0);
    assert_eq!(detail.summary.status, JobStatus::Configured);

    let approved = core
        .approve_keyframes(&ApproveKeyframesRequest {
            job_id: id.clone(),
            segments: Vec::new(),
            approved: true,
        })
        .await
        .unwrap();
    assert!(approved.segments.iter().all(|s| s.approved));

    let outcome = core.animate_storyboard(&id).await.unwrap();
    assert_eq!(outcome.animated, vec![0, 1, 2, 3, 4, 5]);
    assert!(outcome.skipped.is_empty());
    let detail = core.get_job(&id).await.unwrap();
    for seg in &detail.segments {
        assert_eq!(seg.mode, GenerationMode::ImageToVideo);
        assert_eq!(seg.provider, "local");
        assert_eq!(seg.reference_assets.len(), 1);
    }

    core.launch_job(&id).await.unwrap();
    let finished = until_reviewed(&mut events).await;
    shutdown.cancel();
    handle.await.unwrap().unwrap();
    let detail = core.get_job(&id).await.unwrap();
    assert_eq!(finished, JobStatus::Review, "{:?}", detail.activity);

    let assembled = core
        .assemble_job(
            &id,
            reelforge_core::AssembleOptions {
                transition: Transition::Cut,
                burn_captions: false,
                ..reelforge_core::AssembleOptions::default()
            },
        )
        .await
        .unwrap();
    let tools = MediaTools::resolve(None).unwrap();
    let board = core.get_storyboard(&id).await.unwrap();
    let video = Path::new(&assembled.output);
    let image_of = |index: usize| {
        let keyframe = board.segments[index].selected_keyframe.as_ref().unwrap();
        dir.path().join(format!("library/takes/{keyframe}.png"))
    };
    for seg in &board.segments {
        let at_s = f64::from(seg.index) * 2.0;
        let index = usize::try_from(seg.index).unwrap();
        let psnr = first_frame_psnr(&tools, video, at_s, &image_of(index));
        eprintln!("segment {}: first frame PSNR {psnr:.1} dB", seg.index + 1);
        assert!(
            psnr >= 30.0,
            "segment {}: first frame PSNR {psnr:.1} dB against its keyframe",
            seg.index + 1
        );
    }
    // The measure tells keyframes apart: segment 1 does not start on segment 2's keyframe.
    let other = first_frame_psnr(&tools, video, 0.0, &image_of(1));
    eprintln!("segment 1 against segment 2's keyframe: {other:.1} dB");
    assert!(other < 30.0, "{other:.1} dB");
}
