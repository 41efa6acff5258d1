//! ffmpeg/ffprobe against real binaries: probing generated clips (odd sizes, no audio, mono),
//! clear errors for missing, empty and corrupt files and for missing tools, progress and
//! failure reporting of the runner, cancellation killing a long encode, and the H.264
//! encoder detection falling back to libx264.

#[path = "media_fixtures/mod.rs"]
mod fixtures;

use fixtures::{ClipSpec, make_clip, tools};
use reelforge_core::media::encoder::probe_encode_args;
use reelforge_core::media::{
    Cancellation, FfmpegArgs, MediaError, MediaTools, RunOptions, VideoEncoder,
    detect_video_encoder, probe, run_ffmpeg,
};
use reelforge_protocol::ErrorCode;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[tokio::test]
async fn probe_reads_size_rate_pixel_format_and_audio_layout() {
    let dir = tempfile::tempdir().unwrap();
    let tools = tools();
    let odd = make_clip(
        dir.path(),
        "odd.mp4",
        ClipSpec::new(1081, 1919, 24, 1.0).silent(),
    );
    let mono = make_clip(
        dir.path(),
        "mono.mp4",
        ClipSpec::new(320, 240, 25, 1.5).audio(44_100, 1),
    );

    let info = probe(&tools, &odd).await.unwrap();
    let v = info.require_video().unwrap();
    assert_eq!((v.width, v.height), (1081, 1919));
    assert_eq!((v.fps.num, v.fps.den), (24, 1));
    assert_eq!(v.codec, "h264");
    assert_eq!(v.pix_fmt, "yuv444p");
    assert!(v.time_base.den > 0);
    assert!(info.audio.is_none());
    assert!(
        (info.duration.as_secs_f64() - 1.0).abs() < 0.05,
        "{:?}",
        info.duration
    );

    let info = probe(&tools, &mono).await.unwrap();
    let a = info.audio.as_ref().expect("audio stream");
    assert_eq!(
        (a.codec.as_str(), a.sample_rate, a.channels),
        ("aac", 44_100, 1)
    );
    assert_eq!(a.channel_layout.as_deref(), Some("mono"));
    assert!((info.clip_duration().as_secs_f64() - 1.5).abs() < 0.05);
}

#[tokio::test]
async fn probe_errors_name_missing_empty_and_corrupt_files() {
    let dir = tempfile::tempdir().unwrap();
    let tools = tools();
    let missing = dir.path().join("missing.mp4");
    let err = probe(&tools, &missing).await.unwrap_err();
    assert!(matches!(err, MediaError::InputMissing { .. }), "{err:?}");
    assert!(err.to_string().contains("missing.mp4"), "{err}");

    let empty = dir.path().join("empty.mp4");
    std::fs::write(&empty, b"").unwrap();
    let err = probe(&tools, &empty).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("{} is empty (0 bytes)", empty.display())
    );

    let corrupt = dir.path().join("corrupt.mp4");
    std::fs::write(&corrupt, vec![0x5a_u8; 4096]).unwrap();
    let err = probe(&tools, &corrupt).await.unwrap_err();
    assert!(matches!(err, MediaError::InputUnreadable { .. }), "{err:?}");
    assert!(
        err.to_string()
            .contains("corrupt.mp4 is not a readable video"),
        "{err}"
    );
    assert_eq!(err.code(), ErrorCode::Validation);
}

#[tokio::test]
async fn missing_binaries_give_tool_missing() {
    let dir = tempfile::tempdir().unwrap();
    let clip = make_clip(dir.path(), "a.mp4", ClipSpec::new(64, 64, 10, 0.5));
    let gone = MediaTools::from_paths(dir.path().join("no-ffmpeg"), dir.path().join("no-ffprobe"));
    let err = probe(&gone, &clip).await.unwrap_err();
    assert!(
        matches!(
            err,
            MediaError::ToolMissing {
                tool: "ffprobe",
                ..
            }
        ),
        "{err:?}"
    );
    let mut args = FfmpegArgs::new();
    args.input(&clip).output(&dir.path().join("b.mp4"));
    let err = run_ffmpeg(&gone, args, RunOptions::default())
        .await
        .unwrap_err();
    assert!(
        matches!(err, MediaError::ToolMissing { tool: "ffmpeg", .. }),
        "{err:?}"
    );
    assert_eq!(err.code(), ErrorCode::FfmpegMissing);
}

