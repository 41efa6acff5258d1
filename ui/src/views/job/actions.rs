//! What the person can ask of the job screen ([`JobAction`]), the question asked before some
//! actions run ([`JobConfirm`]), the job's action buttons and the confirmation dialog.

use super::promotion::PromoteDialog;
use crate::format;
use crate::i18n::bulk::job_copy;
use crate::i18n::promotion::promotion;
use crate::i18n::{Lang, t};
use crate::views::dialogs::{ConfirmDialog, LaunchDialog};
use crate::views::new_job::clip_cost;
use dioxus::prelude::*;
use reelforge_protocol::{
    AssetId, CostEstimate, JobDetail, JobStatus, ProviderDescriptor, SegmentPatch,
    SubmitUnknownDecision, TakeId,
};

/// Something the person asked of the job screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobAction {
    /// Generate a draft or configured job (after the engine's estimate is confirmed).
    Launch,
    Pause,
    Resume,
    Cancel,
    CancelSegment(u32),
    RetrySegment(u32),
    Decide(u32, SubmitUnknownDecision),
    /// Use this succeeded take of the segment at `index` in the assembly.
    UseTake {
        index: u32,
        take: TakeId,
    },
    /// Ask for the promotion's estimate (draft → final), then confirm it.
    AskPromotion,
    /// Regenerate these segments at their final model.
    Promote(Vec<u32>),
    /// Change the settings of the segment at `index` for its next take.
    EditSegment {
        index: u32,
        patch: SegmentPatch,
    },
    /// Add images chosen in the OS file dialog to the job's reference set.
    PickJobReferences,
    /// Empty the job's reference set.
    ClearJobReferences,
    // Own clips as segments (issue 17)
    /// Open the video dialog for the segment at `index`.
    PickClip(u32),
    /// Use the span `[in_ms, out_ms)` of an imported clip as the segment's take.
    UseClip {
        index: u32,
        asset_id: AssetId,
        in_ms: u64,
        out_ms: u64,
    },
    /// Forget the imported clip waiting for its span.
    DiscardClip,
    // Issue 17 — copies and removal of the whole job.
    /// A new job from this one's settings (and copies of its selected takes).
    Duplicate {
        with_takes: bool,
    },
    /// A new take for every segment of a finished or failed job (confirmed: it is paid).
    Rerun,
    /// Delete the job with its files (confirmed), then go back to the dashboard.
    Delete,
}

/// A question asked before an action runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobConfirm {
    /// The engine's estimate for launching the job.
    Launch(CostEstimate),
    Cancel,
    /// A new take of a segment; `micros` is its estimated cost when the provider is known.
    Retry {
        index: u32,
        micros: Option<i64>,
    },
    /// Sending a `submit_unknown` take again, which may be charged twice.
    Resubmit {
        index: u32,
        micros: Option<i64>,
    },
    /// The engine's promotion estimate (narrowed to the chosen segments on confirming).
    Promote(CostEstimate),
    Rerun,
    Delete,
}

impl JobConfirm {
    /// The action confirming runs.
    pub fn action(&self) -> JobAction {
        match self {
            Self::Launch(_) => JobAction::Launch,
            Self::Cancel => JobAction::Cancel,
            Self::Retry { index, .. } => JobAction::RetrySegment(*index),
            Self::Resubmit { index, .. } => {
                JobAction::Decide(*index, SubmitUnknownDecision::Resubmit)
            }
            Self::Promote(estimate) => JobAction::Promote(super::promotion::promotable(estimate)),
            Self::Rerun => JobAction::Rerun,
            Self::Delete => JobAction::Delete,
        }
    }
}

/// What one more take of the segment at `index` costs, per the descriptors.
pub fn segment_cost(
    detail: &JobDetail,
    index: u32,
    providers: &[ProviderDescriptor],
) -> Option<i64> {
    let segment = detail.segments.iter().find(|s| s.index == index)?;
    clip_cost(
        providers,
        &segment.provider,
        segment.model.as_deref(),
        segment.duration_s,
    )
}

