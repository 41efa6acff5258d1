//! The template editor's final model: the model a promotion regenerates a drafted segment
//! with, among the chosen provider's models (the draft model is the template's model).

use super::TemplateAction;
use super::template_form::TemplateForm;
use crate::i18n::Lang;
use crate::i18n::promotion::promotion;
use dioxus::prelude::*;
use reelforge_protocol::ProviderDescriptor;

/// The final-model select, with what it does.
#[component]
pub fn FinalModelChoice(
    lang: Lang,
    form: TemplateForm,
    provider: Option<ProviderDescriptor>,
    on_action: EventHandler<TemplateAction>,
) -> Element {
    let p = promotion(lang);
    let models = provider.map(|d| d.models).unwrap_or_default();
    let on_change = {
        let form = form.clone();
        move |event: FormEvent| {
            let mut next = form.clone();
            next.final_model = event.value();
            on_action.call(TemplateAction::Form(next));
        }
    };
    rsx! {
        label { class: "form-field",
            span { class: "form-label", "{p.final_model}" }
            select {
                class: "select wide",
                id: "template-final-model",
                value: "{form.final_model}",
                title: "{p.final_model_hint}",
                onchange: on_change,
                option { value: "", selected: form.final_model.is_empty(), "{p.final_model_none}" }
                for m in models {
                    option {
                        key: "{m.id}",
                        value: "{m.id}",
                        selected: form.final_model == m.id,
                        disabled: form.model == m.id,
                        "{m.display_name}"
                    }
                }
            }
        }
    }
}
