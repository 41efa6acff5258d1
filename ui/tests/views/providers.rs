//! ProvidersView: identity and honest label from the status list, the key badge and where the
//! key lives, the write-only key field, keychain failures, test results, removal and settings.

use crate::support::*;
use dioxus::prelude::*;
use reelforge_protocol::{
    ApiError, ErrorCode, KeyStorage, KeyTestResult, ProviderId, ProviderSettings, ProviderStatus,
    TakeErrorCode,
};
use reelforge_ui::i18n::Lang;
use reelforge_ui::remote::Remote;
use reelforge_ui::views::ProvidersView;
use reelforge_ui::views::providers::{
    ProviderBusy, ProviderUi, SettingsDraft, SettingsProblem, is_keychain_failure,
};
use std::collections::BTreeMap;

fn fal_status() -> ProviderStatus {
    ProviderStatus {
        descriptor: fal_provider(),
        has_key: true,
        key_storage: KeyStorage::Keychain,
        key_error: None,
        settings: ProviderSettings {
            base_url: None,
            concurrency: Some(3),
            default_model: Some("seedance".into()),
        },
        base_url: None,
        concurrency: 3,
        default_model: Some("seedance".into()),
    }
}

fn session_status() -> ProviderStatus {
    let mut descriptor = fal_provider();
    descriptor.id = "runway".into();
    descriptor.display_name = "Runway".into();
    descriptor.label = "hosted, paid".into();
    ProviderStatus {
        descriptor,
        has_key: true,
        key_storage: KeyStorage::Session,
        key_error: None,
        settings: ProviderSettings::default(),
        base_url: Some("https://gateway.example/runway".into()),
        concurrency: 2,
        default_model: None,
    }
}

fn local_status() -> ProviderStatus {
    ProviderStatus {
        descriptor: local_provider(),
        has_key: false,
        key_storage: KeyStorage::None,
        key_error: None,
        settings: ProviderSettings::default(),
        base_url: None,
        concurrency: 1,
        default_model: None,
    }
}

/// ComfyUI: no key, but a server at a base URL.
fn comfyui_status() -> ProviderStatus {
    let mut status = local_status();
    status.descriptor.id = "comfyui".into();
    status.descriptor.display_name = "ComfyUI".into();
    status.descriptor.label = "ComfyUI on your computer (local AI)".into();
    status.base_url = Some("http://127.0.0.1:8188".into());
    status
}

fn missing_status() -> ProviderStatus {
    let mut status = fal_status();
    status.descriptor.id = "luma".into();
    status.descriptor.display_name = "Luma".into();
    status.has_key = false;
    status.key_storage = KeyStorage::None;
    status.key_error = Some("the system keychain is locked: unlock it and try again".into());
    status.settings = ProviderSettings::default();
    status
}

fn all() -> Vec<ProviderStatus> {
    vec![
        fal_status(),
        session_status(),
        local_status(),
        missing_status(),
    ]
}

fn view(
    lang: Lang,
    statuses: Remote<Vec<ProviderStatus>>,
    ui: BTreeMap<ProviderId, ProviderUi>,
) -> String {
    render(move || {
        rsx! {
            ProvidersView { lang, statuses: statuses.clone(), ui: ui.clone() }
        }
    })
}

fn ui_for(id: &str, state: ProviderUi) -> BTreeMap<ProviderId, ProviderUi> {
    BTreeMap::from([(id.into(), state)])
}

