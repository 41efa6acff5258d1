//! Own clips on the job screen (issue 17): each segment card offers "Use my video…", and an
//! imported clip waiting for its span shows its name, size and length, the in/out points
//! (by default the segment's length from the start) and "Use this span", in English and
//! French.

use crate::support::*;
use dioxus::prelude::*;
use reelforge_protocol::ImportedClip;
use reelforge_ui::i18n::Lang;
use reelforge_ui::remote::Remote;
use reelforge_ui::views::JobView;

fn clip() -> ImportedClip {
    ImportedClip {
        asset_id: "a1".into(),
        name: "beach.mp4".into(),
        duration_ms: 12_000,
        width: 640,
        height: 360,
        has_audio: true,
        url: "http://127.0.0.1:1/asset/a1".into(),
    }
}

fn with_clip(lang: Lang) -> String {
    render(move || {
        rsx! {
            JobView {
                lang,
                clock: clock(),
                job: Remote::Ready(cats_detail()),
                clip: Some((1, clip())),
            }
        }
    })
}

#[test]
fn a_pending_clip_waits_for_its_span_on_its_segment_card_in_english() {
    let html = with_clip(Lang::En);
    let text = visible_text(&html);
    assert_reads(
        &text,
        &[
            "Use my video…",
            "Your video for this segment",
            "beach.mp4 · 640×360 · 12.0 s",
            "Start (s)",
            "End (s)",
            "The take will last 5.0 s; no provider is called, it costs nothing.",
            "Use this span",
            "Discard",
        ],
    );
    assert_eq!(html.matches("data-testid=\"clip-trim\"").count(), 1);
    assert!(
        html.contains("src=\"http://127.0.0.1:1/asset/a1\""),
        "{html}"
    );
}

#[test]
fn a_pending_clip_waits_for_its_span_in_french() {
    let text = visible_text(&with_clip(Lang::Fr));
    assert_reads(
        &text,
        &[
            "Utiliser ma vidéo…",
            "Votre vidéo pour ce segment",
            "12,0 s",
            "Début (s)",
            "Fin (s)",
            "La prise durera 5,0 s",
            "Utiliser ce passage",
            "Abandonner",
        ],
    );
}
