//! Any other address: a translated "page not found" with a way back.

use crate::i18n::{t, use_lang};
use crate::route::Route;
use crate::views::common::{EmptyState, RouteLink};
use dioxus::prelude::*;

#[component]
pub fn NotFound(segments: Vec<String>) -> Element {
    let lang = use_lang();
    let s = t(lang());
    let path = format!("/{}", segments.join("/"));
    rsx! {
        section { class: "page", id: "not-found", "data-path": "{path}",
            EmptyState { id: "not-found-state", title: s.not_found_title, hint: s.not_found_body }
            RouteLink { to: Route::Dashboard {}, class: "button", id: "not-found-home", "← {s.back_to_dashboard}" }
        }
    }
}