#[test]
fn loading_failed_and_empty() {
    let html = view(Lang::En, Remote::Loading, BTreeMap::new());
    assert!(html.contains(r#"id="providers-loading""#));
    assert_reads(&visible_text(&html), &["Providers", "Loading…"]);

    let error = ApiError::new(ErrorCode::Storage, "database is locked");
    let html = view(Lang::En, Remote::Failed(error), BTreeMap::new());
    assert!(html.contains(r#"id="providers-error""#));
    assert_reads(
        &visible_text(&html),
        &["Something went wrong", "database is locked"],
    );

    let html = view(Lang::Fr, Remote::Ready(Vec::new()), BTreeMap::new());
    assert!(html.contains(r#"id="providers-empty""#));
    assert_reads(&visible_text(&html), &["Fournisseurs", "Aucun fournisseur"]);
}

#[test]
fn every_listed_provider_with_its_key_state() {
    let html = view(Lang::En, Remote::Ready(all()), BTreeMap::new());
    let text = visible_text(&html);
    assert_eq!(html.matches(r#"data-testid="provider-card""#).count(), 4);
    assert_reads(
        &text,
        &[
            "fal.ai",
            "hosted models",
            "Key set",
            "Kept in the system keychain.",
            "Runway",
            "This session only.",
            "forgotten when Reelforge quits",
            "Local",
            "offline, not AI",
            "No key needed",
            "This provider needs no API key.",
            "Luma",
            "No key",
            "the system keychain is locked",
            "In effect: Documented URL · 3 at once",
            "In effect: https://gateway.example/runway · 2 at once",
            "Default model",
            "Generations at once",
            "Base URL",
        ],
    );
    // The session-only key is a visible warning.
    assert!(html.contains("key-storage callout callout-warning"));
    // Key fields: write-only and empty, and none for the provider that needs no key.
    assert_eq!(html.matches(r#"type="password""#).count(), 3);
    assert!(!html.contains("provider-local-key-input"));
    assert!(html.contains(r#"id="provider-fal-key-input""#));
    // Test and remove need a stored key; saving needs a typed one.
    assert!(html.contains(r#"id="provider-fal-test-key">"#));
    assert!(html.contains(r#"id="provider-fal-remove-key">"#));
    assert!(html.contains(r#"id="provider-luma-test-key" disabled=true"#));
    assert!(html.contains(r#"id="provider-luma-remove-key" disabled=true"#));
    assert!(html.contains(r#"id="provider-fal-save-key" disabled=true"#));
    // The key inputs are never filled from the shell.
    // Every key field is a password field that starts empty: the UI never receives a key.
    for id in ["fal", "runway", "luma"] {
        let start = html
            .find(&format!(r#"id="provider-{id}-key-input""#))
            .expect("a key field");
        let tag = &html[start..start + html[start..].find('>').unwrap()];
        assert!(tag.contains(r#"type="password""#), "{tag}");
        assert!(tag.ends_with(r#"value=""/"#), "{tag}");
    }
    // The stored default model is selected; models come from the descriptor.
    assert!(html.contains("Seedance"));
    assert!(html.contains("Kling 2.1"));
}

#[test]
fn the_typed_key_is_cleared_after_saving_and_never_shown_otherwise() {
    let typed = ProviderUi {
        key: "sk-live-typed".into(),
        ..Default::default()
    };
    let html = view(
        Lang::En,
        Remote::Ready(vec![fal_status()]),
        ui_for("fal", typed),
    );
    // Only the field being typed in holds it (as its value), nothing prints it.
    assert_not_reads(&visible_text(&html), &["sk-live-typed"]);

    let saved = ProviderUi {
        notice: Some(reelforge_ui::views::providers::ProviderNotice::KeySaved),
        ..Default::default()
    };
    let html = view(
        Lang::En,
        Remote::Ready(vec![fal_status()]),
        ui_for("fal", saved),
    );
    assert!(!html.contains("sk-live"));
    assert_reads(&visible_text(&html), &["Key saved."]);
}

#[test]
fn saving_testing_and_their_results() {
    let saving = ProviderUi {
        key: "k".into(),
        busy: Some(ProviderBusy::SavingKey),
        ..Default::default()
    };
    let text = visible_text(&view(
        Lang::En,
        Remote::Ready(vec![fal_status()]),
        ui_for("fal", saving),
    ));
    assert_reads(&text, &["Saving…"]);

    let testing = ProviderUi {
        busy: Some(ProviderBusy::Testing),
        ..Default::default()
    };
    let text = visible_text(&view(
        Lang::En,
        Remote::Ready(vec![fal_status()]),
        ui_for("fal", testing),
    ));
    assert_reads(&text, &["Testing…"]);

    let ok = ProviderUi {
        test: Some(KeyTestResult {
            provider: "fal".into(),
            ok: true,
            code: None,
            message: "Authenticated as team Reels".into(),
        }),
        ..Default::default()
    };
    let html = view(
        Lang::En,
        Remote::Ready(vec![fal_status()]),
        ui_for("fal", ok),
    );
    assert!(html.contains(r#"data-ok=true"#) || html.contains(r#"data-ok="true""#));
    assert_reads(
        &visible_text(&html),
        &[
            "The provider accepted the key.",
            "Authenticated as team Reels",
        ],
    );

    let bad = ProviderUi {
        test: Some(KeyTestResult {
            provider: "fal".into(),
            ok: false,
            code: Some(TakeErrorCode::BadKey),
            message: "401 Unauthorized".into(),
        }),
        ..Default::default()
    };
    let text = visible_text(&view(
        Lang::Fr,
        Remote::Ready(vec![fal_status()]),
        ui_for("fal", bad),
    ));
    assert_reads(
        &text,
        &[
            "Le test de la clé a échoué.",
            "a refusé la clé API",
            "401 Unauthorized",
        ],
    );
    assert_not_reads(&text, &["bad_key"]);
}

#[test]
fn a_missing_keychain_offers_the_session_only_choice() {
    let error = ApiError::new(
        ErrorCode::KeychainUnavailable,
        "no system keychain was found (no secret service); install or start GNOME Keyring or KWallet, or keep the key for this session only",
    );
    assert!(is_keychain_failure(&error));
    assert!(is_keychain_failure(&ApiError::new(
        ErrorCode::KeychainLocked,
        "locked"
    )));
    // The code decides, never the words: a storage error naming the keychain is not one.
    assert!(!is_keychain_failure(&ApiError::new(
        ErrorCode::Storage,
        "database is locked while reading the keychain settings"
    )));
    assert!(!is_keychain_failure(&ApiError::new(
        ErrorCode::Validation,
        "empty key"
    )));
    let failed = ProviderUi {
        key: "k".into(),
        keychain_failed: true,
        error: Some(error),
        ..Default::default()
    };
    let html = view(
        Lang::En,
        Remote::Ready(vec![missing_status()]),
        ui_for("luma", failed.clone()),
    );
    assert!(html.contains(r#"id="provider-luma-session-only""#));
    assert_reads(
        &visible_text(&html),
        &[
            "The key could not be saved in the system keychain.",
            "install or start GNOME Keyring",
            "Keep for this session only",
        ],
    );
    let text = visible_text(&view(
        Lang::Fr,
        Remote::Ready(vec![missing_status()]),
        ui_for("luma", failed),
    ));
    assert_reads(&text, &["Garder pour cette session seulement", "trousseau"]);
}

#[test]
fn removing_asks_first() {
    let asking = ProviderUi {
        confirm_remove: true,
        ..Default::default()
    };
    let html = view(
        Lang::En,
        Remote::Ready(vec![fal_status()]),
        ui_for("fal", asking),
    );
    assert!(html.contains(r#"id="remove-key-dialog""#));
    assert_reads(
        &visible_text(&html),
        &[
            "Remove the fal.ai key?",
            "will fail until a new key is saved",
        ],
    );
    let text = visible_text(&view(
        Lang::Fr,
        Remote::Ready(vec![fal_status()]),
        ui_for(
            "fal",
            ProviderUi {
                confirm_remove: true,
                ..Default::default()
            },
        ),
    ));
    assert_reads(&text, &["Supprimer la clé fal.ai", "productions"]);
}

#[test]
fn failed_actions_and_invalid_settings_are_shown() {
    let failed = ProviderUi {
        error: Some(ApiError::new(ErrorCode::Validation, "concurrency too high")),
        settings: Some(SettingsDraft {
            base_url: "ftp://nope".into(),
            concurrency: "2".into(),
            default_model: String::new(),
        }),
        ..Default::default()
    };
    let text = visible_text(&view(
        Lang::En,
        Remote::Ready(vec![comfyui_status()]),
        ui_for("comfyui", failed),
    ));
    assert_reads(
        &text,
        &[
            "concurrency too high",
            "The base URL must start with http:// or https://.",
        ],
    );
    let saving = ProviderUi {
        busy: Some(ProviderBusy::SavingSettings),
        settings: Some(SettingsDraft::default()),
        ..Default::default()
    };
    let text = visible_text(&view(
        Lang::Fr,
        Remote::Ready(vec![local_status()]),
        ui_for("local", saving),
    ));
    assert_reads(&text, &["Enregistrement", "Aucune clé requise"]);
}

#[test]
fn the_local_provider_has_no_base_url_and_its_name_once() {
    let mut local = local_status();
    local.descriptor = local_provider_named_twice();
    let statuses = vec![local, comfyui_status()];
    let html = view(Lang::En, Remote::Ready(statuses.clone()), BTreeMap::new());
    let text = visible_text(&html);
    // Nothing to point at for the ffmpeg renderer; ComfyUI (no key either) keeps its URL.
    assert!(!html.contains("provider-local-base-url"));
    assert!(html.contains(r#"id="provider-comfyui-base-url""#));
    assert_eq!(html.matches(r#"type="url""#).count(), 1);
    assert_reads(
        &text,
        &[
            "In effect: 1 at once",
            "In effect: http://127.0.0.1:8188 · 1 at once",
            "Local (ffmpeg motion) offline, not AI",
            "ComfyUI ComfyUI on your computer (local AI)",
        ],
    );
    assert_eq!(text.matches("Local (ffmpeg motion)").count(), 1, "{text}");
    let text = visible_text(&view(Lang::Fr, Remote::Ready(statuses), BTreeMap::new()));
    assert_reads(&text, &["En vigueur\u{a0}: 1 à la fois"]);
    assert_eq!(text.matches("URL de base").count(), 1, "{text}");
}

#[test]
fn settings_drafts_become_settings() {
    let draft = SettingsDraft::from_status(&fal_status());
    assert_eq!(draft.concurrency, "3");
    assert_eq!(draft.default_model, "seedance");
    assert_eq!(draft.to_settings().unwrap(), fal_status().settings);
    let empty = SettingsDraft::default().to_settings().unwrap();
    assert_eq!(empty, ProviderSettings::default());
    let bad = SettingsDraft {
        concurrency: "0".into(),
        ..Default::default()
    };
    assert_eq!(bad.to_settings(), Err(SettingsProblem::Concurrency));
    let url = SettingsDraft {
        base_url: " http://localhost:8188 ".into(),
        ..Default::default()
    };
    assert_eq!(
        url.to_settings().unwrap().base_url.as_deref(),
        Some("http://localhost:8188")
    );
}
