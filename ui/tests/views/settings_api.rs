//! ApiPanel: the automation API switch off and on, its address, the token shown once with its
//! copy button, the token kept hidden afterwards, rotation, the curl hint and a failed
//! change, in English and French.

use crate::support::*;
use dioxus::prelude::*;
use reelforge_protocol::{ApiAccess, ApiError, ErrorCode};
use reelforge_ui::i18n::Lang;
use reelforge_ui::remote::Remote;
use reelforge_ui::views::settings_api::ApiPanel;

const TOKEN: &str = "rf_0123456789abcdef";

fn off(has_token: bool) -> ApiAccess {
    ApiAccess {
        port: None,
        remembered_on: false,
        preferred_port: 8765,
        has_token,
    }
}

fn on(port: u16) -> ApiAccess {
    ApiAccess {
        port: Some(port),
        remembered_on: true,
        preferred_port: port,
        has_token: true,
    }
}

fn view(
    lang: Lang,
    access: Remote<ApiAccess>,
    token: Option<&str>,
    error: Option<ApiError>,
) -> String {
    let token = token.map(str::to_owned);
    render(move || {
        rsx! {
            ApiPanel {
                lang,
                access: access.clone(),
                token: token.clone(),
                error: error.clone(),
            }
        }
    })
}

#[test]
fn off_without_a_token_says_which_port_turning_on_uses() {
    let html = view(Lang::En, Remote::Ready(off(false)), None, None);
    assert!(html.contains(r#"id="api-toggle""#));
    assert!(!html.contains("checked"), "the switch is off");
    assert!(!html.contains(r#"id="api-url""#));
    assert!(!html.contains(r#"id="api-curl""#));
    let text = visible_text(&html);
    assert_reads(
        &text,
        &[
            "Automation API",
            "Serve the automation API",
            "Off. Turning it on uses port 8765.",
            "No token yet",
            "Make a new token",
        ],
    );
}

#[test]
fn on_with_a_new_token_shows_it_once_with_copy_and_curl() {
    let html = view(Lang::En, Remote::Ready(on(9123)), Some(TOKEN), None);
    assert!(html.contains("checked"), "the switch is on");
    assert!(html.contains(r#"id="api-token-once""#));
    assert!(html.contains(r#"id="api-copy-token""#));
    let text = visible_text(&html);
    assert_reads(
        &text,
        &[
            "On, at port 9123",
            "http://127.0.0.1:9123/api/v1",
            "Your token, shown this once",
            TOKEN,
            "Copy the token",
            "curl -X POST -H \"Authorization: Bearer rf_0123456789abcdef\" \
             http://127.0.0.1:9123/api/v1/app_info",
        ],
    );
}

#[test]
fn on_later_the_token_is_never_shown_again() {
    let html = view(Lang::En, Remote::Ready(on(8765)), None, None);
    assert!(!html.contains(r#"id="api-token-once""#));
    let text = visible_text(&html);
    assert_reads(
        &text,
        &[
            "A token exists. It is never shown again",
            "Authorization: Bearer $REELFORGE_TOKEN\"",
        ],
    );
    assert_not_reads(&text, &["rf_"]);
}

#[test]
fn in_french() {
    let html = view(Lang::Fr, Remote::Ready(on(8765)), Some(TOKEN), None);
    let text = visible_text(&html);
    assert_reads(
        &text,
        &[
            "API d'automatisation",
            "Active, sur le port 8765",
            "Votre jeton, affiché cette seule fois",
            "Copier le jeton",
            "Créer un nouveau jeton",
            "L'ancien jeton cesse aussitôt de fonctionner.",
        ],
    );
    let off = visible_text(&view(Lang::Fr, Remote::Ready(off(true)), None, None));
    assert_reads(
        &off,
        &[
            "Inactive. L'activer utilisera le port 8765.",
            "Un jeton existe.",
        ],
    );
}

#[test]
fn a_port_taken_is_told_and_loading_and_failure_render() {
    let taken = ApiError::new(ErrorCode::Conflict, "cannot listen on 127.0.0.1:8765");
    let html = view(Lang::En, Remote::Ready(off(true)), None, Some(taken));
    assert!(html.contains(r#"data-error-code="conflict""#));
    assert!(html.contains(r#"id="api-toggle""#));

    let loading = view(Lang::En, Remote::Loading, None, None);
    assert!(loading.contains(r#"id="api-loading""#));
    let failed = view(
        Lang::En,
        Remote::Failed(ApiError::new(ErrorCode::Internal, "no engine")),
        None,
        None,
    );
    assert!(failed.contains(r#"id="api-state-error""#));
}
