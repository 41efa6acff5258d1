//! The dashboard's bulk controls, from data alone: the bar over the table once rows are
//! ticked (how many, "select all N matching", the actions, clear), the delete confirmation,
//! and the summary of the last action — what was done, and each job left as it was with its
//! reason. [`BulkState::apply`] is the whole behaviour of the selection; the page only runs
//! the action it returns.

use super::dialogs::ConfirmDialog;
use crate::i18n::Lang;
use crate::i18n::bulk::{action_label, bulk, refusal_reason};
use crate::i18n::errors::error_label;
use crate::job_selection::JobSelection;
use dioxus::prelude::*;
use reelforge_protocol::{ApiError, BulkAction, BulkSummary, JobId};

/// What the dashboard's bulk controls show.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BulkState {
    pub selection: JobSelection,
    /// The action waiting for the person's yes (a delete).
    pub confirming: Option<BulkAction>,
    /// The action under way.
    pub running: Option<BulkAction>,
    /// The last action and what it did.
    pub outcome: Option<(BulkAction, Result<BulkSummary, ApiError>)>,
}

/// Something the person did to the selection or its bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BulkEvent {
    /// The checkbox of row `index` of the page, shift held or not.
    RowClicked {
        index: usize,
        shift: bool,
    },
    /// The header checkbox: the whole page ticked or un-ticked.
    PageTicked(bool),
    SelectAllMatching,
    Clear,
    Action(BulkAction),
    Confirm,
    /// Closes the confirmation or the summary.
    Dismiss,
}

impl BulkState {
    /// Applies `event` (the page shows the rows `page`); returns the action to run now, if
    /// any. A delete waits for its confirmation; nothing starts while an action runs.
    pub fn apply(&mut self, event: BulkEvent, page: &[JobId]) -> Option<BulkAction> {
        match event {
            BulkEvent::RowClicked { index, shift } => self.selection.click(page, index, shift),
            BulkEvent::PageTicked(on) => self.selection.select_page(page, on),
            BulkEvent::SelectAllMatching => self.selection.select_all_matching(),
            BulkEvent::Clear => self.selection = JobSelection::none(),
            BulkEvent::Action(_) | BulkEvent::Confirm if self.running.is_some() => {}
            BulkEvent::Action(_) if self.selection.is_empty() => {}
            BulkEvent::Action(BulkAction::Delete) => self.confirming = Some(BulkAction::Delete),
            BulkEvent::Action(action) => return Some(self.start(action)),
            BulkEvent::Confirm => return self.confirming.take().map(|a| self.start(a)),
            BulkEvent::Dismiss => {
                self.confirming = None;
                self.outcome = None;
            }
        }
        None
    }

    fn start(&mut self, action: BulkAction) -> BulkAction {
        self.running = Some(action);
        self.outcome = None;
        action
    }

    /// Records the outcome of the running action; a done action empties the selection.
    pub fn finish(&mut self, outcome: Result<BulkSummary, ApiError>) {
        if let Some(action) = self.running.take() {
            if outcome.is_ok() {
                self.selection = JobSelection::none();
            }
            self.outcome = Some((action, outcome));
        }
    }
}

