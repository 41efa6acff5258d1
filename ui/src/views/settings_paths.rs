//! The Settings screen's "Storage and tools" panel: the data folder (`app_info`), the ffmpeg
//! the engine runs with its version and origin (`ffmpeg_info`), and the form choosing where
//! ffmpeg is (`set_ffmpeg_location`; empty: found automatically).

use super::common::{ErrorState, LoadingState};
use crate::i18n::Lang;
use crate::i18n::studio::studio;
use crate::remote::Remote;
use dioxus::prelude::*;
use reelforge_protocol::AppInfo;
use reelforge_protocol::{ApiError, FfmpegInfo, ToolSource};

/// The data folder, ffmpeg as found and the form choosing where it is, the app's version.
#[component]
pub fn PathsPanel(
    lang: Lang,
    info: Remote<AppInfo>,
    ffmpeg: Remote<FfmpegInfo>,
    location_busy: bool,
    location_error: Option<ApiError>,
    on_ffmpeg_location: EventHandler<Option<String>>,
    on_retry: Option<EventHandler<()>>,
) -> Element {
    let x = studio(lang);
    let body = match info {
        Remote::Loading => rsx! {
            LoadingState { lang, id: "paths-loading" }
        },
        Remote::Failed(error) => rsx! {
            ErrorState { lang, error, id: "paths-error", on_retry }
        },
        Remote::Ready(info) => rsx! {
            dl { class: "fields fields-stacked", id: "settings-paths",
                div { class: "field", id: "settings-data-dir",
                    dt { "{x.data_folder}" }
                    dd { code { class: "path", "{info.data_dir}" } }
                }
                div { class: "field", id: "settings-ffmpeg",
                    dt { "{x.ffmpeg}" }
                    FfmpegDetails { lang, ffmpeg: ffmpeg.clone() }
                }
                div { class: "field", id: "settings-version",
                    dt { "{x.app_version}" }
                    dd { "{info.version}" }
                }
            }
            if let Remote::Ready(found) = &ffmpeg {
                FfmpegLocationForm {
                    // A new stored location starts the field afresh.
                    key: "{found.configured.clone().unwrap_or_default()}",
                    lang,
                    configured: found.configured.clone(),
                    busy: location_busy,
                    error: location_error,
                    on_save: on_ffmpeg_location,
                }
            }
        },
    };
    rsx! {
        section { class: "panel form-panel", id: "settings-storage",
            header { class: "panel-header",
                h2 { class: "panel-title", "{x.storage_tools}" }
            }
            div { class: "form-body", {body} }
        }
    }
}

/// What the app knows about its ffmpeg: path, version and origin, or what is wrong.
#[component]
fn FfmpegDetails(lang: Lang, ffmpeg: Remote<FfmpegInfo>) -> Element {
    let x = studio(lang);
    match ffmpeg {
        Remote::Loading => rsx! {
            dd { class: "muted", id: "ffmpeg-checking", "{x.ffmpeg_checking}" }
        },
        Remote::Failed(error) => rsx! {
            dd { class: "form-problem", id: "ffmpeg-problem", "{error.message}" }
        },
        Remote::Ready(info) => {
            let source = info.source.map(|source| match source {
                ToolSource::Configured => x.ffmpeg_source_configured,
                ToolSource::Bundled => x.ffmpeg_source_bundled,
                ToolSource::Path => x.ffmpeg_source_path,
            });
            let version = info.version.as_deref().map(x.ffmpeg_version);
            let details = [version, source.map(str::to_owned)]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · ");
            rsx! {
                dd { class: "ffmpeg-info",
                    if let Some(path) = info.path {
                        code { class: "path", id: "ffmpeg-path", "{path}" }
                    }
                    if !details.is_empty() {
                        span { class: "muted small", id: "ffmpeg-version", " {details}" }
                    }
                    if let Some(problem) = info.problem {
                        p { class: "form-problem", role: "alert", id: "ffmpeg-problem",
                            "{x.ffmpeg_problem} "
                            span { class: "muted small", "{problem}" }
                        }
                    }
                }
            }
        }
    }
}

/// Where ffmpeg is: the program or its folder, or empty for automatic. "Use" sends the text
/// (blank means automatic); "Find automatically" clears a chosen location.
#[component]
fn FfmpegLocationForm(
    lang: Lang,
    configured: Option<String>,
    busy: bool,
    error: Option<ApiError>,
    on_save: EventHandler<Option<String>>,
) -> Element {
    let x = studio(lang);
    let mut text = use_signal(|| configured.clone().unwrap_or_default());
    rsx! {
        div { class: "ffmpeg-location", id: "ffmpeg-location",
            label { class: "form-field",
                span { class: "form-label", "{x.ffmpeg_location}" }
                input {
                    class: "input",
                    id: "ffmpeg-location-input",
                    r#type: "text",
                    spellcheck: "false",
                    placeholder: x.ffmpeg_location_placeholder,
                    value: "{text}",
                    oninput: move |event: FormEvent| text.set(event.value()),
                }
                span { class: "form-hint", "{x.ffmpeg_location_help}" }
            }
            div { class: "button-row",
                button {
                    class: "button",
                    id: "ffmpeg-location-save",
                    r#type: "button",
                    disabled: busy,
                    onclick: move |_| on_save.call(Some(text())),
                    "{x.ffmpeg_location_use}"
                }
                if configured.is_some() {
                    button {
                        class: "button ghost",
                        id: "ffmpeg-location-clear",
                        r#type: "button",
                        disabled: busy,
                        onclick: move |_| on_save.call(None),
                        "{x.ffmpeg_location_automatic}"
                    }
                }
            }
            if let Some(error) = error {
                p { class: "form-problem", role: "alert", id: "ffmpeg-location-error",
                    "{error.message}"
                }
            }
        }
    }
}
