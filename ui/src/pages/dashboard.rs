//! `/`: fetches a page of jobs (re-fetched on every job update and query change) and the
//! templates, and renders [`DashboardView`].

use crate::api;
use crate::clock::Clock;
use crate::i18n::use_lang;
use crate::job_events::use_job_revision;
use crate::remote::Remote;
use crate::views::DashboardView;
use dioxus::prelude::*;
use reelforge_protocol::JobListQuery;

#[component]
pub fn Dashboard() -> Element {
    let lang = use_lang();
    let revision = use_job_revision();
    let mut query = use_signal(JobListQuery::default);
    let mut jobs = use_resource(move || {
        let request = query();
        let _ = revision();
        api::list_jobs(request)
    });
    let mut templates = use_resource(api::list_templates);
    let jobs_now = Remote::from_result(jobs.read().as_ref());
    let templates_now = Remote::from_result(templates.read().as_ref());
    rsx! {
        DashboardView {
            lang: lang(),
            clock: Clock::system(),
            jobs: jobs_now,
            templates: templates_now,
            query: query(),
            on_query: move |next: JobListQuery| query.set(next),
            on_retry: move |_: ()| {
                jobs.restart();
                templates.restart();
            },
        }
    }
}
