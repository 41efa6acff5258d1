//! Shared pieces of the media tests: clips generated with ffmpeg's lavfi sources into a temp
//! folder, and an ffprobe summary read independently of the code under test.

#![allow(dead_code)]

use reelforge_core::media::{Clip, MediaTools};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The tools found on this machine (configured path unset → sidecar → PATH).
pub fn tools() -> MediaTools {
    MediaTools::resolve(None).expect("ffmpeg and ffprobe are installed for the media tests")
}

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct ClipSpec {
    pub width: u32,
    pub height: u32,
    pub fps: u32,
    pub secs: f64,
    /// `Some((sample_rate, channels))` for a sine tone, `None` for no audio stream.
    pub audio: Option<(u32, u32)>,
}

impl ClipSpec {
    pub fn new(width: u32, height: u32, fps: u32, secs: f64) -> Self {
        Self {
            width,
            height,
            fps,
            secs,
            audio: Some((48_000, 2)),
        }
    }

    pub fn silent(mut self) -> Self {
        self.audio = None;
        self
    }

    pub fn audio(mut self, rate: u32, channels: u32) -> Self {
        self.audio = Some((rate, channels));
        self
    }
}

fn ffmpeg(args: &[&str]) {
    let out = Command::new("ffmpeg")
        .args(["-hide_banner", "-v", "error", "-y"])
        .args(args)
        .output()
        .expect("ffmpeg runs");
    assert!(
        out.status.success(),
        "ffmpeg {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A silent 360×640 H.264 clip of one flat `colour` (so any change in the picture is a
/// caption).
pub fn flat_clip(dir: &Path, name: &str, colour: &str, secs: f64) -> PathBuf {
    let path = dir.join(name);
    let source = format!("color=c={colour}:s=360x640:r=30:d={secs}");
    let out = path.to_str().expect("UTF-8 test path");
    ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        &source,
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        "-pix_fmt",
        "yuv420p",
        out,
    ]);
    path
}

/// Generate an H.264 (+ AAC) clip: testsrc picture, sine tone.
pub fn make_clip(dir: &Path, name: &str, spec: ClipSpec) -> PathBuf {
    let path = dir.join(name);
    let video = format!(
        "testsrc=size={}x{}:rate={}:duration={}",
        spec.width, spec.height, spec.fps, spec.secs
    );
    // libx264 needs even sizes in 4:2:0; odd test sizes are encoded 4:4:4.
    let odd = spec.width % 2 == 1 || spec.height % 2 == 1;
    let pix_fmt = if odd { "yuv444p" } else { "yuv420p" };
    let mut args: Vec<String> = ["-f", "lavfi", "-i", &video]
        .iter()
        .map(|s| s.to_string())
        .collect();
    if let Some((rate, channels)) = spec.audio {
        let layout = if channels == 1 { "mono" } else { "stereo" };
        args.extend([
            "-f".to_owned(),
            "lavfi".to_owned(),
            "-i".to_owned(),
            format!(
                "sine=frequency=330:sample_rate={rate}:duration={}",
                spec.secs
            ),
            "-c:a".to_owned(),
            "aac".to_owned(),
            "-ac".to_owned(),
            channels.to_string(),
            "-channel_layout".to_owned(),
            layout.to_owned(),
        ]);
    }
    args.extend(
        [
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-pix_fmt",
            pix_fmt,
            "-shortest",
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    args.push(path.to_string_lossy().into_owned());
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    ffmpeg(&refs);
    path
}

/// Generate an audio-only file (music bed or voice-over): a sine tone.
pub fn make_tone(dir: &Path, name: &str, frequency: u32, secs: f64) -> PathBuf {
    let path = dir.join(name);
    let src = format!("sine=frequency={frequency}:sample_rate=44100:duration={secs}");
    ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        &src,
        "-c:a",
        "aac",
        path.to_str().unwrap(),
    ]);
    path
}

/// A clip entry labelled like the app labels segments.
pub fn clip(path: &Path, index: usize, narration: Option<&str>) -> Clip {
    Clip {
        path: path.to_owned(),
        narration: narration.map(str::to_owned),
        label: format!("segment {index}"),
        voice: None,
    }
}

/// What ffprobe says about a finished file, read without the code under test.
#[derive(Debug)]
pub struct Summary {
    pub duration: f64,
    pub width: u32,
    pub height: u32,
    pub fps: String,
    pub video_codec: String,
    pub audio_codec: Option<String>,
    pub sample_rate: Option<u32>,
}

pub fn summary(path: &Path) -> Summary {
    let out = Command::new("ffprobe")
        .args([
            "-v",
            "error",
            "-show_streams",
            "-show_format",
            "-of",
            "json",
        ])
        .arg(path)
        .output()
        .expect("ffprobe runs");
    assert!(out.status.success(), "ffprobe {}", path.display());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let streams = json["streams"].as_array().unwrap();
    let of = |kind: &str| streams.iter().find(|s| s["codec_type"] == kind);
    let video = of("video").expect("a video stream");
    let audio = of("audio");
    Summary {
        duration: json["format"]["duration"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap(),
        width: video["width"].as_u64().unwrap() as u32,
        height: video["height"].as_u64().unwrap() as u32,
        fps: video["r_frame_rate"].as_str().unwrap().to_owned(),
        video_codec: video["codec_name"].as_str().unwrap().to_owned(),
        audio_codec: audio.map(|a| a["codec_name"].as_str().unwrap().to_owned()),
        sample_rate: audio.map(|a| a["sample_rate"].as_str().unwrap().parse().unwrap()),
    }
}

/// Files in `dir` other than `keep`: what an assembly left behind.
pub fn leftovers(dir: &Path, keep: &[&Path]) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !keep.contains(&p.as_path()))
        .collect()
}

/// One frame at `at` seconds as 8-bit grey pixels, `width`×`height`.
pub fn grey_frame(path: &Path, at: f64, width: u32, height: u32) -> Vec<u8> {
    let out = Command::new("ffmpeg")
        .args(["-hide_banner", "-v", "error", "-ss", &at.to_string(), "-i"])
        .arg(path)
        .args(["-frames:v", "1", "-vf"])
        .arg(format!("scale={width}:{height},format=gray"))
        .args(["-f", "rawvideo", "pipe:1"])
        .output()
        .expect("ffmpeg runs");
    assert!(out.status.success());
    out.stdout
}

/// RMS level (dB) of the audio of `path` between `from` and `to` seconds, after `filter`.
pub fn rms_db(path: &Path, from: f64, to: f64, filter: &str) -> f64 {
    let af = format!(
        "atrim={from}:{to},{filter},astats=measure_overall=RMS_level:measure_perchannel=none"
    );
    let out = Command::new("ffmpeg")
        .args(["-hide_banner", "-nostats", "-i"])
        .arg(path)
        .args(["-af", &af, "-f", "null", "-"])
        .output()
        .expect("ffmpeg runs");
    let text = String::from_utf8_lossy(&out.stderr);
    text.lines()
        .filter_map(|l| l.split_once("RMS level dB:"))
        .filter_map(|(_, v)| v.trim().parse().ok())
        .next_back()
        .unwrap_or_else(|| panic!("no RMS in {text}"))
}
