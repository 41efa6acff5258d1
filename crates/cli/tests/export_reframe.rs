//! `reelforge export --reframe blur|crop` measured on real pictures (issue 18, real ffmpeg):
//! a 9:16 job whose take is a sharp checkerboard (own clip) exported to 16:9 over a blurred
//! fill is 1920×1080 without bars, its centre is the sharp source (PSNR against the source
//! scaled the same way) and its sides are blurred (little edge energy); cropped around a focus
//! at the top or at the bottom, the two files differ and each matches its own part of the
//! source (PSNR against the source cropped there).

mod support;

use serde_json::Value;
use std::path::Path;
use std::process::Command;
use std::time::Duration;
use support::frames::{black_edge, gray_frame};

const RUN_LIMIT: Duration = Duration::from_secs(600);

fn json(data: &Path, args: &[&str]) -> Value {
    support::success_json(args, &support::reelforge_within(data, args, RUN_LIMIT))
}

/// A still 1080×1920 checkerboard of 16 px squares whose brightness grows from top to bottom
/// (the top and the bottom of the picture differ), two seconds of H.264 at high quality.
fn checkerboard_clip(dir: &Path) -> String {
    let clip = dir.join("checkerboard.mp4");
    let made = Command::new("ffmpeg")
        .args(["-v", "error", "-y", "-f", "lavfi", "-i"])
        .arg(
            "color=c=black:s=1080x1920:r=30:d=1,format=gray,\
             geq=lum='(40+160*mod(floor(X/16)+floor(Y/16),2))*(0.35+0.65*Y/H)',\
             trim=end_frame=1,loop=loop=59:size=1,setpts=N/30/TB,format=yuv420p",
        )
        .args(["-c:v", "libx264", "-preset", "ultrafast", "-crf", "10"])
        .arg(&clip)
        .status()
        .expect("ffmpeg runs");
    assert!(made.success());
    clip.to_str().unwrap().to_owned()
}

/// A one-segment 9:16 job, generated (a job must be generated to be exported), then with
/// `clip` as its take.
fn vertical_job_with_clip(data: &Path, clip: &str) -> String {
    let job = json(
        data,
        &[
            "jobs",
            "create",
            "--title",
            "Reframe me",
            "--segments",
            "1",
            "--aspect",
            "9:16",
            "--provider",
            "local",
            "--duration",
            "1",
            "--json",
        ],
    );
    let id = job["id"].as_str().unwrap().to_owned();
    json(
        data,
        &[
            "jobs",
            "configure",
            &id,
            "--prompt",
            "A chessboard",
            "--json",
        ],
    );
    json(data, &["generate", &id, "--wait", "--json"]);
    json(
        data,
        &[
            "jobs", "clip", &id, "1", clip, "--in", "0", "--out", "2", "--json",
        ],
    );
    id
}

/// The YouTube (16:9) export of `job` without captions or narration, with `extra` options.
fn youtube_export(data: &Path, job: &str, extra: &[&str]) -> String {
    let base = [
        "export",
        job,
        "--format",
        "youtube",
        "--no-narration",
        "--captions",
        "none",
        "--json",
    ];
    let result = json(data, &[&base[..], extra].concat());
    result["exports"][0]["path"].as_str().unwrap().to_owned()
}

/// The first frame of `file` passed through the filter `vf`, kept as a PNG beside it:
/// (width, height, luma).
fn filtered_frame(file: &str, vf: &str, name: &str) -> (usize, usize, Vec<u8>) {
    let still = Path::new(file).with_file_name(format!("{name}.png"));
    let made = Command::new("ffmpeg")
        .args(["-v", "error", "-y", "-i", file, "-vf", vf, "-frames:v", "1"])
        .arg(&still)
        .status()
        .expect("ffmpeg runs");
    assert!(made.success(), "{vf}");
    gray_frame(still.to_str().unwrap(), 0.0)
}

/// PSNR (dB) between the `cols`×`rows` region of `a` (width `aw`) at (`ax`, 0) and of `b`
/// (width `bw`) at (`bx`, 0).
fn psnr(a: (&[u8], usize, usize), b: (&[u8], usize, usize), cols: usize, rows: usize) -> f64 {
    let (a, aw, ax) = a;
    let (b, bw, bx) = b;
    let mut sum = 0.0;
    for y in 0..rows {
        for x in 0..cols {
            let d = f64::from(a[y * aw + ax + x]) - f64::from(b[y * bw + bx + x]);
            sum += d * d;
        }
    }
    let mse = sum / (cols * rows) as f64;
    10.0 * (255.0f64 * 255.0 / mse.max(1e-9)).log10()
}

