//! The local provider's ffmpeg command lines, built purely so they are unit-tested without
//! running ffmpeg: the command for a request ([`render_args`]), the frame size, the shared
//! H.264 output options and a slow zoom over the reference image (image-to-video). The text-to-video background is
//! [`super::local_background`].

use super::local::invalid;
use super::local_background::{BackgroundDesign, background_args};
use super::{GenerationRequest, ProviderError};
use crate::media::FfmpegArgs;
use reelforge_protocol::{AspectRatio, GenerationMode};
use std::path::Path;

/// Frames per second of local clips.
pub const FPS: u32 = 30;
/// Pixels on the short side of local clips.
const SHORT_SIDE: u32 = 720;

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

/// The output options every local clip shares: `duration_s` s of H.264 at [`FPS`], no audio.
pub(super) fn encode(args: &mut FfmpegArgs, duration_s: u32, out: &Path) {
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

/// The ffmpeg command line rendering `request` into `out`: text-to-video draws the designed
/// moving background seeded from the prompt (never the prompt's words), image-to-video a
/// slow zoom over the first reference image.
pub fn render_args(request: &GenerationRequest, out: &Path) -> Result<FfmpegArgs, ProviderError> {
    let size = frame_size(request.aspect_ratio, SHORT_SIDE);
    match request.mode {
        GenerationMode::TextToVideo => {
            let design = BackgroundDesign::for_prompt(&request.prompt);
            Ok(background_args(&design, size, request.duration_s, out))
        }
        GenerationMode::ImageToVideo => {
            let image = request
                .reference_paths
                .first()
                .ok_or_else(|| invalid("image-to-video needs a reference image"))?;
            Ok(pan_zoom_args(
                Path::new(image),
                size,
                request.duration_s,
                out,
            ))
        }
        other => Err(invalid(format!("the local provider does not do {other}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::{ErrorClass, TerminalReason};

    fn request(mode: GenerationMode, prompt: &str, references: &[&str]) -> GenerationRequest {
        GenerationRequest {
            model: "ffmpeg-motion".into(),
            mode,
            prompt: prompt.into(),
            duration_s: 5,
            aspect_ratio: AspectRatio::Portrait,
            reference_paths: references.iter().map(|r| (*r).to_owned()).collect(),
            seed: None,
        }
    }

    #[test]
    fn text_to_video_draws_the_prompts_background_and_never_its_words() {
        let prompt = "Clean modern look, soft natural light. Trois astuces Python";
        let out = Path::new("/tmp/out.mp4");
        let args = render_args(&request(GenerationMode::TextToVideo, prompt, &[]), out).unwrap();
        let line = args.to_command_line();
        let design = BackgroundDesign::for_prompt(prompt);
        assert_eq!(
            line,
            background_args(&design, (720, 1280), 5, out).to_command_line()
        );
        assert!(
            !line.contains("drawtext") && !line.contains("textfile"),
            "{line}"
        );
        for word in prompt.split_whitespace() {
            assert!(!line.contains(word), "{word} in {line}");
        }
    }

    #[test]
    fn image_to_video_moves_over_the_reference_image() {
        let out = Path::new("/tmp/out.mp4");
        let with_image = request(GenerationMode::ImageToVideo, "x", &["/tmp/ref.png"]);
        let line = render_args(&with_image, out).unwrap().to_command_line();
        assert!(
            line.contains("file:/tmp/ref.png") && line.contains("zoompan"),
            "{line}"
        );
        let without = request(GenerationMode::ImageToVideo, "x", &[]);
        let err = render_args(&without, out).unwrap_err();
        assert_eq!(
            err.class,
            ErrorClass::Terminal(TerminalReason::InvalidInput)
        );
    }

    #[test]
    fn frame_sizes_follow_the_aspect_ratio() {
        assert_eq!(frame_size(AspectRatio::Portrait, 720), (720, 1280));
        assert_eq!(frame_size(AspectRatio::Landscape, 720), (1280, 720));
        assert_eq!(frame_size(AspectRatio::Square, 720), (720, 720));
        assert_eq!(frame_size(AspectRatio::Feed, 720), (720, 900));
    }

    #[test]
    fn pan_and_zoom_stays_on_the_local_image_and_encodes_h264() {
        let out = Path::new("/tmp/out.mp4");
        let zoom = pan_zoom_args(Path::new("/tmp/ref.png"), (1280, 720), 4, out);
        assert!(zoom.inputs_are_whitelisted());
        let line = zoom.to_command_line();
        assert!(line.contains("d=120:s=1280x720"), "{line}");
        assert!(line.contains("libx264") && line.contains("-t 4"), "{line}");
    }
}
