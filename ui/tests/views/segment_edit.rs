//! Editing a launched job's segment (issue 17): the Edit button only while no take of the
//! segment is being generated, the editor's form in both languages, the patch of what changed,
//! and the `segment_busy` refusal worded in both languages.

use crate::job::running_detail;
use crate::support::*;
use dioxus::prelude::*;
use reelforge_protocol::{ErrorCode, GenerationMode, SegmentPatch};
use reelforge_ui::i18n::Lang;
use reelforge_ui::i18n::errors::error_code_label;
use reelforge_ui::remote::Remote;
use reelforge_ui::views::JobView;
use reelforge_ui::views::job::{SegmentEditor, changed_fields};

fn job_html(lang: Lang, detail: reelforge_protocol::JobDetail) -> String {
    render(move || {
        rsx! {
            JobView { lang, clock: clock(), job: Remote::Ready(detail.clone()) }
        }
    })
}

#[test]
fn a_segment_is_editable_only_while_no_take_of_it_is_generated() {
    let review = job_html(Lang::En, cats_detail());
    assert_eq!(review.matches("data-action=\"edit-segment\"").count(), 2);
    let running = job_html(Lang::En, running_detail());
    assert_eq!(
        running.matches("data-action=\"edit-segment\"").count(),
        0,
        "both segments have a take under way"
    );
    let french = visible_text(&job_html(Lang::Fr, cats_detail()));
    assert_reads(
        &french,
        &["✎ Modifier", "“A cat on a sofa, close-up, purring”"],
    );
}

#[test]
fn the_editor_shows_the_segments_settings_in_both_languages() {
    for (lang, words) in [
        (
            Lang::En,
            [
                "Edit segment 2",
                "Prompt",
                "Narration",
                "Provider",
                "Earlier takes stay.",
                "Save",
            ],
        ),
        (
            Lang::Fr,
            [
                "Modifier le segment 2",
                "Prompt",
                "Narration",
                "Fournisseur",
                "Les prises précédentes restent.",
                "Enregistrer",
            ],
        ),
    ] {
        let segment = cats_detail().segments[1].clone();
        let html = render(move || {
            rsx! {
                SegmentEditor {
                    lang,
                    segment: segment.clone(),
                    busy: false,
                    on_save: move |_| {},
                    on_close: move |_| {},
                }
            }
        });
        assert_reads(&visible_text(&html), &words);
        assert!(html.contains("Cartoon cat with a motor inside"), "{html}");
        assert!(html.contains("value=\"kling-2.1\""), "{html}");
    }
}

#[test]
fn saving_sends_only_what_changed() {
    let segment = cats_detail().segments[1].clone();
    let unchanged = changed_fields(
        &segment,
        &segment.prompt,
        &segment.narration,
        segment.mode,
        "fal",
        "kling-2.1",
        "5",
    );
    assert_eq!(unchanged, SegmentPatch::default());
    let edited = changed_fields(
        &segment,
        "A dog surfing",
        &segment.narration,
        GenerationMode::ImageToVideo,
        "runway",
        " ",
        "10",
    );
    assert_eq!(
        edited,
        SegmentPatch {
            prompt: Some("A dog surfing".into()),
            mode: Some(GenerationMode::ImageToVideo),
            provider: Some("runway".into()),
            model: Some(None),
            duration_s: Some(10),
            ..SegmentPatch::default()
        }
    );
}

#[test]
fn a_busy_segment_is_said_in_both_languages() {
    let en = error_code_label(Lang::En, ErrorCode::SegmentBusy);
    let fr = error_code_label(Lang::Fr, ErrorCode::SegmentBusy);
    assert!(en.contains("being generated"), "{en}");
    assert!(fr.contains("en cours de génération"), "{fr}");
}

#[test]
fn the_launch_dialog_says_which_segments_the_job_reference_set_cannot_reach() {
    use reelforge_protocol::{CostEstimate, SegmentEstimate};
    use reelforge_ui::views::dialogs::LaunchDialog;
    let estimate = CostEstimate {
        job_id: "job".into(),
        segments: (0..3)
            .map(|index| SegmentEstimate {
                segment_id: format!("seg-{index}").into(),
                index,
                provider: "fal".into(),
                model: Some("kling-2.1".into()),
                duration_s: 5,
                micros: 100_000,
                problem: None,
                job_references_unsent: index != 0,
            })
            .collect(),
        total_micros: 300_000,
        spent_micros: 0,
        budget_cap_micros: None,
        within_budget: true,
    };
    for (lang, words) in [
        (Lang::En, "will not be sent with segment 2, 3"),
        (Lang::Fr, "ne seront pas envoyées avec le segment 2, 3"),
    ] {
        let estimate = estimate.clone();
        let html = render(move || {
            rsx! {
                LaunchDialog { lang, estimate: estimate.clone() }
            }
        });
        assert_reads(&visible_text(&html), &[words]);
    }
}

#[test]
fn the_job_screen_shows_the_reference_set_and_its_actions_in_both_languages() {
    let none = visible_text(&job_html(Lang::En, cats_detail()));
    assert_reads(
        &none,
        &[
            "Character &#38; style references",
            "No reference images.",
            "Add images…",
        ],
    );
    assert!(!none.contains("Remove all"));
    let mut with_set = cats_detail();
    with_set.reference_assets = vec!["asset-hero".into(), "asset-palette".into()];
    let html = job_html(Lang::Fr, with_set);
    assert_eq!(html.matches("data-asset-id=").count(), 2);
    assert_reads(
        &visible_text(&html),
        &[
            "Références de personnage et de style",
            "Ajouter des images…",
            "Tout retirer",
        ],
    );
}
