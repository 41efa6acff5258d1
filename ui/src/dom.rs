//! The few things the UI asks of the webview's DOM directly: the clipboard, playing or pausing
//! a `<video>`, the segment card under a point, and the window's `keydown` listener behind the
//! keyboard shortcuts. Everything goes through `js_sys::Reflect` on the objects web-sys already
//! gives (no extra web-sys features); outside the webview every function is a no-op.

use std::cell::RefCell;

thread_local! {
    /// The `id` of the `<video>` played last (see [`note_played`]).
    static LAST_PLAYED: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Remembers the player a person started, for the Space shortcut.
pub fn note_played(id: &str) {
    LAST_PLAYED.with(|last| *last.borrow_mut() = Some(id.to_owned()));
}

/// The player played last, if any.
pub fn last_played() -> Option<String> {
    LAST_PLAYED.with(|last| last.borrow().clone())
}

/// A key press the app handles outside the DOM handlers of its views.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShortcutKey {
    /// Ctrl/Cmd + N.
    NewJob,
    /// Ctrl/Cmd + Enter outside the wizard's own handler.
    Generate,
    /// `?`.
    Sheet,
    Escape,
}

/// What a key press means, from its properties alone: `typing` when the focus is in a text
/// field, `in_wizard` when the wizard's own handler already saw it. Space is not here: it is
/// handled at once by [`toggle_player`] (it must prevent the page from scrolling).
pub fn shortcut_for(
    key: &str,
    ctrl_or_meta: bool,
    alt: bool,
    typing: bool,
    in_wizard: bool,
) -> Option<ShortcutKey> {
    if alt {
        return None;
    }
    match key {
        "Enter" if ctrl_or_meta && !in_wizard => Some(ShortcutKey::Generate),
        _ if typing => None,
        "n" | "N" if ctrl_or_meta => Some(ShortcutKey::NewJob),
        "?" if !ctrl_or_meta => Some(ShortcutKey::Sheet),
        "Escape" => Some(ShortcutKey::Escape),
        _ => None,
    }
}

#[cfg(target_arch = "wasm32")]
mod web {
    use super::ShortcutKey;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::*;

    fn get(target: &JsValue, name: &str) -> JsValue {
        js_sys::Reflect::get(target, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
    }

    fn call0(target: &JsValue, name: &str) -> Option<JsValue> {
        get(target, name)
            .dyn_into::<js_sys::Function>()
            .ok()?
            .call0(target)
            .ok()
    }

    fn element_by_id(id: &str) -> Option<web_sys::Element> {
        web_sys::window()?.document()?.get_element_by_id(id)
    }

    /// Plays a paused `<video>` or pauses a playing one.
    fn toggle(video: &JsValue) {
        if get(video, "paused").as_bool().unwrap_or(true) {
            // `play()` answers with a promise; a refused play (no source yet) only logs.
            call0(video, "play");
        } else {
            call0(video, "pause");
        }
    }

    pub fn toggle_player(id: &str) -> bool {
        match element_by_id(id) {
            Some(video) if video.tag_name().eq_ignore_ascii_case("video") => {
                toggle(&video);
                true
            }
            _ => false,
        }
    }

    pub async fn copy_text(text: &str) -> bool {
        let Some(window) = web_sys::window() else {
            return false;
        };
        let clipboard = get(&get(&window, "navigator"), "clipboard");
        let Ok(write) = get(&clipboard, "writeText").dyn_into::<js_sys::Function>() else {
            return false;
        };
        let Ok(promise) = write.call1(&clipboard, &JsValue::from_str(text)) else {
            return false;
        };
        let promise = js_sys::Promise::resolve(&promise);
        wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
    }

    pub fn segment_at(x: f64, y: f64, selector: &str) -> Option<u32> {
        let document = web_sys::window()?.document()?;
        let hit = document.element_from_point(x as f32, y as f32)?;
        let card = hit.closest(selector).ok()??;
        card.get_attribute("data-index")?.parse().ok()
    }

    /// Whether the focused element takes text (or Space) itself.
    fn is_field(target: &JsValue) -> bool {
        let tag = get(target, "tagName").as_string().unwrap_or_default();
        matches!(tag.as_str(), "INPUT" | "TEXTAREA" | "SELECT")
            || get(target, "isContentEditable").as_bool().unwrap_or(false)
    }

    fn is_control(target: &JsValue) -> bool {
        let tag = get(target, "tagName").as_string().unwrap_or_default();
        matches!(tag.as_str(), "BUTTON" | "A" | "SUMMARY")
    }

    fn inside(target: &JsValue, selector: &str) -> bool {
        target
            .dyn_ref::<web_sys::Element>()
            .and_then(|e| e.closest(selector).ok().flatten())
            .is_some()
    }

    pub fn listen_keys(mut on_key: impl FnMut(ShortcutKey) + 'static) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let handler = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
            if get(&event, "defaultPrevented").as_bool().unwrap_or(false) {
                return;
            }
            let key = get(&event, "key").as_string().unwrap_or_default();
            let flag = |name| get(&event, name).as_bool().unwrap_or(false);
            let ctrl_or_meta = flag("ctrlKey") || flag("metaKey");
            let (alt, shift) = (flag("altKey"), flag("shiftKey"));
            let target = get(&event, "target");
            let typing = is_field(&target);
            if key == " " && !ctrl_or_meta && !alt && !shift && !typing && !is_control(&target) {
                // The focused player, else the one played last.
                let played = if get(&target, "tagName").as_string().as_deref() == Some("VIDEO") {
                    toggle(&target);
                    true
                } else {
                    super::last_played().is_some_and(|id| toggle_player(&id))
                };
                if played {
                    call0(&event, "preventDefault");
                }
                return;
            }
            let in_wizard = inside(&target, "#new-job");
            if let Some(shortcut) = super::shortcut_for(&key, ctrl_or_meta, alt, typing, in_wizard)
            {
                if shortcut != ShortcutKey::Escape {
                    call0(&event, "preventDefault");
                }
                on_key(shortcut);
            }
        });
        if let Ok(add) = get(&window, "addEventListener").dyn_into::<js_sys::Function>() {
            let _ = add.call2(&window, &JsValue::from_str("keydown"), handler.as_ref());
        }
        // Listens for the life of the page.
        handler.forget();
    }
}

