//! The local provider's pictures, rendered by the real ffmpeg from the command lines the
//! provider runs: a text-to-video clip is a moving background (its frames change over time),
//! consecutive segments look different, the same prompt renders the same clip as its seed
//! does, and no words are drawn (no sharp edge anywhere in the frame, where the old text card
//! had glyphs); an image-to-video clip moves over its reference image.

#[path = "media_fixtures/mod.rs"]
mod fixtures;

use fixtures::{grey_frame, summary, tools};
use reelforge_core::media::{RunOptions, run_ffmpeg};
use reelforge_core::providers::GenerationRequest;
use reelforge_core::providers::local_background::{BackgroundDesign, background_args};
use reelforge_core::providers::local_render::render_args;
use reelforge_protocol::{AspectRatio, GenerationMode};
use std::path::{Path, PathBuf};
use std::process::Command;

const WIDTH: u32 = 720;
const HEIGHT: u32 = 1280;
const STYLE: &str = "Clean modern look, soft natural light, shallow depth of field.";

fn request(mode: GenerationMode, prompt: &str, references: Vec<String>) -> GenerationRequest {
    GenerationRequest {
        model: "ffmpeg-motion".into(),
        mode,
        prompt: prompt.into(),
        duration_s: 2,
        aspect_ratio: AspectRatio::Portrait,
        reference_paths: references,
        seed: None,
    }
}

/// Renders `request` as the provider does, into `dir/name.mp4`.
async fn render(dir: &Path, name: &str, request: &GenerationRequest) -> PathBuf {
    let out = dir.join(format!("{name}.mp4"));
    let args = render_args(request, &out).expect("a command line");
    run_ffmpeg(&tools(), args, RunOptions::default())
        .await
        .expect("the render succeeds");
    out
}

/// Mean absolute difference of two grey frames.
fn mean_diff(a: &[u8], b: &[u8]) -> f64 {
    assert_eq!(a.len(), b.len());
    let sum: u64 = a
        .iter()
        .zip(b)
        .map(|(x, y)| u64::from(x.abs_diff(*y)))
        .sum();
    sum as f64 / a.len() as f64
}

/// The largest step between horizontally or vertically neighbouring pixels: glyphs make
/// steps of well over a hundred grey levels; a soft background only a few.
fn sharpest_edge(frame: &[u8], width: usize) -> u8 {
    let across = frame
        .chunks(width)
        .flat_map(|row| row.windows(2).map(|p| p[0].abs_diff(p[1])));
    let down = frame
        .chunks(width)
        .zip(frame.chunks(width).skip(1))
        .flat_map(|(r0, r1)| r0.iter().zip(r1).map(|(a, b)| a.abs_diff(*b)));
    across.chain(down).max().unwrap_or(0)
}

fn frame(path: &Path, at: f64) -> Vec<u8> {
    grey_frame(path, at, WIDTH, HEIGHT)
}

#[tokio::test]
async fn text_to_video_is_a_moving_background_without_words() {
    let dir = tempfile::tempdir().unwrap();
    let first = format!("{STYLE} Trois astuces Python pour gagner du temps");
    let second = format!("{STYLE} Astuce 1 : enumerate au lieu de range(len())");
    let a = render(
        dir.path(),
        "a",
        &request(GenerationMode::TextToVideo, &first, vec![]),
    )
    .await;
    let b = render(
        dir.path(),
        "b",
        &request(GenerationMode::TextToVideo, &second, vec![]),
    )
    .await;

    let clip = summary(&a);
    assert_eq!((clip.width, clip.height), (WIDTH, HEIGHT), "{clip:?}");
    assert!((clip.duration - 2.0).abs() < 0.1, "{clip:?}");
    assert_eq!(clip.video_codec, "h264", "{clip:?}");

    let (start, end) = (frame(&a, 0.1), frame(&a, 1.9));
    let motion = mean_diff(&start, &end);
    assert!(motion > 1.0, "the background moves: {motion}");

    let apart = mean_diff(&frame(&a, 1.0), &frame(&b, 1.0));
    assert!(apart > 4.0, "consecutive segments differ: {apart}");

    for at in [0.1, 1.0, 1.9] {
        let edge = sharpest_edge(&frame(&a, at), WIDTH as usize);
        assert!(
            edge < 40,
            "a sharp edge of {edge} at {at} s: something is drawn"
        );
    }

    let seeded = dir.path().join("seeded.mp4");
    let design = BackgroundDesign::for_prompt(&first);
    let args = background_args(&design, (WIDTH, HEIGHT), 2, &seeded);
    run_ffmpeg(&tools(), args, RunOptions::default())
        .await
        .unwrap();
    let same = mean_diff(&frame(&a, 1.0), &frame(&seeded, 1.0));
    assert!(same < 0.5, "the prompt's render is its seed's: {same}");
}

#[tokio::test]
async fn image_to_video_moves_over_the_reference_image() {
    let dir = tempfile::tempdir().unwrap();
    let image = dir.path().join("reference.png");
    let made = Command::new("ffmpeg")
        .args(["-hide_banner", "-v", "error", "-f", "lavfi", "-i"])
        .arg("testsrc2=s=640x480")
        .args(["-frames:v", "1"])
        .arg(&image)
        .status()
        .expect("ffmpeg runs");
    assert!(made.success());
    let references = vec![image.to_string_lossy().into_owned()];
    let clip = render(
        dir.path(),
        "zoom",
        &request(GenerationMode::ImageToVideo, STYLE, references),
    )
    .await;
    let motion = mean_diff(&frame(&clip, 0.1), &frame(&clip, 1.9));
    assert!(motion > 1.0, "the reference image moves: {motion}");
    let edge = sharpest_edge(&frame(&clip, 1.0), WIDTH as usize);
    assert!(edge > 60, "the reference image's own edges show: {edge}");
}
