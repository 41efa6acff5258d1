//! The Providers screen: per provider (as `list_provider_status` lists them; no provider is
//! named here) its honest label, whether a key is set and where it is kept, a write-only key
//! field with Save / Test / Remove, and its settings (base URL, concurrency, default model).
//!
//! The UI never receives a key: the field starts empty, is never filled from the shell and is
//! cleared once the key is saved. When the keychain is missing or locked, the shell's message
//! is shown with an explicit "Keep for this session only" button.

use super::common::{EmptyState, ErrorState, LoadingState, PageHeader};
use super::dialogs::ConfirmDialog;
use crate::i18n::studio::studio;
use crate::i18n::{Lang, t};
use crate::remote::Remote;
use dioxus::prelude::*;
use reelforge_protocol::{
    ApiError, ErrorCode, KeyStorage, KeyTestResult, ProviderSettings, ProviderStatus,
};
use std::collections::BTreeMap;

/// What is running for one provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProviderBusy {
    SavingKey,
    Testing,
    Removing,
    SavingSettings,
}

/// What was just done, for a short confirmation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProviderNotice {
    KeySaved,
    KeyRemoved,
    SettingsSaved,
}

/// The settings fields as typed. Empty means the default.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SettingsDraft {
    pub base_url: String,
    pub concurrency: String,
    pub default_model: String,
}

/// Why a settings draft cannot be saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingsProblem {
    BaseUrl,
    Concurrency,
}

impl SettingsDraft {
    /// The stored settings, as fields.
    pub fn from_status(status: &ProviderStatus) -> Self {
        let settings = &status.settings;
        Self {
            base_url: settings.base_url.clone().unwrap_or_default(),
            concurrency: settings
                .concurrency
                .map(|n| n.to_string())
                .unwrap_or_default(),
            default_model: settings.default_model.clone().unwrap_or_default(),
        }
    }

    /// The settings to send, or what is wrong with them.
    pub fn to_settings(&self) -> Result<ProviderSettings, SettingsProblem> {
        let base_url = self.base_url.trim();
        let web = base_url.starts_with("http://") || base_url.starts_with("https://");
        if !base_url.is_empty() && !web {
            return Err(SettingsProblem::BaseUrl);
        }
        let concurrency = match self.concurrency.trim() {
            "" => None,
            text => match text.parse::<u32>() {
                Ok(n) if (1..=64).contains(&n) => Some(n),
                _ => return Err(SettingsProblem::Concurrency),
            },
        };
        let model = self.default_model.trim();
        Ok(ProviderSettings {
            base_url: (!base_url.is_empty()).then(|| base_url.to_owned()),
            concurrency,
            default_model: (!model.is_empty()).then(|| model.to_owned()),
        })
    }
}

/// The screen's transient state for one provider.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProviderUi {
    /// The key being typed; write-only, cleared after a successful save.
    pub key: String,
    /// Edited settings; `None` shows the stored ones.
    pub settings: Option<SettingsDraft>,
    pub busy: Option<ProviderBusy>,
    pub test: Option<KeyTestResult>,
    pub error: Option<ApiError>,
    /// The last save failed because the keychain is missing or locked.
    pub keychain_failed: bool,
    pub confirm_remove: bool,
    pub notice: Option<ProviderNotice>,
}

/// Whether saving a key failed because the OS keychain cannot be used.
pub fn is_keychain_failure(error: &ApiError) -> bool {
    error.code == ErrorCode::Storage || error.message.to_lowercase().contains("keychain")
}

/// What the person asked for on one provider.
#[derive(Debug, Clone, PartialEq)]
pub enum ProviderAction {
    /// The key field changed.
    Key(String),
    /// The settings fields changed.
    Settings(SettingsDraft),
    /// Save the typed key: in the keychain, or for this session only.
    SaveKey {
        session_only: bool,
    },
    Test,
    /// Ask to remove the key (opens the confirmation).
    AskRemove,
    Remove,
    CancelRemove,
    SaveSettings,
    /// Forget the error, test result and notice.
    Dismiss,
}

