//! The per-segment crop focus under the platform formats (issue 18, item 3): the take's
//! preview with the marker where the stored focus is, the rectangle each other export shape
//! keeps around it, the request sent when the marker is dragged, clicked or moved with the
//! arrow keys, in English and French.

use crate::support::*;
use dioxus::prelude::*;
use reelforge_protocol::{
    AspectRatio, JobDetail, JobId, JobStatus, MediaRef, SegmentFocus, SegmentRef,
    SetSegmentFocusRequest, TakeStatus,
};
use reelforge_ui::i18n::Lang;
use reelforge_ui::remote::Remote;
use reelforge_ui::views::JobView;
use reelforge_ui::views::job::{
    AssemblyState, crop_boxes, focus_of, focus_request, point_after_key, point_at,
};
use reelforge_ui::views::player::MediaUrls;

/// The cats job, completed, its first segment's take in use with a thumbnail.
fn with_a_take() -> (JobDetail, MediaUrls) {
    let mut detail = cats_detail();
    detail.summary.status = JobStatus::Completed;
    let first = &mut detail.segments[0];
    let done = take(first, 1, TakeStatus::Succeeded, 100);
    first.selected_take = Some(done.id.clone());
    first.takes = vec![done.clone()];
    let mut media = MediaUrls::default();
    media.insert(
        MediaRef::TakeThumbnail { take_id: done.id },
        "http://127.0.0.1:1/thumb-0.jpg".into(),
    );
    (detail, media)
}

fn page(lang: Lang, detail: JobDetail, media: MediaUrls, focus: Vec<SegmentFocus>) -> String {
    render(move || {
        rsx! {
            JobView {
                lang,
                clock: clock(),
                job: Remote::Ready(detail.clone()),
                providers: providers(),
                media: media.clone(),
                assembly: AssemblyState { focus: focus.clone(), ..AssemblyState::default() },
            }
        }
    })
}

/// The `style` of the element whose opening tag holds `marker`.
fn style_of(html: &str, marker: &str) -> String {
    let at = html
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} in {html}"));
    let start = html[..at].rfind('<').unwrap();
    let tag = &html[start..start + html[start..].find('>').unwrap()];
    let style = tag.split("style=\"").nth(1).expect("a style");
    style[..style.find('"').unwrap()].to_owned()
}

#[test]
fn the_marker_sits_on_the_stored_focus_and_each_shape_shows_what_it_keeps() {
    let (detail, media) = with_a_take();
    let top = vec![SegmentFocus {
        index: 0,
        x_permille: 500,
        y_permille: 0,
    }];
    let html = page(Lang::En, detail.clone(), media.clone(), top);
    assert!(html.contains("thumb-0.jpg"), "the take's preview");
    assert_eq!(
        style_of(&html, r#"id="focus-marker""#),
        "left: 50.0%; top: 0.0%;"
    );
    // A 9:16 picture: the 4:5, 1:1 and 16:9 exports crop it; the 9:16 ones keep it whole.
    assert_eq!(
        style_of(&html, r#"data-shape="16:9""#),
        "left: 0.0%; top: 0.0%; width: 100.0%; height: 31.6%;"
    );
    assert_eq!(
        style_of(&html, r#"data-shape="4:5""#),
        "left: 0.0%; top: 0.0%; width: 100.0%; height: 70.3%;"
    );
    assert!(html.contains(r#"data-shape="1:1""#));
    assert!(!html.contains(r#"data-shape="9:16""#));
    assert_reads(
        &visible_text(&html),
        &[
            "Crop focus",
            "16:9 kept",
            "4:5 kept",
            "1:1 kept",
            "arrow keys",
        ],
    );
    assert!(html.contains("Focus point, 50% from the left, 0% from the top."));

    // At the bottom, the crops follow (clamped inside the picture).
    let bottom = vec![SegmentFocus {
        index: 0,
        x_permille: 500,
        y_permille: 1000,
    }];
    let html = page(Lang::Fr, detail, media, bottom);
    assert_eq!(
        style_of(&html, r#"data-shape="16:9""#),
        "left: 0.0%; top: 68.4%; width: 100.0%; height: 31.6%;"
    );
    assert_eq!(
        style_of(&html, r#"id="focus-marker""#),
        "left: 50.0%; top: 100.0%;"
    );
    assert_reads(
        &visible_text(&html),
        &["Point de recadrage", "16:9 gardé", "flèches du clavier"],
    );
}

#[test]
fn without_a_stored_focus_the_centre_and_without_a_take_no_preview() {
    let (detail, media) = with_a_take();
    let html = page(Lang::En, detail, media, Vec::new());
    assert_eq!(
        style_of(&html, r#"id="focus-marker""#),
        "left: 50.0%; top: 50.0%;"
    );
    // Centred: the 16:9 band sits in the middle.
    assert_eq!(
        style_of(&html, r#"data-shape="16:9""#),
        "left: 0.0%; top: 34.2%; width: 100.0%; height: 31.6%;"
    );

    let html = page(Lang::En, cats_detail(), MediaUrls::default(), Vec::new());
    assert!(!html.contains(r#"id="focus-marker""#));
    assert_reads(&visible_text(&html), &["No take to preview yet."]);
}

#[test]
fn a_landscape_picture_is_cropped_to_the_vertical_shapes_around_the_focus() {
    let boxes = crop_boxes(AspectRatio::Landscape, (1000, 500));
    let shapes: Vec<&str> = boxes.iter().map(|b| b.shape.as_str()).collect();
    assert_eq!(shapes, ["9:16", "4:5", "1:1"]);
    let tall = &boxes[0];
    // 1080 × 607.5 of 1920 × 1080, pushed against the right edge.
    assert!((tall.width - 31.640625).abs() < 1e-9 && (tall.height - 100.0).abs() < 1e-9);
    assert!((tall.left + tall.width - 100.0).abs() < 1e-9, "{tall:?}");
}

#[test]
fn dragging_clicking_or_the_arrow_keys_send_the_segments_new_focus() {
    let job = JobId::from("job-1");
    // Let go at (135, 720) on a 540 × 960 preview: a quarter across, three quarters down.
    let dropped = point_at(135.0, 720.0, 540.0, 960.0);
    assert_eq!(dropped, (250, 750));
    assert_eq!(
        focus_request(&job, 1, dropped),
        SetSegmentFocusRequest {
            segment: SegmentRef {
                job_id: job.clone(),
                index: 1,
            },
            x_permille: 250,
            y_permille: 750,
        }
    );
    // Outside the picture (a drag past its edge) stays on the edge.
    assert_eq!(point_at(-20.0, 2000.0, 540.0, 960.0), (0, 1000));

    assert_eq!(point_after_key((500, 0), "ArrowDown"), Some((500, 50)));
    assert_eq!(point_after_key((500, 0), "ArrowUp"), Some((500, 0)));
    assert_eq!(point_after_key((980, 500), "ArrowRight"), Some((1000, 500)));
    assert_eq!(point_after_key((20, 500), "ArrowLeft"), Some((0, 500)));
    assert_eq!(point_after_key((500, 500), "Enter"), None);

    let stored = [SegmentFocus {
        index: 1,
        x_permille: 100,
        y_permille: 900,
    }];
    assert_eq!(focus_of(&stored, 1), (100, 900));
    assert_eq!(focus_of(&stored, 0), (500, 500), "the centre by default");
}
