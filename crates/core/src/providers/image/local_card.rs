//! The local image provider's ffmpeg command line, built purely so it is unit-tested without
//! running ffmpeg: one still of the designed background the local video provider draws
//! ([`crate::providers::local_background`]: palette, glows and vignette chosen from a seed
//! hashed from the prompt), at the keyframe size of the job's aspect ratio, as a PNG.
//!
//! Like the local video, the card never draws the prompt's words: the prompt is a visual
//! direction for a model, and a keyframe becomes the first frame of its segment's clip, under
//! captions chosen later.

use crate::media::FfmpegArgs;
use crate::providers::local_background::{BackgroundDesign, background_graph};
use crate::providers::local_render::frame_size;
use reelforge_protocol::AspectRatio;
use std::path::Path;

/// Pixels on the short side of a local keyframe (1080×1920 in 9:16).
pub const SHORT_SIDE: u32 = 1080;

/// The keyframe size for `ratio`.
pub fn card_size(ratio: AspectRatio) -> (u32, u32) {
    frame_size(ratio, SHORT_SIDE)
}

/// The ffmpeg command line drawing the card of `prompt` at `ratio`'s size into `png`.
pub fn card_args(prompt: &str, ratio: AspectRatio, png: &Path) -> FfmpegArgs {
    let design = BackgroundDesign::for_prompt(prompt);
    let mut args = FfmpegArgs::new();
    args.lavfi_input(&background_graph(&design, card_size(ratio), 1))
        .args(["-frames:v", "1", "-an"])
        .args(["-c:v", "png", "-f", "image2", "-update", "1"])
        .output(png);
    args
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_card_is_one_png_still_of_the_prompts_design_without_its_words() {
        let prompt = "Cinematic, warm light. A fox in a snowy forest";
        let out = Path::new("/tmp/card.png");
        let args = card_args(prompt, AspectRatio::Portrait, out);
        assert!(args.inputs_are_whitelisted());
        let line = args.to_command_line();
        assert!(line.contains("scale=1080:1920"), "{line}");
        assert!(
            line.contains("-frames:v 1") && line.contains("-c:v png"),
            "{line}"
        );
        assert!(!line.contains("drawtext"), "{line}");
        // Words long enough not to occur by chance in filter names ("in", "a").
        for word in prompt.split_whitespace().filter(|w| w.len() > 3) {
            assert!(!line.contains(word), "{word} in {line}");
        }
        assert_eq!(
            line,
            card_args(prompt, AspectRatio::Portrait, out).to_command_line()
        );
        let other = card_args("A city at dusk", AspectRatio::Portrait, out).to_command_line();
        assert_ne!(line, other, "different prompts give different cards");
    }

    #[test]
    fn card_sizes_follow_the_aspect_ratio() {
        assert_eq!(card_size(AspectRatio::Portrait), (1080, 1920));
        assert_eq!(card_size(AspectRatio::Landscape), (1920, 1080));
        assert_eq!(card_size(AspectRatio::Square), (1080, 1080));
        assert_eq!(card_size(AspectRatio::Feed), (1080, 1350));
    }
}
