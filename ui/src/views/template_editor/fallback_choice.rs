//! One provider of the template editor's fallback chain: a checkbox with its place in the chain.

use super::TemplateAction;
use super::template_form::TemplateForm;
use dioxus::prelude::*;
use reelforge_protocol::ProviderDescriptor;

#[component]
pub(super) fn FallbackChoice(
    provider: ProviderDescriptor,
    form: TemplateForm,
    on_action: EventHandler<TemplateAction>,
) -> Element {
    let position = form
        .fallback_providers
        .iter()
        .position(|p| *p == provider.id);
    let id = provider.id.clone();
    rsx! {
        label { class: "choice inline",
            input {
                r#type: "checkbox",
                id: "template-fallback-{id}",
                checked: position.is_some(),
                onchange: move |_| {
                    let mut next = form.clone();
                    if position.is_some() {
                        next.fallback_providers.retain(|p| *p != id);
                    } else {
                        next.fallback_providers.push(id.clone());
                    }
                    on_action.call(TemplateAction::Form(next));
                },
            }
            if let Some(at) = position {
                span { class: "tag", "{at + 1}" }
            }
            span { "{provider.display_name}" }
            span { class: "muted small", {crate::format::provider_description(&provider)} }
        }
    }
}
