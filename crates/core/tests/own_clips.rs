//! A person's own clip as a segment's take (issue 17, item 4), with real ffmpeg and SQLite: a
//! 640×360 25 fps MP4 with sound becomes segment 4's take of a square job whose other three
//! segments the local provider generated, and the job assembles with it (its length the sum
//! of the spans, its size the preset's). A corrupt MP4, a zero-byte file, a clip over ten
//! minutes, an 8K one and one over 2 GiB are refused with their own codes and change nothing:
//! no row, no file in the library.

#[path = "job_wait/mod.rs"]
mod job_wait;
#[path = "local_jobs/mod.rs"]
mod local_jobs;

use job_wait::until_reviewed;
use local_jobs::{LocalJob, create_local_job};
use reelforge_core::Core;
use reelforge_core::media::{MediaTools, probe};
use reelforge_protocol::{
    ApiError, AspectRatio, AssembleRequest, ErrorCode, JobId, JobStatus, Limit, SegmentRef,
    TakeStatus, UPLOADED_CLIP_PROVIDER, UseClipRequest,
};
use std::path::{Path, PathBuf};

/// Makes `name` in `dir` with ffmpeg from a lavfi video graph (and a tone when `sound`).
fn make_video(dir: &Path, name: &str, graph: &str, sound: Option<f64>) -> PathBuf {
    let path = dir.join(name);
    let mut command = std::process::Command::new("ffmpeg");
    command.args(["-v", "error", "-y", "-f", "lavfi", "-i", graph]);
    if let Some(seconds) = sound {
        command.args([
            "-f",
            "lavfi",
            "-i",
            &format!("sine=frequency=440:duration={seconds}"),
        ]);
        command.args(["-c:a", "aac", "-shortest"]);
    }
    let status = command
        .args([
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-pix_fmt",
            "yuv420p",
        ])
        .arg(&path)
        .status()
        .expect("ffmpeg must be installed (scripts/setup.sh installs it)");
    assert!(status.success(), "ffmpeg made {name}");
    path
}

/// Every file under `dir` (recursively).
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .flat_map(|e| {
            let path = e.path();
            if path.is_dir() {
                files_under(&path)
            } else {
                vec![path]
            }
        })
        .collect()
}

