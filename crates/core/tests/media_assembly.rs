//! Assembly on generated clips, checked with ffprobe: stream copy for matching takes, one
//! normalising encode for mixed ones (sizes, rates, odd dimensions, missing audio), each
//! export preset, transitions, and clear errors naming the segment with no partial output.

#[path = "media_fixtures/mod.rs"]
mod fixtures;

use fixtures::{ClipSpec, clip, leftovers, make_clip, summary, tools};
use reelforge_core::media::{
    AssemblyMode, AssemblyRequest, Cancellation, ExportPreset, FrameFit, MediaError, RunOptions,
    Transition, assemble, parse_srt,
};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

fn near(actual: f64, expected: f64, tolerance: f64) -> bool {
    (actual - expected).abs() <= tolerance
}

#[tokio::test]
async fn matching_takes_are_joined_by_stream_copy() {
    let dir = tempfile::tempdir().unwrap();
    let spec = ClipSpec::new(720, 1280, 30, 1.0);
    let clips: Vec<_> = (1..=3)
        .map(|i| {
            let path = make_clip(dir.path(), &format!("take{i}.mp4"), spec);
            clip(&path, i, None)
        })
        .collect();
    let out_dir = tempfile::tempdir().unwrap();
    let output = out_dir.path().join("final.mp4");
    let request = AssemblyRequest::new(clips, &output, ExportPreset::DraftVertical720);
    let reports = Arc::new(AtomicUsize::new(0));
    let counter = reports.clone();
    let run = RunOptions {
        progress: Some(Box::new(move |_| {
            counter.fetch_add(1, Ordering::SeqCst);
        })),
        ..RunOptions::default()
    };
    let done = assemble(&tools(), &request, run).await.unwrap();
    assert_eq!(done.mode, AssemblyMode::StreamCopy);
    assert!(reports.load(Ordering::SeqCst) >= 1);
    let s = summary(&output);
    assert_eq!(
        (s.width, s.height, s.video_codec.as_str()),
        (720, 1280, "h264")
    );
    assert_eq!(s.audio_codec.as_deref(), Some("aac"));
    assert!(near(s.duration, 3.0, 0.1), "{s:?}");
    assert_eq!(done.srt, None, "no narration, no captions");
    assert_eq!(
        leftovers(out_dir.path(), &[&output]),
        Vec::<std::path::PathBuf>::new()
    );
}

#[tokio::test]
async fn mixed_takes_are_normalised_in_one_encode_with_silence_where_audio_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let a = make_clip(dir.path(), "a.mp4", ClipSpec::new(640, 360, 25, 1.0));
    let b = make_clip(
        dir.path(),
        "b.mp4",
        ClipSpec::new(1081, 1919, 24, 1.0).silent(),
    );
    let c = make_clip(
        dir.path(),
        "c.mp4",
        ClipSpec::new(480, 480, 30, 1.0).audio(44_100, 1),
    );
    for fit in [FrameFit::Fit, FrameFit::Fill] {
        let output = dir.path().join(format!("out-{fit:?}.mp4"));
        let mut request = AssemblyRequest::new(
            vec![clip(&a, 1, None), clip(&b, 2, None), clip(&c, 3, None)],
            &output,
            ExportPreset::DraftVertical720,
        );
        request.fit = fit;
        let done = assemble(&tools(), &request, RunOptions::default())
            .await
            .unwrap();
        assert_eq!(done.mode, AssemblyMode::FilterGraph);
        let s = summary(&output);
        assert_eq!(
            (s.width, s.height, s.fps.as_str()),
            (720, 1280, "30/1"),
            "{fit:?}"
        );
        assert_eq!(s.sample_rate, Some(48_000));
        assert!(near(s.duration, 3.0, 0.15), "{fit:?} {s:?}");
        assert!(near(done.timeline.total.as_secs_f64(), 3.0, 0.05));
    }
}

#[tokio::test]
async fn each_preset_produces_its_size() {
    let dir = tempfile::tempdir().unwrap();
    let a = make_clip(dir.path(), "a.mp4", ClipSpec::new(320, 240, 25, 0.6));
    let b = make_clip(
        dir.path(),
        "b.mp4",
        ClipSpec::new(240, 320, 30, 0.6).silent(),
    );
    for preset in ExportPreset::ALL {
        let output = dir.path().join(format!("{}.mp4", preset.id()));
        let request =
            AssemblyRequest::new(vec![clip(&a, 1, None), clip(&b, 2, None)], &output, preset);
        assemble(&tools(), &request, RunOptions::default())
            .await
            .unwrap();
        let s = summary(&output);
        assert_eq!((s.width, s.height), preset.size(), "{}", preset.id());
        assert_eq!(s.fps, "30/1");
        assert_eq!(s.audio_codec.as_deref(), Some("aac"));
        assert!(near(s.duration, 1.2, 0.12), "{} {s:?}", preset.id());
    }
}

