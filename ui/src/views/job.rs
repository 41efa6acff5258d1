//! The job screen, read-only: header, figures, configuration, segments and activity.

use super::common::{ErrorState, Field, LoadingState, RouteLink, SegmentProgress, StatusBadge};
use crate::clock::Clock;
use crate::format;
use crate::i18n::{Lang, t};
use crate::remote::Remote;
use crate::route::Route;
use dioxus::prelude::*;
use reelforge_protocol::{ActivityDto, JobDetail, ResolvedConfig, SegmentDto};

/// One job, from data alone.
#[component]
pub fn JobView(
    lang: Lang,
    clock: Clock,
    job: Remote<JobDetail>,
    on_retry: Option<EventHandler<()>>,
) -> Element {
    let s = t(lang);
    let body = match job {
        Remote::Loading => rsx! {
            LoadingState { lang, id: "job-loading" }
        },
        Remote::Failed(error) => rsx! {
            ErrorState { lang, error, id: "job-error", on_retry }
        },
        Remote::Ready(detail) => rsx! {
            JobDetailView { lang, clock, detail }
        },
    };
    rsx! {
        section { id: "job", class: "page", "data-testid": "job-page",
            RouteLink { to: Route::Dashboard {}, class: "back-link", id: "back-to-dashboard",
                "← {s.back_to_dashboard}"
            }
            {body}
        }
    }
}

#[component]
fn JobDetailView(lang: Lang, clock: Clock, detail: JobDetail) -> Element {
    let s = t(lang);
    let job = &detail.summary;
    let template = job
        .template_name
        .clone()
        .unwrap_or_else(|| s.no_template.to_owned());
    let budget = detail.budget_cap_micros.map_or_else(
        || s.no_budget_cap.to_owned(),
        |cap| format::money(lang, cap),
    );
    let created = format::date_time(lang, clock, job.created_at);
    let updated = format::relative_time(lang, clock, job.updated_at);
    rsx! {
        header { class: "job-header", "data-job-id": "{job.id}",
            div { class: "job-heading",
                h1 { class: "page-title", id: "job-title", "{job.title}" }
                StatusBadge { lang, status: job.status }
            }
            if job.subject.is_empty() {
                p { class: "job-subject muted", id: "job-subject", "{s.no_subject}" }
            } else {
                p { class: "job-subject", id: "job-subject", "{job.subject}" }
            }
            p { class: "job-meta muted",
                "{s.template}{s.colon}{template} · {s.created} {created} · {s.updated} {updated}"
            }
        }
        div { class: "stats-grid job-figures",
            div { class: "stat-card accent-progress", id: "job-progress",
                span { class: "stat-label", "{s.progress}" }
                SegmentProgress { done: job.segments_done, total: job.segment_count }
            }
            div { class: "stat-card accent-cost", id: "job-estimated-cost",
                span { class: "stat-label", "{s.estimated_cost}" }
                span { class: "stat-value", {format::money(lang, job.estimated_cost_micros)} }
            }
            div { class: "stat-card accent-cost", id: "job-actual-cost",
                span { class: "stat-label", "{s.actual_cost}" }
                span { class: "stat-value", {format::money(lang, job.actual_cost_micros)} }
            }
            div { class: "stat-card accent-neutral", id: "job-budget",
                span { class: "stat-label", "{s.budget_cap}" }
                span { class: "stat-value", "{budget}" }
            }
        }
        ConfigPanel { lang, config: detail.config.clone() }
        SegmentsPanel { lang, segments: detail.segments.clone() }
        ActivityPanel { lang, clock, activity: detail.activity.clone() }
    }
}

