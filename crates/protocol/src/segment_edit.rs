//! Creative control after launch (issue 17): editing one segment of a launched job
//! ([`EditSegmentRequest`]) before a new take of it, and the job's character/style reference
//! set ([`SetJobReferencesRequest`]) sent with every segment whose provider takes references.

use crate::ids::{AssetId, JobId};
use crate::job::SegmentPatch;
use serde::{Deserialize, Serialize};

/// Change one segment's settings (any time no take of it is being generated); the next take
/// of it ([`crate::commands::RetrySegment`]) is made from them. Earlier takes stay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EditSegmentRequest {
    pub job_id: JobId,
    /// Zero-based index of the segment.
    pub index: u32,
    #[serde(default)]
    pub patch: SegmentPatch,
    /// The segment's reference images in order (library assets); `None` leaves them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub references: Option<Vec<AssetId>>,
}

/// Replace a job's character/style reference set (library assets, in order; empty removes
/// it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SetJobReferencesRequest {
    pub job_id: JobId,
    pub assets: Vec<AssetId>,
}