/// The question to ask before `action`, if any: cancelling the job always; a retry or a
/// resubmission unless it is known to be free. `Launch` is confirmed with the engine's
/// estimate, which the page fetches first.
pub fn confirmation_for(
    action: JobAction,
    detail: &JobDetail,
    providers: &[ProviderDescriptor],
) -> Option<JobConfirm> {
    match action {
        JobAction::Cancel => Some(JobConfirm::Cancel),
        JobAction::Rerun => Some(JobConfirm::Rerun),
        JobAction::Delete => Some(JobConfirm::Delete),
        JobAction::RetrySegment(index) => {
            let micros = segment_cost(detail, index, providers);
            (micros != Some(0)).then_some(JobConfirm::Retry { index, micros })
        }
        JobAction::Decide(index, SubmitUnknownDecision::Resubmit) => {
            let micros = segment_cost(detail, index, providers);
            (micros != Some(0)).then_some(JobConfirm::Resubmit { index, micros })
        }
        _ => None,
    }
}

/// Generate, pause, resume and cancel, as the job's status allows.
#[component]
pub(super) fn JobActions(
    lang: Lang,
    status: JobStatus,
    busy: bool,
    on_action: EventHandler<JobAction>,
) -> Element {
    let s = t(lang);
    let can_launch = matches!(status, JobStatus::Draft | JobStatus::Configured);
    let can_pause = status == JobStatus::Generating;
    let can_resume = status == JobStatus::Paused;
    let can_promote = matches!(
        status,
        JobStatus::Review | JobStatus::Completed | JobStatus::Failed | JobStatus::Cancelled
    );
    let can_cancel = matches!(
        status,
        JobStatus::Draft
            | JobStatus::Configured
            | JobStatus::Generating
            | JobStatus::Paused
            | JobStatus::Review
    );
    rsx! {
        div { class: "job-actions toolbar", id: "job-actions", role: "group", "aria-label": s.job_actions,
            if can_pause {
                button {
                    class: "button ghost",
                    r#type: "button",
                    id: "job-pause",
                    disabled: busy,
                    onclick: move |_| on_action.call(JobAction::Pause),
                    span { class: "icon icon-pause", "aria-hidden": "true" }
                    "{s.pause}"
                }
            }
            if can_resume {
                button {
                    class: "button",
                    r#type: "button",
                    id: "job-resume",
                    disabled: busy,
                    onclick: move |_| on_action.call(JobAction::Resume),
                    span { class: "icon icon-play", "aria-hidden": "true" }
                    "{s.resume}"
                }
            }
            if can_cancel {
                button {
                    class: "button ghost danger-text",
                    r#type: "button",
                    id: "job-cancel",
                    disabled: busy,
                    onclick: move |_| on_action.call(JobAction::Cancel),
                    "{s.cancel_job}"
                }
            }
            if can_promote {
                button {
                    class: "button ghost",
                    r#type: "button",
                    id: "job-promote",
                    disabled: busy,
                    onclick: move |_| on_action.call(JobAction::AskPromotion),
                    {promotion(lang).promote}
                }
            }
            if can_launch {
                button {
                    class: "button",
                    r#type: "button",
                    id: "job-launch",
                    disabled: busy,
                    onclick: move |_| on_action.call(JobAction::Launch),
                    "{s.generate}"
                }
            }
            JobCopyActions { lang, status, busy, on_action }
        }
    }
}

/// Duplicate (settings, or with the selected takes), re-run a finished or failed job, delete.
#[component]
fn JobCopyActions(
    lang: Lang,
    status: JobStatus,
    busy: bool,
    on_action: EventHandler<JobAction>,
) -> Element {
    let b = job_copy(lang);
    let can_rerun = matches!(
        status,
        JobStatus::Review | JobStatus::Completed | JobStatus::Failed | JobStatus::Cancelled
    );
    let can_delete = !matches!(status, JobStatus::Generating | JobStatus::Assembling);
    rsx! {
        button {
            class: "button ghost",
            r#type: "button",
            id: "job-duplicate",
            disabled: busy,
            onclick: move |_| on_action.call(JobAction::Duplicate { with_takes: false }),
            "{b.duplicate}"
        }
        button {
            class: "button ghost",
            r#type: "button",
            id: "job-duplicate-with-takes",
            disabled: busy,
            onclick: move |_| on_action.call(JobAction::Duplicate { with_takes: true }),
            "{b.duplicate_with_takes}"
        }
        if can_rerun {
            button {
                class: "button ghost",
                r#type: "button",
                id: "job-rerun",
                disabled: busy,
                onclick: move |_| on_action.call(JobAction::Rerun),
                "{b.rerun}"
            }
        }
        if can_delete {
            button {
                class: "button ghost danger-text",
                r#type: "button",
                id: "job-delete",
                disabled: busy,
                onclick: move |_| on_action.call(JobAction::Delete),
                "{b.delete}"
            }
        }
    }
}