#[tokio::test]
async fn transitions_overlap_clips_and_captions_follow_the_real_timeline() {
    let dir = tempfile::tempdir().unwrap();
    let a = make_clip(dir.path(), "a.mp4", ClipSpec::new(320, 568, 30, 1.0));
    let b = make_clip(
        dir.path(),
        "b.mp4",
        ClipSpec::new(320, 568, 30, 2.0).silent(),
    );
    let c = make_clip(dir.path(), "c.mp4", ClipSpec::new(360, 640, 25, 1.5));
    let half = Duration::from_millis(400);
    for (name, transition) in [
        ("cut", Transition::Cut),
        ("fade", Transition::Crossfade { duration: half }),
        ("dip", Transition::DipToBlack { duration: half }),
    ] {
        let output = dir.path().join(format!("{name}.mp4"));
        let mut request = AssemblyRequest::new(
            vec![
                clip(&a, 1, Some("First  line")),
                clip(&b, 2, Some("Second")),
                clip(&c, 3, Some("Third")),
            ],
            &output,
            ExportPreset::DraftVertical720,
        );
        request.transition = transition;
        let done = assemble(&tools(), &request, RunOptions::default())
            .await
            .unwrap();
        let overlap = transition.requested_overlap().as_secs_f64();
        let expected = 4.5 - 2.0 * overlap;
        let s = summary(&output);
        assert!(near(s.duration, expected, 0.15), "{name}: {s:?}");
        let srt_path = done.srt.expect("an .srt beside the output");
        assert_eq!(srt_path, dir.path().join(format!("{name}.srt")));
        let cues = parse_srt(&std::fs::read_to_string(&srt_path).unwrap());
        let times: Vec<(f64, f64)> = cues
            .iter()
            .map(|c| (c.start.as_secs_f64(), c.end.as_secs_f64()))
            .collect();
        let h = overlap / 2.0;
        let want = [
            (0.0, 1.0 - h),
            (1.0 - h, 3.0 - 3.0 * h),
            (3.0 - 3.0 * h, expected),
        ];
        assert_eq!(cues.len(), 3, "{name}");
        for ((got_start, got_end), (want_start, want_end)) in times.iter().zip(want) {
            assert!(
                near(*got_start, want_start, 0.06),
                "{name}: {times:?} vs {want:?}"
            );
            assert!(
                near(*got_end, want_end, 0.06),
                "{name}: {times:?} vs {want:?}"
            );
        }
        assert_eq!(cues[0].text, "First line");
        assert!(
            near(times[2].1, s.duration, 0.15),
            "last cue ends with the video"
        );
    }
}

#[tokio::test]
async fn bad_takes_fail_naming_the_segment_and_leave_no_output() {
    let dir = tempfile::tempdir().unwrap();
    let good = make_clip(dir.path(), "good.mp4", ClipSpec::new(160, 284, 30, 0.5));
    let corrupt = dir.path().join("corrupt.mp4");
    let mut bytes = std::fs::read(&good).unwrap();
    bytes.truncate(bytes.len() / 3);
    bytes[..64].fill(0);
    std::fs::write(&corrupt, bytes).unwrap();
    let empty = dir.path().join("empty.mp4");
    std::fs::write(&empty, b"").unwrap();
    let missing = dir.path().join("missing.mp4");

    let out_dir = tempfile::tempdir().unwrap();
    let output = out_dir.path().join("final.mp4");
    for (bad, needle) in [
        (&corrupt, "is not a readable video"),
        (&empty, "is empty (0 bytes)"),
        (&missing, "does not exist"),
    ] {
        let request = AssemblyRequest::new(
            vec![clip(&good, 1, Some("hi")), clip(bad, 2, Some("there"))],
            &output,
            ExportPreset::DraftVertical720,
        );
        let err = assemble(&tools(), &request, RunOptions::default())
            .await
            .unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("segment 2: "), "{text}");
        assert!(
            text.contains(&*bad.to_string_lossy()) && text.contains(needle),
            "{text}"
        );
        assert!(matches!(err, MediaError::Clip { .. }));
        assert!(
            leftovers(out_dir.path(), &[]).is_empty(),
            "{:?}",
            leftovers(out_dir.path(), &[])
        );
    }
}

#[tokio::test]
async fn a_cancelled_assembly_leaves_no_partial_output() {
    let dir = tempfile::tempdir().unwrap();
    let a = make_clip(dir.path(), "a.mp4", ClipSpec::new(320, 240, 25, 1.0));
    let out_dir = tempfile::tempdir().unwrap();
    let output = out_dir.path().join("final.mp4");
    let mut request = AssemblyRequest::new(
        vec![clip(&a, 1, Some("x"))],
        &output,
        ExportPreset::Vertical1080,
    );
    request.transition = Transition::Cut;
    let cancel = Cancellation::new();
    let trigger = cancel.clone();
    let run = RunOptions {
        progress: Some(Box::new(move |_| trigger.cancel())),
        cancel,
        ..RunOptions::default()
    };
    let err = assemble(&tools(), &request, run).await.unwrap_err();
    assert!(matches!(err, MediaError::Cancelled), "{err:?}");
    assert!(
        leftovers(out_dir.path(), &[]).is_empty(),
        "{:?}",
        leftovers(out_dir.path(), &[])
    );
}

#[tokio::test]
async fn inputs_outside_the_library_are_refused() {
    let library = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let spec = ClipSpec::new(160, 284, 30, 0.5);
    let inside = make_clip(library.path(), "in.mp4", spec);
    let outside = make_clip(elsewhere.path(), "out.mp4", spec);
    let output = library.path().join("final.mp4");
    let mut request = AssemblyRequest::new(
        vec![clip(&inside, 1, None), clip(&outside, 2, None)],
        &output,
        ExportPreset::DraftVertical720,
    );
    request.library = Some(library.path().to_owned());
    let err = assemble(&tools(), &request, RunOptions::default())
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(text.starts_with("segment 2: "), "{text}");
    assert!(text.contains("is outside the library"), "{text}");
    assert!(!output.exists());
    request.clips.pop();
    assemble(&tools(), &request, RunOptions::default())
        .await
        .unwrap();
    assert!(output.exists());
}
