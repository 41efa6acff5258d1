//! Keyboard shortcuts: Space plays or pauses the focused player or the one played last,
//! Ctrl/Cmd+N opens the new job wizard, Ctrl/Cmd+Enter generates in the wizard, `?` shows the
//! shortcut sheet and Escape closes it (each dialog closes itself on Escape too). None fires
//! while typing in a field, except Ctrl/Cmd+Enter.
//!
//! [`ShortcutLayer`] sits once in the shell's sidebar: it listens to the window's `keydown`
//! ([`crate::dom::listen_keys`]), shows the sheet and its button. Ctrl/Cmd+Enter pressed
//! outside the wizard's own handler is counted in [`GenerateRequests`], which the wizard reads.

use crate::dom::{self, ShortcutKey};
use crate::i18n::media::media;
use crate::i18n::use_lang;
use crate::route::Route;
use crate::views::dialogs::ShortcutSheet;
use dioxus::prelude::*;
use futures_util::StreamExt;

/// How many times Ctrl/Cmd+Enter was pressed outside the wizard's own handler.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GenerateRequests(pub Signal<u64>);

/// The app-wide [`GenerateRequests`] (created at the root on first use).
pub fn use_generate_requests() -> Signal<u64> {
    use_root_context(|| GenerateRequests(Signal::new_in_scope(0, ScopeId::ROOT))).0
}

/// The shortcut listener, the sheet and the button opening it.
#[component]
pub fn ShortcutLayer() -> Element {
    let lang = use_lang();
    let navigator = use_navigator();
    let mut open = use_signal(|| false);
    let mut generate = use_generate_requests();
    use_hook(move || {
        spawn(async move {
            // The window's callback runs outside the Dioxus runtime: it only sends.
            let (sender, mut receiver) = futures_channel::mpsc::unbounded::<ShortcutKey>();
            dom::listen_keys(move |key| {
                let _ = sender.unbounded_send(key);
            });
            while let Some(key) = receiver.next().await {
                match key {
                    ShortcutKey::NewJob => {
                        open.set(false);
                        navigator.push(Route::NewJob {
                            template: String::new(),
                        });
                    }
                    ShortcutKey::Generate => *generate.write() += 1,
                    ShortcutKey::Sheet => open.toggle(),
                    ShortcutKey::Escape => open.set(false),
                }
            }
        })
    });
    let m = media(lang());
    rsx! {
        button {
            class: "button ghost small shortcuts-button",
            r#type: "button",
            id: "shortcuts-button",
            title: m.shortcuts_title,
            onclick: move |_| open.set(true),
            "{m.shortcuts_button}"
            kbd { class: "kbd", "?" }
        }
        if open() {
            ShortcutSheet { lang: lang(), on_dismiss: move |_: ()| open.set(false) }
        }
    }
}
