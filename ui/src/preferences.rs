//! Remembers the interface language between launches (the webview's `localStorage`) and tells
//! the document which language it is in (`<html lang>`). Natively, nothing is stored.

use crate::i18n::Lang;

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
