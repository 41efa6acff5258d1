//! Media vocabulary shared by templates, jobs and segments: aspect ratios and generation modes.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The frame shape of a job's clips and of its final video.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum AspectRatio {
    /// Vertical: Reels, TikTok, Shorts.
    #[serde(rename = "9:16")]
    Portrait,
    /// Horizontal: YouTube.
    #[serde(rename = "16:9")]
    Landscape,
    /// Square feed post.
    #[serde(rename = "1:1")]
    Square,
    /// Instagram portrait feed post.
    #[serde(rename = "4:5")]
    Feed,
}

impl AspectRatio {
    pub const ALL: [AspectRatio; 4] = [Self::Portrait, Self::Landscape, Self::Square, Self::Feed];

    /// The ratio as written by people and on the wire, e.g. `9:16`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Portrait => "9:16",
            Self::Landscape => "16:9",
            Self::Square => "1:1",
            Self::Feed => "4:5",
        }
    }
}

impl fmt::Display for AspectRatio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// Returned when a string names no known aspect ratio.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown aspect ratio `{0}` (expected one of 9:16, 16:9, 1:1, 4:5)")]
pub struct UnknownAspectRatio(pub String);

impl FromStr for AspectRatio {
    type Err = UnknownAspectRatio;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|r| r.as_str() == s.trim())
            .ok_or_else(|| UnknownAspectRatio(s.to_owned()))
    }
}

/// How a segment's clip is produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum GenerationMode {
    /// A prompt alone.
    TextToVideo,
    /// A prompt plus one reference image that becomes the first frame or guides the clip.
    ImageToVideo,
    /// A prompt plus a first and a last frame.
    FirstLastFrame,
    /// The creator's own clip, not generated.
    UploadedClip,
}

impl GenerationMode {
    pub const ALL: [GenerationMode; 4] = [
        Self::TextToVideo,
        Self::ImageToVideo,
        Self::FirstLastFrame,
        Self::UploadedClip,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::TextToVideo => "text_to_video",
            Self::ImageToVideo => "image_to_video",
            Self::FirstLastFrame => "first_last_frame",
            Self::UploadedClip => "uploaded_clip",
        }
    }
}

impl fmt::Display for GenerationMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// Returned when a string names no known generation mode.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown mode `{0}` (expected one of text_to_video, image_to_video, first_last_frame, uploaded_clip)"
)]
pub struct UnknownMode(pub String);

impl FromStr for GenerationMode {
    type Err = UnknownMode;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|m| m.as_str() == s.trim())
            .ok_or_else(|| UnknownMode(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aspect_ratio_round_trips_through_text_and_json() {
        for ratio in AspectRatio::ALL {
            assert_eq!(ratio.as_str().parse::<AspectRatio>().unwrap(), ratio);
            let json = serde_json::to_string(&ratio).unwrap();
            assert_eq!(json, format!("\"{}\"", ratio.as_str()));
        }
        assert!("3:2".parse::<AspectRatio>().is_err());
    }

    #[test]
    fn mode_round_trips_through_text_and_json() {
        for mode in GenerationMode::ALL {
            assert_eq!(mode.as_str().parse::<GenerationMode>().unwrap(), mode);
            let json = serde_json::to_string(&mode).unwrap();
            assert_eq!(json, format!("\"{}\"", mode.as_str()));
        }
        assert!("video_to_video".parse::<GenerationMode>().is_err());
    }
}
