//! The Settings page's automation API panel with its own state: the API's state
//! (`get_api_state`), the switch (`turn_on_api` / `turn_off_api`), rotation
//! (`rotate_api_token`) and the token a call made, kept in this page only (never stored in the
//! webview: leaving Settings forgets it), copied with the clipboard.

use crate::api;
use crate::dom;
use crate::i18n::use_lang;
use crate::remote::Remote;
use crate::views::settings_api::ApiPanel;
use dioxus::prelude::*;
use reelforge_protocol::{ApiAccess, ApiAccessChange, ApiError, TurnOnApiRequest};

#[component]
pub fn ApiSection() -> Element {
    let lang = use_lang();
    let mut fetched = use_resource(api::get_api_state);
    // The state a change answered, newer than the fetched one.
    let mut latest = use_signal(|| None::<ApiAccess>);
    let mut token = use_signal(|| None::<String>);
    let mut copied = use_signal(|| None::<bool>);
    let mut busy = use_signal(|| false);
    let mut error = use_signal(|| None::<ApiError>);

    let mut changed = move |answer: Result<ApiAccessChange, ApiError>| match answer {
        Ok(change) => {
            latest.set(Some(change.access));
            if change.new_token.is_some() {
                token.set(change.new_token);
                copied.set(None);
            }
        }
        Err(e) => error.set(Some(e)),
    };

    let access = match latest() {
        Some(access) => Remote::Ready(access),
        None => Remote::from_result(fetched.read().as_ref()),
    };
    rsx! {
        ApiPanel {
            lang: lang(),
            access,
            token: token(),
            copied: copied(),
            busy: busy(),
            error: error(),
            on_switch: move |on: bool| {
                if busy() {
                    return;
                }
                busy.set(true);
                error.set(None);
                spawn(async move {
                    if on {
                        changed(api::turn_on_api(TurnOnApiRequest::default()).await);
                    } else {
                        match api::turn_off_api().await {
                            Ok(access) => latest.set(Some(access)),
                            Err(e) => error.set(Some(e)),
                        }
                    }
                    busy.set(false);
                });
            },
            on_rotate: move |_: ()| {
                if busy() {
                    return;
                }
                busy.set(true);
                error.set(None);
                spawn(async move {
                    changed(api::rotate_api_token().await);
                    busy.set(false);
                });
            },
            on_copy: move |text: String| {
                spawn(async move {
                    copied.set(Some(dom::copy_text(&text).await));
                });
            },
            on_dismiss_error: move |_: ()| error.set(None),
            on_retry: move |_: ()| {
                latest.set(None);
                fetched.restart();
            },
        }
    }
}
