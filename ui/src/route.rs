//! The screens and their addresses. Every screen sits inside the [`Shell`] layout.

use crate::pages::{Dashboard, Job, NewJob, NotFound, Providers, Quick, Settings, Templates};
use crate::shell::Shell;
use dioxus::prelude::*;

/// A screen of the app, parsed from and printed to its address.
#[derive(Debug, Clone, PartialEq, Routable)]
#[rustfmt::skip]
pub enum Route {
    #[layout(Shell)]
        #[route("/")]
        Dashboard {},
        #[route("/templates")]
        Templates {},
        #[route("/quick")]
        Quick {},
        #[route("/providers")]
        Providers {},
        #[route("/settings")]
        Settings {},
        // Before `/jobs/:id`, so that `new` is not taken for an id. `template` preselects a
        // template (empty: none).
        #[route("/jobs/new?:template")]
        NewJob { template: String },
        #[route("/jobs/:id")]
        Job { id: String },
        #[route("/:..segments")]
        NotFound { segments: Vec<String> },
}
