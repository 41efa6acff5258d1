//! Library media for the webview: which file the shell's preview server should serve
//! ([`MediaRef`], always by id, never by path) and the import of reference images
//! ([`ImportAssetRequest`] → [`ImportedAsset`], [`FilesDropped`] for OS drops).

use crate::error::ApiError;
use crate::generation::SegmentRef;
use crate::ids::{AssetId, JobId, TakeId};
use serde::{Deserialize, Serialize};

/// A file of the library the UI wants to show; the shell answers with a preview URL.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MediaRef {
    /// A take's downloaded clip.
    Take { take_id: TakeId },
    /// A take's JPEG thumbnail.
    TakeThumbnail { take_id: TakeId },
    /// A take's 720p preview proxy.
    TakePreview { take_id: TakeId },
    /// A job's final video, as assembled into the data folder's exports.
    FinalVideo { job_id: JobId },
    /// An imported asset (reference image).
    Asset { asset_id: AssetId },
    /// A synthesized narration (WAV) from the narration cache, named by its cache key
    /// (`preview_voice`).
    Narration { key: String },
    /// A still of a take with captions drawn in a style (JPEG, `preview_captions`), named by
    /// its cache key.
    CaptionFrame { key: String },
}

impl MediaRef {
    /// Every route name, as it appears in a preview URL (`/<token>/<route>/<id>`).
    pub const ROUTES: [&'static str; 7] = [
        "take",
        "thumb",
        "preview",
        "final",
        "asset",
        "narration",
        "caption-frame",
    ];

    /// The route name and the id of this reference.
    pub fn route(&self) -> (&'static str, &str) {
        match self {
            Self::Take { take_id } => ("take", take_id.as_str()),
            Self::TakeThumbnail { take_id } => ("thumb", take_id.as_str()),
            Self::TakePreview { take_id } => ("preview", take_id.as_str()),
            Self::FinalVideo { job_id } => ("final", job_id.as_str()),
            Self::Asset { asset_id } => ("asset", asset_id.as_str()),
            Self::Narration { key } => ("narration", key.as_str()),
            Self::CaptionFrame { key } => ("caption-frame", key.as_str()),
        }
    }

    /// The reference a route name and an id name, if the route exists.
    pub fn from_route(route: &str, id: &str) -> Option<Self> {
        Some(match route {
            "take" => Self::Take { take_id: id.into() },
            "thumb" => Self::TakeThumbnail { take_id: id.into() },
            "preview" => Self::TakePreview { take_id: id.into() },
            "final" => Self::FinalVideo { job_id: id.into() },
            "asset" => Self::Asset {
                asset_id: id.into(),
            },
            "narration" => Self::Narration { key: id.into() },
            "caption-frame" => Self::CaptionFrame { key: id.into() },
            _ => return None,
        })
    }
}

/// Import one file the OS handed to the shell (dropped on the window or chosen in a file
/// dialog during this session); any other path is refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ImportAssetRequest {
    pub path: String,
}

/// Replace a segment's reference images (first frame, or first and last frame) with `assets`,
/// in order; an empty list removes them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SetSegmentReferencesRequest {
    pub segment: SegmentRef,
    pub assets: Vec<AssetId>,
}

/// An image copied into the library: its id and a preview URL, never its path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ImportedAsset {
    pub asset_id: AssetId,
    /// A preview-server URL showing the image (valid for this launch of the app); empty
    /// from the automation API's uploads (previews are the window's).
    pub url: String,
    pub width: u32,
    pub height: u32,
}

/// A dropped file that was not imported, with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RejectedFile {
    /// The file's name (not its path).
    pub name: String,
    pub error: ApiError,
}

/// Payload of the `files_dropped` event: files dropped from the OS onto the window, already
/// imported (or refused) by the shell. `x`/`y` are the drop position in logical pixels of
/// the window, for the UI to find the segment card under it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FilesDropped {
    pub x: f64,
    pub y: f64,
    pub imported: Vec<ImportedAsset>,
    pub rejected: Vec<RejectedFile>,
    /// Video files among the dropped ones, imported as clips for a segment's take.
    #[serde(default)]
    pub clips: Vec<crate::ImportedClip>,
}

/// Files chosen in the OS file dialog, imported (or refused) exactly as dropped ones are;
/// both lists are empty when the person cancelled the dialog.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PickedFiles {
    pub imported: Vec<ImportedAsset>,
    pub rejected: Vec<RejectedFile>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_refs_round_trip_through_routes_and_json() {
        let refs = [
            MediaRef::Take {
                take_id: "t".into(),
            },
            MediaRef::TakeThumbnail {
                take_id: "t".into(),
            },
            MediaRef::TakePreview {
                take_id: "t".into(),
            },
            MediaRef::FinalVideo { job_id: "j".into() },
            MediaRef::Asset {
                asset_id: "a".into(),
            },
            MediaRef::Narration { key: "n".into() },
            MediaRef::CaptionFrame { key: "c".into() },
        ];
        for (media, route) in refs.iter().zip(MediaRef::ROUTES) {
            let (name, id) = media.route();
            assert_eq!(name, route);
            assert_eq!(MediaRef::from_route(name, id).as_ref(), Some(media));
            let json = serde_json::to_value(media).unwrap();
            assert_eq!(serde_json::from_value::<MediaRef>(json).unwrap(), *media);
        }
        assert_eq!(MediaRef::from_route("db", "x"), None);
        assert_eq!(
            serde_json::to_value(&refs[0]).unwrap(),
            serde_json::json!({"kind": "take", "take_id": "t"})
        );
    }
}
