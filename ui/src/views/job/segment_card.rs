//! The segments panel: one card per segment with its poster, live state, texts, settings,
//! actions, the `submit_unknown` decision box and its takes.

use super::actions::JobAction;
use super::own_clip::ClipTrimBox;
use super::progress::{is_active, latest_take, segment_ready, take_in_use, take_label};
use super::segment_editor::SegmentEditor;
use super::takes::TakesList;
use crate::clock::Clock;
use crate::format;
use crate::i18n::errors::errors;
use crate::i18n::segment_edit::segment_edit;
use crate::i18n::{Lang, t};
use crate::views::new_job::orientation;
use crate::views::player::MediaUrls;
use dioxus::prelude::*;
use reelforge_protocol::{
    AspectRatio, ImportedClip, JobStatus, MediaRef, SegmentDto, SubmitUnknownDecision, TakeDto,
    TakeStatus,
};

/// One card per segment, in order.
#[component]
pub(super) fn SegmentsPanel(
    lang: Lang,
    clock: Clock,
    status: JobStatus,
    aspect: AspectRatio,
    segments: Vec<SegmentDto>,
    busy: bool,
    media: MediaUrls,
    clip: Option<(u32, ImportedClip)>,
    on_action: EventHandler<JobAction>,
) -> Element {
    let s = t(lang);
    let count = (s.segments_count)(segments.len() as u64);
    rsx! {
        section { class: "panel", id: "job-segments",
            header { class: "panel-header",
                div { class: "panel-heading",
                    h2 { class: "panel-title", "{s.segments_title}" }
                    span { class: "panel-count", "{count}" }
                }
            }
            if segments.is_empty() {
                p { class: "state-inline muted", id: "segments-empty", "{s.segments_empty}" }
            } else {
                ol { class: "segment-list", id: "segments-list", "data-testid": "segments-list",
                    for segment in segments {
                        SegmentCard {
                            key: "{segment.id}",
                            lang,
                            clock,
                            status,
                            aspect,
                            clip: clip.clone().filter(|(i, _)| *i == segment.index).map(|(_, c)| c),
                            segment: segment.clone(),
                            busy,
                            media: media.clone(),
                            on_action,
                        }
                    }
                }
            }
        }
    }
}

