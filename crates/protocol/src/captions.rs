//! How an assembly's captions look ([`CaptionStyle`]) and which platform's safe zone holds
//! them ([`CaptionPlatform`]); chosen at assembly, from the app or the command line.

use serde::{Deserialize, Serialize};

/// The look of burned word captions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum CaptionStyle {
    /// Bold capitals, white with a heavy outline; the spoken word turns yellow and grows.
    #[default]
    BoldPop,
    /// Bold white words filling with colour as they are spoken, the group kept in place.
    Karaoke,
    /// A plain line of the phrase on a soft dark box, no highlight.
    CleanSubtitle,
    /// Nothing burned into the picture (the `.srt` and `.ass` are still written).
    None,
}

impl CaptionStyle {
    pub const ALL: [CaptionStyle; 4] = [
        Self::BoldPop,
        Self::Karaoke,
        Self::CleanSubtitle,
        Self::None,
    ];

    /// Stable identifier (CLI `--captions`, cache keys), e.g. `bold-pop`.
    pub fn id(self) -> &'static str {
        match self {
            Self::BoldPop => "bold-pop",
            Self::Karaoke => "karaoke",
            Self::CleanSubtitle => "clean-subtitle",
            Self::None => "none",
        }
    }

    /// The style named `id` (also accepts `_` for `-`).
    pub fn parse(id: &str) -> Option<Self> {
        let id = id.trim().to_ascii_lowercase().replace('_', "-");
        Self::ALL.into_iter().find(|s| s.id() == id)
    }

    /// Whether the captions are drawn into the picture.
    pub fn is_burned(self) -> bool {
        self != Self::None
    }
}

/// Whose interface the captions must stay clear of (vertical frames; the others use the
/// lower part of the frame).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum CaptionPlatform {
    /// The box every platform (and their ad placements) leaves clear.
    #[default]
    All,
    Tiktok,
    Reels,
    Shorts,
}

impl CaptionPlatform {
    pub const ALL: [CaptionPlatform; 4] = [Self::All, Self::Tiktok, Self::Reels, Self::Shorts];

    /// Stable identifier (CLI `--platform`), e.g. `tiktok`.
    pub fn id(self) -> &'static str {
        match self {
            Self::All => "all",
            Self::Tiktok => "tiktok",
            Self::Reels => "reels",
            Self::Shorts => "shorts",
        }
    }

    pub fn parse(id: &str) -> Option<Self> {
        let id = id.trim().to_ascii_lowercase();
        Self::ALL.into_iter().find(|p| p.id() == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles_and_platforms_read_their_ids_and_wire_names() {
        for style in CaptionStyle::ALL {
            assert_eq!(CaptionStyle::parse(style.id()), Some(style));
        }
        assert_eq!(
            CaptionStyle::parse("Clean_Subtitle"),
            Some(CaptionStyle::CleanSubtitle)
        );
        assert_eq!(CaptionStyle::parse("comic"), None);
        assert_eq!(
            serde_json::to_string(&CaptionStyle::BoldPop).unwrap(),
            r#""bold_pop""#
        );
        assert!(!CaptionStyle::None.is_burned() && CaptionStyle::Karaoke.is_burned());
        for platform in CaptionPlatform::ALL {
            assert_eq!(CaptionPlatform::parse(platform.id()), Some(platform));
        }
        assert_eq!(
            serde_json::from_str::<CaptionPlatform>(r#""tiktok""#).unwrap(),
            CaptionPlatform::Tiktok
        );
    }
}
