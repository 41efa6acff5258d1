//! Remembers the interface language between launches (the webview's `localStorage`) and tells
//! the document which language it is in (`<html lang>`). Natively, nothing is stored.
//!
//! The notification toggle and the language OS notifications are written in are also kept
//! by the shell (`get_app_settings` / `set_app_settings`), which shows the notifications:
//! [`share_lang`] and [`share_notifications`] send them there.

use crate::api;
use crate::i18n::Lang;
use reelforge_protocol::{AppSettings, ScriptLanguage};

/// The language OS notifications use for the interface language `lang`.
pub fn notification_language(lang: Lang) -> ScriptLanguage {
    match lang {
        Lang::En => ScriptLanguage::En,
        Lang::Fr => ScriptLanguage::Fr,
    }
}

/// Tells the shell the interface language (for its notifications), if it differs from the
/// stored one. Without a shell (natively) nothing happens.
pub async fn share_lang(lang: Lang) {
    let language = notification_language(lang);
    if let Ok(stored) = api::get_app_settings().await
        && stored.language != language
    {
        let _ = api::set_app_settings(AppSettings { language, ..stored }).await;
    }
}

/// Stores the notification toggle with the shell (and the language with it).
pub async fn share_notifications(
    notifications: bool,
    lang: Lang,
) -> Result<AppSettings, reelforge_protocol::ApiError> {
    api::set_app_settings(AppSettings {
        notifications,
        language: notification_language(lang),
    })
    .await
}

#[cfg(target_arch = "wasm32")]
const LANG_KEY: &str = "reelforge.lang";

/// The stored language, else the webview's preferred language if we have it, else English.
#[cfg(target_arch = "wasm32")]
pub fn initial_lang() -> Lang {
    let Some(window) = web_sys::window() else {
        return Lang::default();
    };
    let stored = window
        .local_storage()
        .ok()
        .flatten()
        .and_then(|storage| storage.get_item(LANG_KEY).ok().flatten())
        .and_then(|code| Lang::from_code(&code));
    let lang = stored
        .or_else(|| {
            window
                .navigator()
                .language()
                .and_then(|l| Lang::from_code(&l))
        })
        .unwrap_or_default();
    mark_document(lang);
    lang
}

/// Stores `lang` for the next launch and marks the document with it.
#[cfg(target_arch = "wasm32")]
pub fn remember_lang(lang: Lang) {
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        // A full or disabled storage only costs the preference, not the switch.
        let _ = storage.set_item(LANG_KEY, lang.code());
    }
    mark_document(lang);
}

#[cfg(target_arch = "wasm32")]
fn mark_document(lang: Lang) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", lang.code());
    }
}

/// Natively there is no storage: English.
#[cfg(not(target_arch = "wasm32"))]
pub fn initial_lang() -> Lang {
    Lang::default()
}

/// Natively there is no storage: the choice lasts as long as the process.
#[cfg(not(target_arch = "wasm32"))]
pub fn remember_lang(_lang: Lang) {}

/// The colour theme: the system's, or forced light or dark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    /// As stored, and as the `data-theme` attribute of `<html>` (none for `System`).
    pub fn code(self) -> &'static str {
        match self {
            Self::System => "system",
            Self::Light => "light",
            Self::Dark => "dark",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == code.trim())
    }
}

#[cfg(target_arch = "wasm32")]
const THEME_KEY: &str = "reelforge.theme";
#[cfg(target_arch = "wasm32")]
const NOTIFY_KEY: &str = "reelforge.notifications";

#[cfg(target_arch = "wasm32")]
fn stored(key: &str) -> Option<String> {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|storage| storage.get_item(key).ok().flatten())
}

#[cfg(target_arch = "wasm32")]
fn store(key: &str, value: &str) {
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.set_item(key, value);
    }
}

/// The stored theme (system when none), applied to the document.
#[cfg(target_arch = "wasm32")]
pub fn initial_theme() -> Theme {
    let theme = stored(THEME_KEY)
        .and_then(|code| Theme::from_code(&code))
        .unwrap_or_default();
    apply_theme(theme);
    theme
}

/// Stores `theme` for the next launch and applies it at once.
#[cfg(target_arch = "wasm32")]
pub fn remember_theme(theme: Theme) {
    store(THEME_KEY, theme.code());
    apply_theme(theme);
}

/// `<html data-theme="light|dark">`; no attribute follows the system (see `style.css`).
#[cfg(target_arch = "wasm32")]
fn apply_theme(theme: Theme) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = match theme {
            Theme::System => root.remove_attribute("data-theme"),
            other => root.set_attribute("data-theme", other.code()),
        };
    }
}

/// Whether the person wants OS notifications (on unless switched off).
#[cfg(target_arch = "wasm32")]
pub fn notifications_enabled() -> bool {
    stored(NOTIFY_KEY).is_none_or(|v| v != "off")
}

#[cfg(target_arch = "wasm32")]
pub fn remember_notifications(enabled: bool) {
    store(NOTIFY_KEY, if enabled { "on" } else { "off" });
}

/// Natively: the system theme.
#[cfg(not(target_arch = "wasm32"))]
pub fn initial_theme() -> Theme {
    Theme::default()
}

#[cfg(not(target_arch = "wasm32"))]
pub fn remember_theme(_theme: Theme) {}

/// Natively: on.
#[cfg(not(target_arch = "wasm32"))]
pub fn notifications_enabled() -> bool {
    true
}

#[cfg(not(target_arch = "wasm32"))]
pub fn remember_notifications(_enabled: bool) {}
