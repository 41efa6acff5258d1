//! Where each segment's picture is cropped around when an export reframes it to another shape
//! (issue 18, item 3): a focus point in thousandths of the picture's width and height from its
//! top left ([`SegmentFocus`]), set per segment from the job screen's preview
//! ([`SetSegmentFocusRequest`]). A segment without one is cropped around its centre.

use crate::SegmentRef;
use serde::{Deserialize, Serialize};

/// The centre of a picture, the focus of a segment that has none set.
pub const FOCUS_CENTRE_PERMILLE: (u16, u16) = (500, 500);

/// A segment's stored focus point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SegmentFocus {
    /// Zero-based segment index.
    pub index: u32,
    /// 0 (left edge) to 1000 (right edge).
    pub x_permille: u16,
    /// 0 (top edge) to 1000 (bottom edge).
    pub y_permille: u16,
}

/// Crop segment `segment` around (`x_permille`, `y_permille`), each 0 to 1000.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SetSegmentFocusRequest {
    pub segment: SegmentRef,
    pub x_permille: u16,
    pub y_permille: u16,
}
