//! Continuity chaining with no key: on the built-in local provider, a chained segment is
//! rendered as motion over the last frame of the previous segment's clip, so its first frame
//! continues the cut (measured with ffmpeg's `psnr` filter).

#[path = "job_wait/mod.rs"]
mod job_wait;
#[path = "local_jobs/mod.rs"]
mod local_jobs;

use job_wait::until_reviewed;
use local_jobs::{LocalJob, create_local_job, open_local_core};
use reelforge_protocol::{AspectRatio, DuplicateJobRequest, JobStatus, SetChainingRequest};
use std::path::Path;
use std::process::Command;

/// Frame `n` of `clip` (`-1`: the last) as a PNG.
fn frame(clip: &Path, last: bool, out: &Path) {
    let mut cmd = Command::new("ffmpeg");
    cmd.args(["-hide_banner", "-loglevel", "error", "-y"]);
    if last {
        cmd.args(["-sseof", "-1"]);
    }
    cmd.arg("-i").arg(clip);
    if last {
        cmd.args(["-update", "1"]);
    } else {
        cmd.args(["-frames:v", "1"]);
    }
    assert!(cmd.arg(out).status().unwrap().success());
}

fn psnr(a: &Path, b: &Path) -> f64 {
    let out = Command::new("ffmpeg")
        .args(["-hide_banner", "-i"])
        .arg(a)
        .arg("-i")
        .arg(b)
        .args(["-lavfi", "psnr", "-f", "null", "-"])
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&out.stderr);
    let average = log
        .split("average:")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no PSNR: {log}"));
    average.parse().unwrap_or(f64::INFINITY)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chained_local_segment_moves_over_the_previous_clips_last_frame() {
    let dir = tempfile::tempdir().unwrap();
    let core = open_local_core(dir.path()).await;
    let id = create_local_job(
        &core,
        LocalJob {
            title: "Chained offline",
            segments: 2,
            aspect_ratio: AspectRatio::Landscape,
            prompt: "A sunrise over the sea",
            narration: None,
            budget_cap_micros: Some(0),
        },
    )
    .await;
    core.set_chaining(&SetChainingRequest {
        job_id: id.clone(),
        chain_all: Some(true),
        segments: Vec::new(),
    })
    .await
    .unwrap();
    assert_eq!(
        core.chain_status(&id).await.unwrap().segments[1].unsupported_by,
        None
    );

    let shutdown = tokio_util::sync::CancellationToken::new();
    let handle = core.runner().spawn(shutdown.clone());
    let mut events = core.subscribe();
    core.launch_job(&id).await.unwrap();
    let finished = until_reviewed(&mut events).await;
    shutdown.cancel();
    handle.await.unwrap().unwrap();
    let detail = core.get_job(&id).await.unwrap();
    assert_eq!(finished, JobStatus::Review, "{:?}", detail.activity);

    let clip = |i: usize| {
        let take = detail.segments[i].selected_take.clone().unwrap();
        dir.path().join(format!("library/takes/{take}.mp4"))
    };
    let take_1 = detail.segments[0].selected_take.clone().unwrap();
    let start = dir
        .path()
        .join(format!("library/chain_frames/{take_1}.png"));
    assert!(start.is_file(), "the start frame is kept in the library");
    let scratch = tempfile::tempdir().unwrap();
    let (first_1, last_1, first_2) = (
        scratch.path().join("first-1.png"),
        scratch.path().join("last-1.png"),
        scratch.path().join("first-2.png"),
    );
    frame(&clip(0), false, &first_1);
    frame(&clip(0), true, &last_1);
    frame(&clip(1), false, &first_2);
    assert!(
        psnr(&start, &last_1) >= 40.0,
        "the start frame is the last frame"
    );
    let continued = psnr(&first_2, &last_1);
    let unrelated = psnr(&first_2, &first_1);
    println!(
        "segment 2's first frame vs segment 1's last: {continued} dB, vs its first: {unrelated} dB"
    );
    assert!(continued >= 30.0, "{continued} dB");
    assert!(continued > unrelated, "{continued} dB vs {unrelated} dB");

    // A duplicate keeps the chaining; deleting the job removes its start frames.
    let copy = core
        .duplicate_job(DuplicateJobRequest {
            job_id: id.clone(),
            with_takes: false,
        })
        .await
        .unwrap();
    assert!(core.chain_status(&copy.summary.id).await.unwrap().chain_all);
    core.delete_job(&id).await.unwrap();
    assert!(!start.exists(), "a deleted job's chain frames go with it");
}
