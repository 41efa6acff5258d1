//! Modal confirmations: a generic one, and the cost confirmation shown before anything paid is
//! generated (the wizard's "Generate" and the job screen's launch share it); and the keyboard
//! shortcut sheet. Every dialog closes on Escape.

use crate::format;
use crate::i18n::media::media;
use crate::i18n::{Lang, t};
use dioxus::prelude::*;
use reelforge_protocol::CostEstimate;

/// A modal question with a cancel and a confirm button. `danger` colours the confirm button
/// red; `busy` disables both while the confirmed action runs.
#[component]
pub fn ConfirmDialog(
    lang: Lang,
    id: String,
    title: String,
    confirm_label: String,
    #[props(default)] cancel_label: String,
    #[props(default)] danger: bool,
    #[props(default)] busy: bool,
    #[props(default)] disabled: bool,
    #[props(default)] on_confirm: EventHandler<()>,
    #[props(default)] on_dismiss: EventHandler<()>,
    children: Element,
) -> Element {
    let s = t(lang);
    let cancel_label = if cancel_label.is_empty() {
        s.dialog_cancel.to_owned()
    } else {
        cancel_label
    };
    let confirm_class = if danger { "button danger" } else { "button" };
    let title_id = format!("{id}-title");
    let confirm_text = if busy {
        s.working.to_owned()
    } else {
        confirm_label
    };
    rsx! {
        div {
            class: "dialog-backdrop",
            // Focusable, so that a click on the backdrop or the dialog's text keeps the focus
            // (and Escape) inside.
            tabindex: "-1",
            onkeydown: move |event: KeyboardEvent| {
                if event.key() == Key::Escape && !busy {
                    on_dismiss.call(());
                }
            },
            div {
                class: "dialog",
                id: "{id}",
                role: "alertdialog",
                "aria-modal": "true",
                "aria-labelledby": "{title_id}",
                "data-testid": "dialog",
                h2 { class: "dialog-title", id: "{title_id}", "{title}" }
                div { class: "dialog-body", {children} }
                footer { class: "dialog-actions",
                    button {
                        class: "button ghost",
                        r#type: "button",
                        id: "{id}-cancel",
                        disabled: busy,
                        // A risky question starts on "cancel", any other on "confirm", so that
                        // Escape and Enter work at once (`autofocus` does not apply to
                        // elements added after the page loaded).
                        onmounted: move |event: MountedEvent| async move {
                            if danger {
                                let _ = event.set_focus(true).await;
                            }
                        },
                        onclick: move |_| on_dismiss.call(()),
                        "{cancel_label}"
                    }
                    button {
                        class: confirm_class,
                        r#type: "button",
                        id: "{id}-confirm",
                        disabled: busy || disabled,
                        onmounted: move |event: MountedEvent| async move {
                            if !danger {
                                let _ = event.set_focus(true).await;
                            }
                        },
                        onclick: move |_| on_confirm.call(()),
                        "{confirm_text}"
                    }
                }
            }
        }
    }
}

