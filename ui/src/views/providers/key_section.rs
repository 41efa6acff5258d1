//! A provider card's key section: where the key is kept, the write-only key field with Save /
//! Test / Remove, the keychain fallback, and the result of a key test.

use super::ActionError;
use super::provider_state::{ProviderAction, ProviderBusy, ProviderNotice, ProviderUi};
use crate::format;
use crate::i18n::studio::studio;
use crate::i18n::{Lang, t};
use dioxus::prelude::*;
use reelforge_protocol::{KeyStorage, KeyTestResult, ProviderStatus};

#[component]
pub(super) fn KeySection(
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
                TestResult { lang, provider: status.descriptor.display_name.clone(), result: result.clone() }
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
fn TestResult(lang: Lang, provider: String, result: KeyTestResult) -> Element {
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
            }
            if let Some(code) = result.code {
                p { "data-error-code": code.as_str(), {format::take_error(lang, code, &provider)} }
            }
            p { class: "state-detail", "{result.message}" }
        }
    }
}
