//! English texts of the dashboard's bulk actions.

use super::{BulkStrings, JobCopyStrings};

fn jobs(n: u64) -> String {
    match n {
        1 => "1 job".to_owned(),
        n => format!("{n} jobs"),
    }
}

pub static STRINGS: BulkStrings = BulkStrings {
    select_row: |title| format!("Select “{title}”"),
    select_page: "Select every job on this page",
    selected: |n| format!("{n} selected"),
    select_all_matching: |n| format!("Select all {} matching", jobs(n)),
    all_matching_selected: |n| format!("All {} matching are selected", jobs(n)),
    clear: "Clear selection",
    pause: "Pause",
    resume: "Resume",
    cancel: "Cancel",
    retry_failed: "Retry failed segments",
    reassemble: "Re-assemble",
    duplicate: "Duplicate",
    delete: "Delete",
    confirm_delete_title: |n| format!("Delete {}?", jobs(n)),
    confirm_delete_body: "Their takes' files and exports are deleted with them. This cannot be \
                          undone. A job with something under way is left as it is.",
    confirm_delete: "Delete with their files",
    summary_done: |action, n| format!("{action}: done for {}", jobs(n)),
    summary_refused: |n| format!("{} left as they were:", jobs(n)),
    summary_more: |n| format!("…and {n} more"),
    dismiss: "Dismiss",
    reason_under_way: |status| format!("{status}, with something under way: cancel it first"),
    reason_wrong_status: |status| format!("not possible for a job that is {status}"),
    reason_nothing_to_retry: "no failed segment to retry",
    reason_not_found: "it no longer exists",
    untitled: "(untitled)",
};

pub static JOB_COPY: JobCopyStrings = JobCopyStrings {
    duplicate: "Duplicate",
    duplicate_with_takes: "Duplicate with takes",
    rerun: "Re-run",
    delete: "Delete",
    confirm_rerun_title: "Generate every segment again?",
    confirm_rerun_body: "Each segment gets a new take from its current settings; the takes you \
                         have stay.",
    confirm_delete_title: "Delete this job?",
    confirm_delete_body: "Its takes' files and exports are deleted with it. This cannot be \
                          undone.",
};