/// The confirmation of a job screen action.
#[component]
pub(super) fn JobDialog(
    lang: Lang,
    detail: JobDetail,
    question: JobConfirm,
    busy: bool,
    on_confirm: EventHandler<JobConfirm>,
    on_dismiss: EventHandler<()>,
) -> Element {
    let s = t(lang);
    let confirmed = question.clone();
    let confirm = move |_: ()| on_confirm.call(confirmed.clone());
    match question {
        JobConfirm::Launch(estimate) => rsx! {
            LaunchDialog { lang, estimate, busy, on_confirm: confirm, on_dismiss }
        },
        JobConfirm::Promote(estimate) => rsx! {
            PromoteDialog { lang, estimate, busy, on_confirm, on_dismiss }
        },
        JobConfirm::Cancel => rsx! {
            ConfirmDialog {
                lang,
                id: "cancel-job-dialog",
                title: s.confirm_cancel_job_title,
                confirm_label: s.cancel_job,
                cancel_label: s.keep_job,
                danger: true,
                busy,
                on_confirm: confirm,
                on_dismiss,
                p { "{s.confirm_cancel_job_body}" }
            }
        },
        JobConfirm::Retry { index, micros } => {
            let cost = micros.map(|m| format::money(lang, m));
            let confirm_label = cost
                .as_deref()
                .map_or_else(|| s.new_take.to_owned(), |c| (s.generate_for)(c));
            rsx! {
                ConfirmDialog {
                    lang,
                    id: "retry-dialog",
                    title: (s.confirm_retry_title)(u64::from(index) + 1),
                    confirm_label,
                    busy,
                    on_confirm: confirm,
                    on_dismiss,
                    if let Some(cost) = cost {
                        p { class: "dialog-lead", {(s.confirm_retry_body)(&cost)} }
                    }
                    p { class: "dialog-note warning-text", "{s.paid_not_undoable}" }
                }
            }
        }
        JobConfirm::Rerun => rsx! {
            ConfirmDialog {
                lang,
                id: "rerun-dialog",
                title: job_copy(lang).confirm_rerun_title,
                confirm_label: job_copy(lang).rerun,
                busy,
                on_confirm: confirm,
                on_dismiss,
                p { "{job_copy(lang).confirm_rerun_body}" }
                p { class: "dialog-note warning-text", "{s.paid_not_undoable}" }
            }
        },
        JobConfirm::Delete => rsx! {
            ConfirmDialog {
                lang,
                id: "delete-job-dialog",
                title: job_copy(lang).confirm_delete_title,
                confirm_label: job_copy(lang).delete,
                danger: true,
                busy,
                on_confirm: confirm,
                on_dismiss,
                p { "{job_copy(lang).confirm_delete_body}" }
            }
        },
        JobConfirm::Resubmit { index, micros } => {
            let cost = micros.map_or_else(|| "?".to_owned(), |m| format::money(lang, m));
            let provider = detail
                .segments
                .iter()
                .find(|seg| seg.index == index)
                .map(|seg| seg.provider.to_string())
                .unwrap_or_default();
            rsx! {
                ConfirmDialog {
                    lang,
                    id: "resubmit-dialog",
                    title: s.confirm_resubmit_title,
                    confirm_label: (s.resubmit_for)(&cost),
                    danger: true,
                    busy,
                    on_confirm: confirm,
                    on_dismiss,
                    p { class: "dialog-lead", {(s.submit_unknown_body)(&provider)} }
                    p { class: "dialog-note warning-text", {(s.confirm_resubmit_body)(&cost)} }
                }
            }
        }
    }
}
