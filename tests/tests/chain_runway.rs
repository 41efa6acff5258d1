//! Continuity chaining end to end over HTTP against the fake Runway API: with "chain all" on,
//! segment 3 is sent only after segment 2's take succeeded, and the start frame Runway
//! receives for it equals the last frame of segment 2's selected take (PSNR ≥ 40 dB, measured
//! with ffmpeg's `psnr` filter). A new take succeeding upstream, or choosing another take
//! there, marks segment 3 stale; regenerating it starts from the new take. A chain into a
//! model without start frames (Luma's text-only ray-2) is refused before launch, naming the
//! segment, with nothing queued.

#[path = "chain_support/mod.rs"]
mod chain_support;

use base64::Engine as _;
use chain_support::{PROMPTS, job, reviewed, rig, selected};
use reelforge_protocol::{
    ConfigureSegmentsRequest, ErrorCode, SegmentPatch, SegmentRef, SelectTakeRequest,
    SetChainingRequest, TakeId, TakeStatus,
};
use reelforge_tests::fakes::{FakeServer, Route};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The library clip of `take`.
fn clip_of(dir: &Path, take: &TakeId) -> PathBuf {
    let takes = dir.join("library").join("takes");
    std::fs::read_dir(&takes)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with(take.as_str()) && name.ends_with(".mp4") && !name.contains("preview")
        })
        .unwrap_or_else(|| panic!("no clip for take {take} in {}", takes.display()))
}

/// Frame `n` (from 0) of `clip` as a PNG, selected by number (not by seeking to the end, as
/// the engine does).
fn frame(clip: &Path, n: u64, out: &Path) {
    let status = Command::new("ffmpeg")
        .args(["-hide_banner", "-loglevel", "error", "-y", "-i"])
        .arg(clip)
        .args([
            "-vf",
            &format!("select=eq(n\\,{n})"),
            "-fps_mode",
            "passthrough",
        ])
        .args(["-frames:v", "1"])
        .arg(out)
        .status()
        .unwrap();
    assert!(status.success());
}

fn frame_count(clip: &Path) -> u64 {
    let out = Command::new("ffprobe")
        .args(["-v", "error", "-select_streams", "v:0", "-count_frames"])
        .args(["-show_entries", "stream=nb_read_frames", "-of", "csv=p=0"])
        .arg(clip)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
}

/// PSNR of `a` against `b` in dB, by ffmpeg's `psnr` filter (`inf` for identical images).
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
        .unwrap_or_else(|| panic!("no PSNR in ffmpeg's log: {log}"));
    if average == "inf" {
        f64::INFINITY
    } else {
        average.parse().unwrap()
    }
}

