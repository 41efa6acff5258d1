//! SettingsView: language and theme switches, notifications, the script writer (loading,
//! failed, editing, saving, saved) and the read-only paths.

use crate::support::*;
use dioxus::prelude::*;
use reelforge_protocol::AppInfo;
use reelforge_protocol::{ApiError, ErrorCode, FfmpegInfo, ToolSource, WriterKind, WriterSettings};
use reelforge_ui::i18n::Lang;
use reelforge_ui::preferences::Theme;
use reelforge_ui::remote::Remote;
use reelforge_ui::views::SettingsView;

fn info() -> AppInfo {
    AppInfo {
        version: "0.4.0".into(),
        data_dir: "/home/ana/.local/share/reelforge".into(),
    }
}

#[allow(clippy::too_many_arguments)]
fn view(
    lang: Lang,
    theme: Theme,
    notifications: bool,
    info: Remote<AppInfo>,
    writer: Remote<WriterSettings>,
    draft: Option<WriterSettings>,
    busy: bool,
    error: Option<ApiError>,
) -> String {
    render(move || {
        rsx! {
            SettingsView {
                lang,
                theme,
                notifications,
                info: info.clone(),
                writer: writer.clone(),
                writer_draft: draft.clone(),
                writer_busy: busy,
                writer_error: error.clone(),
            }
        }
    })
}

