//! `/templates`: fetches the templates and renders [`TemplatesView`].

use crate::api;
use crate::clock::Clock;
use crate::i18n::use_lang;
use crate::remote::Remote;
use crate::views::TemplatesView;
use dioxus::prelude::*;

#[component]
pub fn Templates() -> Element {
    let lang = use_lang();
    let mut templates = use_resource(api::list_templates);
    let now = Remote::from_result(templates.read().as_ref());
    rsx! {
        TemplatesView {
            lang: lang(),
            clock: Clock::system(),
            templates: now,
            on_retry: move |_: ()| templates.restart(),
        }
    }
}
