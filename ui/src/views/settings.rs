//! The Settings screen: language, theme, notifications, the quick-mode script writer, and
//! where things are ([`PathsPanel`]: the data folder, and ffmpeg with its chosen location),
//! the music library, and the panels the page adds (the automation API's).

use super::common::{ErrorState, LoadingState, PageHeader};
use super::providers::ActionError;
use super::settings_music::MusicPanel;
use super::settings_paths::PathsPanel;
use crate::i18n::studio::studio;
use crate::i18n::{Lang, t};
use crate::preferences::Theme;
use crate::remote::Remote;
use dioxus::prelude::*;
use reelforge_protocol::AppInfo;
use reelforge_protocol::{ApiError, FfmpegInfo, MusicLibrary, WriterKind, WriterSettings};

/// The whole screen, from data alone. `writer_draft` is the writer settings being edited
/// (`None`: the stored ones).
#[component]
pub fn SettingsView(
    lang: Lang,
    theme: Theme,
    notifications: bool,
    info: Remote<AppInfo>,
    writer: Remote<WriterSettings>,
    #[props(default)] ffmpeg: Remote<FfmpegInfo>,
    #[props(default)] writer_draft: Option<WriterSettings>,
    #[props(default)] writer_busy: bool,
    #[props(default)] writer_saved: bool,
    #[props(default)] writer_error: Option<ApiError>,
    #[props(default)] on_lang: EventHandler<Lang>,
    #[props(default)] on_theme: EventHandler<Theme>,
    #[props(default)] on_notifications: EventHandler<bool>,
    #[props(default)] on_writer: EventHandler<WriterSettings>,
    #[props(default)] on_save_writer: EventHandler<()>,
    #[props(default)] on_dismiss_error: EventHandler<()>,
    #[props(default)] location_busy: bool,
    #[props(default)] location_error: Option<ApiError>,
    /// A new ffmpeg location (`None`: find it automatically).
    #[props(default)]
    on_ffmpeg_location: EventHandler<Option<String>>,
    #[props(default)] music: Remote<MusicLibrary>,
    #[props(default)] music_busy: bool,
    #[props(default)] music_error: Option<ApiError>,
    /// A new music folder (`None`: no library).
    #[props(default)]
    on_music_folder: EventHandler<Option<String>>,
    on_retry: Option<EventHandler<()>>,
    /// Panels the page adds at the end (the automation API's, with its own state).
    #[props(default)]
    children: Element,
) -> Element {
    let x = studio(lang);
    let s = t(lang);
    rsx! {
        section { id: "settings-page", class: "page settings", "data-testid": "settings-page",
            PageHeader { title: x.settings_title, subtitle: x.settings_subtitle }
            section { class: "panel form-panel", id: "settings-appearance",
                header { class: "panel-header",
                    h2 { class: "panel-title", "{x.appearance}" }
                }
                div { class: "form-body",
                    div { class: "form-field", id: "settings-language", role: "group", "aria-label": s.language,
                        span { class: "form-label", "{s.language}" }
                        div { class: "segmented",
                            for option in Lang::ALL {
                                button {
                                    key: "{option.code()}",
                                    r#type: "button",
                                    id: "settings-lang-{option.code()}",
                                    class: if option == lang { "segment active" } else { "segment" },
                                    lang: option.code(),
                                    "aria-pressed": option == lang,
                                    onclick: move |_| on_lang.call(option),
                                    "{option.native_name()}"
                                }
                            }
                        }
                    }
                    div { class: "form-field", id: "theme-switch", role: "group", "aria-label": x.theme,
                        span { class: "form-label", "{x.theme}" }
                        div { class: "segmented",
                            for option in Theme::ALL {
                                button {
                                    key: "{option.code()}",
                                    r#type: "button",
                                    id: "theme-{option.code()}",
                                    class: if option == theme { "segment active" } else { "segment" },
                                    "aria-pressed": option == theme,
                                    onclick: move |_| on_theme.call(option),
                                    {theme_label(lang, option)}
                                }
                            }
                        }
                    }
                }
            }
            section { class: "panel form-panel", id: "settings-notifications",
                header { class: "panel-header",
                    h2 { class: "panel-title", "{x.notifications}" }
                }
                div { class: "form-body",
                    label { class: "choice",
                        input {
                            r#type: "checkbox",
                            id: "notifications-toggle",
                            checked: notifications,
                            onchange: move |event: FormEvent| on_notifications.call(event.checked()),
                        }
                        span { class: "choice-text",
                            strong { "{x.notifications_toggle}" }
                            span { class: "muted small", "{x.notifications_hint}" }
                        }
                    }
                }
            }
            WriterPanel {
                lang,
                writer,
                draft: writer_draft,
                busy: writer_busy,
                saved: writer_saved,
                error: writer_error,
                on_writer,
                on_save_writer,
                on_dismiss_error,
                on_retry,
            }
            PathsPanel {
                lang,
                info,
                ffmpeg,
                location_busy,
                location_error,
                on_ffmpeg_location,
                on_retry,
            }
            MusicPanel {
                lang,
                library: music,
                busy: music_busy,
                error: music_error,
                on_folder: on_music_folder,
                on_retry,
            }
            {children}
        }
    }
}

