//! Choosing the take that goes into the video, and assembling as the app asks: a one-segment
//! job on the local provider gets a second take by retry; the first take can be chosen back,
//! a take of no segment cannot, and the app's assemble request writes a real video with the
//! requested transition and preset (`draft` in the job's own shape).

#[path = "job_wait/mod.rs"]
mod job_wait;

use job_wait::until_reviewed;
use reelforge_core::Core;
use reelforge_core::media::{MediaTools, probe};
use reelforge_protocol::{
    AspectRatio, AssembleRequest, ConfigureSegmentsRequest, CreateJobRequest, JobConfig, JobId,
    JobStatus, SegmentPatch, SegmentRef, SelectTakeRequest, TakeStatus, TransitionChoice,
};

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
    let engine = core
        .start_engine(shutdown.clone(), reelforge_core::LockWait::Refuse)
        .unwrap();
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
    // Each take's ffprobe summary was stored when its previews were made, stamped with its
    // file's size, for assembly to use without probing again.
    let files = core.take_output_files(&id).await.unwrap();
    let mut conn = core.db().reader().acquire().await.unwrap();
    let stored = reelforge_core::storage::take_media::for_job(&mut conn, &id)
        .await
        .unwrap();
    let (some_take, some_known) = stored.first().expect("a stored summary");
    let one = reelforge_core::storage::take_media::get(&mut conn, some_take)
        .await
        .unwrap();
    assert_eq!(one.as_ref(), Some(some_known));
    drop(conn);
    assert_eq!(stored.len(), 3, "two takes of segment 1, one of segment 2");
    for (take, known) in &stored {
        let file = &files[take];
        assert_eq!(
            known.stamp.size_bytes,
            std::fs::metadata(file).unwrap().len()
        );
        assert!(
            known.still_valid_for(file).is_some(),
            "the file is unchanged"
        );
        let video = known.info.require_video().unwrap();
        assert_eq!(video.width, video.height, "a square take");
        assert!((known.info.clip_duration().as_secs_f64() - 2.0).abs() < 0.3);
    }

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

    // A take file changed behind the database's back (here: segment 2's replaced by another
    // clip): assembly probes it again and stores the new summary for the next time.
    let second_take = other_segment.selected_take.clone().unwrap();
    let second_file = files[&second_take].clone();
    std::fs::copy(&files[&newest], &second_file).unwrap();
    let mut conn = core.db().reader().acquire().await.unwrap();
    let before = reelforge_core::storage::take_media::get(&mut conn, &second_take)
        .await
        .unwrap()
        .unwrap();
    drop(conn);
    assert!(
        before.still_valid_for(&second_file).is_none(),
        "the file changed"
    );

    let mut request = AssembleRequest::new(id.clone());
    request.transition = TransitionChoice::Crossfade;
    let result = core.assemble_request(&request).await.unwrap();
    let mut conn = core.db().reader().acquire().await.unwrap();
    let after = reelforge_core::storage::take_media::get(&mut conn, &second_take)
        .await
        .unwrap()
        .unwrap();
    drop(conn);
    assert!(
        after.still_valid_for(&second_file).is_some(),
        "the re-probed summary was stored"
    );
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
    let reopened = core.get_job(&id).await.unwrap();
    assert_eq!(reopened.summary.status, JobStatus::Completed);
    // The job keeps its last assembly: path, captions and summary, whoever asks later.
    assert_eq!(reopened.last_assembly.as_ref(), Some(&result));
    let srt = result.srt.as_deref().expect("narration gives captions");
    assert!(std::path::Path::new(srt).is_file(), "{srt}");
    assert!(result.duration_ms > 3000, "{result:?}");

    // `draft` follows the job's shape: a square job drafts at 720×720, not 1280×720.
    // With a music bed imported by id (what the app's file picker does).
    let outside = tempfile::tempdir().unwrap();
    let bed = outside.path().join("bed.wav");
    let made = std::process::Command::new(tools_for_music().ffmpeg())
        .args(["-v", "error", "-y", "-f", "lavfi", "-i"])
        .arg("sine=frequency=330:duration=5")
        .arg(&bed)
        .status()
        .unwrap();
    assert!(made.success());
    let music = core.import_audio_file(&bed).await.unwrap();
    let mut draft = AssembleRequest::new(id.clone());
    draft.preset = Some("draft".into());
    draft.music = Some(music.id.clone());
    let result = core.assemble_request(&draft).await.unwrap();
    assert_eq!(result.preset, "draft-square-720");
    assert_eq!(
        core.get_job(&id).await.unwrap().last_assembly.as_ref(),
        Some(&result),
        "the newest assembly replaces the older one"
    );
    assert_eq!((result.width, result.height), (720, 720));
    let info = probe(&tools, std::path::Path::new(&result.output))
        .await
        .unwrap();
    let video = info.require_video().unwrap();
    assert_eq!((video.width, video.height), (720, 720), "the square draft");
    assert!(info.audio.is_some(), "the music bed is mixed in");
    core.close().await;

    // Stored in the database: a reopened data folder still has it.
    let core = Core::open(dir.path()).await.unwrap();
    let again = core.get_job(&id).await.unwrap();
    assert_eq!(again.last_assembly, Some(result));
    core.close().await;
}

fn tools_for_music() -> MediaTools {
    MediaTools::resolve(None).unwrap()
}
