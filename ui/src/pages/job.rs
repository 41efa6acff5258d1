//! `/jobs/:id`: fetches the job (again on every job update) and renders [`JobView`].

use crate::api;
use crate::clock::Clock;
use crate::i18n::use_lang;
use crate::job_events::use_job_revision;
use crate::remote::Remote;
use crate::views::JobView;
use dioxus::prelude::*;
use reelforge_protocol::JobId;

#[component]
pub fn Job(id: String) -> Element {
    let lang = use_lang();
    let revision = use_job_revision();
    // The route's id is a prop, not a signal: track it so a new id re-fetches.
    let mut job = use_resource(use_reactive!(|id| {
        let _ = revision();
        api::get_job(JobId::from(id))
    }));
    let now = Remote::from_result(job.read().as_ref());
    rsx! {
        JobView {
            lang: lang(),
            clock: Clock::system(),
            job: now,
            on_retry: move |_: ()| job.restart(),
        }
    }
}