/// The label of a theme choice.
pub fn theme_label(lang: Lang, theme: Theme) -> &'static str {
    let x = studio(lang);
    match theme {
        Theme::System => x.theme_system,
        Theme::Light => x.theme_light,
        Theme::Dark => x.theme_dark,
    }
}

#[component]
fn WriterPanel(
    lang: Lang,
    writer: Remote<WriterSettings>,
    draft: Option<WriterSettings>,
    busy: bool,
    saved: bool,
    error: Option<ApiError>,
    on_writer: EventHandler<WriterSettings>,
    on_save_writer: EventHandler<()>,
    on_dismiss_error: EventHandler<()>,
    on_retry: Option<EventHandler<()>>,
) -> Element {
    let x = studio(lang);
    let s = t(lang);
    let body = match writer {
        Remote::Loading => rsx! {
            LoadingState { lang, id: "writer-loading" }
        },
        Remote::Failed(error) => rsx! {
            ErrorState { lang, error, id: "writer-error", on_retry }
        },
        Remote::Ready(stored) => {
            let current = draft.clone().unwrap_or_else(|| stored.clone());
            let edited = current != stored;
            let chat = current.kind == WriterKind::Chat;
            let valid = !chat
                || (current.base_url.trim().starts_with("http")
                    && !current.model.trim().is_empty());
            let save_label = if busy { s.saving } else { x.save_settings };
            let kind_choice = |kind: WriterKind, title: &'static str, hint: &'static str| {
                let current = current.clone();
                rsx! {
                    label { class: "choice",
                        input {
                            r#type: "radio",
                            name: "writer-kind",
                            id: "writer-{kind_code(kind)}",
                            checked: current.kind == kind,
                            onchange: move |_| {
                                let mut next = current.clone();
                                next.kind = kind;
                                on_writer.call(next);
                            },
                        }
                        span { class: "choice-text",
                            strong { "{title}" }
                            span { class: "muted small", "{hint}" }
                        }
                    }
                }
            };
            let for_url = current.clone();
            let for_model = current.clone();
            rsx! {
                form {
                    class: "form-body",
                    id: "writer-form",
                    onsubmit: move |event: FormEvent| {
                        event.prevent_default();
                        if edited && valid && !busy {
                            on_save_writer.call(());
                        }
                    },
                    div { class: "choice-list", role: "radiogroup",
                        {kind_choice(WriterKind::Offline, x.writer_offline, x.writer_offline_hint)}
                        {kind_choice(WriterKind::Chat, x.writer_chat, x.writer_chat_hint)}
                    }
                    if chat {
                        div { class: "form-grid",
                            label { class: "form-field",
                                span { class: "form-label", "{x.base_url}" }
                                input {
                                    class: "input wide",
                                    id: "writer-base-url",
                                    r#type: "url",
                                    value: "{current.base_url}",
                                    oninput: move |event: FormEvent| {
                                        let mut next = for_url.clone();
                                        next.base_url = event.value();
                                        on_writer.call(next);
                                    },
                                }
                            }
                            label { class: "form-field",
                                span { class: "form-label", "{s.model}" }
                                input {
                                    class: "input",
                                    id: "writer-model",
                                    r#type: "text",
                                    value: "{current.model}",
                                    oninput: move |event: FormEvent| {
                                        let mut next = for_model.clone();
                                        next.model = event.value();
                                        on_writer.call(next);
                                    },
                                }
                            }
                        }
                        p { class: "muted small", "{x.writer_key_hint}" }
                    }
                    if let Some(error) = error.clone() {
                        ActionError { lang, error, on_dismiss: on_dismiss_error }
                    }
                    if saved && !edited {
                        p { class: "notice", role: "status", id: "writer-saved", "{x.settings_saved}" }
                    }
                    div { class: "button-row",
                        button {
                            class: "button",
                            r#type: "submit",
                            id: "writer-save",
                            disabled: busy || !edited || !valid,
                            "{save_label}"
                        }
                    }
                }
            }
        }
    };
    rsx! {
        section { class: "panel form-panel", id: "settings-writer",
            header { class: "panel-header",
                h2 { class: "panel-title", "{x.script_writer}" }
            }
            {body}
        }
    }
}

fn kind_code(kind: WriterKind) -> &'static str {
    match kind {
        WriterKind::Offline => "offline",
        WriterKind::Chat => "chat",
    }
}
