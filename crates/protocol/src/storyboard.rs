//! The storyboard: keyframe takes per segment (made by an image provider in the same durable
//! engine as clips), the one selected per segment, its approval, and the switch of approved
//! segments to image-to-video from their keyframe ("animate").
//!
//! A keyframe is a take ([`TakeDto`]) of kind keyframe: its file is served as
//! [`MediaRef::Take`](crate::MediaRef::Take) (a PNG); its prompt is the segment's prompt, so
//! editing a keyframe's prompt is `edit_segment`.

use crate::ids::{JobId, ProviderId, SegmentId, TakeId};
use crate::job::TakeDto;
use serde::{Deserialize, Serialize};

/// One keyframe take of a segment: the take (status, progress, cost, error) and the size of
/// its image.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct KeyframeDto {
    pub take: TakeDto,
    /// Pixel size asked of the model for the job's aspect ratio.
    pub width: u32,
    pub height: u32,
    /// The model ignored the aspect ratio: its image was reframed (scaled and cropped around
    /// its centre) to `width` × `height`.
    #[serde(default)]
    pub reframed: bool,
}

/// One segment of a storyboard: its keyframes, oldest first, and the one selected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StoryboardSegment {
    pub segment_id: SegmentId,
    /// Zero-based.
    pub index: u32,
    /// The prompt a new keyframe is made from (the segment's prompt).
    pub prompt: String,
    pub keyframes: Vec<KeyframeDto>,
    /// The keyframe animate starts this segment from; the newest succeeded one unless the
    /// creator chose another.
    pub selected_keyframe: Option<TakeId>,
    /// Whether the creator approved the selected keyframe.
    pub approved: bool,
}

/// A job's storyboard: the image provider and model keyframes are made with, the "same
/// character" switch, and every segment's keyframes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Storyboard {
    pub job_id: JobId,
    pub image_provider: ProviderId,
    /// `None`: the provider's default model.
    pub image_model: Option<String>,
    /// Reuse the first approved keyframe as the reference image of every later keyframe
    /// (on models that take references).
    pub same_character: bool,
    /// The estimated price of one keyframe at the chosen model, in micro-USD.
    pub micros_per_keyframe: i64,
    pub segments: Vec<StoryboardSegment>,
}

/// Choose the image provider and model of a job's keyframes and the "same character" switch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StoryboardOptionsRequest {
    pub job_id: JobId,
    pub image_provider: ProviderId,
    #[serde(default)]
    pub image_model: Option<String>,
    #[serde(default)]
    pub same_character: bool,
}

/// Queue one new keyframe take for each of these segments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GenerateKeyframesRequest {
    pub job_id: JobId,
    /// Zero-based segment indexes; empty means every segment that has no keyframe yet
    /// (none succeeded nor under way). Naming a segment makes a new keyframe for it even
    /// when it has some (regenerate).
    #[serde(default)]
    pub segments: Vec<u32>,
}

/// Choose which keyframe a segment is animated from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SelectKeyframeRequest {
    pub job_id: JobId,
    /// A succeeded keyframe take of the job; its segment's selection changes.
    pub take_id: TakeId,
}

/// Approve (or withdraw approval of) the selected keyframe of these segments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ApproveKeyframesRequest {
    pub job_id: JobId,
    /// Zero-based segment indexes; empty means every segment.
    #[serde(default)]
    pub segments: Vec<u32>,
    /// False withdraws the approval.
    #[serde(default = "yes")]
    pub approved: bool,
}

fn yes() -> bool {
    true
}

/// What animating a storyboard did: the segments switched to image-to-video from their
/// approved keyframe, and those left as they were because no keyframe of theirs is approved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AnimateOutcome {
    pub job_id: JobId,
    /// Zero-based indexes of the segments now image-to-video from their keyframe.
    pub animated: Vec<u32>,
    /// Zero-based indexes of the segments without an approved keyframe (unchanged).
    pub skipped: Vec<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_default_to_every_segment_and_approval_on() {
        let req: ApproveKeyframesRequest =
            serde_json::from_value(serde_json::json!({"job_id": "j"})).unwrap();
        assert!(req.approved);
        assert!(req.segments.is_empty());
        let req: GenerateKeyframesRequest =
            serde_json::from_value(serde_json::json!({"job_id": "j", "segments": [2]})).unwrap();
        assert_eq!(req.segments, vec![2]);
        let req: StoryboardOptionsRequest =
            serde_json::from_value(serde_json::json!({"job_id": "j", "image_provider": "local"}))
                .unwrap();
        assert!(!req.same_character);
        assert_eq!(req.image_model, None);
    }
}
