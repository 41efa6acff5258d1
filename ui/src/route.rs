//! The screens and their addresses. Every screen sits inside the [`Shell`] layout.

use crate::pages::{Dashboard, Job, NotFound, Templates};
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
        #[route("/jobs/:id")]
        Job { id: String },
        #[route("/:..segments")]
        NotFound { segments: Vec<String> },
}
