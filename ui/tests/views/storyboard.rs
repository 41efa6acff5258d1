//! The job screen's storyboard (issue 19): keyframes per segment in one strip, the image
//! provider and model offered from the descriptors alone (honest label, price per keyframe),
//! a keyframe being made, a failed one worded from its code, the choices left to make, in
//! English and French.

use crate::support::*;
use dioxus::prelude::*;
use reelforge_protocol::{
    AnimateOutcome, AspectRatio, ImageInputKind, ImageInputSpec, ImageModelDescriptor,
    ImageProviderDescriptor, ImageSize, JobDetail, KeyframeDto, MediaRef, Storyboard,
    StoryboardSegment, TakeErrorCode, TakeStatus,
};
use reelforge_ui::i18n::Lang;
use reelforge_ui::remote::Remote;
use reelforge_ui::views::JobView;
use reelforge_ui::views::job::{StoryboardState, has_keyframe, keyframe_media, shown_keyframe};
use reelforge_ui::views::player::MediaUrls;

fn portrait(width: u32, height: u32) -> Vec<ImageSize> {
    vec![ImageSize {
        aspect_ratio: AspectRatio::Portrait,
        width,
        height,
    }]
}

fn image_providers() -> Vec<ImageProviderDescriptor> {
    let model = |id: &str, name: &str, micros, sizes, references| ImageModelDescriptor {
        id: id.into(),
        display_name: name.into(),
        sizes,
        references,
        micros_per_image: micros,
    };
    let refs = Some(ImageInputSpec {
        kind: ImageInputKind::Reference,
        max_count: 4,
        max_bytes: 10_000_000,
        formats: vec!["image/png".into()],
    });
    vec![
        ImageProviderDescriptor {
            id: "local".into(),
            display_name: "Local".into(),
            label: "offline, not an AI model".into(),
            needs_key: false,
            models: vec![model("card", "Designed card", 0, portrait(576, 1024), None)],
            default_concurrency: 2,
            max_generation_s: 60,
        },
        ImageProviderDescriptor {
            id: "fal".into(),
            display_name: "fal.ai".into(),
            label: "FLUX image models".into(),
            needs_key: true,
            models: vec![
                model(
                    "flux-schnell",
                    "FLUX schnell",
                    3_000,
                    portrait(576, 1024),
                    None,
                ),
                model("flux-kontext", "FLUX Kontext", 40_000, Vec::new(), refs),
            ],
            default_concurrency: 4,
            max_generation_s: 120,
        },
    ]
}

fn keyframe(detail: &JobDetail, index: usize, n: usize, status: TakeStatus) -> KeyframeDto {
    let mut take = take(&detail.segments[index], n, status, 42);
    take.provider = "local".into();
    KeyframeDto {
        take,
        width: 576,
        height: 1024,
        reframed: false,
    }
}

/// Segment 1: two keyframes, the first chosen and approved; segment 2: one refused by
/// moderation.
fn board(detail: &JobDetail) -> Storyboard {
    let first = vec![
        keyframe(detail, 0, 1, TakeStatus::Succeeded),
        keyframe(detail, 0, 2, TakeStatus::Succeeded),
    ];
    let mut refused = keyframe(detail, 1, 1, TakeStatus::Failed);
    refused.take.error_code = Some(TakeErrorCode::Moderation);
    let segment = |index: usize, keyframes: Vec<KeyframeDto>, approved| StoryboardSegment {
        segment_id: detail.segments[index].id.clone(),
        index: index as u32,
        prompt: detail.segments[index].prompt.clone(),
        selected_keyframe: keyframes.first().map(|k| k.take.id.clone()),
        keyframes,
        approved,
    };
    Storyboard {
        job_id: detail.summary.id.clone(),
        image_provider: "local".into(),
        image_model: None,
        same_character: false,
        micros_per_keyframe: 0,
        segments: vec![segment(0, first, true), segment(1, vec![refused], false)],
    }
}

fn media(board: &Storyboard) -> MediaUrls {
    keyframe_media(board)
        .into_iter()
        .map(|r| {
            let MediaRef::Take { take_id } = &r else {
                unreachable!()
            };
            let url = format!("http://127.0.0.1:9/t/take/{take_id}");
            (r, url)
        })
        .collect()
}