async fn four_segment_job(core: &Core) -> JobId {
    let job = LocalJob {
        title: "Own footage",
        segments: 4,
        aspect_ratio: AspectRatio::Square,
        prompt: "A calm desk",
        narration: None,
        budget_cap_micros: None,
    };
    create_local_job(core, job).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_imported_mp4_becomes_segment_4s_take_and_assembles_with_generated_ones() {
    let dir = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let core = Core::open_with(dir.path(), Default::default())
        .await
        .unwrap();
    let id = four_segment_job(&core).await;
    let shutdown = tokio_util::sync::CancellationToken::new();
    let mut events = core.subscribe();
    let engine = core
        .start_engine(shutdown.clone(), reelforge_core::LockWait::Refuse)
        .unwrap();
    core.launch_job(&id).await.unwrap();
    assert_eq!(until_reviewed(&mut events).await, JobStatus::Review);
    shutdown.cancel();
    engine.await.unwrap().unwrap();
    let before = core.get_job(&id).await.unwrap();
    let cost_before = before.summary.actual_cost_micros;

    // Landscape, 25 fps, with sound: unlike the square, silent generated takes.
    let mp4 = make_video(
        outside.path(),
        "holiday.mp4",
        "testsrc=size=640x360:rate=25:duration=5",
        Some(5.0),
    );
    let clip = core.import_clip(&mp4).await.unwrap();
    assert_eq!((clip.width, clip.height, clip.has_audio), (640, 360, true));
    assert!(clip.duration_ms.abs_diff(5_000) < 100, "{clip:?}");
    assert_eq!(clip.name, "holiday.mp4");
    let again = core.import_clip(&mp4).await.unwrap();
    assert_eq!(
        again.asset_id, clip.asset_id,
        "the same content is one asset"
    );

    let segment = SegmentRef {
        job_id: id.clone(),
        index: 3,
    };
    let used = core
        .use_segment_clip(&UseClipRequest {
            segment: segment.clone(),
            asset_id: clip.asset_id.clone(),
            in_ms: 1_000,
            out_ms: Some(3_500),
        })
        .await
        .unwrap();
    let fourth = &used.segments[3];
    let take = fourth.takes.last().unwrap();
    assert_eq!(fourth.selected_take.as_ref(), Some(&take.id));
    assert_eq!(take.status, TakeStatus::Succeeded);
    assert_eq!(take.provider.as_str(), UPLOADED_CLIP_PROVIDER);
    assert_eq!(
        (take.estimated_cost_micros, take.actual_cost_micros),
        (0, 0)
    );
    assert_eq!(
        used.summary.actual_cost_micros, cost_before,
        "no provider was paid"
    );
    assert_eq!(used.summary.status, JobStatus::Review);
    let logged = used.activity.iter().find(|a| a.kind == "clip_used");
    let logged = logged.expect("the clip's use is in the job's activity");
    assert!(logged.message.contains("holiday.mp4"), "{logged:?}");
    let files = core.take_output_files(&id).await.unwrap();
    let tools = MediaTools::resolve(None).unwrap();
    let trimmed = probe(&tools, &files[&take.id]).await.unwrap();
    let seconds = trimmed.clip_duration().as_secs_f64();
    assert!(
        (seconds - 2.5).abs() < 0.1,
        "the span 1 s → 3.5 s: {seconds}"
    );
    assert!(trimmed.audio.is_some(), "the clip keeps its sound");

    let result = core
        .assemble_request(&AssembleRequest::new(id.clone()))
        .await
        .unwrap();
    let out = probe(&tools, Path::new(&result.output)).await.unwrap();
    let video = out.require_video().unwrap();
    assert_eq!(
        (video.width, video.height),
        (1080, 1080),
        "the square preset"
    );
    let total = out.clip_duration().as_secs_f64();
    assert!((total - 8.5).abs() < 0.3, "3 × 2 s + 2.5 s, cut: {total}");
    let done = core.get_job(&id).await.unwrap();
    assert_eq!(done.summary.status, JobStatus::Completed);
    let span = &result.segments[3];
    assert!(
        (span.end_ms - span.start_ms).abs_diff(2_500) < 150,
        "{span:?}"
    );

    // An out point past the clip's end is refused, and so is the segment of a take under way.
    let refused: ApiError = core
        .use_segment_clip(&UseClipRequest {
            segment,
            asset_id: clip.asset_id.clone(),
            in_ms: 0,
            out_ms: Some(9_000),
        })
        .await
        .unwrap_err()
        .into();
    assert_eq!(refused.code, ErrorCode::ClipTrimInvalid, "{refused:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_clips_are_refused_with_their_own_code_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let core = Core::open_with(dir.path(), Default::default())
        .await
        .unwrap();
    let id = four_segment_job(&core).await;
    let job_before = serde_json::to_value(core.get_job(&id).await.unwrap()).unwrap();

    let good = make_video(
        outside.path(),
        "good.mp4",
        "color=c=red:size=320x240:rate=10:duration=2",
        None,
    );
    let bytes = std::fs::read(&good).unwrap();
    // The header kept, the frames' data replaced: ffprobe may read it, nothing decodes.
    let corrupt = outside.path().join("corrupt.mp4");
    let mut broken = bytes.clone();
    let half = broken.len() / 2;
    broken.truncate(half);
    broken.iter_mut().skip(48).for_each(|b| *b = 0x5a);
    std::fs::write(&corrupt, &broken).unwrap();
    let empty = outside.path().join("empty.mp4");
    std::fs::write(&empty, b"").unwrap();
    let long = make_video(
        outside.path(),
        "long.mp4",
        "color=c=blue:size=16x16:rate=1:duration=601",
        None,
    );
    let eight_k = make_video(
        outside.path(),
        "eight-k.mp4",
        "color=c=green:size=7680x4320:rate=1:duration=1",
        None,
    );
    // Sparse: over 2 GiB on paper, nothing on disk; refused before it is read.
    let huge = outside.path().join("huge.mp4");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(reelforge_protocol::limits::CLIP_FILE_MAX_BYTES + 1)
        .unwrap();
    let not_video = outside.path().join("notes.mp4");
    std::fs::write(&not_video, "hello, not a video").unwrap();

    let cases = [
        (&corrupt, ErrorCode::ClipUnreadable, None),
        (&not_video, ErrorCode::ClipUnreadable, None),
        (&empty, ErrorCode::ClipEmpty, None),
        (&long, ErrorCode::LimitExceeded, Some(Limit::ClipDuration)),
        (&eight_k, ErrorCode::LimitExceeded, Some(Limit::ClipPixels)),
        (&huge, ErrorCode::LimitExceeded, Some(Limit::ClipFileSize)),
    ];
    for (path, code, limit) in cases {
        let error: ApiError = core.import_clip(path).await.unwrap_err().into();
        assert_eq!(error.code, code, "{}: {error:?}", path.display());
        assert_eq!(error.limit.map(|l| l.limit), limit, "{error:?}");
        let name = path.file_name().unwrap().to_string_lossy();
        assert!(error.message.contains(name.as_ref()), "{error:?}");
    }
    // Through the automation API's path too: the work folder keeps nothing.
    let error: ApiError = core
        .import_clip_bytes("corrupt.mp4", broken)
        .await
        .unwrap_err()
        .into();
    assert_eq!(error.code, ErrorCode::ClipUnreadable, "{error:?}");
    assert!(!error.message.contains("uploads"), "{error:?}");

    let mut conn = core.db().reader().acquire().await.unwrap();
    let assets: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM assets")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    let takes: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM generations")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    drop(conn);
    assert_eq!((assets, takes), (0, 0), "no row was written");
    let library = dir.path().join("library");
    assert_eq!(files_under(&library), Vec::<PathBuf>::new());
    let job_after = serde_json::to_value(core.get_job(&id).await.unwrap()).unwrap();
    assert_eq!(job_before, job_after, "the job is unchanged");
}
