//! Assembling a job from the app, and choosing which take of a segment goes into it.

use crate::ids::{JobId, SegmentId, TakeId};
use serde::{Deserialize, Serialize};

/// How one clip gives way to the next.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TransitionChoice {
    #[default]
    Cut,
    Crossfade,
    /// Dip to black.
    Dip,
}

/// `assemble_job`: the job's selected takes → the final video (with its `.srt`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssembleRequest {
    pub job_id: JobId,
    /// `9x16`, `16x9`, `1x1`, `draft`…; `None`: the job's aspect ratio at 1080p.
    #[serde(default)]
    pub preset: Option<String>,
    #[serde(default)]
    pub transition: TransitionChoice,
    /// Burn the captions into the picture as well as writing the `.srt`.
    #[serde(default)]
    pub burn_captions: bool,
}

impl AssembleRequest {
    /// The job's own defaults: its aspect ratio at 1080p, cuts, captions as a file only.
    pub fn new(job_id: JobId) -> Self {
        Self {
            job_id,
            preset: None,
            transition: TransitionChoice::Cut,
            burn_captions: false,
        }
    }
}

/// `select_take`: use `take_id` for its segment in the assembly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SelectTakeRequest {
    pub job_id: JobId,
    pub segment_id: SegmentId,
    pub take_id: TakeId,
}
