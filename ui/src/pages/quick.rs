//! `/quick`: a subject → `write_script` → (review and edit) → `start_quick` → the job screen.
//! "Run straight through" skips the review: `start_quick` writes the script itself.

use crate::api;
use crate::i18n::use_lang;
use crate::remote::Remote;
use crate::route::Route;
use crate::views::QuickView;
use crate::views::quick::{QuickForm, QuickStage};
use dioxus::prelude::*;
use reelforge_protocol::{ApiError, QuickRequest, ScriptDto};

#[component]
pub fn Quick() -> Element {
    let lang = use_lang();
    let navigator = use_navigator();
    let mut providers = use_resource(api::list_providers);
    let mut form = use_signal(QuickForm::default);
    let mut stage = use_signal(QuickStage::default);
    let mut script = use_signal(|| None::<ScriptDto>);
    let mut error = use_signal(|| None::<ApiError>);

    let mut start = move |request: QuickRequest, back_to: QuickStage| {
        stage.set(QuickStage::Starting);
        error.set(None);
        spawn(async move {
            match api::start_quick(request).await {
                Ok(detail) => {
                    navigator.push(Route::Job {
                        id: detail.summary.id.to_string(),
                    });
                }
                Err(e) => {
                    error.set(Some(e));
                    stage.set(back_to);
                }
            }
        });
    };

    let on_submit = move |_: ()| {
        if matches!(stage(), QuickStage::Writing | QuickStage::Starting) {
            return;
        }
        let current = form();
        let Ok(request) = current.to_request() else {
            return;
        };
        if !current.review {
            start(request, QuickStage::Form);
            return;
        }
        let back_to = stage();
        stage.set(QuickStage::Writing);
        error.set(None);
        spawn(async move {
            match api::write_script(request).await {
                Ok(written) => {
                    script.set(Some(written));
                    stage.set(QuickStage::Review);
                }
                Err(e) => {
                    error.set(Some(e));
                    stage.set(back_to);
                }
            }
        });
    };

    let on_start = move |_: ()| {
        if stage() != QuickStage::Review {
            return;
        }
        let Ok(mut request) = form().to_request() else {
            return;
        };
        let Some(reviewed) = script() else {
            return;
        };
        request.language = Some(reviewed.language);
        request.script = Some(reviewed);
        start(request, QuickStage::Review);
    };

    rsx! {
        QuickView {
            lang: lang(),
            providers: Remote::from_result(providers.read().as_ref()),
            form: form(),
            stage: stage(),
            script: script(),
            error: error(),
            on_form: move |next: QuickForm| form.set(next),
            on_submit,
            on_script: move |next: ScriptDto| script.set(Some(next)),
            on_back: move |_: ()| stage.set(QuickStage::Form),
            on_start,
            on_dismiss_error: move |_: ()| error.set(None),
            on_retry: move |_: ()| providers.restart(),
        }
    }
}
