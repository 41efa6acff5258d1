//! A segment's takes side by side, each with its player, state, provider and model, the prompt
//! it was made with, cost and age, and the
//! preview-server files the job screen needs ([`media_needed`]).

use super::actions::JobAction;
use super::progress::{take_in_use, take_label};
use crate::clock::Clock;
use crate::format;
use crate::i18n::media::media as texts;
use crate::i18n::segment_edit::segment_edit;
use crate::i18n::{Lang, t};
use crate::views::player::{MediaUrls, Player, take_sources};
use dioxus::prelude::*;
use reelforge_protocol::{JobDetail, JobStatus, MediaRef, SegmentDto, TakeDto, TakeStatus};

/// Every preview-server file the job screen shows: each succeeded take's thumbnail, preview
/// and clip, the job's reference images, and the final video once the job is completed.
pub fn media_needed(detail: &JobDetail, assembled: bool) -> Vec<MediaRef> {
    let mut needed = Vec::new();
    for take in detail
        .segments
        .iter()
        .flat_map(|s| s.takes.iter())
        .filter(|t| t.status == TakeStatus::Succeeded)
    {
        let take_id = take.id.clone();
        needed.push(MediaRef::TakeThumbnail {
            take_id: take_id.clone(),
        });
        needed.push(MediaRef::TakePreview {
            take_id: take_id.clone(),
        });
        needed.push(MediaRef::Take { take_id });
    }
    for asset_id in &detail.reference_assets {
        needed.push(MediaRef::Asset {
            asset_id: asset_id.clone(),
        });
    }
    if assembled || detail.summary.status == JobStatus::Completed {
        needed.push(MediaRef::FinalVideo {
            job_id: detail.summary.id.clone(),
        });
    }
    needed
}

/// Every take of a segment side by side, newest first: its player (succeeded takes), state,
/// provider, cost and age, and "Use this take" on a succeeded take not in use.
#[component]
#[allow(clippy::too_many_arguments)]
pub(super) fn TakesList(
    lang: Lang,
    clock: Clock,
    segment: SegmentDto,
    frame: &'static str,
    can_choose: bool,
    busy: bool,
    media: MediaUrls,
    on_action: EventHandler<JobAction>,
) -> Element {
    let s = t(lang);
    if segment.takes.is_empty() {
        return rsx! {
            p { class: "takes-empty muted", "{s.no_takes}" }
        };
    }
    let in_use = take_in_use(&segment).map(|t| t.id.clone());
    let mut takes: Vec<(usize, TakeDto)> = segment.takes.iter().cloned().enumerate().collect();
    takes.sort_by_key(|(i, take)| std::cmp::Reverse((take.created_at, *i)));
    rsx! {
        div { class: "takes",
            span { class: "section-label", "{s.col_takes} · {segment.takes.len()}" }
            ul { class: "take-list", "data-testid": "takes",
                for (i, take) in takes {
                    TakeTile {
                        key: "{take.id}",
                        lang,
                        clock,
                        index: segment.index,
                        number: i as u64 + 1,
                        selected: segment.selected_take.as_ref() == Some(&take.id),
                        in_use: in_use.as_ref() == Some(&take.id),
                        take: take.clone(),
                        frame,
                        can_choose,
                        busy,
                        media: media.clone(),
                        on_action,
                    }
                }
            }
        }
    }
}

#[component]
#[allow(clippy::too_many_arguments)]
fn TakeTile(
    lang: Lang,
    clock: Clock,
    index: u32,
    number: u64,
    selected: bool,
    in_use: bool,
    take: TakeDto,
    frame: &'static str,
    can_choose: bool,
    busy: bool,
    media: MediaUrls,
    on_action: EventHandler<JobAction>,
) -> Element {
    let s = t(lang);
    let m = texts(lang);
    let label = take_label(lang, &take);
    let cost = if take.actual_cost_micros > 0 || take.status.is_terminal() {
        format::money(lang, take.actual_cost_micros)
    } else {
        format!("~{}", format::money(lang, take.estimated_cost_micros))
    };
    let when = format::relative_time(lang, clock, take.created_at);
    let model = take
        .model
        .clone()
        .map(|m| format!(" · {m}"))
        .unwrap_or_default();
    let succeeded = take.status == TakeStatus::Succeeded;
    let (sources, poster) = take_sources(&media, &take.id);
    let progress = (take.status == TakeStatus::Running).then_some(take.progress.min(99));
    let take_id = take.id.clone();
    let class = match (selected, in_use) {
        (true, _) => format!("take-tile tile-{frame} selected"),
        (false, true) => format!("take-tile tile-{frame} in-use"),
        _ => format!("take-tile tile-{frame}"),
    };
    rsx! {
        li {
            class,
            "data-take-id": "{take.id}",
            "data-status": take.status.as_str(),
            div { class: "take-media poster-{frame}",
                if succeeded && !sources.is_empty() {
                    Player {
                        id: "player-{take.id}",
                        sources,
                        poster,
                        label: (m.take_player)(number),
                        fallback: m.video_unsupported,
                    }
                } else if let Some(pct) = progress {
                    span { class: "poster-progress", "{pct}%" }
                } else {
                    span { class: if succeeded { "poster-glyph glyph-ready" } else { "poster-glyph" } }
                }
            }
            div { class: "take-info",
                span { class: "take-name", {(s.take_n)(number)} }
                span { class: "badge take-status take-{take.status.as_str()}",
                    span { class: "status-dot", "aria-hidden": "true" }
                    "{label}"
                }
                span { class: "take-provider muted", "{take.provider}{model}" }
                if let Some(prompt) = take.prompt.clone().filter(|p| !p.is_empty()) {
                    span {
                        class: "take-prompt",
                        title: segment_edit(lang).made_with,
                        "“{prompt}”"
                    }
                }
                span { class: "take-cost", "{cost}" }
                time { class: "take-time muted", title: format::date_time(lang, clock, take.created_at), "{when}" }
            }
            if selected {
                span { class: "badge badge-selected", "✓ {s.selected_take}" }
            } else if succeeded && can_choose {
                button {
                    class: if in_use { "button ghost small use-take" } else { "button small use-take" },
                    r#type: "button",
                    "data-action": "use-take",
                    disabled: busy,
                    onclick: move |_| on_action.call(JobAction::UseTake { index, take: take_id.clone() }),
                    "{m.use_take}"
                }
            }
        }
    }
}