#[test]
fn loading() {
    let html = view(
        Lang::En,
        Theme::System,
        true,
        Remote::Loading,
        Remote::Loading,
        None,
        false,
        None,
    );
    assert!(html.contains(r#"id="writer-loading""#));
    assert!(html.contains(r#"id="paths-loading""#));
    let text = visible_text(&html);
    assert_reads(
        &text,
        &[
            "Settings",
            "Appearance",
            "Language",
            "English",
            "Français",
            "Theme",
            "System",
            "Light",
            "Dark",
        ],
    );
}

#[test]
fn ready_in_english() {
    let html = view(
        Lang::En,
        Theme::Dark,
        true,
        Remote::Ready(info()),
        Remote::Ready(WriterSettings::default()),
        None,
        false,
        None,
    );
    let text = visible_text(&html);
    assert_reads(
        &text,
        &[
            "Notify me when a job finishes, fails or needs a decision",
            "Quick mode script writer",
            "Offline writer",
            "Chat model",
            "Data folder (library and database)",
            "/home/ana/.local/share/reelforge",
            "ffmpeg",
            "Looking for ffmpeg…",
            "0.4.0",
        ],
    );
    // The chosen theme and language are pressed; notifications are on.
    assert!(html.contains(r#"id="theme-dark""#));
    assert!(html.contains(r#"id="theme-dark" class="segment active" aria-pressed=true"#));
    assert!(html.contains(r#"id="theme-system" class="segment" aria-pressed=false"#));
    assert!(html.contains(r#"id="settings-lang-en" class="segment active""#));
    // The sidebar's switch keeps its ids: none is repeated here.
    assert!(!html.contains(r#"id="lang-en""#));
    assert!(html.contains(r#"id="notifications-toggle" checked=true"#));
    // The offline writer has no URL or model to fill in.
    assert!(!html.contains(r#"id="writer-base-url""#));
}

#[test]
fn editing_saving_and_failing_the_writer() {
    let chat = WriterSettings {
        kind: WriterKind::Chat,
        base_url: "http://localhost:11434/v1".into(),
        model: "llama3.2".into(),
    };
    let html = view(
        Lang::En,
        Theme::Light,
        false,
        Remote::Ready(info()),
        Remote::Ready(WriterSettings::default()),
        Some(chat.clone()),
        false,
        None,
    );
    assert!(html.contains(r#"id="writer-base-url""#));
    assert!(html.contains("http://localhost:11434/v1"));
    assert!(!html.contains(r#"id="notifications-toggle" checked=true"#));
    assert!(html.contains(r#"id="theme-light" class="segment active""#));
    assert_reads(&visible_text(&html), &["Save settings", "id llm"]);

    let html = view(
        Lang::En,
        Theme::Light,
        false,
        Remote::Ready(info()),
        Remote::Ready(WriterSettings::default()),
        Some(chat.clone()),
        true,
        None,
    );
    assert_reads(&visible_text(&html), &["Saving…"]);

    let error = ApiError::new(ErrorCode::Validation, "the base URL must end with /v1");
    let html = view(
        Lang::Fr,
        Theme::Light,
        false,
        Remote::Ready(info()),
        Remote::Ready(WriterSettings::default()),
        Some(chat),
        false,
        Some(error),
    );
    assert_reads(
        &visible_text(&html),
        &["the base URL must end with /v1", "Modèle de conversation"],
    );
}

#[test]
fn failed_fetches_offer_a_retry() {
    let error = ApiError::new(ErrorCode::Internal, "no desktop shell (app_info)");
    let html = view(
        Lang::En,
        Theme::System,
        true,
        Remote::Failed(error.clone()),
        Remote::Failed(error),
        None,
        false,
        None,
    );
    assert!(html.contains(r#"id="writer-error""#));
    assert!(html.contains(r#"id="paths-error""#));
    assert_reads(
        &visible_text(&html),
        &["Something went wrong", "no desktop shell (app_info)"],
    );
}

#[test]
fn in_french() {
    let text = visible_text(&view(
        Lang::Fr,
        Theme::System,
        true,
        Remote::Ready(info()),
        Remote::Ready(WriterSettings::default()),
        None,
        false,
        None,
    ));
    assert_reads(
        &text,
        &[
            "Réglages",
            "Apparence",
            "Thème",
            "Système",
            "Clair",
            "Sombre",
            "Me prévenir quand une production se termine",
            "Rédacteur hors ligne",
            "Dossier de données",
        ],
    );
}

fn with_ffmpeg(lang: Lang, ffmpeg: Remote<FfmpegInfo>) -> String {
    with_location(lang, ffmpeg, false, None)
}

#[test]
fn ffmpeg_path_version_and_origin() {
    let found = FfmpegInfo {
        configured: None,
        path: Some("/usr/bin/ffmpeg".into()),
        version: Some("5.1.6-0+deb12u1".into()),
        source: Some(ToolSource::Path),
        problem: None,
    };
    let html = with_ffmpeg(Lang::En, Remote::Ready(found.clone()));
    assert!(html.contains(r#"id="ffmpeg-path""#));
    assert!(!html.contains(r#"id="ffmpeg-problem""#));
    assert_reads(
        &visible_text(&html),
        &["/usr/bin/ffmpeg", "version 5.1.6-0+deb12u1 · found on PATH"],
    );
    let bundled = FfmpegInfo {
        source: Some(ToolSource::Bundled),
        ..found
    };
    assert_reads(
        &visible_text(&with_ffmpeg(Lang::Fr, Remote::Ready(bundled))),
        &["version 5.1.6-0+deb12u1 · fourni avec Reelforge"],
    );
}

fn with_location(
    lang: Lang,
    ffmpeg: Remote<FfmpegInfo>,
    busy: bool,
    error: Option<ApiError>,
) -> String {
    render(move || {
        rsx! {
            SettingsView {
                lang,
                theme: Theme::System,
                notifications: true,
                info: Remote::Ready(info()),
                writer: Remote::Ready(WriterSettings::default()),
                ffmpeg: ffmpeg.clone(),
                location_busy: busy,
                location_error: error.clone(),
            }
        }
    })
}

#[test]
fn the_ffmpeg_location_form_shows_the_choice_and_what_went_wrong() {
    // Found automatically: an empty field saying so, no "find automatically" button.
    let automatic = FfmpegInfo {
        path: Some("/usr/bin/ffmpeg".into()),
        version: Some("5.1.6".into()),
        source: Some(ToolSource::Path),
        ..FfmpegInfo::default()
    };
    let html = with_location(Lang::En, Remote::Ready(automatic), false, None);
    assert!(html.contains(r#"id="ffmpeg-location-input""#), "{html}");
    assert!(html.contains(r#"value="""#), "{html}");
    assert!(!html.contains(r#"id="ffmpeg-location-clear""#));
    assert!(!button_disabled(&html, "ffmpeg-location-save"));
    assert_reads(
        &visible_text(&html),
        &[
            "ffmpeg location",
            "Use this ffmpeg",
            "or the folder holding ffmpeg and ffprobe",
        ],
    );
    assert!(html.contains("Automatic: bundled with the app, then PATH"));

    // A chosen folder: shown in the field, origin "set in the settings", a way back.
    let chosen = FfmpegInfo {
        configured: Some("/opt/ffmpeg-7/bin".into()),
        path: Some("/opt/ffmpeg-7/bin/ffmpeg".into()),
        version: Some("7.1".into()),
        source: Some(ToolSource::Configured),
        problem: None,
    };
    let html = with_location(Lang::Fr, Remote::Ready(chosen.clone()), false, None);
    assert!(html.contains(r#"value="/opt/ffmpeg-7/bin""#), "{html}");
    assert!(html.contains(r#"id="ffmpeg-location-clear""#));
    assert_reads(
        &visible_text(&html),
        &[
            "Emplacement de ffmpeg",
            "Utiliser ce ffmpeg",
            "Trouver automatiquement",
        ],
    );

    // While saving both buttons wait; a refusal is shown as the engine worded it.
    let refused = ApiError::new(
        ErrorCode::Validation,
        "ffmpeg_location: the configured ffmpeg path /opt/nothing does not exist",
    );
    let html = with_location(Lang::En, Remote::Ready(chosen), true, Some(refused));
    assert!(button_disabled(&html, "ffmpeg-location-save"));
    assert!(button_disabled(&html, "ffmpeg-location-clear"));
    assert!(html.contains(r#"id="ffmpeg-location-error""#));
    assert_reads(&visible_text(&html), &["/opt/nothing does not exist"]);
}

#[test]
fn missing_ffmpeg_says_so() {
    let missing = FfmpegInfo {
        problem: Some("ffmpeg was not found (looked in /usr/bin/ffmpeg); install ffmpeg".into()),
        ..FfmpegInfo::default()
    };
    let html = with_ffmpeg(Lang::En, Remote::Ready(missing.clone()));
    assert!(html.contains(r#"id="ffmpeg-problem""#));
    assert!(!html.contains(r#"id="ffmpeg-path""#));
    assert_reads(
        &visible_text(&html),
        &[
            "ffmpeg is missing or does not run",
            "looked in /usr/bin/ffmpeg",
        ],
    );
    assert_reads(
        &visible_text(&with_ffmpeg(Lang::Fr, Remote::Ready(missing))),
        &["ffmpeg est absent ou ne fonctionne pas"],
    );
    let failed = ApiError::new(ErrorCode::Internal, "no desktop shell (ffmpeg_info)");
    let html = with_ffmpeg(Lang::En, Remote::Failed(failed));
    assert_reads(&visible_text(&html), &["no desktop shell (ffmpeg_info)"]);
}

fn with_music(lang: Lang, music: Remote<reelforge_protocol::MusicLibrary>) -> String {
    render(move || {
        rsx! {
            SettingsView {
                lang,
                theme: Theme::System,
                notifications: true,
                info: Remote::Ready(info()),
                writer: Remote::Ready(WriterSettings::default()),
                music: music.clone(),
            }
        }
    })
}

#[test]
fn the_music_panel_shows_the_folder_and_its_tracks_with_their_lengths() {
    use reelforge_protocol::{MusicLibrary, MusicTrackInfo};
    // No library yet: an empty folder field, no "no library" button.
    let none = with_music(Lang::En, Remote::Ready(MusicLibrary::default()));
    assert!(none.contains(r#"id="music-folder-input""#));
    assert!(!none.contains(r#"id="music-folder-clear""#));
    assert_reads(&visible_text(&none), &["Music", "Music folder", "Use"]);

    let library = MusicLibrary {
        folder: Some("/home/me/Music".into()),
        tracks: vec![MusicTrackInfo {
            name: "calm.mp3".into(),
            duration_ms: 42_000,
        }],
    };
    let html = with_music(Lang::En, Remote::Ready(library.clone()));
    assert!(html.contains(r#"value="/home/me/Music""#), "{html}");
    assert!(html.contains(r#"id="music-folder-clear""#));
    assert_reads(&visible_text(&html), &["calm.mp3 (42.0 s)", "No library"]);
    let french = with_music(Lang::Fr, Remote::Ready(library));
    assert_reads(
        &visible_text(&french),
        &[
            "Dossier de musique",
            "calm.mp3 (42,0 s)",
            "Pas de bibliothèque",
        ],
    );

    let empty = MusicLibrary {
        folder: Some("/home/me/Empty".into()),
        tracks: Vec::new(),
    };
    assert_reads(
        &visible_text(&with_music(Lang::En, Remote::Ready(empty))),
        &["No usable track in this folder."],
    );
}
