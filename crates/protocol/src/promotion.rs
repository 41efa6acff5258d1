//! Draft → final promotion: the models a template names per provider for drafting and for the
//! final cut, and the request to regenerate a job's segments at the final model.

use crate::ids::{JobId, ProviderId};
use serde::{Deserialize, Serialize};

/// The draft and final models a template names for one provider: jobs are generated at the
/// draft model, and a promotion regenerates chosen segments at the final one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ModelTier {
    pub provider: ProviderId,
    /// The cheap model a job is drafted with.
    pub draft_model: String,
    /// The model a promoted segment is regenerated with.
    pub final_model: String,
}

/// Which segments of a job to regenerate at their provider's final model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PromotionRequest {
    pub job_id: JobId,
    /// Zero-based segment indexes; empty means every segment that can be promoted.
    #[serde(default)]
    pub segments: Vec<u32>,
}
