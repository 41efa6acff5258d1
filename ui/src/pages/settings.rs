//! `/settings`: language and theme (kept in the webview, applied at once), notifications
//! (kept by the shell, which shows them: `get_app_settings` / `set_app_settings`), the
//! quick-mode script writer (`get_writer_settings` / `set_writer_settings`), the data folder
//! (`app_info`, read-only), ffmpeg (`ffmpeg_info`, its location `set_ffmpeg_location`) and
//! the music library (`get_music_library`, its folder `set_music_folder`) and the automation
//! API's switch ([`ApiSection`]).

use super::api_section::ApiSection;
use crate::api;
use crate::i18n::{Lang, use_lang};
use crate::preferences::{self, Theme};
use crate::remote::Remote;
use crate::views::SettingsView;
use dioxus::prelude::*;
use reelforge_protocol::{ApiError, SetMusicFolderRequest, WriterSettings};

#[component]
pub fn Settings() -> Element {
    let mut lang = use_lang();
    let mut theme = use_context::<Signal<Theme>>();
    let mut notifications = use_signal(preferences::notifications_enabled);
    // The shell's stored toggle wins over the webview's copy once it arrives.
    let app_settings = use_resource(api::get_app_settings);
    use_effect(move || {
        if let Some(Ok(stored)) = app_settings.read().as_ref() {
            notifications.set(stored.notifications);
            preferences::remember_notifications(stored.notifications);
        }
    });
    let mut info = use_resource(api::app_info);
    let mut ffmpeg = use_resource(api::ffmpeg_info);
    let mut writer = use_resource(api::get_writer_settings);
    let mut draft = use_signal(|| None::<WriterSettings>);
    let mut busy = use_signal(|| false);
    let mut saved = use_signal(|| false);
    let mut error = use_signal(|| None::<ApiError>);
    let mut location_busy = use_signal(|| false);
    let mut location_error = use_signal(|| None::<ApiError>);
    let mut music = use_resource(api::get_music_library);
    let mut music_busy = use_signal(|| false);
    let mut music_error = use_signal(|| None::<ApiError>);

    let on_save_writer = move |_: ()| {
        let Some(next) = draft() else {
            return;
        };
        if busy() {
            return;
        }
        busy.set(true);
        error.set(None);
        spawn(async move {
            match api::set_writer_settings(next).await {
                Ok(_) => {
                    draft.set(None);
                    saved.set(true);
                    writer.restart();
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };

    rsx! {
        SettingsView {
            lang: lang(),
            theme: theme(),
            notifications: notifications(),
            info: Remote::from_result(info.read().as_ref()),
            writer: Remote::from_result(writer.read().as_ref()),
            ffmpeg: Remote::from_result(ffmpeg.read().as_ref()),
            writer_draft: draft(),
            writer_busy: busy(),
            writer_saved: saved(),
            writer_error: error(),
            on_lang: move |next: Lang| {
                lang.set(next);
                preferences::remember_lang(next);
            },
            on_theme: move |next: Theme| {
                theme.set(next);
                preferences::remember_theme(next);
            },
            on_notifications: move |on: bool| {
                notifications.set(on);
                preferences::remember_notifications(on);
                spawn(async move {
                    // Not stored by the shell: the switch goes back, so it never lies.
                    if let Err(e) = preferences::share_notifications(on, lang()).await {
                        dioxus::logger::tracing::warn!("notification setting not saved: {e}");
                        notifications.set(!on);
                        preferences::remember_notifications(!on);
                    }
                });
            },
            on_writer: move |next: WriterSettings| {
                saved.set(false);
                draft.set(Some(next));
            },
            on_save_writer,
            on_dismiss_error: move |_: ()| error.set(None),
            location_busy: location_busy(),
            location_error: location_error(),
            on_ffmpeg_location: move |location: Option<String>| {
                if location_busy() {
                    return;
                }
                location_busy.set(true);
                location_error.set(None);
                spawn(async move {
                    match api::set_ffmpeg_location(location).await {
                        Ok(_) => ffmpeg.restart(),
                        Err(e) => location_error.set(Some(e)),
                    }
                    location_busy.set(false);
                });
            },
            music: Remote::from_result(music.read().as_ref()),
            music_busy: music_busy(),
            music_error: music_error(),
            on_music_folder: move |folder: Option<String>| {
                if music_busy() {
                    return;
                }
                music_busy.set(true);
                music_error.set(None);
                spawn(async move {
                    match api::set_music_folder(SetMusicFolderRequest { folder }).await {
                        Ok(_) => music.restart(),
                        Err(e) => music_error.set(Some(e)),
                    }
                    music_busy.set(false);
                });
            },
            on_retry: move |_: ()| {
                music.restart();
                info.restart();
                ffmpeg.restart();
                writer.restart();
            },
            ApiSection {}
        }
    }
}
