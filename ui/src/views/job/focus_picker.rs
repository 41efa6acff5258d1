//! The per-segment crop focus on the job screen (issue 18, item 3): a segment's take (its
//! thumbnail) with a marker the person drags, clicks into place or moves with the arrow keys,
//! and over it the rectangle each reframed export shape keeps ([`crop_boxes`]), computed as the
//! engine crops (the largest part of that shape around the focus, kept inside the picture).
//! Letting go sends `set_segment_focus` ([`focus_request`]).

use super::assembly::export_size;
use super::progress::take_in_use;
use crate::i18n::Lang;
use crate::i18n::focus_picker::focus_picker as texts;
use crate::views::player::MediaUrls;
use dioxus::prelude::*;
use reelforge_protocol::{
    AspectRatio, EXPORT_FORMATS, FOCUS_CENTRE_PERMILLE, JobId, MediaRef, SegmentDto, SegmentFocus,
    SegmentRef, SetSegmentFocusRequest,
};
use std::rc::Rc;

/// How far one arrow key press moves the marker, in thousandths of the picture.
pub const KEY_STEP_PERMILLE: u16 = 50;

/// The rectangle a shape keeps, in percent of the picture from its top left.
#[derive(Debug, Clone, PartialEq)]
pub struct CropBox {
    /// "16:9".
    pub shape: String,
    pub left: f64,
    pub top: f64,
    pub width: f64,
    pub height: f64,
}

/// The focus point at (`x`, `y`) pixels inside a `width`×`height` picture, in thousandths.
pub fn point_at(x: f64, y: f64, width: f64, height: f64) -> (u16, u16) {
    let permille = |v: f64, size: f64| {
        if size <= 0.0 {
            500
        } else {
            (v / size * 1000.0).round().clamp(0.0, 1000.0) as u16
        }
    };
    (permille(x, width), permille(y, height))
}

/// The focus point after pressing `key` (`ArrowLeft`…), or `None` for any other key.
pub fn point_after_key(point: (u16, u16), key: &str) -> Option<(u16, u16)> {
    let (x, y) = point;
    let less = |v: u16| v.saturating_sub(KEY_STEP_PERMILLE);
    let more = |v: u16| (v + KEY_STEP_PERMILLE).min(1000);
    match key {
        "ArrowLeft" => Some((less(x), y)),
        "ArrowRight" => Some((more(x), y)),
        "ArrowUp" => Some((x, less(y))),
        "ArrowDown" => Some((x, more(y))),
        _ => None,
    }
}

/// The request that stores `point` as segment `index`'s focus.
pub fn focus_request(job_id: &JobId, index: u32, point: (u16, u16)) -> SetSegmentFocusRequest {
    SetSegmentFocusRequest {
        segment: SegmentRef {
            job_id: job_id.clone(),
            index,
        },
        x_permille: point.0,
        y_permille: point.1,
    }
}

/// Segment `index`'s focus among the stored points (the centre when none is stored).
pub fn focus_of(points: &[SegmentFocus], index: u32) -> (u16, u16) {
    points
        .iter()
        .find(|p| p.index == index)
        .map_or(FOCUS_CENTRE_PERMILLE, |p| (p.x_permille, p.y_permille))
}

fn ratio(w: u32, h: u32) -> String {
    fn gcd(a: u32, b: u32) -> u32 {
        if b == 0 { a } else { gcd(b, a % b) }
    }
    let d = gcd(w, h).max(1);
    format!("{}:{}", w / d, h / d)
}

/// What each export shape other than the job's own keeps of a picture of `aspect` cropped
/// around `point`, one box per shape.
pub fn crop_boxes(aspect: AspectRatio, point: (u16, u16)) -> Vec<CropBox> {
    let (sw, sh) = export_size(aspect, false);
    let (sw, sh) = (f64::from(sw), f64::from(sh));
    let own = ratio(sw as u32, sh as u32);
    let mut boxes: Vec<CropBox> = Vec::new();
    for format in EXPORT_FORMATS.iter().filter(|f| !f.draft) {
        let (tw, th) = format.size_for(aspect);
        let shape = ratio(tw, th);
        if shape == own || boxes.iter().any(|b| b.shape == shape) {
            continue;
        }
        let (tw, th) = (f64::from(tw), f64::from(th));
        let (cw, ch) = (sw.min(sh * tw / th), sh.min(sw * th / tw));
        let place = |focus: u16, size: f64, kept: f64| {
            (size * f64::from(focus) / 1000.0 - kept / 2.0).clamp(0.0, size - kept)
        };
        boxes.push(CropBox {
            shape,
            left: place(point.0, sw, cw) / sw * 100.0,
            top: place(point.1, sh, ch) / sh * 100.0,
            width: cw / sw * 100.0,
            height: ch / sh * 100.0,
        });
    }
    boxes
}

