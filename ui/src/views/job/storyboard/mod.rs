//! The storyboard panel of the job screen (issue 19): every segment's keyframes in one strip
//! (one card each, see [`card`]; no strip before the first keyframe is asked for), the image provider and model they are made with, built from
//! the `list_image_providers` descriptors alone, and the "same character" switch (see
//! [`options`]), then "Generate keyframes" for the segments without one, "Approve all" and
//! "Animate" (the page then launches the job after its estimate).
//!
//! Pure: the page ([`crate::pages`]) fetches the storyboard again on every job update, raises
//! running keyframes' progress from live events, and runs each [`StoryboardEvent`].

mod card;
mod options;

use crate::format;
use crate::i18n::Lang;
use crate::i18n::storyboard::storyboard;
use crate::views::new_job::orientation;
use crate::views::player::MediaUrls;
use card::KeyframeCard;
use dioxus::prelude::*;
use options::StoryboardOptions;
use reelforge_protocol::{
    AnimateOutcome, AspectRatio, ImageProviderDescriptor, KeyframeDto, MediaRef, ProviderId,
    Storyboard, StoryboardSegment, SubmitUnknownDecision, TakeId, TakeStatus,
};

/// What the person did in the storyboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoryboardEvent {
    /// A provider, model or "same character" choice (`model: None`: the provider's default).
    Options {
        provider: ProviderId,
        model: Option<String>,
        same_character: bool,
    },
    /// "Generate keyframes": one for each segment without one.
    GenerateMissing,
    /// "Regenerate" on the card of the segment at this index.
    Regenerate(u32),
    /// A keyframe's prompt (the segment's prompt) saved.
    EditPrompt {
        index: u32,
        prompt: String,
    },
    /// Animate the segment from this succeeded keyframe.
    Select(TakeId),
    /// A card's "Approved" switch.
    Approve {
        index: u32,
        approved: bool,
    },
    ApproveAll,
    /// "Animate".
    Animate,
    /// "Resubmit" or "Abandon" on a keyframe whose create may or may not have reached its
    /// provider (Reelforge stopped while sending it).
    Decide {
        index: u32,
        take_id: TakeId,
        decision: SubmitUnknownDecision,
    },
}

/// What the panel shows: the job's storyboard, the image providers, and what the last
/// "Animate" did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryboardState {
    pub board: Storyboard,
    pub providers: Vec<ImageProviderDescriptor>,
    pub animated: Option<AnimateOutcome>,
}

/// The keyframe a segment is animated from: the chosen one, else the newest succeeded one.
pub fn shown_keyframe(segment: &StoryboardSegment) -> Option<&KeyframeDto> {
    let succeeded = |k: &&KeyframeDto| k.take.status == TakeStatus::Succeeded;
    segment
        .selected_keyframe
        .as_ref()
        .and_then(|id| segment.keyframes.iter().find(|k| &k.take.id == id))
        .filter(succeeded)
        .or_else(|| segment.keyframes.iter().rev().find(succeeded))
}

/// Whether a segment has a keyframe or one under way ("Generate keyframes" skips it).
pub fn has_keyframe(segment: &StoryboardSegment) -> bool {
    segment
        .keyframes
        .iter()
        .any(|k| !matches!(k.take.status, TakeStatus::Failed | TakeStatus::Cancelled))
}

/// Every keyframe image the storyboard shows (each succeeded keyframe's PNG).
pub fn keyframe_media(board: &Storyboard) -> Vec<MediaRef> {
    board
        .segments
        .iter()
        .flat_map(|s| s.keyframes.iter())
        .filter(|k| k.take.status == TakeStatus::Succeeded)
        .map(|k| MediaRef::Take {
            take_id: k.take.id.clone(),
        })
        .collect()
}

/// The panel: options, the strip of cards, and the storyboard's actions.
#[component]
pub fn StoryboardPanel(
    lang: Lang,
    state: StoryboardState,
    aspect: AspectRatio,
    busy: bool,
    media: MediaUrls,
    on_event: EventHandler<StoryboardEvent>,
) -> Element {
    let s = storyboard(lang);
    let board = &state.board;
    let provider = state
        .providers
        .iter()
        .find(|p| p.id == board.image_provider)
        .cloned();
    let provider_name = provider.as_ref().map_or_else(
        || board.image_provider.to_string(),
        |p| p.display_name.clone(),
    );
    let missing = board.segments.iter().filter(|s| !has_keyframe(s)).count();
    let total = board.segments.len();
    let approved = board.segments.iter().filter(|s| s.approved).count();
    let with_keyframe = board
        .segments
        .iter()
        .filter(|s| shown_keyframe(s).is_some())
        .count();
    let cost = board.micros_per_keyframe * missing as i64;
    let price = if cost > 0 {
        format::money(lang, cost)
    } else {
        s.free.to_owned()
    };
    let frame = orientation(aspect);
    rsx! {
        section { class: "panel storyboard", id: "job-storyboard", "data-testid": "job-storyboard",
            header { class: "panel-header",
                div { class: "panel-heading",
                    h2 { class: "panel-title", "{s.title}" }
                    span { class: "panel-count", id: "storyboard-approved-count",
                        {(s.approved_count)(approved, total)}
                    }
                }
            }
            p { class: "muted", "{s.hint}" }
            StoryboardOptions {
                lang,
                board: board.clone(),
                providers: state.providers.clone(),
                aspect,
                busy,
                on_event,
            }
            // No strip of empty cards before the first keyframe is asked for.
            if board.segments.iter().any(|s| !s.keyframes.is_empty()) {
                ol { class: "storyboard-strip", id: "storyboard-strip", "aria-label": "{s.title}",
                for segment in board.segments.iter().cloned() {
                    KeyframeCard {
                        key: "{segment.segment_id}",
                        lang,
                        segment,
                        frame,
                        provider_name: provider_name.clone(),
                        busy,
                        media: media.clone(),
                        on_event,
                    }
                }
                }
            }
            div { class: "storyboard-actions",
                button {
                    class: "button",
                    r#type: "button",
                    id: "storyboard-generate",
                    disabled: busy || missing == 0,
                    onclick: move |_| on_event.call(StoryboardEvent::GenerateMissing),
                    if missing == 0 {
                        "{s.all_have_keyframes}"
                    } else {
                        {(s.generate_missing)(missing, &price)}
                    }
                }
                button {
                    class: "button ghost",
                    r#type: "button",
                    id: "storyboard-approve-all",
                    disabled: busy || with_keyframe == 0 || approved == total,
                    onclick: move |_| on_event.call(StoryboardEvent::ApproveAll),
                    "{s.approve_all}"
                }
                button {
                    class: "button",
                    r#type: "button",
                    id: "storyboard-animate",
                    title: "{s.animate_hint}",
                    disabled: busy || approved == 0,
                    onclick: move |_| on_event.call(StoryboardEvent::Animate),
                    "{s.animate}"
                }
            }
            if let Some(outcome) = &state.animated {
                p { class: "notice", id: "storyboard-animated", role: "status",
                    {(s.animated)(outcome.animated.len(), outcome.skipped.len())}
                }
            }
        }
    }
}