/// The start frames Runway received for `prompt`'s segment, oldest first, written as PNGs.
async fn received_frames(fake: &FakeServer, prompt: &str, dir: &Path) -> Vec<PathBuf> {
    let seen: Vec<Value> = reqwest::get(format!("{}/__fake/runway/first_frames", fake.base_url()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    seen.iter()
        .filter(|s| s["prompt"].as_str().unwrap_or_default().contains(prompt))
        .enumerate()
        .map(|(i, s)| {
            let uri = s["uri"].as_str().expect("a data URI");
            let (mime, b64) = uri
                .strip_prefix("data:")
                .and_then(|d| d.split_once(";base64,"))
                .expect("an inline image");
            assert_eq!(mime, "image/png", "the start frame is sent losslessly");
            let path = dir.join(format!("received-{i}.png"));
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(b64)
                .unwrap();
            std::fs::write(&path, bytes).unwrap();
            path
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn segment_three_starts_from_the_last_frame_of_segment_twos_selected_take() {
    let rig = rig().await;
    let core = &rig.core;
    let id = job(core, "runway", "gen4.5").await;
    let scratch = tempfile::tempdir().unwrap();

    let shutdown = tokio_util::sync::CancellationToken::new();
    let mut events = core.subscribe();
    let engine = core
        .start_engine(shutdown.clone(), reelforge_core::LockWait::Refuse)
        .unwrap();
    core.launch_job(&id).await.unwrap();
    let status = core.chain_status(&id).await.unwrap();
    assert!(
        status.segments[1].waiting && status.segments[2].waiting,
        "chained segments wait for the previous take: {status:?}"
    );
    reviewed(&mut events, core, &id).await;

    // Segment 3's start frame is the last frame of segment 2's selected take.
    let take_a = selected(core, &id, 1).await;
    let clip_a = clip_of(rig.dir.path(), &take_a);
    let frames = frame_count(&clip_a);
    let last_a = scratch.path().join("last-a.png");
    let first_a = scratch.path().join("first-a.png");
    frame(&clip_a, frames - 1, &last_a);
    frame(&clip_a, 0, &first_a);
    let sent = received_frames(&rig.runway, PROMPTS[2], scratch.path()).await;
    assert_eq!(sent.len(), 1, "segment 3 was sent once");
    let db = psnr(&sent[0], &last_a);
    println!("segment 3's start frame vs segment 2's last frame: PSNR {db} dB");
    assert!(db >= 40.0, "PSNR {db} dB");
    let other = psnr(&sent[0], &first_a);
    assert!(other < 40.0, "the check tells frames apart: {other} dB");
    let status = core.chain_status(&id).await.unwrap();
    assert_eq!(status.segments[2].from_take.as_ref(), Some(&take_a));
    assert!(status.stale().is_empty(), "{status:?}");

    // A new take of segment 2 succeeds (and is selected): segment 3 is stale.
    core.retry_segment(&SegmentRef {
        job_id: id.clone(),
        index: 1,
    })
    .await
    .unwrap();
    reviewed(&mut events, core, &id).await;
    let take_b = selected(core, &id, 1).await;
    assert_ne!(take_b, take_a);
    assert_eq!(core.chain_status(&id).await.unwrap().stale(), [2]);

    // Regenerating the stale segment starts it from the new take.
    core.regenerate_stale(&id).await.unwrap();
    reviewed(&mut events, core, &id).await;
    let status = core.chain_status(&id).await.unwrap();
    assert!(status.stale().is_empty(), "{status:?}");
    assert_eq!(status.segments[2].from_take.as_ref(), Some(&take_b));
    let clip_b = clip_of(rig.dir.path(), &take_b);
    let last_b = scratch.path().join("last-b.png");
    frame(&clip_b, frame_count(&clip_b) - 1, &last_b);
    let sent = received_frames(&rig.runway, PROMPTS[2], scratch.path()).await;
    assert_eq!(sent.len(), 2);
    assert!(psnr(&sent[1], &last_b) >= 40.0);

    // Choosing segment 2's first take again marks segment 3 stale; choosing back clears it.
    let detail = core.get_job(&id).await.unwrap();
    let choose = |take: &TakeId| SelectTakeRequest {
        job_id: id.clone(),
        segment_id: detail.segments[1].id.clone(),
        take_id: take.clone(),
    };
    core.select_take(&choose(&take_a)).await.unwrap();
    assert_eq!(core.chain_status(&id).await.unwrap().stale(), [2]);
    core.select_take(&choose(&take_b)).await.unwrap();
    assert!(core.chain_status(&id).await.unwrap().stale().is_empty());

    let takes: Vec<TakeStatus> = detail.segments[2].takes.iter().map(|t| t.status).collect();
    assert_eq!(takes, [TakeStatus::Succeeded, TakeStatus::Succeeded]);
    shutdown.cancel();
    engine.await.unwrap().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chain_into_a_model_without_start_frames_is_refused_before_launch() {
    let rig = rig().await;
    let core = &rig.core;
    let id = job(core, "runway", "gen4.5").await;
    core.configure_segments(ConfigureSegmentsRequest {
        job_id: id.clone(),
        indexes: vec![2],
        patch: SegmentPatch {
            provider: Some("luma".into()),
            model: Some(Some("ray-2".into())),
            ..SegmentPatch::default()
        },
    })
    .await
    .unwrap();
    let status = core.chain_status(&id).await.unwrap();
    assert_eq!(
        status.segments[2]
            .unsupported_by
            .as_ref()
            .map(|p| p.as_str()),
        Some("luma"),
        "{status:?}"
    );
    assert_eq!(status.segments[1].unsupported_by, None);

    let before = core.get_job(&id).await.unwrap();
    let err = core.launch_job(&id).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::ChainStartUnsupported, "{err}");
    assert!(err.to_string().contains("segment 3"), "{err}");
    let after = core.get_job(&id).await.unwrap();
    assert_eq!(after.summary.status, before.summary.status);
    assert!(after.segments.iter().all(|s| s.takes.is_empty()));
    assert_eq!(rig.runway.calls(Route::Create), 0);

    // Unchained, the same segment launches.
    core.set_chaining(&SetChainingRequest {
        job_id: id.clone(),
        chain_all: Some(false),
        segments: vec![reelforge_protocol::SegmentChainSwitch {
            index: 1,
            chained: true,
        }],
    })
    .await
    .unwrap();
    core.estimate_job(&id).await.unwrap();
    assert_eq!(
        core.chain_status(&id).await.unwrap().segments[2].unsupported_by,
        None
    );
}
