//! A person's own footage as a segment's take (issue 17, item 4): a video file imported into
//! the library ([`ImportedClip`], named by asset id, never by path), then trimmed with in/out
//! points and used as a segment's take without a provider call ([`UseClipRequest`]). Such a
//! take is succeeded, costs nothing and names [`UPLOADED_CLIP_PROVIDER`] as its provider.

use crate::{AssetId, SegmentRef};
use serde::{Deserialize, Serialize};

/// The provider a take made from an imported clip names: the clip's origin, not a service.
pub const UPLOADED_CLIP_PROVIDER: &str = "uploaded_clip";

/// A video file checked with ffprobe and copied into the library.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ImportedClip {
    pub asset_id: AssetId,
    /// The file's name as the person chose it (for display).
    pub name: String,
    pub duration_ms: u64,
    pub width: u32,
    pub height: u32,
    pub has_audio: bool,
    /// A preview-server URL playing the clip (this launch of the app only); empty from the
    /// engine itself and the automation API.
    #[serde(default)]
    pub url: String,
}

/// Use an imported clip, from `in_ms` to `out_ms`, as a segment's take. Without `out_ms`
/// the span lasts the segment's duration (or up to the clip's end).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UseClipRequest {
    pub segment: SegmentRef,
    pub asset_id: AssetId,
    #[serde(default)]
    pub in_ms: u64,
    #[serde(default)]
    pub out_ms: Option<u64>,
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_clip_provider_is_spelt_as_the_uploaded_clip_mode() {
        assert_eq!(
            super::UPLOADED_CLIP_PROVIDER,
            crate::GenerationMode::UploadedClip.as_str()
        );
    }
}
