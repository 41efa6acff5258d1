//! The platform export formats ([`EXPORT_FORMATS`]): what each platform is delivered as
//! (frame size, frame rate, bitrate ceiling, loudness target, caption safe zone). A constant
//! table, so the engine, the CLI (`--format reels,feed45`) and the UI name the same formats.

use crate::captions::CaptionPlatform;
use crate::media::AspectRatio;
use serde::{Deserialize, Serialize};

/// One platform's delivery format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportFormat {
    /// Stable identifier (CLI `--format`, file name suffix), e.g. `feed45`.
    pub id: &'static str,
    /// Frame width and height in pixels; the draft follows the job's shape (see
    /// [`ExportFormat::size_for`]).
    pub width: u32,
    pub height: u32,
    pub fps: u32,
    /// Highest video bitrate sent to the platform, in kbit/s.
    pub max_video_kbps: u32,
    /// Integrated loudness target, in tenths of LUFS (−140 = −14 LUFS).
    pub loudness_tenths_lufs: i32,
    /// True-peak ceiling, in tenths of dBTP.
    pub true_peak_tenths_db: i32,
    /// Whose caption safe zone the burned captions keep to.
    pub safe_zone: CaptionPlatform,
    /// A fast 720p encode in the job's own shape.
    pub draft: bool,
}

/// TikTok, Reels, Shorts (9:16), Instagram feed 4:5, square 1:1, YouTube 16:9, fast draft.
/// The social platforms normalise to about −14 LUFS; delivering there keeps the mix from
/// being turned down or pumped by their limiter.
pub const EXPORT_FORMATS: [ExportFormat; 7] = [
    vertical("tiktok", 10_000, CaptionPlatform::Tiktok),
    vertical("reels", 8_000, CaptionPlatform::Reels),
    vertical("shorts", 12_000, CaptionPlatform::Shorts),
    ExportFormat {
        id: "feed45",
        width: 1080,
        height: 1350,
        ..vertical("", 8_000, CaptionPlatform::All)
    },
    ExportFormat {
        id: "square",
        width: 1080,
        height: 1080,
        ..vertical("", 8_000, CaptionPlatform::All)
    },
    ExportFormat {
        id: "youtube",
        width: 1920,
        height: 1080,
        ..vertical("", 12_000, CaptionPlatform::All)
    },
    ExportFormat {
        id: "draft",
        width: 720,
        height: 1280,
        draft: true,
        loudness_tenths_lufs: -160,
        ..vertical("", 4_000, CaptionPlatform::All)
    },
];

const fn vertical(
    id: &'static str,
    max_video_kbps: u32,
    safe_zone: CaptionPlatform,
) -> ExportFormat {
    ExportFormat {
        id,
        width: 1080,
        height: 1920,
        fps: 30,
        max_video_kbps,
        loudness_tenths_lufs: -140,
        true_peak_tenths_db: -15,
        safe_zone,
        draft: false,
    }
}

impl ExportFormat {
    /// The format of that id (`reels`, `feed45`, …; `4x5` and `16x9` name feed45 and youtube).
    pub fn named(id: &str) -> Option<ExportFormat> {
        let id = id.trim().to_ascii_lowercase().replace(':', "x");
        let id = match id.as_str() {
            "9x16" | "vertical" => "reels",
            "4x5" | "feed" => "feed45",
            "1x1" => "square",
            "16x9" | "landscape" => "youtube",
            other => other,
        };
        EXPORT_FORMATS.into_iter().find(|f| f.id == id)
    }

    /// The frame size for a job of `aspect`: the format's own, or for the draft the job's
    /// shape at 720p (720×1280, 720×900, 720×720, 1280×720).
    pub fn size_for(&self, aspect: AspectRatio) -> (u32, u32) {
        if !self.draft {
            return (self.width, self.height);
        }
        match aspect {
            AspectRatio::Portrait => (720, 1280),
            AspectRatio::Feed => (720, 900),
            AspectRatio::Square => (720, 720),
            AspectRatio::Landscape => (1280, 720),
        }
    }
}

/// One file of a multi-format export, listed on the job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ExportedFile {
    /// The [`ExportFormat::id`].
    pub format: String,
    pub path: String,
    pub width: u32,
    pub height: u32,
    pub bytes: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_platform_has_its_shape_and_the_feed_is_four_by_five() {
        let size = |id: &str| ExportFormat::named(id).map(|f| (f.width, f.height));
        for id in ["tiktok", "reels", "shorts"] {
            assert_eq!(size(id), Some((1080, 1920)), "{id}");
        }
        assert_eq!(size("feed45"), Some((1080, 1350)));
        assert_eq!(size("4:5"), Some((1080, 1350)));
        assert_eq!(size("square"), Some((1080, 1080)));
        assert_eq!(size("16x9"), Some((1920, 1080)));
        assert_eq!(size("8k"), None);
        let draft = ExportFormat::named("draft").unwrap();
        assert_eq!(draft.size_for(AspectRatio::Square), (720, 720));
        assert_eq!(draft.size_for(AspectRatio::Feed), (720, 900));
        for format in EXPORT_FORMATS {
            assert_eq!(ExportFormat::named(format.id), Some(format));
            assert!(format.loudness_tenths_lufs < 0 && format.max_video_kbps > 0);
        }
    }
}