/// What the job runs with after the template → job cascade.
#[component]
fn ConfigPanel(lang: Lang, config: ResolvedConfig) -> Element {
    let s = t(lang);
    let model = config
        .model
        .clone()
        .unwrap_or_else(|| s.provider_default_model.to_owned());
    let fallbacks = if config.fallback_providers.is_empty() {
        s.none.to_owned()
    } else {
        config.fallback_providers.join(", ")
    };
    let allow = if config.allow_fallback { s.yes } else { s.no };
    rsx! {
        section { class: "panel", id: "job-config",
            header { class: "panel-header",
                h2 { class: "panel-title", "{s.config_title}" }
            }
            dl { class: "fields fields-grid",
                Field { label: s.aspect_ratio, value: config.aspect_ratio.as_str() }
                Field { label: s.provider, value: config.provider.clone() }
                Field { label: s.model, value: model }
                Field { label: s.mode, value: format::mode_label(lang, config.mode) }
                Field {
                    label: s.segment_duration,
                    value: format::seconds(lang, u64::from(config.segment_duration_s)),
                }
                Field { label: s.fallback_providers, value: fallbacks }
                Field { label: s.allow_fallback, value: allow }
            }
        }
    }
}

#[component]
fn SegmentsPanel(lang: Lang, segments: Vec<SegmentDto>) -> Element {
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
                div { class: "table-scroll",
                    table { class: "table segments", id: "segments-table", "data-testid": "segments-table",
                        thead {
                            tr {
                                th { scope: "col", class: "num", "{s.col_index}" }
                                th { scope: "col", "{s.col_beat}" }
                                th { scope: "col", "{s.col_prompt}" }
                                th { scope: "col", "{s.col_narration}" }
                                th { scope: "col", "{s.col_mode}" }
                                th { scope: "col", "{s.col_provider}" }
                                th { scope: "col", class: "num", "{s.col_duration}" }
                                th { scope: "col", class: "num", "{s.col_takes}" }
                            }
                        }
                        tbody {
                            for segment in segments {
                                SegmentRow { key: "{segment.id}", lang, segment: segment.clone() }
                            }
                        }
                    }
                }
            }
        }
    }
}

#[component]
fn SegmentRow(lang: Lang, segment: SegmentDto) -> Element {
    // Indexes are zero-based on the wire; people count from one.
    let number = segment.index + 1;
    let mode = format::mode_label(lang, segment.mode);
    let duration = format::seconds(lang, u64::from(segment.duration_s));
    let takes = segment.takes.len();
    rsx! {
        tr { class: "segment-row", "data-testid": "segment-row", "data-index": "{segment.index}",
            td { class: "num muted", "{number}" }
            td { class: "cell-beat", "{segment.beat}" }
            td { class: "cell-text", "{segment.prompt}" }
            td { class: "cell-text", "{segment.narration}" }
            td {
                span { class: "tag", "{mode}" }
            }
            td {
                "{segment.provider}"
                if let Some(model) = segment.model.clone() {
                    span { class: "cell-sub muted", "{model}" }
                }
            }
            td { class: "num", "{duration}" }
            td { class: "num", "{takes}" }
        }
    }
}

#[component]
fn ActivityPanel(lang: Lang, clock: Clock, activity: Vec<ActivityDto>) -> Element {
    let s = t(lang);
    rsx! {
        section { class: "panel", id: "job-activity",
            header { class: "panel-header",
                h2 { class: "panel-title", "{s.activity_title}" }
            }
            if activity.is_empty() {
                p { class: "state-inline muted", id: "activity-empty", "{s.activity_empty}" }
            } else {
                ol { class: "activity", id: "activity-list",
                    for (i, entry) in activity.iter().enumerate() {
                        li { key: "{i}", class: "activity-item",
                            span { class: "activity-dot", "aria-hidden": "true" }
                            span { class: "activity-kind tag", "{entry.kind}" }
                            span { class: "activity-message", "{entry.message}" }
                            time {
                                class: "activity-time muted",
                                title: format::date_time(lang, clock, entry.at),
                                {format::relative_time(lang, clock, entry.at)}
                            }
                        }
                    }
                }
            }
        }
    }
}
