//! The Providers screen: per provider (as `list_provider_status` lists them; no provider is
//! named here but the built-in `local` one, which has no base URL) its honest label, whether a
//! key is set and where it is kept, a write-only key field with Save / Test / Remove, and its
//! settings (base URL, concurrency, default model).
//!
//! The UI never receives a key: the field starts empty, is never filled from the shell and is
//! cleared once the key is saved. When the keychain is missing or locked, the shell's message
//! is shown with an explicit "Keep for this session only" button.

mod key_section;
mod provider_state;
mod settings_section;

pub use provider_state::{
    ProviderAction, ProviderBusy, ProviderNotice, ProviderUi, SettingsDraft, SettingsProblem,
    is_keychain_failure,
};

use super::common::{EmptyState, ErrorState, LoadingState, PageHeader};
use super::dialogs::ConfirmDialog;
use crate::i18n::studio::studio;
use crate::i18n::{Lang, t};
use crate::remote::Remote;
use dioxus::prelude::*;
use key_section::KeySection;
use reelforge_protocol::{ApiError, ProviderId, ProviderStatus};
use settings_section::SettingsSection;
use std::collections::BTreeMap;

/// The whole screen, from data alone: `ui` holds each provider's transient state by id.
#[component]
pub fn ProvidersView(
    lang: Lang,
    statuses: Remote<Vec<ProviderStatus>>,
    #[props(default)] ui: BTreeMap<ProviderId, ProviderUi>,
    #[props(default)] on_action: EventHandler<(ProviderId, ProviderAction)>,
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
    on_action: EventHandler<(ProviderId, ProviderAction)>,
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
                    span { class: "provider-label muted", {crate::format::provider_description(d)} }
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