/// The bar over the table while rows are selected, the delete confirmation and the summary.
#[component]
pub fn BulkBar(
    lang: Lang,
    state: BulkState,
    total_matching: u64,
    page: Vec<JobId>,
    on_bulk: EventHandler<BulkEvent>,
) -> Element {
    let s = bulk(lang);
    let count = state.selection.count(total_matching);
    let offer_all = !state.selection.is_all_matching()
        && state.selection.page_selected(&page)
        && total_matching > page.len() as u64;
    let busy = state.running.is_some();
    rsx! {
        if !state.selection.is_empty() {
            div { class: "bulk-bar", id: "bulk-bar", role: "toolbar", "data-testid": "bulk-bar",
                span { class: "bulk-count", id: "bulk-count", "{(s.selected)(count)}" }
                if state.selection.is_all_matching() {
                    span { class: "bulk-all", id: "bulk-all-matching",
                        "{(s.all_matching_selected)(count)}"
                    }
                } else if offer_all {
                    button {
                        class: "button ghost",
                        r#type: "button",
                        id: "bulk-select-all-matching",
                        onclick: move |_| on_bulk.call(BulkEvent::SelectAllMatching),
                        "{(s.select_all_matching)(total_matching)}"
                    }
                }
                div { class: "bulk-actions",
                    for action in BulkAction::ALL {
                        button {
                            key: "{action:?}",
                            class: if action == BulkAction::Delete { "button danger" } else { "button ghost" },
                            r#type: "button",
                            id: "bulk-{action_id(action)}",
                            disabled: busy,
                            onclick: move |_| on_bulk.call(BulkEvent::Action(action)),
                            "{action_label(lang, action)}"
                        }
                    }
                    button {
                        class: "button ghost",
                        r#type: "button",
                        id: "bulk-clear",
                        disabled: busy,
                        onclick: move |_| on_bulk.call(BulkEvent::Clear),
                        "{s.clear}"
                    }
                }
            }
        }
        if state.confirming == Some(BulkAction::Delete) {
            ConfirmDialog {
                lang,
                id: "bulk-delete-dialog",
                title: (s.confirm_delete_title)(count),
                confirm_label: s.confirm_delete,
                danger: true,
                busy,
                on_confirm: move |_| on_bulk.call(BulkEvent::Confirm),
                on_dismiss: move |_| on_bulk.call(BulkEvent::Dismiss),
                p { "{s.confirm_delete_body}" }
            }
        }
        if let Some((action, outcome)) = state.outcome.clone() {
            BulkOutcome { lang, action, outcome, on_bulk }
        }
    }
}

/// The element id suffix of an action's button (`bulk-retry-failed`).
fn action_id(action: BulkAction) -> &'static str {
    match action {
        BulkAction::Pause => "pause",
        BulkAction::Resume => "resume",
        BulkAction::Cancel => "cancel",
        BulkAction::RetryFailed => "retry-failed",
        BulkAction::Reassemble => "reassemble",
        BulkAction::Duplicate => "duplicate",
        BulkAction::Delete => "delete",
    }
}

/// What the last action did: how many jobs, and each one left as it was with its reason.
#[component]
fn BulkOutcome(
    lang: Lang,
    action: BulkAction,
    outcome: Result<BulkSummary, ApiError>,
    on_bulk: EventHandler<BulkEvent>,
) -> Element {
    let s = bulk(lang);
    let label = action_label(lang, action);
    let body = match outcome {
        Err(error) => rsx! {
            p { class: "bulk-failed", role: "alert", "{label}: {error_label(lang, &error)}" }
        },
        Ok(summary) => {
            let unlisted = summary
                .refused_count
                .saturating_sub(summary.refused.len() as u64);
            rsx! {
                p { class: "bulk-done", id: "bulk-done", "{(s.summary_done)(label, summary.done)}" }
                if summary.refused_count > 0 {
                    p { class: "bulk-refused-title", "{(s.summary_refused)(summary.refused_count)}" }
                    ul { class: "bulk-refused", id: "bulk-refused",
                        for refusal in summary.refused.iter() {
                            li {
                                key: "{refusal.job_id}",
                                "data-job-id": "{refusal.job_id}",
                                span { class: "bulk-refused-job",
                                    if refusal.title.is_empty() { "{s.untitled}" } else { "{refusal.title}" }
                                }
                                " — {refusal_reason(lang, &refusal.reason)}"
                            }
                        }
                        if unlisted > 0 {
                            li { class: "muted", "{(s.summary_more)(unlisted)}" }
                        }
                    }
                }
            }
        }
    };
    rsx! {
        section { class: "bulk-summary", id: "bulk-summary", role: "status", "data-testid": "bulk-summary",
            {body}
            button {
                class: "button ghost",
                r#type: "button",
                id: "bulk-summary-dismiss",
                onclick: move |_| on_bulk.call(BulkEvent::Dismiss),
                "{s.dismiss}"
            }
        }
    }
}
