//! The texts of the dashboard's selection and bulk actions (the bar, the delete confirmation,
//! the summary and each refusal's reason) and of the job screen's duplicate, re-run and
//! delete, in English and French, kept apart from
//! [`super::Strings`]. Same rule: [`en::STRINGS`] and [`fr::STRINGS`] fill every field, or
//! nothing compiles.

mod en;
mod fr;

use super::Lang;
use super::errors::error_code_label;
use crate::format;
use reelforge_protocol::{BulkAction, BulkRefusalReason};

/// The texts of one language for the bulk actions.
#[derive(Debug)]
pub struct BulkStrings {
    /// The checkbox of a row, for screen readers: the job's title.
    pub select_row: fn(&str) -> String,
    pub select_page: &'static str,
    /// How many jobs are selected.
    pub selected: fn(u64) -> String,
    /// Offered once the whole page is ticked: every job the filter matches.
    pub select_all_matching: fn(u64) -> String,
    pub all_matching_selected: fn(u64) -> String,
    pub clear: &'static str,
    pub pause: &'static str,
    pub resume: &'static str,
    pub cancel: &'static str,
    pub retry_failed: &'static str,
    pub reassemble: &'static str,
    pub duplicate: &'static str,
    pub delete: &'static str,
    pub confirm_delete_title: fn(u64) -> String,
    pub confirm_delete_body: &'static str,
    pub confirm_delete: &'static str,
    /// The action's name, then how many jobs it was applied to.
    pub summary_done: fn(&str, u64) -> String,
    pub summary_refused: fn(u64) -> String,
    /// Refusals counted but not listed.
    pub summary_more: fn(u64) -> String,
    pub dismiss: &'static str,
    /// The job's status, worded.
    pub reason_under_way: fn(&str) -> String,
    pub reason_wrong_status: fn(&str) -> String,
    pub reason_nothing_to_retry: &'static str,
    pub reason_not_found: &'static str,
    pub untitled: &'static str,
}

/// The job screen's duplicate, re-run and delete texts.
#[derive(Debug)]
pub struct JobCopyStrings {
    pub duplicate: &'static str,
    pub duplicate_with_takes: &'static str,
    pub rerun: &'static str,
    pub delete: &'static str,
    pub confirm_rerun_title: &'static str,
    pub confirm_rerun_body: &'static str,
    pub confirm_delete_title: &'static str,
    pub confirm_delete_body: &'static str,
}

/// The job screen's copy texts in `lang`.
pub fn job_copy(lang: Lang) -> &'static JobCopyStrings {
    match lang {
        Lang::En => &en::JOB_COPY,
        Lang::Fr => &fr::JOB_COPY,
    }
}

/// The bulk texts in `lang`.
pub fn bulk(lang: Lang) -> &'static BulkStrings {
    match lang {
        Lang::En => &en::STRINGS,
        Lang::Fr => &fr::STRINGS,
    }
}

/// An action's button label.
pub fn action_label(lang: Lang, action: BulkAction) -> &'static str {
    let s = bulk(lang);
    match action {
        BulkAction::Pause => s.pause,
        BulkAction::Resume => s.resume,
        BulkAction::Cancel => s.cancel,
        BulkAction::RetryFailed => s.retry_failed,
        BulkAction::Reassemble => s.reassemble,
        BulkAction::Duplicate => s.duplicate,
        BulkAction::Delete => s.delete,
    }
}

/// Why a job was left as it was, worded.
pub fn refusal_reason(lang: Lang, reason: &BulkRefusalReason) -> String {
    let s = bulk(lang);
    match reason {
        BulkRefusalReason::UnderWay { status } => {
            (s.reason_under_way)(format::status_label(lang, *status))
        }
        BulkRefusalReason::WrongStatus { status } => {
            (s.reason_wrong_status)(format::status_label(lang, *status))
        }
        BulkRefusalReason::NothingToRetry => s.reason_nothing_to_retry.to_owned(),
        BulkRefusalReason::NotFound => s.reason_not_found.to_owned(),
        BulkRefusalReason::Error { code, .. } => error_code_label(lang, *code).to_owned(),
    }
}
