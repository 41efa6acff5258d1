//! `/providers`: lists the providers' status and runs the key and settings actions.
//!
//! A typed key goes to `set_provider_key` and nowhere else; it is cleared once saved. After
//! every change the list is fetched again, so `has_key` and where the key lives are the
//! shell's word.

use crate::api;
use crate::i18n::use_lang;
use crate::remote::Remote;
use crate::views::ProvidersView;
use crate::views::providers::{
    ProviderAction, ProviderBusy, ProviderNotice, ProviderUi, is_keychain_failure,
};
use dioxus::prelude::*;
use reelforge_protocol::{ProviderId, SetProviderKeyRequest, UpdateProviderSettingsRequest};
use std::collections::BTreeMap;

#[component]
pub fn Providers() -> Element {
    let lang = use_lang();
    let mut statuses = use_resource(api::list_provider_status);
    let mut ui = use_signal(BTreeMap::<ProviderId, ProviderUi>::new);

    let on_action = move |(id, action): (ProviderId, ProviderAction)| {
        let current = ui.peek().get(&id).cloned().unwrap_or_default();
        let mut slot = |apply: &dyn Fn(&mut ProviderUi)| {
            apply(ui.write().entry(id.clone()).or_default());
        };
        match action {
            ProviderAction::Key(key) => slot(&|u| {
                u.key = key.clone();
                u.notice = None;
            }),
            ProviderAction::Settings(draft) => slot(&|u| {
                u.settings = Some(draft.clone());
                u.notice = None;
            }),
            ProviderAction::AskRemove => slot(&|u| u.confirm_remove = true),
            ProviderAction::CancelRemove => slot(&|u| u.confirm_remove = false),
            ProviderAction::Dismiss => slot(&|u| {
                u.error = None;
                u.test = None;
                u.notice = None;
                u.keychain_failed = false;
            }),
            _ if current.busy.is_some() => {}
            ProviderAction::SaveKey { session_only } => {
                let key = current.key.trim().to_owned();
                if key.is_empty() {
                    return;
                }
                slot(&|u| {
                    u.busy = Some(ProviderBusy::SavingKey);
                    u.error = None;
                    u.test = None;
                    u.notice = None;
                });
                spawn(async move {
                    let request = SetProviderKeyRequest {
                        provider: id.clone(),
                        key,
                        session_only,
                    };
                    let result = api::set_provider_key(request).await;
                    let mut all = ui.write();
                    let u = all.entry(id).or_default();
                    u.busy = None;
                    match result {
                        Ok(_) => {
                            u.key.clear();
                            u.keychain_failed = false;
                            u.notice = Some(ProviderNotice::KeySaved);
                            drop(all);
                            statuses.restart();
                        }
                        Err(e) => {
                            u.keychain_failed = !session_only && is_keychain_failure(&e);
                            u.error = Some(e);
                        }
                    }
                });
            }
            ProviderAction::Test => {
                slot(&|u| {
                    u.busy = Some(ProviderBusy::Testing);
                    u.error = None;
                    u.test = None;
                    u.notice = None;
                });
                spawn(async move {
                    let result = api::test_provider_key(id.to_string()).await;
                    let mut all = ui.write();
                    let u = all.entry(id).or_default();
                    u.busy = None;
                    match result {
                        Ok(test) => u.test = Some(test),
                        Err(e) => u.error = Some(e),
                    }
                });
            }
            ProviderAction::Remove => {
                slot(&|u| {
                    u.busy = Some(ProviderBusy::Removing);
                    u.error = None;
                    u.test = None;
                });
                spawn(async move {
                    let result = api::remove_provider_key(id.to_string()).await;
                    let mut all = ui.write();
                    let u = all.entry(id).or_default();
                    u.busy = None;
                    u.confirm_remove = false;
                    match result {
                        Ok(_) => {
                            u.notice = Some(ProviderNotice::KeyRemoved);
                            drop(all);
                            statuses.restart();
                        }
                        Err(e) => u.error = Some(e),
                    }
                });
            }
            ProviderAction::SaveSettings => {
                let Some(draft) = current.settings.clone() else {
                    return;
                };
                let Ok(settings) = draft.to_settings() else {
                    return;
                };
                slot(&|u| {
                    u.busy = Some(ProviderBusy::SavingSettings);
                    u.error = None;
                    u.notice = None;
                });
                spawn(async move {
                    let request = UpdateProviderSettingsRequest {
                        provider: id.clone(),
                        settings,
                    };
                    let result = api::update_provider_settings(request).await;
                    let mut all = ui.write();
                    let u = all.entry(id).or_default();
                    u.busy = None;
                    match result {
                        Ok(_) => {
                            // The fields show what was stored, not what was typed.
                            u.settings = None;
                            u.notice = Some(ProviderNotice::SettingsSaved);
                            drop(all);
                            statuses.restart();
                        }
                        Err(e) => u.error = Some(e),
                    }
                });
            }
        }
    };

    let now = Remote::from_result(statuses.read().as_ref());
    rsx! {
        ProvidersView {
            lang: lang(),
            statuses: now,
            ui: ui(),
            on_action,
            on_retry: move |_: ()| statuses.restart(),
        }
    }
}
