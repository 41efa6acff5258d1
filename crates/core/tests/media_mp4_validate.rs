//! Validating the box join's output by reading it back with our own MP4 parsing (no
//! ffprobe), on generated clips joined for real: a good join passes and reads as ffprobe
//! reads it; the same file corrupted on disk — its mdat cut short, its moov claiming another
//! size, its audio track gone — fails with the reason.

#[path = "media_fixtures/mod.rs"]
mod fixtures;

use fixtures::tools;
use reelforge_core::media::mp4::concat_mp4;
use reelforge_core::media::validation::validate_box_joined;
use reelforge_core::media::{Cancellation, ExportPreset, MediaError, probe};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

const PRESET: ExportPreset = ExportPreset::DraftVertical720;

fn take(dir: &Path, name: &str, secs: f64) -> PathBuf {
    let path = dir.join(name);
    let out = Command::new("ffmpeg")
        .args(["-hide_banner", "-v", "error", "-y", "-f", "lavfi", "-i"])
        .arg(format!("testsrc2=size=720x1280:rate=30:duration={secs}"))
        .args(["-f", "lavfi", "-i"])
        .arg(format!(
            "sine=frequency=440:sample_rate=48000:duration={secs}"
        ))
        .args([
            "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p",
        ])
        .args(["-c:a", "aac", "-ac", "2", "-ar", "48000"])
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

/// Two takes (0.8 s + 1.2 s) joined at the box level into `name`.
fn joined(dir: &Path, name: &str) -> PathBuf {
    let a = take(dir, &format!("{name}-a.mp4"), 0.8);
    let b = take(dir, &format!("{name}-b.mp4"), 1.2);
    let out = dir.join(name);
    concat_mp4(&[&a, &b], &out, &Cancellation::new())
        .unwrap()
        .unwrap();
    out
}

async fn validate(path: &Path) -> Result<(), String> {
    match validate_box_joined(path, PRESET, Duration::from_secs(2), 2).await {
        Ok(_) => Ok(()),
        Err(MediaError::OutputInvalid(reason)) => Err(reason),
        Err(other) => panic!("not a check failure: {other}"),
    }
}

/// Every position of `kind` in the moov (after the ftyp, whose brands may name `avc1`).
fn positions(bytes: &[u8], kind: &[u8; 4]) -> Vec<usize> {
    let moov = bytes.windows(4).position(|w| w == b"moov").unwrap();
    (moov..bytes.len() - 4)
        .filter(|&i| &bytes[i..i + 4] == kind)
        .collect()
}

fn put_u32(bytes: &mut [u8], at: usize, v: u32) {
    bytes[at..at + 4].copy_from_slice(&v.to_be_bytes());
}

fn be32(bytes: &[u8], at: usize) -> u32 {
    u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap())
}

/// Set the video track header's size (16.16 fixed point, version 0 `tkhd`).
fn set_tkhd_size(bytes: &mut [u8], w: u32, h: u32) {
    let at = positions(bytes, b"tkhd")
        .into_iter()
        .find(|&p| be32(bytes, p + 80) != 0)
        .expect("a video tkhd");
    put_u32(bytes, at + 80, w << 16);
    put_u32(bytes, at + 84, h << 16);
}

#[tokio::test]
async fn a_good_join_passes_and_reads_as_ffprobe_reads_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = joined(dir.path(), "good.mp4");
    let ours = validate_box_joined(&out, PRESET, Duration::from_secs(2), 2)
        .await
        .unwrap();
    let theirs = probe(&tools(), &out).await.unwrap();
    let diff = ours.duration.abs_diff(theirs.duration);
    assert!(diff < Duration::from_millis(30), "{ours:?} vs {theirs:?}");
    assert_eq!(ours.size_bytes, theirs.size_bytes);
    assert_eq!(ours.audio, theirs.audio);
    let (v, fv) = (ours.video.unwrap(), theirs.video.unwrap());
    assert_eq!(
        (&v.codec, v.width, v.height, v.fps, v.sar, v.time_base),
        (&fv.codec, fv.width, fv.height, fv.fps, fv.sar, fv.time_base)
    );
    assert_eq!((&v.profile, &v.pix_fmt), (&fv.profile, &fv.pix_fmt));
    let (vd, fvd) = (v.duration.unwrap(), fv.duration.unwrap());
    assert!(
        vd.abs_diff(fvd) < Duration::from_millis(30),
        "{vd:?} {fvd:?}"
    );
}

