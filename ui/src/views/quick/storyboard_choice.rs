//! Quick mode's "Storyboard first" switch (issue 19): after the script, a keyframe per segment,
//! then a stop for review on the job screen, or "Then run on" (approve all, animate, generate,
//! assemble).

use super::quick_form::QuickForm;
use crate::i18n::Lang;
use crate::i18n::storyboard::storyboard;
use dioxus::prelude::*;

#[component]
pub(super) fn StoryboardFirstChoice(
    lang: Lang,
    form: QuickForm,
    on_form: EventHandler<QuickForm>,
) -> Element {
    let s = storyboard(lang);
    let first = form.storyboard_first;
    let on_first = {
        let form = form.clone();
        move |e: FormEvent| {
            on_form.call(QuickForm {
                storyboard_first: e.checked(),
                ..form.clone()
            })
        }
    };
    let on_run_on = {
        let form = form.clone();
        move |e: FormEvent| {
            on_form.call(QuickForm {
                storyboard_run_on: e.checked(),
                ..form.clone()
            })
        }
    };
    rsx! {
        div { class: "form-body choice-list", id: "quick-storyboard",
            label { class: "choice",
                input {
                    r#type: "checkbox",
                    id: "quick-storyboard-first",
                    checked: first,
                    onchange: on_first,
                }
                span { class: "choice-text",
                    strong { "{s.quick_first}" }
                    span { class: "muted small", "{s.quick_first_hint}" }
                }
            }
            label { class: "choice",
                input {
                    r#type: "checkbox",
                    id: "quick-storyboard-run-on",
                    disabled: !first,
                    checked: first && form.storyboard_run_on,
                    onchange: on_run_on,
                }
                span { class: "choice-text",
                    strong { "{s.quick_run_on}" }
                    span { class: "muted small", "{s.quick_run_on_hint}" }
                }
            }
        }
    }
}