/// Plays or pauses the `<video id=…>`; `false` when there is no such video.
pub fn toggle_player(id: &str) -> bool {
    #[cfg(target_arch = "wasm32")]
    return web::toggle_player(id);
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = id;
        false
    }
}

/// Writes `text` to the clipboard (`navigator.clipboard.writeText`); `false` when refused or
/// unavailable.
pub async fn copy_text(text: &str) -> bool {
    #[cfg(target_arch = "wasm32")]
    return web::copy_text(text).await;
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = text;
        false
    }
}

/// The `data-index` of the element matching `selector` under the point (`x`, `y`) of the
/// viewport, in CSS pixels.
pub fn segment_at(x: f64, y: f64, selector: &str) -> Option<u32> {
    #[cfg(target_arch = "wasm32")]
    return web::segment_at(x, y, selector);
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = (x, y, selector);
        None
    }
}

/// Calls `on_key` for every shortcut pressed in the window, for the life of the page (Space
/// is handled here directly). Call once.
pub fn listen_keys(on_key: impl FnMut(ShortcutKey) + 'static) {
    #[cfg(target_arch = "wasm32")]
    web::listen_keys(on_key);
    #[cfg(not(target_arch = "wasm32"))]
    drop(on_key);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcuts_are_ignored_while_typing_except_generate() {
        assert_eq!(
            shortcut_for("n", true, false, false, false),
            Some(ShortcutKey::NewJob)
        );
        assert_eq!(shortcut_for("n", true, false, true, false), None);
        assert_eq!(shortcut_for("n", false, false, false, false), None);
        assert_eq!(
            shortcut_for("Enter", true, false, true, false),
            Some(ShortcutKey::Generate)
        );
        // The wizard's own handler took it.
        assert_eq!(shortcut_for("Enter", true, false, true, true), None);
        assert_eq!(
            shortcut_for("?", false, false, false, false),
            Some(ShortcutKey::Sheet)
        );
        assert_eq!(shortcut_for("?", false, false, true, false), None);
        assert_eq!(
            shortcut_for("Escape", false, false, false, false),
            Some(ShortcutKey::Escape)
        );
        assert_eq!(shortcut_for("n", true, true, false, false), None);
        note_played("player-x");
        assert_eq!(last_played().as_deref(), Some("player-x"));
    }
}
