//! The in-process MP4 join behind stream-copy assembly, on generated clips: the joined file
//! decodes without an error, holds every input frame, lasts the sum of the inputs (video and
//! audio alike, B-frame delays and AAC priming trimmed at every join), keeps its moov before
//! its mdat, assembly uses it for uniform takes and for cached segments, and inputs it cannot
//! join (other sizes, fragmented MP4) are refused before anything is written so that
//! assembly falls back to ffmpeg.

#[path = "media_fixtures/mod.rs"]
mod fixtures;

use fixtures::{clip, leftovers, summary, tools};
use reelforge_core::media::mp4::concat_mp4;
use reelforge_core::media::{
    AssemblyMode, AssemblyRequest, Cancellation, ExportPreset, RunOptions, SegmentCache, assemble,
    probe, probe_header,
};
use std::path::{Path, PathBuf};
use std::process::Command;

/// An H.264 + AAC clip; `x264` picks the preset (`veryfast` has B-frames, so `ctts` and a
/// shifted edit list); `extra` goes before the output (muxer flags).
fn take(dir: &Path, name: &str, size: &str, secs: f64, x264: &str, extra: &[&str]) -> PathBuf {
    let path = dir.join(name);
    let out = Command::new("ffmpeg")
        .args(["-hide_banner", "-v", "error", "-y", "-f", "lavfi", "-i"])
        .arg(format!("testsrc2=size={size}:rate=30:duration={secs}"))
        .args(["-f", "lavfi", "-i"])
        .arg(format!(
            "sine=frequency=440:sample_rate=48000:duration={secs}"
        ))
        .args(["-c:v", "libx264", "-preset", x264, "-pix_fmt", "yuv420p"])
        .args(["-c:a", "aac", "-ac", "2", "-ar", "48000"])
        .args(extra)
        .arg(&path)
        .output()
        .expect("ffmpeg runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    path
}

/// (video frames decoded, video seconds, audio seconds) read by ffprobe.
fn decoded(path: &Path) -> (u64, f64, f64) {
    let out = Command::new("ffprobe")
        .args([
            "-v",
            "error",
            "-count_frames",
            "-show_streams",
            "-of",
            "json",
        ])
        .arg(path)
        .output()
        .expect("ffprobe runs");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let streams = json["streams"].as_array().unwrap();
    let of = |kind: &str| streams.iter().find(|s| s["codec_type"] == kind).unwrap();
    let secs = |s: &serde_json::Value| s["duration"].as_str().unwrap().parse::<f64>().unwrap();
    let frames = of("video")["nb_read_frames"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    (frames, secs(of("video")), secs(of("audio")))
}

/// What ffmpeg complains about while decoding every stream.
fn decode_errors(path: &Path) -> String {
    let out = Command::new("ffmpeg")
        .args(["-hide_banner", "-v", "error", "-i"])
        .arg(path)
        .args(["-f", "null", "-"])
        .output()
        .expect("ffmpeg runs");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn position(bytes: &[u8], kind: &[u8; 4]) -> usize {
    bytes.windows(4).position(|w| w == kind).unwrap()
}

#[test]
fn joined_mp4s_play_whole_with_every_frame_and_both_streams() {
    let dir = tempfile::tempdir().unwrap();
    for x264 in ["ultrafast", "veryfast"] {
        let inputs = [
            take(
                dir.path(),
                &format!("{x264}-a.mp4"),
                "320x568",
                1.0,
                x264,
                &[],
            ),
            take(
                dir.path(),
                &format!("{x264}-b.mp4"),
                "320x568",
                1.5,
                x264,
                &[],
            ),
            take(
                dir.path(),
                &format!("{x264}-c.mp4"),
                "320x568",
                0.7,
                x264,
                &[],
            ),
        ];
        let refs: Vec<&Path> = inputs.iter().map(PathBuf::as_path).collect();
        let out = dir.path().join(format!("{x264}-joined.mp4"));
        concat_mp4(&refs, &out, &Cancellation::new())
            .unwrap()
            .unwrap_or_else(|why| panic!("{x264}: {why}"));

        assert_eq!(decode_errors(&out), "", "{x264}");
        let parts: Vec<_> = inputs.iter().map(|p| decoded(p)).collect();
        let (frames, video, audio) = decoded(&out);
        assert_eq!(frames, parts.iter().map(|p| p.0).sum::<u64>(), "{x264}");
        assert_eq!(frames, 96, "{x264}: 30 + 45 + 21 frames");
        let want_video: f64 = parts.iter().map(|p| p.1).sum();
        let want_audio: f64 = parts.iter().map(|p| p.2).sum();
        assert!(
            (video - want_video).abs() < 0.04,
            "{x264}: {video} vs {want_video}"
        );
        assert!(
            (audio - want_audio).abs() < 0.04,
            "{x264}: {audio} vs {want_audio}"
        );
        assert!((audio - 3.2).abs() < 0.05, "{x264}: audio {audio}");
        let bytes = std::fs::read(&out).unwrap();
        assert!(
            position(&bytes, b"moov") < position(&bytes, b"mdat"),
            "faststart"
        );
        let s = summary(&out);
        assert_eq!(
            (s.width, s.height, s.video_codec.as_str()),
            (320, 568, "h264")
        );
        assert!((s.duration - 3.2).abs() < 0.05, "{x264}: {s:?}");
    }
}

#[test]
fn inputs_it_cannot_join_are_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let a = take(dir.path(), "a.mp4", "320x568", 0.5, "ultrafast", &[]);
    let wide = take(dir.path(), "wide.mp4", "568x320", 0.5, "ultrafast", &[]);
    let fragmented = take(
        dir.path(),
        "frag.mp4",
        "320x568",
        0.5,
        "ultrafast",
        &["-movflags", "frag_keyframe+empty_moov"],
    );
    let out = dir.path().join("out.mp4");
    let cancel = Cancellation::new();
    let why = concat_mp4(&[&a, &wide], &out, &cancel)
        .unwrap()
        .unwrap_err();
    assert!(
        why.to_string().contains("sample descriptions differ"),
        "{why}"
    );
    let why = concat_mp4(&[&a, &fragmented], &out, &cancel)
        .unwrap()
        .unwrap_err();
    assert!(why.to_string().contains("fragmented"), "{why}");
    assert!(!out.exists());
    let missing = dir.path().join("missing.mp4");
    assert!(concat_mp4(&[&a, &missing], &out, &cancel).is_err());
    cancel.cancel();
    assert!(concat_mp4(&[&a, &a], &out, &cancel).is_err(), "cancelled");
}

/// The payload of the (first) top-level `mdat` of an MP4 file.
fn mdat_payload(bytes: &[u8]) -> &[u8] {
    let mut at = 0;
    while at + 8 <= bytes.len() {
        let size = u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
        let (header, size) = match size {
            1 => (
                16,
                u64::from_be_bytes(bytes[at + 8..at + 16].try_into().unwrap()) as usize,
            ),
            0 => (8, bytes.len() - at),
            n => (8, n),
        };
        if &bytes[at + 4..at + 8] == b"mdat" {
            return &bytes[at + header..at + size];
        }
        at += size;
    }
    panic!("no mdat")
}

#[tokio::test]
async fn uniform_takes_are_assembled_by_the_box_join_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let inputs: Vec<PathBuf> = (0..3)
        .map(|i| {
            take(
                dir.path(),
                &format!("t{i}.mp4"),
                "720x1280",
                0.8,
                "veryfast",
                &[],
            )
        })
        .collect();
    let out_dir = tempfile::tempdir().unwrap();
    let output = out_dir.path().join("final.mp4");
    let clips = inputs
        .iter()
        .enumerate()
        .map(|(i, p)| clip(p, i + 1, None))
        .collect();
    let request = AssemblyRequest::new(clips, &output, ExportPreset::DraftVertical720);
    let done = assemble(&tools(), &request, RunOptions::default())
        .await
        .unwrap();
    assert_eq!(done.mode, AssemblyMode::StreamCopy);
    // Validated by reading the file back (no ffprobe), with the inputs' pixel format.
    let video = done.info.video.as_ref().unwrap();
    assert_eq!(
        (video.width, video.height, video.pix_fmt.as_str()),
        (720, 1280, "yuv420p")
    );
    let full = probe(&tools(), &output).await.unwrap();
    let header = probe_header(&tools(), &output).await.unwrap();
    assert_eq!(header.duration, full.duration);
    assert_eq!(header.audio, full.audio);
    let (hv, fv) = (header.video.unwrap(), full.video.unwrap());
    assert_eq!((hv.width, hv.height, hv.fps), (fv.width, fv.height, fv.fps));
    // The media payload is the inputs' own, one after another: joined without a remux.
    let joined = std::fs::read(&output).unwrap();
    let payloads: Vec<u8> = inputs
        .iter()
        .flat_map(|p| mdat_payload(&std::fs::read(p).unwrap()).to_vec())
        .collect();
    assert!(mdat_payload(&joined) == payloads.as_slice());
    assert_eq!(decode_errors(&output), "");
    let (frames, video, audio) = decoded(&output);
    assert_eq!(frames, 72);
    assert!(
        (video - 2.4).abs() < 0.04 && (audio - 2.4).abs() < 0.04,
        "{video} {audio}"
    );
    assert_eq!(leftovers(out_dir.path(), &[&output]), Vec::<PathBuf>::new());
}

#[tokio::test]
async fn cached_segments_without_extra_audio_are_box_joined_too() {
    let dir = tempfile::tempdir().unwrap();
    let a = take(dir.path(), "a.mp4", "320x240", 0.8, "ultrafast", &[]);
    let b = take(dir.path(), "b.mp4", "240x320", 1.2, "ultrafast", &[]);
    let cache = SegmentCache::open(dir.path().join("cache"), 50_000_000).unwrap();
    let output = dir.path().join("final.mp4");
    let mut request = AssemblyRequest::new(
        vec![clip(&a, 1, None), clip(&b, 2, None)],
        &output,
        ExportPreset::DraftVertical720,
    );
    request.cache = Some(cache.clone());
    let done = assemble(&tools(), &request, RunOptions::default())
        .await
        .unwrap();
    assert_eq!(
        done.mode,
        AssemblyMode::Segments {
            reused: 0,
            encoded: 2
        }
    );
    // The joined payload is the two cached segments' payloads, in some order of the cache.
    let joined = std::fs::read(&output).unwrap();
    let segments: Vec<Vec<u8>> = leftovers(cache.dir(), &[])
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "mp4"))
        .map(|p| mdat_payload(&std::fs::read(p).unwrap()).to_vec())
        .collect();
    assert_eq!(segments.len(), 2);
    let payload = mdat_payload(&joined);
    let (ab, ba) = (
        [segments[0].clone(), segments[1].clone()].concat(),
        [segments[1].clone(), segments[0].clone()].concat(),
    );
    assert!(payload == ab.as_slice() || payload == ba.as_slice());
    assert_eq!(decode_errors(&output), "");
    let (frames, video, audio) = decoded(&output);
    assert_eq!(frames, 60, "0.8 s + 1.2 s at 30 fps");
    assert!(
        (video - 2.0).abs() < 0.05 && (audio - 2.0).abs() < 0.05,
        "{video} {audio}"
    );
}

#[tokio::test]
async fn stream_copy_assembly_falls_back_to_ffmpeg_for_fragmented_takes() {
    let dir = tempfile::tempdir().unwrap();
    let frag = ["-movflags", "frag_keyframe+empty_moov"];
    let a = take(dir.path(), "a.mp4", "720x1280", 0.5, "ultrafast", &[]);
    let b = take(dir.path(), "b.mp4", "720x1280", 0.5, "ultrafast", &frag);
    let out_dir = tempfile::tempdir().unwrap();
    let output = out_dir.path().join("final.mp4");
    let request = AssemblyRequest::new(
        vec![clip(&a, 1, None), clip(&b, 2, None)],
        &output,
        ExportPreset::DraftVertical720,
    );
    let done = assemble(&tools(), &request, RunOptions::default())
        .await
        .unwrap();
    assert_eq!(done.mode, AssemblyMode::StreamCopy);
    // ffmpeg's concat demuxer joined them (the box join refuses fragmented files).
    let (frames, _, _) = decoded(&output);
    assert_eq!(frames, 30);
    assert_eq!(leftovers(out_dir.path(), &[&output]), Vec::<PathBuf>::new());
}