/// Mean absolute Laplacian over columns `x0..x1` (rows 1..h-1): the picture's fine detail.
fn edge_energy(w: usize, h: usize, luma: &[u8], x0: usize, x1: usize) -> f64 {
    let at = |x: usize, y: usize| f64::from(luma[y * w + x]);
    let mut sum = 0.0;
    let mut count = 0usize;
    for y in 1..h - 1 {
        for x in x0.max(1)..x1.min(w - 1) {
            let lap = 4.0 * at(x, y) - at(x - 1, y) - at(x + 1, y) - at(x, y - 1) - at(x, y + 1);
            sum += lap.abs();
            count += 1;
        }
    }
    sum / count as f64
}

#[test]
fn blur_keeps_the_sharp_picture_in_the_middle_over_a_blurred_fill() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let clip = checkerboard_clip(d);
    let job = vertical_job_with_clip(d, &clip);
    let wide = youtube_export(d, &job, &["--reframe", "blur"]);
    let (w, h, luma) = gray_frame(&wide, 0.5);
    assert_eq!((w, h), (1920, 1080));
    for side in ["top", "bottom", "left", "right"] {
        assert!(!black_edge(w, h, &luma, side), "a black bar at the {side}");
    }

    // The source fitted inside 1920×1080 the same way, centred.
    let (rw, rh, reference) = filtered_frame(
        &clip,
        "scale=1920:1080:force_original_aspect_ratio=decrease:force_divisible_by=2",
        "fitted",
    );
    assert_eq!(rh, h);
    let left = (w - rw) / 2;
    let margin = 8;
    let centre = psnr(
        (&luma, w, left + margin),
        (&reference, rw, margin),
        rw - 2 * margin,
        h,
    );
    println!("blur: centre PSNR against the scaled source {centre:.1} dB");
    assert!(
        centre > 28.0,
        "the centre is the sharp source: {centre:.1} dB"
    );

    let sharp = edge_energy(w, h, &luma, left + margin, left + rw - margin);
    let fill_left = edge_energy(w, h, &luma, 0, left - margin);
    let fill_right = edge_energy(w, h, &luma, left + rw + margin, w);
    println!(
        "blur: edge energy centre {sharp:.2}, left fill {fill_left:.2}, right fill {fill_right:.2}"
    );
    assert!(
        fill_left * 10.0 < sharp && fill_right * 10.0 < sharp,
        "the sides are blurred: {fill_left:.2} / {fill_right:.2} against {sharp:.2}"
    );
}

#[test]
fn cropping_around_a_focus_keeps_that_part_of_the_source() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let clip = checkerboard_clip(d);
    let job = vertical_job_with_clip(d, &clip);
    json(d, &["focus", &job, "1", "500,0", "--json"]);
    let topped = youtube_export(d, &job, &["--reframe", "crop"]);
    json(d, &["focus", &job, "1", "500,1000", "--json"]);
    let bottomed = youtube_export(d, &job, &["--reframe", "crop"]);

    // 1080×606 is the largest 16:9 part of a 1080×1920 picture (even sizes).
    let (_, _, top_source) = filtered_frame(&clip, "crop=1080:606:0:0,scale=1920:1080", "top");
    let (_, _, bottom_source) =
        filtered_frame(&clip, "crop=1080:606:0:1314,scale=1920:1080", "bottom");
    let (w, h, top) = gray_frame(&topped, 0.5);
    let (_, _, bottom) = gray_frame(&bottomed, 0.5);
    assert_eq!((w, h), (1920, 1080));
    let compare = |a: &[u8], b: &[u8]| psnr((a, w, 0), (b, w, 0), w, h);
    let (top_match, top_other) = (compare(&top, &top_source), compare(&top, &bottom_source));
    let (bottom_match, bottom_other) = (
        compare(&bottom, &bottom_source),
        compare(&bottom, &top_source),
    );
    println!(
        "crop: top focus {top_match:.1} dB against the source's top, {top_other:.1} against its \
         bottom; bottom focus {bottom_match:.1} / {bottom_other:.1} dB"
    );
    assert!(compare(&top, &bottom) < 20.0, "the two crops differ");
    assert!(top_match > 26.0 && top_match > top_other + 6.0);
    assert!(bottom_match > 26.0 && bottom_match > bottom_other + 6.0);
}
