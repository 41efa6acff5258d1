//! Continuity chaining: a segment may start from the last frame of the previous segment's
//! selected take. The job-wide "chain all" switch, each segment's own switch, and what the
//! engine says of each segment (waiting for the previous take, stale since another take was
//! chosen upstream, refused by a provider that takes no start frame).

use crate::ids::{JobId, ProviderId, SegmentId, TakeId};
use serde::{Deserialize, Serialize};

/// `set_chaining`: turn chaining on or off for the whole job and/or some segments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SetChainingRequest {
    pub job_id: JobId,
    /// The "chain all" switch; `None` leaves it as it is.
    #[serde(default)]
    pub chain_all: Option<bool>,
    /// Segments' own switches, by index (from 0; the first segment cannot be chained).
    #[serde(default)]
    pub segments: Vec<SegmentChainSwitch>,
}

/// One segment's own chain switch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SegmentChainSwitch {
    pub index: u32,
    pub chained: bool,
}

/// The chain state of a job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ChainStatus {
    pub job_id: JobId,
    pub chain_all: bool,
    /// Every segment, in order.
    pub segments: Vec<SegmentChainState>,
}

impl ChainStatus {
    /// The indexes of the stale segments (the "regenerate" offer).
    pub fn stale(&self) -> Vec<u32> {
        self.segments
            .iter()
            .filter(|s| s.stale)
            .map(|s| s.index)
            .collect()
    }
}

/// One segment's chain state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SegmentChainState {
    pub segment_id: SegmentId,
    pub index: u32,
    /// Starts from the previous segment's last frame (its own switch or "chain all").
    pub chained: bool,
    /// Its own switch.
    pub own_switch: bool,
    /// Its take waits for the previous segment's take to succeed.
    pub waiting: bool,
    /// Another take was chosen (or succeeded) upstream since its take was made.
    pub stale: bool,
    /// The previous segment's take its latest take starts from.
    pub from_take: Option<TakeId>,
    /// Chained, but its provider (as configured) takes no start frame: launching is refused.
    pub unsupported_by: Option<ProviderId>,
}
