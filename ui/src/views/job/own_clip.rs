//! A person's own video for a segment (issue 17, item 4): the segment card's "Use my
//! video…" opens the shell's video dialog (or a video is dropped on the card); the imported
//! clip is then shown here with its preview and its in/out points, and "Use this span" makes
//! that span the segment's take — no provider call, no cost.

use super::actions::JobAction;
use crate::i18n::{Lang, t};
use dioxus::prelude::*;
use reelforge_protocol::ImportedClip;

/// Seconds in the UI's language, one decimal (`2.5 s`, `2,5 s`).
fn seconds_label(lang: Lang, ms: u64) -> String {
    let text = format!("{:.1} s", ms as f64 / 1000.0);
    match lang {
        Lang::Fr => text.replace('.', ","),
        Lang::En => text,
    }
}

/// `text` (seconds, `.` or `,`) in milliseconds; `None` when it is not a number ≥ 0.
pub fn parse_seconds(text: &str) -> Option<u64> {
    let seconds: f64 = text.trim().replace(',', ".").parse().ok()?;
    (seconds.is_finite() && seconds >= 0.0).then(|| (seconds * 1000.0).round() as u64)
}

/// The imported clip waiting for its span, on the card of segment `index`; `segment_ms` is
/// the segment's duration (the default span from the start).
#[component]
pub(super) fn ClipTrimBox(
    lang: Lang,
    index: u32,
    clip: ImportedClip,
    segment_ms: u64,
    busy: bool,
    on_action: EventHandler<JobAction>,
) -> Element {
    let s = t(lang);
    let default_out = segment_ms.min(clip.duration_ms);
    let mut in_text = use_signal(|| "0".to_owned());
    let mut out_text = use_signal(move || format!("{:.1}", default_out as f64 / 1000.0));
    let in_ms = parse_seconds(&in_text());
    let out_ms = parse_seconds(&out_text());
    let span = match (in_ms, out_ms) {
        (Some(a), Some(b)) if b > a && b <= clip.duration_ms + 50 => Some((a, b)),
        _ => None,
    };
    let length = span.map(|(a, b)| (s.clip_span)(&seconds_label(lang, b - a)));
    let total = seconds_label(lang, clip.duration_ms);
    let asset_id = clip.asset_id.clone();
    rsx! {
        div { class: "callout clip-trim", "data-testid": "clip-trim",
            p { class: "decision-title", "{s.clip_title}" }
            p { class: "muted", "{clip.name} · {clip.width}×{clip.height} · {total}" }
            if !clip.url.is_empty() {
                video { class: "clip-preview", src: "{clip.url}", controls: true, preload: "metadata" }
            }
            div { class: "form-row",
                label { class: "form-label",
                    "{s.clip_in}"
                    input {
                        class: "input small",
                        r#type: "text",
                        inputmode: "decimal",
                        "data-field": "clip-in",
                        value: "{in_text}",
                        oninput: move |e| in_text.set(e.value()),
                    }
                }
                label { class: "form-label",
                    "{s.clip_out}"
                    input {
                        class: "input small",
                        r#type: "text",
                        inputmode: "decimal",
                        "data-field": "clip-out",
                        value: "{out_text}",
                        oninput: move |e| out_text.set(e.value()),
                    }
                }
            }
            if let Some(length) = length {
                p { class: "form-hint", "{length}" }
            }
            div { class: "segment-actions",
                button {
                    class: "button small",
                    r#type: "button",
                    "data-action": "use-clip",
                    disabled: busy || span.is_none(),
                    onclick: move |_| {
                        if let Some((in_ms, out_ms)) = span {
                            on_action.call(JobAction::UseClip {
                                index,
                                asset_id: asset_id.clone(),
                                in_ms,
                                out_ms,
                            });
                        }
                    },
                    "{s.use_this_clip}"
                }
                button {
                    class: "button ghost small",
                    r#type: "button",
                    "data-action": "discard-clip",
                    onclick: move |_| on_action.call(JobAction::DiscardClip),
                    "{s.discard_clip}"
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_read_with_a_point_or_a_comma() {
        assert_eq!(parse_seconds("1.5"), Some(1_500));
        assert_eq!(parse_seconds(" 2,25 "), Some(2_250));
        assert_eq!(parse_seconds("-1"), None);
        assert_eq!(parse_seconds("abc"), None);
        assert_eq!(seconds_label(Lang::Fr, 2_500), "2,5 s");
    }
}
