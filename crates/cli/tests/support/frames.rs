//! Reading one frame of a video or image as grey bytes, and whether its edge is a black bar:
//! the measurements of the export tests.

use std::path::Path;
use std::process::Command;

/// One grey frame of `file` at `at` seconds: (width, height, luma bytes).
pub fn gray_frame(file: &str, at: f64) -> (usize, usize, Vec<u8>) {
    let info = super::ffprobe_json(Path::new(file));
    let video = info["streams"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["codec_type"] == "video")
        .unwrap();
    let (w, h) = (
        video["width"].as_u64().unwrap() as usize,
        video["height"].as_u64().unwrap() as usize,
    );
    let out = Command::new("ffmpeg")
        .args(["-v", "error"])
        // An image (a cover) has no time to seek to.
        .args(if at > 0.0 {
            vec!["-ss".to_owned(), format!("{at}")]
        } else {
            Vec::new()
        })
        .args(["-i", file])
        .args(["-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "gray", "-"])
        .output()
        .expect("ffmpeg runs");
    assert!(
        out.status.success() && out.stdout.len() == w * h,
        "no frame of {file}"
    );
    (w, h, out.stdout)
}

/// Whether the frame's edge (its two outer rows or columns on `side`) is all near black.
pub fn black_edge(w: usize, h: usize, luma: &[u8], side: &str) -> bool {
    let pixels: Vec<u8> = match side {
        "top" => luma[..2 * w].to_vec(),
        "bottom" => luma[(h - 2) * w..].to_vec(),
        "left" => (0..h)
            .flat_map(|y| [luma[y * w], luma[y * w + 1]])
            .collect(),
        _ => (0..h)
            .flat_map(|y| [luma[y * w + w - 1], luma[y * w + w - 2]])
            .collect(),
    };
    pixels.iter().all(|&v| v < 24)
}
