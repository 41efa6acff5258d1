//! A provider card's settings section: base URL (for providers reached over HTTP),
//! concurrency and default model.

use super::ActionError;
use super::provider_state::{
    ProviderAction, ProviderBusy, ProviderNotice, ProviderUi, SettingsDraft, SettingsProblem,
};
use crate::i18n::studio::studio;
use crate::i18n::{Lang, t};
use dioxus::prelude::*;
use reelforge_protocol::{ProviderDescriptor, ProviderStatus};

/// Whether a provider is reached at a base URL that may be overridden. The descriptor has no
/// flag for it: a provider needing a key has a remote API, and of the keyless ones only the
/// built-in local renderer, which renders with ffmpeg, has none (ComfyUI has a URL and no key).
fn has_base_url(d: &ProviderDescriptor) -> bool {
    d.needs_key || !d.id.is_local()
}

#[component]
pub(super) fn SettingsSection(
    lang: Lang,
    status: ProviderStatus,
    ui: ProviderUi,
    on_action: Callback<ProviderAction>,
) -> Element {
    let x = studio(lang);
    let s = t(lang);
    let d = &status.descriptor;
    let id = d.id.clone();
    let draft = ui
        .settings
        .clone()
        .unwrap_or_else(|| SettingsDraft::from_status(&status));
    let edited = ui.settings.is_some() && draft != SettingsDraft::from_status(&status);
    let problem = draft.to_settings().err().map(|p| match p {
        SettingsProblem::BaseUrl => x.base_url_invalid,
        SettingsProblem::Concurrency => x.concurrency_invalid,
    });
    let busy = ui.busy.is_some();
    let default_model_name = d
        .models
        .first()
        .map(|m| m.display_name.clone())
        .unwrap_or_default();
    let effective_url = status
        .base_url
        .clone()
        .unwrap_or_else(|| x.documented_url.to_owned());
    let with_url = has_base_url(d);
    let effective = if with_url {
        (x.in_effect)(&effective_url, status.concurrency)
    } else {
        (x.in_effect_local)(status.concurrency)
    };
    let save_label = if ui.busy == Some(ProviderBusy::SavingSettings) {
        s.saving
    } else {
        x.save_settings
    };
    let set = {
        let draft = draft.clone();
        move |apply: fn(&mut SettingsDraft, String)| {
            let draft = draft.clone();
            move |event: FormEvent| {
                let mut next = draft.clone();
                apply(&mut next, event.value());
                on_action.call(ProviderAction::Settings(next));
            }
        }
    };
    let no_key_section_error = !d.needs_key;
    rsx! {
        form {
            class: "card-section provider-settings",
            id: "provider-{id}-settings",
            onsubmit: move |event: FormEvent| {
                event.prevent_default();
                if edited && problem.is_none() && !busy {
                    on_action.call(ProviderAction::SaveSettings);
                }
            },
            h4 { class: "section-label", "{x.provider_settings}" }
            div { class: "form-grid",
                if with_url {
                    label { class: "form-field",
                        span { class: "form-label", "{x.base_url}" }
                        input {
                            class: if problem == Some(x.base_url_invalid) { "input wide invalid" } else { "input wide" },
                            id: "provider-{id}-base-url",
                            r#type: "url",
                            placeholder: x.documented_url,
                            value: "{draft.base_url}",
                            oninput: set(|d, v| d.base_url = v),
                        }
                    }
                }
                label { class: "form-field",
                    span { class: "form-label", "{x.concurrency}" }
                    input {
                        class: if problem == Some(x.concurrency_invalid) { "input narrow invalid" } else { "input narrow" },
                        id: "provider-{id}-concurrency",
                        r#type: "number",
                        min: "1",
                        max: "64",
                        placeholder: "{d.default_concurrency}",
                        value: "{draft.concurrency}",
                        oninput: set(|d, v| d.concurrency = v),
                    }
                }
                label { class: "form-field",
                    span { class: "form-label", "{x.default_model}" }
                    select {
                        class: "select wide",
                        id: "provider-{id}-model",
                        value: "{draft.default_model}",
                        onchange: set(|d, v| d.default_model = v),
                        option { value: "", selected: draft.default_model.is_empty(),
                            {(s.model_default)(&default_model_name)}
                        }
                        for model in d.models.iter() {
                            option {
                                key: "{model.id}",
                                value: "{model.id}",
                                selected: draft.default_model == model.id,
                                "{model.display_name}"
                            }
                        }
                    }
                }
            }
            p { class: "muted small provider-effective", "data-testid": "provider-effective", "{effective}" }
            if let Some(problem) = problem {
                p { class: "form-problem", role: "alert", "{problem}" }
            }
            div { class: "button-row",
                button {
                    class: "button",
                    r#type: "submit",
                    id: "provider-{id}-save-settings",
                    disabled: busy || !edited || problem.is_some(),
                    "{save_label}"
                }
            }
        }
        // Providers with a key section show their errors and notices there.
        if no_key_section_error {
            if let Some(error) = ui.error.as_ref() {
                ActionError { lang, error: error.clone(), on_dismiss: move |_| on_action.call(ProviderAction::Dismiss) }
            }
            if ui.notice == Some(ProviderNotice::SettingsSaved) {
                p { class: "notice", role: "status", "data-testid": "provider-notice", "{x.settings_saved}" }
            }
        }
    }
}
