//! The local provider's ffmpeg command lines, built purely so they are unit-tested without
//! running ffmpeg: an animated gradient card showing the prompt (text-to-video) and a slow
//! zoom over the reference image (image-to-video), both H.264 at the segment's size.

use crate::media::FfmpegArgs;
use reelforge_protocol::AspectRatio;
use std::path::Path;

/// Frames per second of local clips.
pub const FPS: u32 = 30;
const MAX_LINES: usize = 8;

/// The frame size for `ratio` with `short_side` pixels on the short side (even numbers).
pub fn frame_size(ratio: AspectRatio, short_side: u32) -> (u32, u32) {
    let even = |v: u32| v / 2 * 2;
    match ratio {
        AspectRatio::Portrait => (short_side, even(short_side * 16 / 9)),
        AspectRatio::Landscape => (even(short_side * 16 / 9), short_side),
        AspectRatio::Square => (short_side, short_side),
        AspectRatio::Feed => (short_side, even(short_side * 5 / 4)),
    }
}

/// Wraps `text` into lines of at most `width` characters (longer words are cut), keeping at
/// most eight lines and marking a cut with `…`.
pub fn wrap_text(text: &str, width: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let word: String = word.chars().take(width).collect();
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.len() > MAX_LINES {
        lines.truncate(MAX_LINES);
        if let Some(last) = lines.last_mut() {
            last.push('…');
        }
    }
    lines.join("\n")
}

/// A path as a single-quoted filter value; `None` when it holds a quote.
fn quoted(path: &Path) -> Option<String> {
    let text = path.to_str()?;
    (!text.contains('\'')).then(|| format!("'{text}'"))
}

fn encode(args: &mut FfmpegArgs, duration_s: u32, out: &Path) {
    args.arg("-t")
        .arg(duration_s.to_string())
        .arg("-r")
        .arg(FPS.to_string())
        .args([
            "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p",
        ])
        .args(["-movflags", "+faststart", "-an"])
        .output(out);
}

/// Text-to-video: a moving gradient with the text of `text_file`, centred and gently moving.
pub fn text_card_args(
    text_file: &Path,
    size: (u32, u32),
    duration_s: u32,
    out: &Path,
) -> Option<FfmpegArgs> {
    let (w, h) = size;
    let font_size = w.min(h) / 14;
    let mut args = FfmpegArgs::new();
    args.lavfi_input(&format!(
        "gradients=s={w}x{h}:r={FPS}:d={duration_s}:speed=0.015:c0=0x1e3a8a:c1=0x7c3aed:c2=0x0f766e"
    ));
    let vf = format!(
        "drawtext=textfile={}:expansion=none:font=Sans:fontcolor=white:fontsize={font_size}:\
         line_spacing={}:box=1:boxcolor=black@0.35:boxborderw={}:\
         x=(w-text_w)/2:y=(h-text_h)/2+{}*sin(t*1.3)",
        quoted(text_file)?,
        font_size / 3,
        font_size / 2,
        h / 60
    );
    args.args(["-vf", &vf]);
    encode(&mut args, duration_s, out);
    Some(args)
}

/// Image-to-video: a slow centred zoom over `image`, filling the frame.
pub fn pan_zoom_args(image: &Path, size: (u32, u32), duration_s: u32, out: &Path) -> FfmpegArgs {
    let (w, h) = size;
    let frames = duration_s * FPS;
    let mut args = FfmpegArgs::new();
    args.input(image);
    let vf = format!(
        "scale={sw}:{sh}:force_original_aspect_ratio=increase,crop={sw}:{sh},\
         zoompan=z='min(1+0.2*on/{frames},1.2)':x='iw/2-(iw/zoom/2)':y='ih/2-(ih/zoom/2)':\
         d={frames}:s={w}x{h}:fps={FPS},format=yuv420p",
        sw = w * 2,
        sh = h * 2
    );
    args.args(["-vf", &vf]);
    encode(&mut args, duration_s, out);
    args
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frame_sizes_follow_the_aspect_ratio() {
        assert_eq!(frame_size(AspectRatio::Portrait, 720), (720, 1280));
        assert_eq!(frame_size(AspectRatio::Landscape, 720), (1280, 720));
        assert_eq!(frame_size(AspectRatio::Square, 720), (720, 720));
        assert_eq!(frame_size(AspectRatio::Feed, 720), (720, 900));
    }

    #[test]
    fn text_wraps_on_words_and_is_capped() {
        assert_eq!(
            wrap_text("A cat coding at night", 10),
            "A cat\ncoding at\nnight"
        );
        let long = "word ".repeat(100);
        let wrapped = wrap_text(&long, 12);
        assert_eq!(wrapped.lines().count(), 8);
        assert!(wrapped.ends_with('…'));
        assert_eq!(wrap_text("abcdefghijkl", 5), "abcde");
    }

    #[test]
    fn command_lines_stay_on_local_files_and_encode_h264() {
        let out = Path::new("/tmp/out.mp4");
        let card = text_card_args(Path::new("/tmp/p.txt"), (720, 1280), 5, out).unwrap();
        let line = card.to_command_line();
        assert!(card.inputs_are_whitelisted());
        assert!(line.contains("gradients=s=720x1280"), "{line}");
        assert!(line.contains("textfile='/tmp/p.txt'"), "{line}");
        assert!(line.contains("libx264") && line.contains("-t 5"), "{line}");
        assert!(text_card_args(Path::new("/tmp/it's.txt"), (720, 1280), 5, out).is_none());

        let zoom = pan_zoom_args(Path::new("/tmp/ref.png"), (1280, 720), 4, out);
        assert!(zoom.inputs_are_whitelisted());
        assert!(zoom.to_command_line().contains("d=120:s=1280x720"));
    }
}