fn page(lang: Lang, board: Storyboard, animated: Option<AnimateOutcome>) -> String {
    let detail = draft_detail();
    let urls = media(&board);
    let state = StoryboardState {
        board,
        providers: image_providers(),
        animated,
    };
    render(move || {
        rsx! {
            JobView {
                lang,
                clock: clock(),
                job: Remote::Ready(detail.clone()),
                media: urls.clone(),
                storyboard: Some(state.clone()),
            }
        }
    })
}

#[test]
fn the_strip_shows_each_segments_keyframes_choices_and_failure_in_both_languages() {
    let detail = draft_detail();
    let html = page(Lang::En, board(&detail), None);
    let text = visible_text(&html);
    assert_reads(
        &text,
        &[
            "Storyboard",
            "1/2 approved",
            "Local — offline, not an AI model",
            "fal.ai — FLUX image models · needs an API key",
            "Designed card · free",
            "Segment 1",
            "Segment 2",
            "Generate 1 keyframe · free",
            "Refused by Local's moderation",
            "Approve all",
            "Animate",
            "This model takes no reference image",
        ],
    );
    // The chosen keyframe large, the other one small to pick.
    assert!(
        html.contains(r#"src="http://127.0.0.1:9/t/take/take-0-1""#),
        "{html}"
    );
    assert!(html.contains(r#"aria-label="Use keyframe 2""#), "{html}");
    assert!(html.contains(r#"alt="Keyframe 1 of segment 1""#), "{html}");
    // The refusal, worded from its code.
    assert!(html.contains(r#"data-error-code="moderation""#), "{html}");
    assert!(!button_disabled(&html, "storyboard-animate"));
    assert!(!button_disabled(&html, "storyboard-generate"));
    assert!(html.contains(r#"id="keyframe-card-0""#) && html.contains(r#"data-approved="true""#));

    let fr = visible_text(&page(Lang::Fr, board(&detail), None));
    assert_reads(
        &fr,
        &[
            "Storyboard",
            "1/2 approuvées",
            "Fournisseur d'images",
            "Local — offline, not an AI model",
            "Segment 2",
            "Générer 1 image clé · gratuit",
            "Tout approuver",
            "Animer",
            "Régénérer",
            "Modifier le prompt",
        ],
    );
    assert_not_reads(&fr, &["Approve all", "Regenerate", "Edit prompt"]);
}

#[test]
fn a_keyframe_being_made_shows_its_progress_and_cannot_be_regenerated_meanwhile() {
    let detail = draft_detail();
    let mut board = board(&detail);
    board.segments[1]
        .keyframes
        .push(keyframe(&detail, 1, 2, TakeStatus::Running));
    let html = page(Lang::En, board.clone(), None);
    let at = html.find(r#"id="keyframe-card-1""#).unwrap();
    let card = &html[html[..at].rfind("<li").unwrap()..];
    assert!(
        card[..card.find('>').unwrap()].contains(r#"data-state="running""#),
        "{card}"
    );
    assert!(card.contains("42%"), "{card}");
    let at = card.find(r#"data-action="regenerate-keyframe""#).unwrap();
    let start = card[..at].rfind("<button").unwrap();
    let button = &card[start..at + card[at..].find('>').unwrap()];
    assert!(button.contains("disabled"), "{button}");
    // Nothing is missing any more: the button says so and is off.
    assert!(button_disabled(&html, "storyboard-generate"));
    assert_reads(&visible_text(&html), &["Every segment has a keyframe"]);
    assert!(has_keyframe(&board.segments[1]));
    assert!(shown_keyframe(&board.segments[1]).is_none());
}

#[test]
fn a_model_without_the_jobs_ratio_is_said_to_reframe_and_one_with_references_allows_same_character()
{
    let detail = draft_detail();
    let mut board = board(&detail);
    board.image_provider = "fal".into();
    board.image_model = Some("flux-kontext".into());
    board.micros_per_keyframe = 40_000;
    board.segments[0].keyframes[0].reframed = true;
    let html = page(Lang::En, board, None);
    let text = visible_text(&html);
    assert_reads(
        &text,
        &[
            "FLUX Kontext · $0.04 per keyframe",
            "This model makes no 9:16 image: keyframes are reframed to 9:16.",
            "Same character",
            "Reframed",
        ],
    );
    assert_not_reads(&text, &["This model takes no reference image"]);
    let switch = &html[..html.find(r#"id="storyboard-same-character""#).unwrap()];
    let input = &html[switch.rfind("<input").unwrap()..];
    assert!(
        !input[..input.find('>').unwrap()].contains("disabled"),
        "{input}"
    );
}

#[test]
fn after_animate_the_panel_says_what_was_switched() {
    let detail = draft_detail();
    let outcome = AnimateOutcome {
        job_id: detail.summary.id.clone(),
        animated: vec![0],
        skipped: vec![1],
    };
    let text = visible_text(&page(Lang::En, board(&detail), Some(outcome.clone())));
    assert_reads(
        &text,
        &[
            "1 segment will start from its keyframe; 1 has no approved keyframe and stays as it was.",
        ],
    );
    let fr = visible_text(&page(Lang::Fr, board(&detail), Some(outcome)));
    assert_reads(
        &fr,
        &["1 segment partira de son image clé ; 1 n'a pas d'image clé approuvée"],
    );
}

#[test]
fn a_job_without_keyframes_offers_to_make_them_without_a_strip_of_empty_cards() {
    let detail = draft_detail();
    let mut board = board(&detail);
    for segment in &mut board.segments {
        segment.keyframes.clear();
        segment.selected_keyframe = None;
        segment.approved = false;
    }
    let html = page(Lang::En, board, None);
    assert_reads(
        &visible_text(&html),
        &["Generate 2 keyframes · free", "0/2 approved"],
    );
    assert!(!html.contains("keyframe-card"), "{html}");
    assert!(!button_disabled(&html, "storyboard-generate"));
    assert!(button_disabled(&html, "storyboard-approve-all"));
    assert!(button_disabled(&html, "storyboard-animate"));
}

#[test]
fn the_shown_keyframe_is_the_chosen_one_else_the_newest_succeeded() {
    let detail = draft_detail();
    let mut board = board(&detail);
    let segment = &mut board.segments[0];
    assert_eq!(
        shown_keyframe(segment).unwrap().take.id.as_str(),
        "take-0-1"
    );
    segment.selected_keyframe = None;
    assert_eq!(
        shown_keyframe(segment).unwrap().take.id.as_str(),
        "take-0-2"
    );
    assert!(
        !has_keyframe(&board.segments[1]),
        "a failed keyframe is no keyframe"
    );
}

#[test]
fn a_keyframe_caught_by_a_stop_asks_to_resubmit_or_abandon_in_both_languages() {
    let detail = draft_detail();
    let mut board = board(&detail);
    board.segments[1]
        .keyframes
        .push(keyframe(&detail, 1, 2, TakeStatus::SubmitUnknown));
    let html = page(Lang::En, board.clone(), None);
    let at = html.find(r#"id="keyframe-card-1""#).unwrap();
    let card = &html[html[..at].rfind("<li").unwrap()..];
    let card = &card[..card.find(r#"id="keyframe-card-2""#).unwrap_or(card.len())];
    assert!(
        card.contains(r#"data-action="resubmit-keyframe""#),
        "{card}"
    );
    assert!(card.contains(r#"data-action="abandon-keyframe""#), "{card}");
    assert!(
        !card.contains("42%"),
        "no progress for a take nobody is making: {card}"
    );
    assert_reads(&visible_text(card), &["Resubmit", "Abandon"]);
    let fr = page(Lang::Fr, board.clone(), None);
    assert_reads(&visible_text(&fr), &["Renvoyer", "Abandonner"]);
    // Other cards, and a keyframe being made, ask nothing.
    let first = &html[..html.find(r#"id="keyframe-card-1""#).unwrap()];
    assert!(!first.contains("resubmit-keyframe"), "{first}");
    board.segments[1].keyframes.pop();
    board.segments[1]
        .keyframes
        .push(keyframe(&detail, 1, 2, TakeStatus::Running));
    let html = page(Lang::En, board, None);
    assert!(!html.contains("resubmit-keyframe"), "{html}");
}
