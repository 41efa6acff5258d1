//! The dashboard: whole-history stats, the "start from a template" strip and the jobs panel.

use super::bulk_bar::{BulkEvent, BulkState};
use super::common::{ErrorState, LoadingState, PageHeader, RouteLink};
use super::jobs_table::JobsPanel;
use crate::clock::Clock;
use crate::format;
use crate::i18n::{Lang, t};
use crate::remote::Remote;
use crate::route::Route;
use dioxus::prelude::*;
use reelforge_protocol::{DashboardStats, JobListQuery, JobPage, TemplateDto};

/// The whole dashboard, from data alone.
///
/// `query` is the filter, search and page the jobs were asked with; `on_query` receives the
/// next one when the person changes any of them. `on_retry` re-runs failed fetches.
#[component]
pub fn DashboardView(
    lang: Lang,
    clock: Clock,
    jobs: Remote<JobPage>,
    templates: Remote<Vec<TemplateDto>>,
    query: JobListQuery,
    #[props(default)] on_query: EventHandler<JobListQuery>,
    on_retry: Option<EventHandler<()>>,
    #[props(default)] bulk: BulkState,
    #[props(default)] on_bulk: EventHandler<BulkEvent>,
) -> Element {
    let s = t(lang);
    let stats = jobs.ready().map(|page| page.stats.clone());
    rsx! {
        section { id: "dashboard", class: "page", "data-testid": "dashboard",
            PageHeader { title: s.dashboard_title, subtitle: s.dashboard_subtitle,
                RouteLink {
                    to: Route::Quick {},
                    class: "button ghost",
                    id: "dashboard-quick",
                    "⚡ {crate::i18n::studio::studio(lang).quick_button}"
                }
                RouteLink {
                    to: Route::NewJob { template: String::new() },
                    class: "button",
                    id: "dashboard-new-job",
                    "+ {s.new_job}"
                }
            }
            StatsCards { lang, stats }
            TemplatesStrip { lang, templates, on_retry }
            JobsPanel { lang, clock, jobs, query, on_query, on_retry, bulk, on_bulk }
        }
    }
}

/// The four headline figures; dashes until the first page of jobs arrives.
#[component]
pub fn StatsCards(lang: Lang, stats: Option<DashboardStats>) -> Element {
    let s = t(lang);
    let value = |n: Option<u64>| n.map_or_else(|| "—".to_owned(), |n| n.to_string());
    let total = value(stats.as_ref().map(|st| st.total_jobs));
    let completed = value(stats.as_ref().map(|st| st.completed));
    let in_progress = value(stats.as_ref().map(|st| st.in_progress));
    let cost = stats.as_ref().map_or_else(
        || "—".to_owned(),
        |st| format::money(lang, st.total_cost_micros),
    );
    let failed_note = stats
        .as_ref()
        .filter(|st| st.failed > 0)
        .map(|st| (s.stat_failed)(st.failed))
        .unwrap_or_default();
    rsx! {
        section { id: "stats", class: "stats-grid", "aria-label": s.dashboard_title,
            StatCard { id: "stats-total", label: s.stat_total_jobs, value: total, accent: "neutral" }
            StatCard {
                id: "stats-completed",
                label: s.stat_completed,
                value: completed,
                accent: "success",
                note: failed_note,
            }
            StatCard {
                id: "stats-in-progress",
                label: s.stat_in_progress,
                value: in_progress,
                accent: "progress",
            }
            StatCard { id: "stats-cost", label: s.stat_total_cost, value: cost, accent: "cost" }
        }
    }
}

#[component]
fn StatCard(
    id: String,
    label: String,
    value: String,
    accent: String,
    #[props(default)] note: String,
) -> Element {
    rsx! {
        div { class: "stat-card accent-{accent}", id: "{id}", "data-testid": "{id}",
            span { class: "stat-label", "{label}" }
            span { class: "stat-value", "{value}" }
            if !note.is_empty() {
                span { class: "stat-note", "{note}" }
            }
        }
    }
}

/// A horizontal strip of the templates, each with its shape at a glance.
#[component]
pub fn TemplatesStrip(
    lang: Lang,
    templates: Remote<Vec<TemplateDto>>,
    on_retry: Option<EventHandler<()>>,
) -> Element {
    let s = t(lang);
    let body = match templates {
        Remote::Loading => rsx! {
            LoadingState { lang }
        },
        Remote::Failed(error) => rsx! {
            ErrorState { lang, error, on_retry }
        },
        Remote::Ready(list) if list.is_empty() => rsx! {
            p { class: "strip-empty", id: "templates-strip-empty", "{s.strip_empty}" }
        },
        Remote::Ready(list) => rsx! {
            ul { class: "strip", role: "list",
                for template in list {
                    TemplateChip { key: "{template.id}", lang, template: template.clone() }
                }
            }
        },
    };
    rsx! {
        section { id: "templates-strip", class: "panel strip-panel", "data-testid": "templates-strip",
            header { class: "panel-header",
                h2 { class: "panel-title", "{s.strip_title}" }
                RouteLink { to: Route::Templates {}, class: "panel-link", id: "strip-all-templates",
                    "{s.strip_all_templates} →"
                }
            }
            {body}
        }
    }
}

#[component]
fn TemplateChip(lang: Lang, template: TemplateDto) -> Element {
    let input = &template.input;
    let shape = format!(
        "{} × {}",
        input.segment_count,
        format::seconds(lang, u64::from(input.segment_duration_s))
    );
    let ratio = input.aspect_ratio.as_str();
    let mode = format::mode_label(lang, input.mode);
    let id = template.id.to_string();
    let orientation = match input.aspect_ratio {
        reelforge_protocol::AspectRatio::Portrait | reelforge_protocol::AspectRatio::Feed => "tall",
        reelforge_protocol::AspectRatio::Landscape => "wide",
        reelforge_protocol::AspectRatio::Square => "square",
    };
    rsx! {
        li {
            class: "template-card template-chip",
            "data-testid": "template-card",
            "data-template-id": "{id}",
            RouteLink {
                to: Route::NewJob { template: id.clone() },
                class: "chip-link",
                div { class: "chip-frame frame-{orientation}", "aria-hidden": "true" }
                div { class: "chip-body",
                    span { class: "chip-name", "{input.name}" }
                    span { class: "chip-shape", "{shape}" }
                    span { class: "chip-meta",
                        span { class: "tag", "{ratio}" }
                        span { class: "tag", "{mode}" }
                    }
                }
            }
        }
    }
}
