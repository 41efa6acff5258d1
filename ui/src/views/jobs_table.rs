//! The dashboard's jobs panel: status filter, search, the bulk bar, the table (a checkbox per
//! row and one for the page) and its pages.

use super::bulk_bar::{BulkBar, BulkEvent, BulkState};
use super::common::{
    EmptyState, ErrorState, LoadingState, RouteLink, SegmentProgress, StatusBadge,
};
use crate::clock::Clock;
use crate::format;
use crate::i18n::bulk::bulk as bulk_texts;
use crate::i18n::{Lang, t};
use crate::remote::Remote;
use crate::route::Route;
use dioxus::prelude::*;
use reelforge_protocol::{JobId, JobListQuery, JobPage, JobStatus, JobSummary};

/// Value of the "all statuses" option of the filter.
const ALL_STATUSES: &str = "all";

/// How many pages `total` items make at `page_size` per page (at least one).
pub fn page_count(total: u64, page_size: u32) -> u64 {
    let size = u64::from(page_size.max(1));
    total.div_ceil(size).max(1)
}

/// Toolbar, table (or its loading, error or empty state) and pagination.
#[component]
pub fn JobsPanel(
    lang: Lang,
    clock: Clock,
    jobs: Remote<JobPage>,
    query: JobListQuery,
    #[props(default)] on_query: EventHandler<JobListQuery>,
    on_retry: Option<EventHandler<()>>,
    #[props(default)] bulk: BulkState,
    #[props(default)] on_bulk: EventHandler<BulkEvent>,
) -> Element {
    let s = t(lang);
    let filtered = query.status.is_some() || query.search.as_deref().is_some_and(|q| !q.is_empty());
    let count = jobs
        .ready()
        .map(|page| (s.jobs_count)(page.total_matching))
        .unwrap_or_default();
    let body = match jobs {
        Remote::Loading => rsx! {
            LoadingState { lang, id: "jobs-loading" }
        },
        Remote::Failed(error) => rsx! {
            ErrorState { lang, error, id: "jobs-error", on_retry }
        },
        Remote::Ready(page) if page.items.is_empty() && filtered => rsx! {
            EmptyState { id: "jobs-empty", title: s.jobs_no_match, hint: s.jobs_no_match_hint }
        },
        Remote::Ready(page) if page.items.is_empty() => rsx! {
            EmptyState { id: "jobs-empty", title: s.jobs_empty, hint: s.jobs_empty_hint }
        },
        Remote::Ready(page) => rsx! {
            BulkBar {
                lang,
                state: bulk.clone(),
                total_matching: page.total_matching,
                page: page.items.iter().map(|j| j.id.clone()).collect::<Vec<JobId>>(),
                on_bulk,
            }
            JobsTable { lang, clock, items: page.items.clone(), bulk: bulk.clone(), on_bulk }
            Pagination { lang, page: page.clone(), query: query.clone(), on_query }
        },
    };
    rsx! {
        section { id: "jobs", class: "panel", "data-testid": "jobs-panel",
            header { class: "panel-header",
                div { class: "panel-heading",
                    h2 { class: "panel-title", "{s.jobs_title}" }
                    span { class: "panel-count", id: "jobs-count", "{count}" }
                }
                JobsToolbar { lang, query, on_query }
            }
            {body}
        }
    }
}

/// The status filter and the search box. Any change goes back to the first page.
#[component]
fn JobsToolbar(lang: Lang, query: JobListQuery, on_query: EventHandler<JobListQuery>) -> Element {
    let s = t(lang);
    let selected = query.status.map_or(ALL_STATUSES, JobStatus::as_str);
    let search = query.search.clone().unwrap_or_default();
    let for_status = query.clone();
    let for_search = query;
    rsx! {
        div { class: "toolbar",
            label { class: "control",
                span { class: "control-label", "{s.filter_status}" }
                select {
                    id: "status-filter",
                    class: "select",
                    onchange: move |event: FormEvent| {
                        on_query
                            .call(JobListQuery {
                                status: JobStatus::parse(&event.value()),
                                page: 0,
                                ..for_status.clone()
                            })
                    },
                    option { value: ALL_STATUSES, selected: selected == ALL_STATUSES, "{s.filter_all_statuses}" }
                    for status in JobStatus::ALL {
                        StatusOption { key: "{status.as_str()}", lang, status, selected: selected == status.as_str() }
                    }
                }
            }
            label { class: "control search",
                span { class: "control-label visually-hidden", "{s.search_label}" }
                input {
                    id: "job-search",
                    class: "input",
                    r#type: "search",
                    placeholder: s.search_placeholder,
                    value: "{search}",
                    oninput: move |event: FormEvent| {
                        let text = event.value();
                        on_query
                            .call(JobListQuery {
                                search: (!text.trim().is_empty()).then_some(text),
                                page: 0,
                                ..for_search.clone()
                            })
                    },
                }
            }
        }
    }
}

#[component]
fn StatusOption(lang: Lang, status: JobStatus, selected: bool) -> Element {
    let label = format::status_label(lang, status);
    rsx! {
        option { value: status.as_str(), selected, "{label}" }
    }
}