/// A segment: poster placeholder, live state, texts, settings, actions, decision and takes.
#[component]
fn SegmentCard(
    lang: Lang,
    clock: Clock,
    status: JobStatus,
    aspect: AspectRatio,
    segment: SegmentDto,
    busy: bool,
    media: MediaUrls,
    clip: Option<ImportedClip>,
    on_action: EventHandler<JobAction>,
) -> Element {
    let s = t(lang);
    let index = segment.index;
    let poster_url = take_in_use(&segment).and_then(|take| {
        media
            .get(&MediaRef::TakeThumbnail {
                take_id: take.id.clone(),
            })
            .cloned()
    });
    // Indexes are zero-based on the wire; people count from one.
    let number = index + 1;
    let latest = latest_take(&segment).cloned();
    let ready = segment_ready(&segment);
    let (state_code, state_label) = match &latest {
        None => ("none", s.seg_not_started.to_owned()),
        Some(take) => (take.status.as_str(), take_label(lang, take)),
    };
    // A percentage only while the provider works on it: never 100 % before the clip is
    // downloaded and checked.
    let progress = latest
        .as_ref()
        .filter(|take| take.status == TakeStatus::Running)
        .map(|take| take.progress.min(99));
    let active = latest.as_ref().is_some_and(|take| is_active(take.status));
    let unknown = latest
        .as_ref()
        .filter(|take| take.status == TakeStatus::SubmitUnknown)
        .cloned();
    let failed = latest
        .as_ref()
        .filter(|take| take.status == TakeStatus::Failed)
        .cloned();
    let job_open = !matches!(
        status,
        JobStatus::Draft | JobStatus::Configured | JobStatus::Cancelled | JobStatus::Assembling
    );
    let can_retry = job_open
        && match &latest {
            Some(take) => take.status.is_terminal(),
            None => matches!(
                status,
                JobStatus::Review | JobStatus::Failed | JobStatus::Completed
            ),
        };
    let retry_label = if latest
        .as_ref()
        .is_some_and(|take| take.status == TakeStatus::Succeeded)
    {
        s.new_take
    } else {
        s.retry
    };
    // Own clips (issue 17): not while a take of it is under way, nor once assembling.
    let can_use_clip = !active && !matches!(status, JobStatus::Cancelled | JobStatus::Assembling);
    let segment_ms = u64::from(segment.duration_s) * 1000;
    let mode = format::mode_label(lang, segment.mode);
    let duration = format::seconds(lang, u64::from(segment.duration_s));
    let frame = orientation(aspect);
    // Editable whenever no take of it is being generated (the engine refuses otherwise).
    let can_edit = !active && unknown.is_none() && status != JobStatus::Assembling;
    let mut editing = use_signal(|| false);
    let card_class = format!("segment-card card state-{state_code}");
    rsx! {
        li {
            class: "{card_class}",
            id: "segment-{index}",
            "data-testid": "segment-card",
            "data-index": "{index}",
            "data-state": "{state_code}",
            div { class: "segment-poster poster-{frame}", "aria-hidden": "true",
                if let Some(url) = poster_url {
                    img { class: "poster-image", src: "{url}", alt: "" }
                } else if let Some(pct) = progress {
                    span { class: "poster-progress", "{pct}%" }
                    span { class: "poster-caption", "{s.no_preview}" }
                } else if ready {
                    span { class: "poster-glyph glyph-ready" }
                    span { class: "poster-caption", "{s.no_preview}" }
                } else {
                    span { class: "poster-glyph" }
                    span { class: "poster-caption", "{s.no_preview}" }
                }
            }
            div { class: "segment-content",
                header { class: "segment-card-header",
                    span { class: "segment-number", "{number}" }
                    h3 { class: "segment-beat",
                        if segment.beat.is_empty() {
                            {(s.segment_n)(u64::from(number))}
                        } else {
                            {format::beat_label(lang, &segment.beat)}
                        }
                    }
                    span {
                        class: "badge take-status take-{state_code}",
                        "data-testid": "segment-state",
                        role: "status",
                        span { class: "status-dot", "aria-hidden": "true" }
                        "{state_label}"
                    }
                }
                if let Some(pct) = progress {
                    progress {
                        class: "progress-bar wide segment-progress",
                        max: "100",
                        value: "{pct}",
                        "aria-label": "{state_label}",
                    }
                }
                if !segment.prompt.is_empty() {
                    p { class: "segment-prompt", "{segment.prompt}" }
                }
                if !segment.narration.is_empty() {
                    p { class: "segment-narration muted", "“{segment.narration}”" }
                }
                div { class: "segment-tags",
                    span { class: "tag", title: s.mode, "{mode}" }
                    span { class: "tag", title: s.provider,
                        "{segment.provider}"
                        if let Some(model) = segment.model.clone() {
                            " · {model}"
                        }
                    }
                    span { class: "tag", title: s.col_duration, "{duration}" }
                }
                if let Some(take) = failed {
                    FailureReason { lang, take }
                }
                if let Some(take) = unknown {
                    SubmitUnknownBox { lang, index, take, busy, on_action }
                }
                if editing() && can_edit {
                    SegmentEditor {
                        lang,
                        segment: segment.clone(),
                        busy,
                        on_save: move |patch| {
                            editing.set(false);
                            on_action.call(JobAction::EditSegment { index, patch });
                        },
                        on_close: move |_| editing.set(false),
                    }
                }
                if let Some(clip) = clip {
                    ClipTrimBox { lang, index, clip, segment_ms, busy, on_action }
                }
                if active || can_retry || can_edit || can_use_clip {
                    div { class: "segment-actions",
                        if can_edit && !editing() {
                            button {
                                class: "button ghost small",
                                r#type: "button",
                                "data-action": "edit-segment",
                                disabled: busy,
                                onclick: move |_| editing.set(true),
                                "✎ {segment_edit(lang).edit}"
                            }
                        }
                        if active {
                            button {
                                class: "button ghost small",
                                r#type: "button",
                                "data-action": "cancel-segment",
                                disabled: busy,
                                onclick: move |_| on_action.call(JobAction::CancelSegment(index)),
                                "{s.cancel_segment}"
                            }
                        }
                        if can_retry {
                            button {
                                class: "button ghost small",
                                r#type: "button",
                                "data-action": "retry-segment",
                                disabled: busy,
                                onclick: move |_| on_action.call(JobAction::RetrySegment(index)),
                                "↻ {retry_label}"
                            }
                        }
                        if can_use_clip {
                            button {
                                class: "button ghost small",
                                r#type: "button",
                                "data-action": "pick-clip",
                                disabled: busy,
                                onclick: move |_| on_action.call(JobAction::PickClip(index)),
                                "{s.use_my_video}"
                            }
                        }
                    }
                }
                TakesList {
                    lang,
                    clock,
                    segment: segment.clone(),
                    frame,
                    can_choose: status != JobStatus::Assembling,
                    busy,
                    media,
                    on_action,
                }
            }
        }
    }
}

/// Why the latest take failed, worded from its code in the UI's language; the provider's own
/// (English) text follows as detail.
#[component]
fn FailureReason(lang: Lang, take: TakeDto) -> Element {
    let s = t(lang);
    let code = take.error_code.map_or("", |c| c.as_str());
    let reason = match take.error_code {
        Some(code) => format::take_error(lang, code, &take.provider),
        None => s.take_failed.to_owned(),
    };
    rsx! {
        div { class: "callout callout-danger segment-failure", role: "alert", "data-error-code": code,
            p {
                strong { "{s.reason}{s.colon}" }
                "{reason}"
            }
            if let Some(detail) = take.error_message {
                p { class: "state-detail",
                    "{errors(lang).details}{s.colon}{detail}"
                }
            }
        }
    }
}

/// The decision a `submit_unknown` take waits for, with what each choice means.
#[component]
fn SubmitUnknownBox(
    lang: Lang,
    index: u32,
    take: TakeDto,
    busy: bool,
    on_action: EventHandler<JobAction>,
) -> Element {
    let s = t(lang);
    rsx! {
        div {
            class: "callout callout-warning decision",
            "data-testid": "submit-unknown",
            role: "alert",
            p { class: "decision-title", "{s.submit_unknown_title}" }
            p { class: "decision-body", {(s.submit_unknown_body)(&take.provider)} }
            div { class: "decision-choices",
                div { class: "decision-choice",
                    button {
                        class: "button small",
                        r#type: "button",
                        "data-action": "resubmit",
                        disabled: busy,
                        onclick: move |_| on_action.call(JobAction::Decide(index, SubmitUnknownDecision::Resubmit)),
                        "{s.resubmit}"
                    }
                    span { class: "form-hint", "{s.resubmit_hint}" }
                }
                div { class: "decision-choice",
                    button {
                        class: "button ghost small",
                        r#type: "button",
                        "data-action": "abandon",
                        disabled: busy,
                        onclick: move |_| on_action.call(JobAction::Decide(index, SubmitUnknownDecision::Abandon)),
                        "{s.abandon}"
                    }
                    span { class: "form-hint", "{s.abandon_hint}" }
                }
            }
        }
    }
}
