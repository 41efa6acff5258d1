//! Whole-job actions beyond the job screen: duplicating a job, and the dashboard's bulk
//! actions over a selection of jobs (ticked rows, or everything a filter matches) with the
//! summary of what was done and what was refused, and why (a reason the UI words).

use crate::error::ErrorCode;
use crate::ids::JobId;
use crate::job::JobStatus;
use serde::{Deserialize, Serialize};

/// Make a new job from an existing one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DuplicateJobRequest {
    pub job_id: JobId,
    /// Also copy each segment's selected take (its media files are copied, never shared).
    #[serde(default)]
    pub with_takes: bool,
}

/// Which jobs a bulk action acts on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BulkSelection {
    /// These jobs (rows ticked on the page).
    Ids { ids: Vec<JobId> },
    /// Every job the dashboard's filter matches (as `list_jobs` matches them), except the
    /// ones un-ticked: sent as the filter, never as the ids it matches.
    Filter {
        #[serde(default)]
        status: Option<JobStatus>,
        #[serde(default)]
        search: Option<String>,
        #[serde(default)]
        except: Vec<JobId>,
    },
}

/// What a bulk action does to each selected job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum BulkAction {
    Pause,
    Resume,
    Cancel,
    /// A new take for every segment whose last take failed.
    RetryFailed,
    /// Assemble the selected takes again (default preset).
    Reassemble,
    /// Settings only.
    Duplicate,
    /// The job with its takes' files and its exports.
    Delete,
}

impl BulkAction {
    pub const ALL: [BulkAction; 7] = [
        Self::Pause,
        Self::Resume,
        Self::Cancel,
        Self::RetryFailed,
        Self::Reassemble,
        Self::Duplicate,
        Self::Delete,
    ];
}

/// One bulk action over a selection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BulkJobsRequest {
    pub selection: BulkSelection,
    pub action: BulkAction,
}

/// Why a selected job was left as it was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BulkRefusalReason {
    /// Something of the job is under way (generating, assembling, a take at a provider):
    /// cancel it first.
    UnderWay { status: JobStatus },
    /// The action does not apply to a job in this status.
    WrongStatus { status: JobStatus },
    /// No segment's last take failed.
    NothingToRetry,
    /// The job no longer exists.
    NotFound,
    /// The engine refused or failed with this error (`detail` is English, for logs).
    Error { code: ErrorCode, detail: String },
}

/// A selected job left as it was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BulkRefusal {
    pub job_id: JobId,
    pub title: String,
    pub reason: BulkRefusalReason,
}

/// What one bulk action did.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BulkSummary {
    /// Jobs the selection held when the action ran.
    pub selected: u64,
    /// Jobs the action was applied to.
    pub done: u64,
    /// Jobs refused, in all.
    pub refused_count: u64,
    /// The first [`BulkSummary::MAX_LISTED`] refusals, each naming its job.
    pub refused: Vec<BulkRefusal>,
    /// Jobs made by `duplicate` (the first [`BulkSummary::MAX_LISTED`]).
    #[serde(default)]
    pub created: Vec<JobId>,
}

impl BulkSummary {
    /// Most refusals (and created jobs) listed one by one.
    pub const MAX_LISTED: usize = 500;

    /// Counts a refusal, listing it while the list has room.
    pub fn refuse(&mut self, job_id: JobId, title: String, reason: BulkRefusalReason) {
        self.refused_count += 1;
        if self.refused.len() < Self::MAX_LISTED {
            self.refused.push(BulkRefusal {
                job_id,
                title,
                reason,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filter_selection_travels_as_the_filter() {
        let req = BulkJobsRequest {
            selection: BulkSelection::Filter {
                status: Some(JobStatus::Failed),
                search: Some("rust".into()),
                except: vec![JobId::from("j1")],
            },
            action: BulkAction::RetryFailed,
        };
        let json = serde_json::to_value(&req).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "selection": { "kind": "filter", "status": "failed", "search": "rust",
                               "except": ["j1"] },
                "action": "retry_failed"
            })
        );
        assert_eq!(
            serde_json::from_value::<BulkJobsRequest>(json).unwrap(),
            req
        );
    }

    #[test]
    fn refusals_past_the_list_are_counted_not_listed() {
        let mut summary = BulkSummary::default();
        for i in 0..BulkSummary::MAX_LISTED + 3 {
            summary.refuse(
                JobId(format!("j{i}")),
                String::new(),
                BulkRefusalReason::NotFound,
            );
        }
        assert_eq!(summary.refused_count, BulkSummary::MAX_LISTED as u64 + 3);
        assert_eq!(summary.refused.len(), BulkSummary::MAX_LISTED);
    }
}
