//! The platform export formats (size, frame rate, bitrate ceiling, loudness target) and the
//! files of the job's last multi-format export with their sizes (videos, covers, the
//! metadata sidecar), under the assembly form; the per-segment crop focus ([`FocusPicker`])
//! inside the formats.

use super::focus_picker::FocusPicker;
use crate::i18n::Lang;
use crate::i18n::export_formats::export_formats as texts;
use crate::views::player::MediaUrls;
use dioxus::prelude::*;
use reelforge_protocol::{
    AspectRatio, EXPORT_FORMATS, ExportedFile, JobId, SegmentDto, SegmentFocus,
    SetSegmentFocusRequest,
};

#[component]
pub(super) fn ExportFormats(
    lang: Lang,
    aspect: AspectRatio,
    exports: Vec<ExportedFile>,
    // Issue 18, item 3: the per-segment crop focus dragged on a take's preview.
    job_id: JobId,
    segments: Vec<SegmentDto>,
    media: MediaUrls,
    focus: Vec<SegmentFocus>,
    on_focus: EventHandler<SetSegmentFocusRequest>,
) -> Element {
    let x = texts(lang);
    let rows: Vec<(&'static str, &'static str, String)> = EXPORT_FORMATS
        .iter()
        .map(|f| {
            let (w, h) = f.size_for(aspect);
            let spec = (x.spec)(w, h, f.fps, f.max_video_kbps, f.loudness_tenths_lufs);
            (f.id, (x.name)(f.id), spec)
        })
        .collect();
    let files: Vec<(String, String, String)> = exports
        .iter()
        .map(|e| {
            let size = (x.megabytes)(e.bytes as f64 / 1_000_000.0);
            // A sidecar has no picture: its name and size only.
            let line = match e.width {
                0 => format!("{} · {size}", (x.name)(&e.format)),
                _ => format!(
                    "{} · {}×{} · {size}",
                    (x.name)(&e.format),
                    e.width,
                    e.height
                ),
            };
            (e.format.clone(), line, e.path.clone())
        })
        .collect();
    rsx! {
        details { class: "export-formats", id: "export-formats",
            summary { class: "form-label", "{x.title}" }
            ul { class: "export-format-list",
                for (id, name, spec) in rows {
                    li { key: "{id}", "data-format": id,
                        strong { "{name}" }
                        " "
                        span { class: "muted", "{spec}" }
                    }
                }
            }
            p { class: "muted", "{x.hint}" }
            FocusPicker { lang, job_id, aspect, segments, media, focus, on_focus }
        }
        if !files.is_empty() {
            div { class: "exported-files", id: "exported-files",
                span { class: "form-label", "{x.files_title}" }
                ul {
                    for (format, line, path) in files {
                        li { key: "{path}", "data-format": "{format}",
                            span { "{line}" }
                            " "
                            code { class: "path", "{path}" }
                        }
                    }
                }
            }
        }
    }
}