#[tokio::test]
async fn a_truncated_mdat_fails_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let out = joined(dir.path(), "cut.mp4");
    let len = std::fs::metadata(&out).unwrap().len();
    let file = std::fs::OpenOptions::new().write(true).open(&out).unwrap();
    file.set_len(len - len / 3).unwrap();
    drop(file);
    let why = validate(&out).await.unwrap_err();
    assert!(
        why.contains("truncated") && why.contains("`mdat`") && why.contains(&len.to_string()),
        "{why}"
    );
}

#[tokio::test]
async fn a_moov_with_the_wrong_dimensions_fails_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let out = joined(dir.path(), "size.mp4");
    let good = std::fs::read(&out).unwrap();

    // Header and sample entry agree on another size: the preset's check names both.
    let mut bytes = good.clone();
    set_tkhd_size(&mut bytes, 1080, 1920);
    for at in positions(&bytes, b"avc1") {
        bytes[at + 28..at + 32].copy_from_slice(&[0x04, 0x38, 0x07, 0x80]);
    }
    std::fs::write(&out, &bytes).unwrap();
    let why = validate(&out).await.unwrap_err();
    assert!(
        why.contains("it is 1080×1920, the preset needs 720×1280"),
        "{why}"
    );

    // Only the track header changed: the file contradicts itself.
    let mut bytes = good;
    set_tkhd_size(&mut bytes, 640, 1136);
    std::fs::write(&out, &bytes).unwrap();
    let why = validate(&out).await.unwrap_err();
    assert!(
        why.contains("track header says 640×1136, its sample entry 720×1280"),
        "{why}"
    );
}

#[tokio::test]
async fn a_missing_audio_track_fails_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let out = joined(dir.path(), "mute.mp4");
    let mut bytes = std::fs::read(&out).unwrap();
    // The audio `trak` becomes a `free` box of the same size: the moov keeps one track.
    let audio = positions(&bytes, b"trak")
        .into_iter()
        .find(|&p| {
            let size = be32(&bytes, p - 4) as usize;
            bytes[p..p - 4 + size].windows(4).any(|w| w == b"soun")
        })
        .expect("an audio trak");
    bytes[audio..audio + 4].copy_from_slice(b"free");
    std::fs::write(&out, &bytes).unwrap();
    let why = validate(&out).await.unwrap_err();
    assert_eq!(why, "it has no audio stream");
}

#[tokio::test]
async fn tables_that_disagree_or_point_outside_the_mdat_fail() {
    let dir = tempfile::tempdir().unwrap();
    let out = joined(dir.path(), "tables.mp4");
    let good = std::fs::read(&out).unwrap();
    // A video chunk offset moved past the end of the file.
    let mut bytes = good.clone();
    let stco = positions(&bytes, b"stco")[0];
    let len = bytes.len() as u32;
    put_u32(&mut bytes, stco + 12, len);
    std::fs::write(&out, &bytes).unwrap();
    let why = validate(&out).await.unwrap_err();
    assert!(why.contains("outside the mdat"), "{why}");
    // One sample fewer in the sample-size table than the chunks hold.
    let mut bytes = good;
    let stsz = positions(&bytes, b"stsz")[0];
    let count = be32(&bytes, stsz + 12);
    put_u32(&mut bytes, stsz + 12, count - 1);
    std::fs::write(&out, &bytes).unwrap();
    let why = validate(&out).await.unwrap_err();
    assert!(why.contains("track"), "{why}");
}