/// The whole screen, from data alone: `ui` holds each provider's transient state by id.
#[component]
pub fn ProvidersView(
    lang: Lang,
    statuses: Remote<Vec<ProviderStatus>>,
    #[props(default)] ui: BTreeMap<String, ProviderUi>,
    #[props(default)] on_action: EventHandler<(String, ProviderAction)>,
    on_retry: Option<EventHandler<()>>,
) -> Element {
    let x = studio(lang);
    let body = match statuses {
        Remote::Loading => rsx! {
            LoadingState { lang, id: "providers-loading" }
        },
        Remote::Failed(error) => rsx! {
            ErrorState { lang, error, id: "providers-error", on_retry }
        },
        Remote::Ready(list) if list.is_empty() => rsx! {
            EmptyState { id: "providers-empty", title: x.providers_empty, hint: x.providers_empty_hint }
        },
        Remote::Ready(list) => rsx! {
            div { id: "providers-list", class: "provider-list", role: "list",
                for status in list {
                    ProviderCard {
                        key: "{status.descriptor.id}",
                        lang,
                        ui: ui.get(&status.descriptor.id).cloned().unwrap_or_default(),
                        status: status.clone(),
                        on_action,
                    }
                }
            }
        },
    };
    rsx! {
        section { id: "providers-page", class: "page", "data-testid": "providers-page",
            PageHeader { title: x.providers_title, subtitle: x.providers_subtitle }
            {body}
        }
    }
}

/// One provider: identity, key and settings.
#[component]
pub fn ProviderCard(
    lang: Lang,
    status: ProviderStatus,
    ui: ProviderUi,
    on_action: EventHandler<(String, ProviderAction)>,
) -> Element {
    let x = studio(lang);
    let d = &status.descriptor;
    let id = d.id.clone();
    let act = {
        let id = id.clone();
        move |action: ProviderAction| on_action.call((id.clone(), action))
    };
    let (key_badge_class, key_badge) = if !d.needs_key {
        ("badge key-badge key-none-needed", x.key_not_needed)
    } else if status.has_key {
        ("badge key-badge key-set", x.key_set)
    } else {
        ("badge key-badge key-missing", x.key_missing)
    };
    let name = d.display_name.clone();
    let confirm_remove = ui.confirm_remove;
    let removing = ui.busy == Some(ProviderBusy::Removing);
    rsx! {
        article {
            class: "provider-card card",
            role: "listitem",
            id: "provider-{id}",
            "data-testid": "provider-card",
            "data-provider-id": "{id}",
            "data-has-key": status.has_key,
            header { class: "card-header",
                div { class: "provider-identity",
                    h3 { class: "card-title", "{d.display_name}" }
                    span { class: "provider-label muted", "{d.label}" }
                }
                div { class: "card-badges",
                    span { class: key_badge_class, "data-testid": "key-badge", "{key_badge}" }
                }
            }
            if d.needs_key {
                KeySection { lang, status: status.clone(), ui: ui.clone(), on_action: act.clone() }
            } else {
                p { class: "provider-no-key muted", "data-testid": "no-key-needed", "{x.key_not_needed_hint}" }
            }
            SettingsSection { lang, status: status.clone(), ui: ui.clone(), on_action: act.clone() }
            if confirm_remove {
                ConfirmDialog {
                    lang,
                    id: "remove-key-dialog",
                    title: (x.remove_key_title)(&name),
                    confirm_label: x.remove_key,
                    danger: true,
                    busy: removing,
                    on_confirm: {
                        let act = act.clone();
                        move |_| act(ProviderAction::Remove)
                    },
                    on_dismiss: {
                        let act = act.clone();
                        move |_| act(ProviderAction::CancelRemove)
                    },
                    p { class: "dialog-lead", "{x.remove_key_body}" }
                }
            }
        }
    }
}

