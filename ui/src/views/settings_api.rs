//! The Settings screen's "Automation API" panel: the switch serving the API (`get_api_state`,
//! `turn_on_api`, `turn_off_api`), its address, the token shown the one time a call made it
//! (`turn_on_api`, `rotate_api_token`) with a copy button, the button making a new token,
//! and a curl line to try it.

use super::common::{ErrorState, LoadingState};
use super::providers::ActionError;
use crate::i18n::Lang;
use crate::i18n::api_access::api_access;
use crate::remote::Remote;
use dioxus::prelude::*;
use reelforge_protocol::{ApiAccess, ApiError};

/// The switch, the address, the token once, rotation and the curl hint.
#[component]
pub fn ApiPanel(
    lang: Lang,
    access: Remote<ApiAccess>,
    /// The token the last call made: shown this once (the page forgets it on leaving).
    #[props(default)]
    token: Option<String>,
    /// How copying the token went: `Some(true)` copied, `Some(false)` refused.
    #[props(default)]
    copied: Option<bool>,
    #[props(default)] busy: bool,
    #[props(default)] error: Option<ApiError>,
    /// The switch turned on (`true`) or off.
    #[props(default)]
    on_switch: EventHandler<bool>,
    #[props(default)] on_rotate: EventHandler<()>,
    #[props(default)] on_copy: EventHandler<String>,
    #[props(default)] on_dismiss_error: EventHandler<()>,
    on_retry: Option<EventHandler<()>>,
) -> Element {
    let a = api_access(lang);
    let body = match access {
        Remote::Loading => rsx! {
            LoadingState { lang, id: "api-loading" }
        },
        Remote::Failed(error) => rsx! {
            ErrorState { lang, error, id: "api-state-error", on_retry }
        },
        Remote::Ready(access) => rsx! {
            ApiSwitchForm { lang, access, token, copied, busy, on_switch, on_rotate, on_copy }
        },
    };
    rsx! {
        section { class: "panel form-panel", id: "settings-api",
            header { class: "panel-header",
                h2 { class: "panel-title", "{a.title}" }
            }
            div { class: "form-body",
                p { class: "muted", "{a.intro}" }
                {body}
                if let Some(error) = error {
                    ActionError { lang, error, on_dismiss: on_dismiss_error }
                }
            }
        }
    }
}

#[component]
fn ApiSwitchForm(
    lang: Lang,
    access: ApiAccess,
    token: Option<String>,
    copied: Option<bool>,
    busy: bool,
    on_switch: EventHandler<bool>,
    on_rotate: EventHandler<()>,
    on_copy: EventHandler<String>,
) -> Element {
    let a = api_access(lang);
    let status = match access.port {
        Some(port) => (a.on_at)(port),
        None => (a.off_port)(access.preferred_port),
    };
    rsx! {
        label { class: "choice",
            input {
                r#type: "checkbox",
                id: "api-toggle",
                checked: access.port.is_some(),
                disabled: busy,
                onchange: move |event: FormEvent| on_switch.call(event.checked()),
            }
            span { class: "choice-text",
                strong { "{a.switch}" }
                span { class: "muted small", "{a.switch_hint}" }
            }
        }
        p { id: "api-status", "data-on": access.port.is_some(), "{status}" }
        if let Some(url) = access.url() {
            div { class: "form-field",
                span { class: "form-label", "{a.address}" }
                code { class: "path", id: "api-url", "{url}" }
            }
        }
        TokenOnce { lang, token: token.clone(), has_token: access.has_token, copied, on_copy }
        div { class: "button-row",
            button {
                class: "button",
                id: "api-rotate",
                r#type: "button",
                disabled: busy,
                onclick: move |_| on_rotate.call(()),
                if busy { "{a.busy}" } else { "{a.rotate}" }
            }
            span { class: "form-hint", "{a.rotate_hint}" }
        }
        if let Some(url) = access.url() {
            div { class: "form-field", id: "api-try",
                span { class: "form-label", "{a.try_it}" }
                code { class: "path", id: "api-curl", "{curl_line(&url, token.as_deref())}" }
            }
        }
    }
}

/// The token made now, with its copy button; else whether one exists.
#[component]
fn TokenOnce(
    lang: Lang,
    token: Option<String>,
    has_token: bool,
    copied: Option<bool>,
    on_copy: EventHandler<String>,
) -> Element {
    let a = api_access(lang);
    let Some(token) = token else {
        let text = if has_token {
            a.token_hidden
        } else {
            a.no_token
        };
        return rsx! {
            p { class: "muted", id: "api-token-state", "{text}" }
        };
    };
    rsx! {
        div { class: "callout callout-warning", id: "api-token-once", role: "status",
            p {
                strong { "{a.token_once_title}" }
            }
            code { class: "path", id: "api-token", "{token}" }
            p { class: "form-hint", "{a.token_once_hint}" }
            div { class: "button-row",
                button {
                    class: "button",
                    id: "api-copy-token",
                    r#type: "button",
                    onclick: move |_| on_copy.call(token.clone()),
                    "{a.copy_token}"
                }
                match copied {
                    Some(true) => rsx! {
                        span { class: "muted", id: "api-token-copied", "{a.copied}" }
                    },
                    Some(false) => rsx! {
                        span { class: "form-problem", role: "alert", "{a.copy_failed}" }
                    },
                    None => rsx! {},
                }
            }
        }
    }
}

/// `curl` calling `app_info` at `url`: with the token while it is shown, else the shell
/// variable the person keeps it in.
pub fn curl_line(url: &str, token: Option<&str>) -> String {
    let token = token.unwrap_or("$REELFORGE_TOKEN");
    format!("curl -X POST -H \"Authorization: Bearer {token}\" {url}/app_info")
}
