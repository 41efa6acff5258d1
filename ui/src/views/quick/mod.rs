//! The Quick screen: a subject becomes a script (`write_script`), the script a production
//! (`start_quick`). With "review the script first" the script is shown for editing (title, and
//! each segment's narration and visual prompt) before anything is generated; "run straight
//! through" starts at once. "Storyboard first" makes a keyframe per segment after the script
//! and stops for review on the job screen, or runs on.
//!
//! Providers, models and aspect ratios come from the descriptors only.

mod form_view;
mod quick_form;
mod script_review;
mod storyboard_choice;

pub use quick_form::{PILLARS, QuickForm, QuickProblem, TARGETS, script_language_name};
pub use script_review::ScriptReview;

use super::common::{ErrorState, LoadingState, PageHeader};
use super::providers::ActionError;
use crate::i18n::Lang;
use crate::i18n::studio::studio;
use crate::remote::Remote;
use dioxus::prelude::*;
use form_view::QuickFormView;
use reelforge_protocol::{ApiError, ProviderDescriptor, ScriptDto};

/// Where the quick flow is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QuickStage {
    #[default]
    Form,
    /// `write_script` is running.
    Writing,
    /// The script is shown for review.
    Review,
    /// `start_quick` is running.
    Starting,
}

/// The whole screen, from data alone.
#[component]
pub fn QuickView(
    lang: Lang,
    providers: Remote<Vec<ProviderDescriptor>>,
    form: QuickForm,
    #[props(default)] stage: QuickStage,
    #[props(default)] script: Option<ScriptDto>,
    #[props(default)] error: Option<ApiError>,
    #[props(default)] on_form: EventHandler<QuickForm>,
    /// The form was sent: write the script (review) or start at once.
    #[props(default)]
    on_submit: EventHandler<()>,
    #[props(default)] on_script: EventHandler<ScriptDto>,
    /// Back from the review to the form.
    #[props(default)]
    on_back: EventHandler<()>,
    /// Generate from the reviewed script.
    #[props(default)]
    on_start: EventHandler<()>,
    #[props(default)] on_dismiss_error: EventHandler<()>,
    on_retry: Option<EventHandler<()>>,
) -> Element {
    let x = studio(lang);
    let body = match (&providers, stage, script.as_ref()) {
        (Remote::Loading, _, _) => rsx! {
            LoadingState { lang, id: "quick-loading" }
        },
        (Remote::Failed(error), _, _) => rsx! {
            ErrorState { lang, error: error.clone(), id: "quick-error", on_retry }
        },
        (Remote::Ready(_), QuickStage::Writing, _) => rsx! {
            Working { id: "quick-writing", text: x.writing_script, hint: form.subject.clone() }
        },
        (Remote::Ready(_), QuickStage::Starting, _) => rsx! {
            Working { id: "quick-starting", text: x.starting_quick, hint: form.subject.clone() }
        },
        (Remote::Ready(_), QuickStage::Review, Some(script)) => rsx! {
            ScriptReview {
                lang,
                script: script.clone(),
                target: form.target_duration_s,
                on_script,
                on_back,
                on_rewrite: on_submit,
                on_start,
            }
        },
        (Remote::Ready(list), _, _) => rsx! {
            QuickFormView { lang, providers: list.clone(), form: form.clone(), on_form, on_submit }
        },
    };
    rsx! {
        section { id: "quick-page", class: "page quick", "data-testid": "quick-page",
            PageHeader { title: x.quick_title, subtitle: x.quick_subtitle }
            if let Some(error) = error {
                ActionError { lang, error, on_dismiss: on_dismiss_error }
            }
            {body}
        }
    }
}

#[component]
fn Working(id: String, text: String, hint: String) -> Element {
    rsx! {
        div { class: "state state-loading quick-working", id, role: "status", "aria-live": "polite",
            span { class: "spinner", "aria-hidden": "true" }
            p { class: "state-title", "{text}" }
            p { class: "state-detail", "{hint}" }
        }
    }
}

fn edit<T: Clone + 'static>(
    value: &T,
    on_change: EventHandler<T>,
    apply: impl Fn(&mut T, String) + 'static,
) -> impl FnMut(FormEvent) + 'static {
    let value = value.clone();
    move |event: FormEvent| {
        let mut next = value.clone();
        apply(&mut next, event.value());
        on_change.call(next);
    }
}