/// The engine's estimate before a launch: what it will cost, what was already spent, the
/// segments that cannot be generated as configured and the budget cap. Confirming is refused
/// while a segment has a problem or the cap would be exceeded (the engine would refuse too).
#[component]
pub fn LaunchDialog(
    lang: Lang,
    estimate: CostEstimate,
    #[props(default)] busy: bool,
    #[props(default)] on_confirm: EventHandler<()>,
    #[props(default)] on_dismiss: EventHandler<()>,
    /// Said before launching without blocking it (a narration longer than its clip).
    #[props(default)]
    warning: Option<String>,
) -> Element {
    let s = t(lang);
    let total = format::money(lang, estimate.total_micros);
    let count = estimate.segments.len() as u64;
    let problems: Vec<(u32, String)> = estimate
        .segments
        .iter()
        .filter_map(|seg| seg.problem.clone().map(|p| (seg.index, p)))
        .collect();
    let over_cap = !estimate.within_budget;
    // The job's reference set, said before launch where a segment's model cannot take it.
    let unsent: Vec<String> = estimate
        .segments
        .iter()
        .filter(|seg| seg.job_references_unsent)
        .map(|seg| (seg.index + 1).to_string())
        .collect();
    let cap = estimate
        .budget_cap_micros
        .map(|cap| format::money(lang, cap))
        .unwrap_or_default();
    let blocked = !problems.is_empty() || over_cap;
    let free = estimate.total_micros == 0;
    let confirm_label = if free {
        s.generate.to_owned()
    } else {
        (s.generate_for)(&total)
    };
    rsx! {
        ConfirmDialog {
            lang,
            id: "launch-dialog",
            title: s.confirm_generate_title,
            confirm_label,
            busy,
            disabled: blocked,
            on_confirm,
            on_dismiss,
            if free {
                p { class: "dialog-lead", id: "launch-cost", "{s.confirm_generate_free}" }
            } else {
                p { class: "dialog-lead", id: "launch-cost",
                    {(s.confirm_generate_body)(count, &total)}
                }
                p { class: "dialog-note warning-text", "{s.paid_not_undoable}" }
            }
            dl { class: "fields dialog-figures",
                div { class: "field",
                    dt { "{s.estimated_cost}" }
                    dd { class: "figure", "{total}" }
                }
                if estimate.spent_micros > 0 {
                    div { class: "field",
                        dt { "{s.spent_so_far}" }
                        dd { class: "figure", {format::money(lang, estimate.spent_micros)} }
                    }
                }
                if estimate.budget_cap_micros.is_some() {
                    div { class: "field",
                        dt { "{s.budget_cap}" }
                        dd { class: "figure", "{cap}" }
                    }
                }
            }
            if let Some(warning) = warning {
                p { class: "callout callout-warning", id: "launch-voice-warning", role: "alert",
                    "{warning}"
                }
            }
            if !unsent.is_empty() {
                p { class: "callout callout-warning", id: "launch-references-unsent", role: "alert",
                    {(crate::i18n::segment_edit::segment_edit(lang).references_unsent)(&unsent.join(", "))}
                }
            }
            if over_cap {
                p { class: "callout callout-danger", id: "launch-over-budget", role: "alert",
                    {(s.budget_exceeded)(&cap)}
                }
            }
            if !problems.is_empty() {
                div { class: "callout callout-danger", id: "launch-problems", role: "alert",
                    p { "{s.estimate_problems}" }
                    ul {
                        for (index, problem) in problems {
                            li { key: "{index}",
                                strong { "{(s.segment_n)(u64::from(index) + 1)}{s.colon}" }
                                "{problem}"
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The keyboard shortcuts, opened with `?` (or the sidebar's button).
#[component]
pub fn ShortcutSheet(lang: Lang, #[props(default)] on_dismiss: EventHandler<()>) -> Element {
    let m = media(lang);
    let rows: [(&[&str], &str); 5] = [
        (&[m.key_space], m.shortcut_play),
        (&["Ctrl/Cmd", "N"], m.shortcut_new_job),
        (&["Ctrl/Cmd", m.key_enter], m.shortcut_generate),
        (&["?"], m.shortcut_sheet),
        (&[m.key_escape], m.shortcut_close),
    ];
    rsx! {
        div {
            class: "dialog-backdrop",
            tabindex: "-1",
            onkeydown: move |event: KeyboardEvent| {
                if event.key() == Key::Escape {
                    on_dismiss.call(());
                }
            },
            div {
                class: "dialog shortcut-sheet",
                id: "shortcut-sheet",
                role: "dialog",
                "aria-modal": "true",
                "aria-labelledby": "shortcut-sheet-title",
                "data-testid": "dialog",
                h2 { class: "dialog-title", id: "shortcut-sheet-title", "{m.shortcuts_title}" }
                dl { class: "shortcut-list",
                    for (keys, what) in rows {
                        div { key: "{what}", class: "shortcut-row",
                            dt {
                                for (i, k) in keys.iter().enumerate() {
                                    if i > 0 {
                                        span { class: "shortcut-plus", " + " }
                                    }
                                    kbd { class: "key", "{k}" }
                                }
                            }
                            dd { "{what}" }
                        }
                    }
                }
                p { class: "dialog-note muted", "{m.shortcuts_typing_note}" }
                footer { class: "dialog-actions",
                    button {
                        class: "button",
                        r#type: "button",
                        id: "shortcut-sheet-close",
                        onmounted: move |event: MountedEvent| async move {
                            let _ = event.set_focus(true).await;
                        },
                        onclick: move |_| on_dismiss.call(()),
                        "{m.close}"
                    }
                }
            }
        }
    }
}
