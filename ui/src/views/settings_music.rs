//! The Settings screen's "Music" panel: the music library's folder (`get_music_library`,
//! chosen with `set_music_folder`; empty: no library) and its usable tracks with their
//! lengths, which the Voice & captions section offers as the job's music.

use super::common::{ErrorState, LoadingState};
use crate::i18n::Lang;
use crate::i18n::voice::voice as texts;
use crate::remote::Remote;
use dioxus::prelude::*;
use reelforge_protocol::{ApiError, MusicLibrary};

/// The library's folder form and its tracks.
#[component]
pub fn MusicPanel(
    lang: Lang,
    library: Remote<MusicLibrary>,
    busy: bool,
    error: Option<ApiError>,
    on_folder: EventHandler<Option<String>>,
    on_retry: Option<EventHandler<()>>,
) -> Element {
    let v = texts(lang);
    let body = match library {
        Remote::Loading => rsx! {
            LoadingState { lang, id: "music-loading" }
        },
        Remote::Failed(error) => rsx! {
            ErrorState { lang, error, id: "music-library-error", on_retry }
        },
        Remote::Ready(library) => rsx! {
            MusicFolderForm {
                key: "{library.folder.clone().unwrap_or_default()}",
                lang,
                folder: library.folder.clone(),
                busy,
                error,
                on_folder,
            }
            if library.folder.is_some() && library.tracks.is_empty() {
                p { class: "muted", id: "music-no-tracks", "{v.music_no_tracks}" }
            }
            ul { class: "music-tracks", id: "music-tracks",
                for track in library.tracks.iter() {
                    li { key: "{track.name}", "{(v.music_track)(&track.name, track.duration_ms)}" }
                }
            }
        },
    };
    rsx! {
        section { class: "panel form-panel", id: "settings-music",
            header { class: "panel-header",
                h2 { class: "panel-title", "{v.music_settings_title}" }
            }
            div { class: "form-body", {body} }
        }
    }
}

/// The folder's full path; "Use" sends it (blank: no library), "No library" clears it.
#[component]
fn MusicFolderForm(
    lang: Lang,
    folder: Option<String>,
    busy: bool,
    error: Option<ApiError>,
    on_folder: EventHandler<Option<String>>,
) -> Element {
    let v = texts(lang);
    let mut text = use_signal(|| folder.clone().unwrap_or_default());
    rsx! {
        label { class: "form-field",
            span { class: "form-label", "{v.music_folder}" }
            input {
                class: "input",
                id: "music-folder-input",
                r#type: "text",
                spellcheck: "false",
                value: "{text}",
                oninput: move |event: FormEvent| text.set(event.value()),
            }
            span { class: "form-hint", "{v.music_folder_help}" }
        }
        div { class: "button-row",
            button {
                class: "button",
                id: "music-folder-save",
                r#type: "button",
                disabled: busy,
                onclick: move |_| on_folder.call(Some(text())),
                "{v.music_folder_use}"
            }
            if folder.is_some() {
                button {
                    class: "button ghost",
                    id: "music-folder-clear",
                    r#type: "button",
                    disabled: busy,
                    onclick: move |_| on_folder.call(None),
                    "{v.music_folder_clear}"
                }
            }
        }
        if let Some(error) = error {
            p { class: "form-problem", role: "alert", id: "music-folder-error", "{error.message}" }
        }
    }
}
