//! Keyframe files follow their job (local providers, real SQLite and ffmpeg): duplicating a
//! job with its takes copies each segment's selected keyframe (a new file, its approval kept,
//! free), and deleting a job removes its keyframe files and leaves the copy's.

#[path = "local_jobs/mod.rs"]
mod local_jobs;

use local_jobs::{LocalJob, create_local_job, open_local_core};
use reelforge_core::Core;
use reelforge_protocol::{
    ApproveKeyframesRequest, AspectRatio, DuplicateJobRequest, GenerateKeyframesRequest, JobId,
    Storyboard, TakeStatus,
};
use std::path::{Path, PathBuf};
use std::time::Duration;

async fn until_made(core: &Core, id: &JobId, count: usize) -> Storyboard {
    let mut events = core.subscribe();
    tokio::time::timeout(Duration::from_secs(60), async {
        loop {
            let board = core.get_storyboard(id).await.unwrap();
            let made = board
                .segments
                .iter()
                .flat_map(|s| &s.keyframes)
                .filter(|k| k.take.status == TakeStatus::Succeeded)
                .count();
            if made >= count {
                return board;
            }
            events.recv().await.expect("engine gone");
        }
    })
    .await
    .expect("keyframes made within a minute")
}

fn files_of(data: &Path, board: &Storyboard) -> Vec<PathBuf> {
    board
        .segments
        .iter()
        .filter_map(|s| s.selected_keyframe.as_ref())
        .map(|take| data.join(format!("library/takes/{take}.png")))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keyframes_are_copied_with_a_duplicate_and_deleted_with_their_job() {
    let dir = tempfile::tempdir().unwrap();
    let core = open_local_core(dir.path()).await;
    let id = create_local_job(
        &core,
        LocalJob {
            title: "Copied storyboard",
            segments: 2,
            aspect_ratio: AspectRatio::Square,
            prompt: "A lighthouse at dawn",
            narration: None,
            budget_cap_micros: None,
        },
    )
    .await;
    let shutdown = tokio_util::sync::CancellationToken::new();
    let engine = core.runner().spawn(shutdown.clone());
    core.generate_keyframes(&GenerateKeyframesRequest {
        job_id: id.clone(),
        segments: Vec::new(),
    })
    .await
    .unwrap();
    until_made(&core, &id, 2).await;
    shutdown.cancel();
    engine.await.unwrap().unwrap();
    let original = core
        .approve_keyframes(&ApproveKeyframesRequest {
            job_id: id.clone(),
            segments: vec![1],
            approved: true,
        })
        .await
        .unwrap();

    let copy = core
        .duplicate_job(DuplicateJobRequest {
            job_id: id.clone(),
            with_takes: true,
        })
        .await
        .unwrap();
    let copied = core.get_storyboard(&copy.summary.id).await.unwrap();
    assert_eq!(copied.image_provider, original.image_provider);
    for (before, after) in original.segments.iter().zip(&copied.segments) {
        assert_eq!(after.keyframes.len(), 1);
        assert_ne!(after.selected_keyframe, before.selected_keyframe);
        assert_eq!(
            after.selected_keyframe.as_ref(),
            Some(&after.keyframes[0].take.id)
        );
        assert_eq!(after.approved, before.approved);
        assert_eq!(after.keyframes[0].take.actual_cost_micros, 0);
        assert_eq!(
            (after.keyframes[0].width, after.keyframes[0].height),
            (1080, 1080)
        );
    }
    assert!(
        copy.segments.iter().all(|s| s.takes.is_empty()),
        "no clip was made"
    );

    let original_files = files_of(dir.path(), &original);
    let copied_files = files_of(dir.path(), &copied);
    for (a, b) in original_files.iter().zip(&copied_files) {
        assert_eq!(std::fs::read(a).unwrap(), std::fs::read(b).unwrap());
    }
    core.delete_job(&id).await.unwrap();
    for file in &original_files {
        assert!(!file.exists(), "{} stayed", file.display());
    }
    for file in &copied_files {
        assert!(file.exists(), "{} went with the other job", file.display());
    }
}