/// One row per job: its checkbox, title, status, template, progress, cost, last update.
#[component]
pub fn JobsTable(
    lang: Lang,
    clock: Clock,
    items: Vec<JobSummary>,
    #[props(default)] bulk: BulkState,
    #[props(default)] on_bulk: EventHandler<BulkEvent>,
) -> Element {
    let s = t(lang);
    let ids: Vec<JobId> = items.iter().map(|j| j.id.clone()).collect();
    let page_selected = bulk.selection.page_selected(&ids);
    rsx! {
        div { class: "table-scroll",
            table { id: "jobs-table", class: "table", "data-testid": "jobs-table",
                thead {
                    tr {
                        th { scope: "col", class: "cell-select",
                            input {
                                r#type: "checkbox",
                                id: "select-page",
                                "aria-label": bulk_texts(lang).select_page,
                                checked: page_selected,
                                onclick: move |_| on_bulk.call(BulkEvent::PageTicked(!page_selected)),
                            }
                        }
                        th { scope: "col", "{s.col_title}" }
                        th { scope: "col", "{s.col_status}" }
                        th { scope: "col", "{s.col_template}" }
                        th { scope: "col", "{s.col_progress}" }
                        th { scope: "col", class: "num", "{s.col_cost}" }
                        th { scope: "col", class: "num", "{s.col_updated}" }
                    }
                }
                tbody {
                    for (index, job) in items.into_iter().enumerate() {
                        JobRow {
                            key: "{job.id}",
                            lang,
                            clock,
                            selected: bulk.selection.is_selected(&job.id),
                            index,
                            on_bulk,
                            job,
                        }
                    }
                }
            }
        }
    }
}

#[component]
fn JobRow(
    lang: Lang,
    clock: Clock,
    job: JobSummary,
    selected: bool,
    index: usize,
    on_bulk: EventHandler<BulkEvent>,
) -> Element {
    let s = t(lang);
    let id = job.id.to_string();
    let template = match job.template_name.clone() {
        Some(name) => rsx! { "{name}" },
        None => rsx! {
            span { class: "muted", "{s.no_template}" }
        },
    };
    let actual = format::money(lang, job.actual_cost_micros);
    let estimated = format::money(lang, job.estimated_cost_micros);
    let updated = format::relative_time(lang, clock, job.updated_at);
    let updated_full = format::date_time(lang, clock, job.updated_at);
    rsx! {
        tr {
            class: if selected { "job-row selected" } else { "job-row" },
            "data-testid": "job-row",
            "data-job-id": "{id}",
            "data-status": job.status.as_str(),
            td { class: "cell-select",
                input {
                    r#type: "checkbox",
                    class: "row-select",
                    "aria-label": "{(bulk_texts(lang).select_row)(&job.title)}",
                    checked: selected,
                    onclick: move |event: MouseEvent| {
                        on_bulk.call(BulkEvent::RowClicked {
                            index,
                            shift: event.modifiers().shift(),
                        })
                    },
                }
            }
            td { class: "cell-title",
                RouteLink { to: Route::Job { id: id.clone() }, class: "row-link",
                    span { class: "job-title", "{job.title}" }
                }
                if !job.subject.is_empty() {
                    span { class: "job-subject", "{job.subject}" }
                }
            }
            td {
                StatusBadge { lang, status: job.status }
            }
            td { class: "cell-template", {template} }
            td {
                SegmentProgress { done: job.segments_done, total: job.segment_count }
            }
            td { class: "num cell-cost",
                span { class: "cost-actual", "{actual}" }
                span { class: "cost-estimated", "{s.estimated_short} {estimated}" }
            }
            td { class: "num cell-updated", title: "{updated_full}",
                time { "{updated}" }
            }
        }
    }
}

/// Previous / next buttons around "page X of Y".
#[component]
fn Pagination(
    lang: Lang,
    page: JobPage,
    query: JobListQuery,
    on_query: EventHandler<JobListQuery>,
) -> Element {
    let s = t(lang);
    let pages = page_count(page.total_matching, page.page_size);
    let current = u64::from(page.page);
    let has_previous = current > 0;
    let has_next = current + 1 < pages;
    let label = (s.page_of)(current + 1, pages);
    let previous_query = JobListQuery {
        page: page.page.saturating_sub(1),
        ..query.clone()
    };
    let next_query = JobListQuery {
        page: page.page + 1,
        ..query
    };
    rsx! {
        nav { class: "pagination", id: "pagination", "aria-label": "{label}",
            button {
                id: "page-prev",
                class: "button ghost",
                r#type: "button",
                disabled: !has_previous,
                onclick: move |_| on_query.call(previous_query.clone()),
                "← {s.page_previous}"
            }
            span { class: "page-indicator", id: "page-indicator", "{label}" }
            button {
                id: "page-next",
                class: "button ghost",
                r#type: "button",
                disabled: !has_next,
                onclick: move |_| on_query.call(next_query.clone()),
                "{s.page_next} →"
            }
        }
    }
}