#[tokio::test]
async fn runner_reports_progress_and_ffmpeg_errors() {
    let dir = tempfile::tempdir().unwrap();
    let tools = tools();
    let out = dir.path().join("gen.mp4");
    let mut args = FfmpegArgs::new();
    args.lavfi_input("testsrc=size=160x120:rate=25:duration=2")
        .args(["-c:v", "libx264", "-preset", "ultrafast"])
        .output(&out);
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = seen.clone();
    let options = RunOptions {
        total: Some(Duration::from_secs(2)),
        progress: Some(Box::new(move |p| sink.lock().unwrap().push(p))),
        cancel: Cancellation::new(),
    };
    run_ffmpeg(&tools, args, options).await.unwrap();
    let seen = seen.lock().unwrap().clone();
    let last = seen.last().expect("at least one progress report");
    assert!(last.out_time >= Duration::from_millis(1900), "{last:?}");
    assert!(last.fraction().unwrap() > 0.95);
    assert!(seen.windows(2).all(|w| w[0].out_time <= w[1].out_time));

    let mut bad = FfmpegArgs::new();
    bad.lavfi_input("testsrc=duration=1")
        .args(["-vf", "no_such_filter"])
        .output(&dir.path().join("bad.mp4"));
    let err = run_ffmpeg(&tools, bad, RunOptions::default())
        .await
        .unwrap_err();
    assert!(matches!(err, MediaError::ToolFailed { .. }), "{err:?}");
    assert!(err.to_string().contains("no_such_filter"), "{err}");
}

#[tokio::test]
async fn cancelling_kills_a_long_encode_promptly() {
    let dir = tempfile::tempdir().unwrap();
    let tools = tools();
    let mut args = FfmpegArgs::new();
    // A minute of 720p: minutes of work on two cores unless the kill works.
    args.lavfi_input("testsrc=size=1280x720:rate=30:duration=60")
        .args(["-c:v", "libx264", "-preset", "slow"])
        .output(&dir.path().join("long.mp4"));
    let cancel = Cancellation::new();
    let trigger = cancel.clone();
    let options = RunOptions {
        total: Some(Duration::from_secs(60)),
        progress: Some(Box::new(move |_| trigger.cancel())),
        cancel,
    };
    let started = Instant::now();
    let err = run_ffmpeg(&tools, args, options).await.unwrap_err();
    assert!(matches!(err, MediaError::Cancelled), "{err:?}");
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn the_detected_encoder_works_here_and_falls_back_to_libx264() {
    let tools = tools();
    let encoder = detect_video_encoder(&tools).await;
    let works = run_ffmpeg(&tools, probe_encode_args(encoder), RunOptions::default()).await;
    assert!(works.is_ok(), "{encoder:?}: {works:?}");
    let any_hardware = {
        let mut found = false;
        for hw in VideoEncoder::HARDWARE {
            found |= run_ffmpeg(&tools, probe_encode_args(hw), RunOptions::default())
                .await
                .is_ok();
        }
        found
    };
    if !any_hardware {
        assert_eq!(encoder, VideoEncoder::Libx264);
    }
    // Without a render node (this machine, CI) the VAAPI probe encode fails cleanly.
    if !std::path::Path::new(reelforge_core::media::encoder::VAAPI_DEVICE).exists() {
        let vaapi = run_ffmpeg(
            &tools,
            probe_encode_args(VideoEncoder::Vaapi),
            RunOptions::default(),
        )
        .await;
        assert!(
            matches!(
                vaapi,
                Err(reelforge_core::media::MediaError::ToolFailed { .. })
            ),
            "{vaapi:?}"
        );
        assert_ne!(encoder, VideoEncoder::Vaapi);
    }
}
