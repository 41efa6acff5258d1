//! Step 1's overrides panel: aspect ratio, primary provider, fallback permission, budget cap and
//! the fallback chain, each inheriting the template's value until set.

use super::descriptors::find_provider;
use super::edit;
use super::setup_form::{SetupForm, preview_config};
use crate::i18n::{Lang, t};
use dioxus::prelude::*;
use reelforge_protocol::{
    AspectRatio, ProviderDescriptor, ProviderId, ResolvedConfig, TemplateDto,
};

/// Aspect ratio, provider chain, fallback permission and budget cap.
#[component]
pub(super) fn Overrides(
    lang: Lang,
    form: SetupForm,
    template: Option<TemplateDto>,
    providers: Vec<ProviderDescriptor>,
    config: ResolvedConfig,
    budget_invalid: bool,
    on_form: EventHandler<SetupForm>,
) -> Element {
    let s = t(lang);
    // What "inherit" means here: the template's value, or the built-in default.
    let inherited = preview_config(&SetupForm::new(form.template_id.clone()), template.as_ref());
    let inherit_label = |value: &str| {
        if template.is_some() {
            (s.inherit)(value)
        } else {
            format!("{} ({value})", s.default_value)
        }
    };
    let ratio_value = form.aspect_ratio.map_or("", AspectRatio::as_str);
    let provider_value = form.provider.as_deref().unwrap_or_default();
    let inherited_provider = find_provider(&providers, &inherited.provider).map_or_else(
        || inherited.provider.to_string(),
        |p| p.display_name.clone(),
    );
    let allow_value = match form.allow_fallback {
        None => "",
        Some(true) => "yes",
        Some(false) => "no",
    };
    let inherited_allow = if inherited.allow_fallback {
        s.yes
    } else {
        s.no
    };
    let chain = config.fallback_providers.clone();
    let on_ratio = edit(&form, on_form, |f, v| f.aspect_ratio = v.parse().ok());
    let on_provider = edit(&form, on_form, |f, v| {
        f.provider = (!v.is_empty()).then(|| v.into());
    });
    let on_allow = edit(&form, on_form, |f, v| {
        f.allow_fallback = match v.as_str() {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        };
    });
    let custom_chain = form.fallback_providers.is_some();
    let primary_name = find_provider(&providers, &config.provider)
        .map_or_else(|| config.provider.to_string(), |p| p.display_name.clone());
    let inherited_chain = if inherited.fallback_providers.is_empty() {
        s.none.to_owned()
    } else {
        inherited.fallback_providers.join(", ")
    };
    let reset_chain = {
        let form = form.clone();
        move |_| {
            let mut next = form.clone();
            next.fallback_providers = None;
            on_form.call(next);
        }
    };
    rsx! {
        section { class: "panel form-panel", id: "setup-overrides",
            header { class: "panel-header",
                div { class: "panel-heading",
                    h2 { class: "panel-title", "{s.overrides_title}" }
                    span { class: "panel-count", "{s.overrides_hint}" }
                }
            }
            div { class: "form-body form-grid",
                label { class: "form-field",
                    span { class: "form-label", "{s.aspect_ratio}" }
                    select {
                        class: "select",
                        id: "override-aspect",
                        value: "{ratio_value}",
                        onchange: on_ratio,
                        option { value: "", selected: form.aspect_ratio.is_none(),
                            {inherit_label(inherited.aspect_ratio.as_str())}
                        }
                        for ratio in AspectRatio::ALL {
                            option {
                                key: "{ratio}",
                                value: "{ratio}",
                                selected: form.aspect_ratio == Some(ratio),
                                "{ratio}"
                            }
                        }
                    }
                }
                label { class: "form-field",
                    span { class: "form-label", "{s.primary_provider}" }
                    select {
                        class: "select",
                        id: "override-provider",
                        value: "{provider_value}",
                        onchange: on_provider,
                        option { value: "", selected: form.provider.is_none(),
                            {inherit_label(&inherited_provider)}
                        }
                        for provider in providers.iter() {
                            option {
                                key: "{provider.id}",
                                value: "{provider.id}",
                                selected: form.provider.as_deref() == Some(provider.id.as_str()),
                                {crate::format::provider_option(provider)}
                            }
                        }
                    }
                }
                label { class: "form-field",
                    span { class: "form-label", "{s.allow_fallback}" }
                    select {
                        class: "select",
                        id: "override-allow-fallback",
                        value: "{allow_value}",
                        onchange: on_allow,
                        option { value: "", selected: form.allow_fallback.is_none(),
                            {inherit_label(inherited_allow)}
                        }
                        option { value: "yes", selected: form.allow_fallback == Some(true), "{s.yes}" }
                        option { value: "no", selected: form.allow_fallback == Some(false), "{s.no}" }
                    }
                }
                label { class: "form-field",
                    span { class: "form-label", "{s.budget_cap}" }
                    div { class: "input-affix",
                        span { class: "affix", "aria-hidden": "true", "$" }
                        input {
                            class: if budget_invalid { "input narrow invalid" } else { "input narrow" },
                            id: "override-budget",
                            r#type: "text",
                            inputmode: "decimal",
                            placeholder: s.no_budget_cap,
                            "aria-invalid": budget_invalid,
                            value: "{form.budget_cap}",
                            oninput: edit(&form, on_form, |f, v| f.budget_cap = v),
                        }
                    }
                    span { class: "form-hint", "{s.budget_cap_hint}" }
                }
                div { class: "form-field span-all", id: "override-chain",
                    span { class: "form-label", "{s.provider_chain}" }
                    div { class: "chain",
                        span { class: "chain-primary tag", "1 · {primary_name}" }
                        // Inherited fallbacks this app has no descriptor for.
                        for (at, id) in chain.iter().enumerate().filter(|(_, id)| find_provider(&providers, id).is_none()) {
                            span { key: "{id}", class: "tag chain-missing", "{at + 2} · {id}" }
                        }
                        for provider in providers.iter().filter(|p| p.id != config.provider) {
                            ChainChip {
                                key: "{provider.id}",
                                provider: provider.clone(),
                                position: chain.iter().position(|id| *id == provider.id),
                                form: form.clone(),
                                chain: chain.clone(),
                                on_form,
                            }
                        }
                        if custom_chain {
                            button {
                                class: "button ghost small",
                                r#type: "button",
                                id: "chain-reset",
                                onclick: reset_chain,
                                {inherit_label(&inherited_chain)}
                            }
                        }
                    }
                    span { class: "form-hint", "{s.fallback_order_hint}" }
                }
            }
        }
    }
}

/// One provider of the fallback chain: pressed when in it (with its place), click to toggle.
#[component]
fn ChainChip(
    provider: ProviderDescriptor,
    position: Option<usize>,
    form: SetupForm,
    chain: Vec<ProviderId>,
    on_form: EventHandler<SetupForm>,
) -> Element {
    let pressed = position.is_some();
    let id = provider.id.clone();
    let onclick = move |_| {
        let mut next = form.clone();
        let mut list = chain.clone();
        if let Some(at) = list.iter().position(|p| *p == id) {
            list.remove(at);
        } else {
            list.push(id.clone());
        }
        next.fallback_providers = Some(list);
        on_form.call(next);
    };
    rsx! {
        button {
            class: if pressed { "chain-chip pressed" } else { "chain-chip" },
            r#type: "button",
            "aria-pressed": if pressed { "true" } else { "false" },
            "data-provider": "{provider.id}",
            onclick,
            if let Some(at) = position {
                span { class: "chain-order", "{at + 2}" }
            }
            "{provider.display_name}"
        }
    }
}
