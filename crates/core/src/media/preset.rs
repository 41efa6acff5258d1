//! [`ExportPreset`]: the output formats a job can be exported to (size, frame rate, encoder
//! settings), and the encoder arguments each one implies.

use super::encoder::VideoEncoder;
use serde::{Deserialize, Serialize};

/// A platform export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportPreset {
    /// TikTok / Reels / Shorts: 9:16 1080×1920.
    Vertical1080,
    /// YouTube: 16:9 1920×1080.
    Landscape1080,
    /// Square 1:1 1080×1080.
    Square1080,
    /// Instagram feed 4:5 1080×1350.
    Feed1080,
    /// A fast 720p draft, vertical (720×1280).
    DraftVertical720,
    /// A fast 720p draft, landscape (1280×720).
    DraftLandscape720,
    /// A fast 720p draft, square (720×720).
    DraftSquare720,
    /// A fast 720p draft, 4:5 (720×900).
    DraftFeed720,
}

/// How a clip whose shape differs from the preset is fitted into the frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FrameFit {
    /// Scale to fit inside the frame and pad with black (nothing is cut).
    #[default]
    Fit,
    /// Scale to cover the frame and crop the overflow (no bars), around the centre.
    Fill,
    /// Scale to fit inside the frame over a blurred fill of the same picture (no bars,
    /// nothing cut).
    Blur,
}

impl ExportPreset {
    pub const ALL: [ExportPreset; 8] = [
        Self::Vertical1080,
        Self::Landscape1080,
        Self::Square1080,
        Self::Feed1080,
        Self::DraftVertical720,
        Self::DraftLandscape720,
        Self::DraftSquare720,
        Self::DraftFeed720,
    ];

    /// Stable identifier (CLI `--preset`, cache keys).
    pub fn id(self) -> &'static str {
        match self {
            Self::Vertical1080 => "vertical-1080",
            Self::Landscape1080 => "landscape-1080",
            Self::Square1080 => "square-1080",
            Self::Feed1080 => "feed-1080",
            Self::DraftVertical720 => "draft-vertical-720",
            Self::DraftLandscape720 => "draft-landscape-720",
            Self::DraftSquare720 => "draft-square-720",
            Self::DraftFeed720 => "draft-feed-720",
        }
    }

    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.id() == id)
    }

    /// Output width and height in pixels.
    pub fn size(self) -> (u32, u32) {
        match self {
            Self::Vertical1080 => (1080, 1920),
            Self::Landscape1080 => (1920, 1080),
            Self::Square1080 => (1080, 1080),
            Self::Feed1080 => (1080, 1350),
            Self::DraftVertical720 => (720, 1280),
            Self::DraftLandscape720 => (1280, 720),
            Self::DraftSquare720 => (720, 720),
            Self::DraftFeed720 => (720, 900),
        }
    }

    pub fn fps(self) -> u32 {
        30
    }

    pub const SAMPLE_RATE: u32 = 48_000;

    pub fn is_draft(self) -> bool {
        matches!(
            self,
            Self::DraftVertical720
                | Self::DraftLandscape720
                | Self::DraftSquare720
                | Self::DraftFeed720
        )
    }

    /// The video and audio encoder arguments: H.264 High at the preset's bitrate with
    /// `encoder` (4:2:0; a GPU encoder gets NV12 from its upload filter), AAC 48 kHz stereo,
    /// `+faststart`.
    pub fn encoder_args(self, encoder: VideoEncoder) -> Vec<String> {
        let ceiling = if self.is_draft() { 4_000 } else { 10_000 };
        self.encoder_args_within(encoder, ceiling)
    }

    /// [`ExportPreset::encoder_args`] with the video bitrate kept under `max_kbps` (a
    /// platform's ceiling): average at 80 % of it, buffer of 1.6×.
    pub fn encoder_args_within(self, encoder: VideoEncoder, max_kbps: u32) -> Vec<String> {
        let nominal = if self.is_draft() { 3_000 } else { 8_000 };
        let bitrate = format!("{}k", nominal.min(max_kbps * 4 / 5));
        let maxrate = format!("{max_kbps}k");
        let bufsize = format!("{}k", max_kbps * 8 / 5);
        let audio = if self.is_draft() { "128k" } else { "192k" };
        let (bitrate, maxrate, bufsize) = (bitrate.as_str(), maxrate.as_str(), bufsize.as_str());
        let gop = (self.fps() * 2).to_string();
        let mut args = encoder.codec_args(self.is_draft());
        args.extend(["-profile:v", "high"]);
        if encoder.takes_pix_fmt() {
            args.extend(["-pix_fmt", "yuv420p"]);
        }
        args.extend([
            "-b:v",
            bitrate,
            "-maxrate",
            maxrate,
            "-bufsize",
            bufsize,
            "-g",
            &gop,
            "-c:a",
            "aac",
            "-b:a",
            audio,
            "-ar",
            "48000",
            "-ac",
            "2",
            "-movflags",
            "+faststart",
        ]);
        args.into_iter().map(str::to_owned).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_have_their_platform_shapes_and_encoders() {
        assert_eq!(ExportPreset::Vertical1080.size(), (1080, 1920));
        assert_eq!(ExportPreset::Landscape1080.size(), (1920, 1080));
        assert_eq!(ExportPreset::Square1080.size(), (1080, 1080));
        assert_eq!(ExportPreset::DraftVertical720.size(), (720, 1280));
        assert_eq!(ExportPreset::DraftSquare720.size(), (720, 720));
        assert!(ExportPreset::DraftSquare720.is_draft());
        let args = ExportPreset::Vertical1080
            .encoder_args(VideoEncoder::Libx264)
            .join(" ");
        for want in [
            "-profile:v high",
            "-b:v 8000k",
            "-maxrate 10000k",
            "-ar 48000",
            "-movflags +faststart",
            "-c:a aac",
        ] {
            assert!(args.contains(want), "{want} missing from {args}");
        }
        assert!(
            ExportPreset::DraftVertical720
                .encoder_args(VideoEncoder::Libx264)
                .join(" ")
                .contains("ultrafast")
        );
        for preset in ExportPreset::ALL {
            assert_eq!(ExportPreset::from_id(preset.id()), Some(preset));
        }
        assert_eq!(ExportPreset::Feed1080.size(), (1080, 1350));
        let reels = ExportPreset::Vertical1080
            .encoder_args_within(VideoEncoder::Libx264, 5_000)
            .join(" ");
        assert!(reels.contains("-b:v 4000k -maxrate 5000k -bufsize 8000k"), "{reels}");
    }
}