#[component]
pub(super) fn FocusPicker(
    lang: Lang,
    job_id: JobId,
    aspect: AspectRatio,
    segments: Vec<SegmentDto>,
    media: MediaUrls,
    focus: Vec<SegmentFocus>,
    on_focus: EventHandler<SetSegmentFocusRequest>,
) -> Element {
    let x = texts(lang);
    let mut chosen = use_signal(|| 0u32);
    // The marker while a drag is under way (shown before it is stored).
    let mut dragged = use_signal(|| None::<(u16, u16)>);
    let mut dragging = use_signal(|| false);
    let mut frame = use_signal(|| None::<Rc<MountedData>>);
    let index = *chosen.read();
    let stored = focus_of(&focus, index);
    let point = dragged.read().unwrap_or(stored);
    let preview = segments
        .iter()
        .find(|s| s.index == index)
        .and_then(take_in_use)
        .and_then(|take| {
            media
                .get(&MediaRef::TakeThumbnail {
                    take_id: take.id.clone(),
                })
                .cloned()
        });
    let boxes = crop_boxes(aspect, point);
    let (sw, sh) = export_size(aspect, false);
    let (px, py) = (f64::from(point.0) / 10.0, f64::from(point.1) / 10.0);
    let (pxi, pyi) = (point.0 / 10, point.1 / 10);
    let choices: Vec<(u32, String)> = segments
        .iter()
        .map(|s| (s.index, (x.segment_n)(s.index + 1)))
        .collect();
    let job = job_id.clone();
    // Where the pointer (window coordinates, whatever element is under it) is inside the
    // picture, as a focus point.
    let locate = move |at: (f64, f64)| async move {
        let mounted = frame.read().clone()?;
        let rect = mounted.get_client_rect().await.ok()?;
        Some(point_at(
            at.0 - rect.origin.x,
            at.1 - rect.origin.y,
            rect.size.width,
            rect.size.height,
        ))
    };
    let send = {
        let job = job.clone();
        move |point: (u16, u16)| on_focus.call(focus_request(&job, index, point))
    };
    // Leaving the picture mid-drag stores where the marker was dragged to.
    let finish = {
        let send = send.clone();
        move || {
            let finished = *dragged.read();
            let was_dragging = *dragging.read();
            if let (true, Some(p)) = (was_dragging, finished) {
                dragging.set(false);
                send(p);
            }
        }
    };
    rsx! {
        div { class: "focus-picker", id: "focus-picker", "data-segment": "{index}",
            span { class: "form-label", "{x.title}" }
            label { class: "form-field",
                span { class: "form-label", "{x.segment}" }
                select {
                    class: "select",
                    id: "focus-segment",
                    onchange: move |e: FormEvent| {
                        if let Ok(i) = e.value().parse::<u32>() {
                            dragged.set(None);
                            dragging.set(false);
                            chosen.set(i);
                        }
                    },
                    for (i, name) in choices {
                        option { key: "{i}", value: "{i}", selected: i == index, "{name}" }
                    }
                }
            }
            if let Some(url) = preview {
                div {
                    class: "focus-frame",
                    id: "focus-frame",
                    style: "aspect-ratio: {sw} / {sh};",
                    onmounted: move |e: MountedEvent| frame.set(Some(e.data())),
                    onpointerdown: move |e: PointerEvent| {
                        let at = e.client_coordinates();
                        dragging.set(true);
                        async move {
                            if let Some(p) = locate((at.x, at.y)).await {
                                dragged.set(Some(p));
                            }
                        }
                    },
                    onpointermove: move |e: PointerEvent| {
                        let at = e.client_coordinates();
                        async move {
                            let moving = *dragging.read();
                            if moving && let Some(p) = locate((at.x, at.y)).await {
                                dragged.set(Some(p));
                            }
                        }
                    },
                    onpointerup: {
                        let send = send.clone();
                        move |e: PointerEvent| {
                            let at = e.client_coordinates();
                            let send = send.clone();
                            let was_dragging = *dragging.read();
                            dragging.set(false);
                            async move {
                                // Where it was let go (a quick click included).
                                if was_dragging && let Some(p) = locate((at.x, at.y)).await {
                                    dragged.set(Some(p));
                                    send(p);
                                }
                            }
                        }
                    },
                    onpointerleave: {
                        let mut finish = finish.clone();
                        move |_| finish()
                    },
                    img { class: "focus-preview", src: "{url}", alt: "", draggable: "false" }
                    for b in boxes {
                        div {
                            key: "{b.shape}",
                            class: "focus-crop",
                            "data-shape": "{b.shape}",
                            style: "left: {b.left:.1}%; top: {b.top:.1}%; width: {b.width:.1}%; height: {b.height:.1}%;",
                            span { class: "focus-crop-label", {(x.kept)(&b.shape)} }
                        }
                    }
                    button {
                        class: "focus-marker",
                        id: "focus-marker",
                        r#type: "button",
                        "data-x": "{point.0}",
                        "data-y": "{point.1}",
                        style: "left: {px:.1}%; top: {py:.1}%;",
                        "aria-label": (x.marker)(pxi, pyi),
                        onkeydown: move |e: KeyboardEvent| {
                            if let Some(p) = point_after_key(point, &e.key().to_string()) {
                                e.prevent_default();
                                dragged.set(Some(p));
                                send(p);
                            }
                        },
                    }
                }
            } else {
                p { class: "muted", id: "focus-no-preview", "{x.no_preview}" }
            }
            p { class: "muted", "{x.hint}" }
        }
    }
}
