//! `/`: fetches a page of jobs (re-fetched on every job update and query change) and the
//! templates, and renders [`DashboardView`]; keeps the selection and runs the bulk action the
//! view's events ask for (one `bulk_jobs` call), then shows its summary and fetches again.

use crate::api;
use crate::clock::Clock;
use crate::i18n::use_lang;
use crate::job_events::use_job_revision;
use crate::remote::Remote;
use crate::views::DashboardView;
use crate::views::bulk_bar::{BulkEvent, BulkState};
use dioxus::prelude::*;
use reelforge_protocol::{BulkJobsRequest, JobId, JobListQuery};

#[component]
pub fn Dashboard() -> Element {
    let lang = use_lang();
    let revision = use_job_revision();
    let mut query = use_signal(JobListQuery::default);
    let mut bulk = use_signal(BulkState::default);
    let mut jobs = use_resource(move || {
        let request = query();
        let _ = revision();
        api::list_jobs(request)
    });
    let mut templates = use_resource(api::list_templates);
    let jobs_now = Remote::from_result(jobs.read().as_ref());
    let templates_now = Remote::from_result(templates.read().as_ref());
    let page_ids: Vec<JobId> = jobs_now
        .ready()
        .map(|page| page.items.iter().map(|j| j.id.clone()).collect())
        .unwrap_or_default();
    rsx! {
        DashboardView {
            lang: lang(),
            clock: Clock::system(),
            jobs: jobs_now,
            templates: templates_now,
            query: query(),
            on_query: move |next: JobListQuery| {
                // Another filter or search is another set of jobs: the selection goes.
                let current = query();
                if next.status != current.status || next.search != current.search {
                    bulk.write().selection = Default::default();
                }
                query.set(next);
            },
            on_retry: move |_: ()| {
                jobs.restart();
                templates.restart();
            },
            bulk: bulk(),
            on_bulk: move |event: BulkEvent| {
                let Some(action) = bulk.write().apply(event, &page_ids) else {
                    return;
                };
                let request = BulkJobsRequest {
                    selection: bulk.read().selection.selection(&query()),
                    action,
                };
                spawn(async move {
                    let outcome = api::bulk_jobs(request).await;
                    bulk.write().finish(outcome);
                    jobs.restart();
                });
            },
        }
    }
}