#[component]
fn KeySection(
    lang: Lang,
    status: ProviderStatus,
    ui: ProviderUi,
    on_action: Callback<ProviderAction>,
) -> Element {
    let x = studio(lang);
    let s = t(lang);
    let id = status.descriptor.id.clone();
    let busy = ui.busy.is_some();
    let has_typed = !ui.key.trim().is_empty();
    let storage = match status.key_storage {
        KeyStorage::Keychain => rsx! {
            p { class: "key-storage key-storage-keychain", "data-testid": "key-storage", "{x.stored_keychain}" }
        },
        KeyStorage::Session => rsx! {
            p {
                class: "key-storage callout callout-warning",
                role: "status",
                "data-testid": "key-storage",
                strong { "{x.stored_session}" }
                " {x.stored_session_warning}"
            }
        },
        KeyStorage::None => rsx! {
            p { class: "key-storage muted", "data-testid": "key-storage", "{x.stored_none}" }
        },
    };
    let save_label = if ui.busy == Some(ProviderBusy::SavingKey) {
        s.saving
    } else {
        x.save_key
    };
    let test_label = if ui.busy == Some(ProviderBusy::Testing) {
        x.testing
    } else {
        x.test_key
    };
    let has_key = status.has_key;
    rsx! {
        div { class: "card-section provider-key", id: "provider-{id}-key",
            h4 { class: "section-label", "{x.api_key}" }
            {storage}
            if let Some(reason) = status.key_error.as_ref() {
                p { class: "callout callout-warning", role: "alert", "data-testid": "key-error",
                    "{reason}"
                }
            }
            form {
                class: "key-form",
                autocomplete: "off",
                onsubmit: move |event: FormEvent| {
                    event.prevent_default();
                    if has_typed && !busy {
                        on_action.call(ProviderAction::SaveKey { session_only: false });
                    }
                },
                label { class: "form-field",
                    span { class: "form-label", "{x.new_key}" }
                    input {
                        class: "input wide",
                        id: "provider-{id}-key-input",
                        r#type: "password",
                        name: "key-{id}",
                        autocomplete: "off",
                        spellcheck: "false",
                        placeholder: if has_key { x.key_placeholder_replace } else { x.key_placeholder },
                        value: "{ui.key}",
                        oninput: move |event: FormEvent| on_action.call(ProviderAction::Key(event.value())),
                    }
                }
                div { class: "button-row",
                    button {
                        class: "button",
                        r#type: "submit",
                        id: "provider-{id}-save-key",
                        disabled: busy || !has_typed,
                        "{save_label}"
                    }
                    button {
                        class: "button ghost",
                        r#type: "button",
                        id: "provider-{id}-test-key",
                        disabled: busy || !has_key,
                        onclick: move |_| on_action.call(ProviderAction::Test),
                        "{test_label}"
                    }
                    button {
                        class: "button ghost danger-text",
                        r#type: "button",
                        id: "provider-{id}-remove-key",
                        disabled: busy || !has_key,
                        onclick: move |_| on_action.call(ProviderAction::AskRemove),
                        "{x.remove_key}"
                    }
                }
            }
            if ui.keychain_failed {
                div { class: "callout callout-warning", role: "alert", id: "provider-{id}-keychain-failed",
                    p { strong { "{x.keychain_failed}" } }
                    if let Some(error) = ui.error.as_ref() {
                        p { class: "state-detail", "{error.message}" }
                    }
                    p { "{x.keychain_failed_hint}" }
                    div { class: "button-row",
                        button {
                            class: "button",
                            r#type: "button",
                            id: "provider-{id}-session-only",
                            disabled: busy || !has_typed,
                            onclick: move |_| on_action.call(ProviderAction::SaveKey { session_only: true }),
                            "{x.keep_for_session}"
                        }
                        button {
                            class: "button ghost",
                            r#type: "button",
                            onclick: move |_| on_action.call(ProviderAction::Dismiss),
                            "{s.dismiss}"
                        }
                    }
                }
            }
            if let Some(result) = ui.test.as_ref() {
                TestResult { lang, result: result.clone() }
            }
        }
        if !ui.keychain_failed && let Some(error) = ui.error.as_ref() {
            ActionError { lang, error: error.clone(), on_dismiss: move |_| on_action.call(ProviderAction::Dismiss) }
        }
        if let Some(notice) = ui.notice {
            p { class: "notice", role: "status", "data-testid": "provider-notice",
                {match notice {
                    ProviderNotice::KeySaved => x.key_saved,
                    ProviderNotice::KeyRemoved => x.key_removed,
                    ProviderNotice::SettingsSaved => x.settings_saved,
                }}
            }
        }
    }
}

#[component]
fn TestResult(lang: Lang, result: KeyTestResult) -> Element {
    let x = studio(lang);
    let (class, title) = if result.ok {
        ("callout callout-success key-test", x.test_ok)
    } else {
        ("callout callout-danger key-test", x.test_failed)
    };
    rsx! {
        div { class, role: "status", "data-testid": "key-test", "data-ok": result.ok,
            p {
                strong { "{title}" }
                if let Some(code) = result.code.as_ref() {
                    " "
                    span { class: "tag", "{code}" }
                }
            }
            p { class: "state-detail", "{result.message}" }
        }
    }
}

/// A failed action, dismissable.
#[component]
pub fn ActionError(lang: Lang, error: ApiError, on_dismiss: EventHandler<()>) -> Element {
    let s = t(lang);
    let code = crate::format::error_code_label(lang, error.code);
    rsx! {
        div { class: "callout callout-danger action-error", role: "alert", "data-error-code": error.code.as_str(),
            p {
                strong { "{s.action_failed}" }
                " {code} · {error.message}"
            }
            button {
                class: "button ghost small",
                r#type: "button",
                onclick: move |_| on_dismiss.call(()),
                "{s.dismiss}"
            }
        }
    }
}

#[component]
fn SettingsSection(
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
    let effective = (x.in_effect)(&effective_url, status.concurrency);
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
