//! Draft → final promotion on the job screen: the promote action on a generated job, and its
//! dialog over the engine's estimate (segments that can be promoted, with their final model
//! and cost, those that cannot and why, the total against the cap), in English and French.

use crate::job::job_with;
use crate::support::*;
use reelforge_protocol::{CostEstimate, JobStatus, SegmentEstimate, SegmentId};
use reelforge_ui::i18n::Lang;
use reelforge_ui::views::job::JobConfirm;

fn estimate(cap: Option<i64>) -> CostEstimate {
    let seg = |index: u32, problem: Option<&str>| SegmentEstimate {
        segment_id: SegmentId::from(format!("seg-{index}").as_str()),
        index,
        provider: "luma".into(),
        model: problem.is_none().then(|| "ray-2".to_owned()),
        duration_s: 5,
        micros: if problem.is_none() { 1_000_000 } else { 0 },
        problem: problem.map(str::to_owned),
        job_references_unsent: false,
    };
    CostEstimate {
        job_id: cats_detail().summary.id,
        segments: vec![
            seg(0, None),
            seg(1, Some("its selected take is already at the final model")),
        ],
        total_micros: 1_000_000,
        spent_micros: 1_230_000,
        budget_cap_micros: cap,
        within_budget: cap.is_none_or(|c| 2_230_000 <= c),
    }
}

#[test]
fn a_generated_job_offers_promotion_and_a_draft_does_not() {
    let mut detail = cats_detail();
    detail.summary.status = JobStatus::Review;
    let html = job_with(Lang::En, detail, None, false, None);
    assert!(html.contains(r#"id="job-promote""#));
    assert_reads(&visible_text(&html), &["Promote to final"]);
    let html = job_with(Lang::En, draft_detail(), None, false, None);
    assert!(!html.contains(r#"id="job-promote""#));
}

#[test]
fn the_promotion_dialog_shows_the_estimate_first_in_english() {
    let mut detail = cats_detail();
    detail.summary.status = JobStatus::Review;
    let html = job_with(
        Lang::En,
        detail,
        Some(JobConfirm::Promote(estimate(Some(5_000_000)))),
        false,
        None,
    );
    assert!(html.contains(r#"id="promote-dialog""#));
    assert!(html.contains(r#"id="promote-segment-0""#));
    assert!(
        !html.contains(r#"id="promote-segment-1""#),
        "cannot be chosen"
    );
    assert!(!html.contains(r#"id="promote-over-budget""#));
    assert_reads(
        &visible_text(&html),
        &[
            "Promote to the final model",
            "Segment 1 — ray-2, 5 s $1.00",
            "Promote 1 segment for $1.00",
            "Cannot be promoted:",
            "Segment 2: its selected take is already at the final model",
            "The draft takes stay",
        ],
    );
}

#[test]
fn over_the_cap_the_promotion_is_refused_in_french() {
    let mut detail = cats_detail();
    detail.summary.status = JobStatus::Completed;
    let html = job_with(
        Lang::Fr,
        detail,
        Some(JobConfirm::Promote(estimate(Some(2_000_000)))),
        false,
        None,
    );
    assert!(html.contains(r#"id="promote-over-budget""#));
    assert_reads(
        &visible_text(&html),
        &[
            "Passer au modèle final",
            "Passer 1 segment en version finale pour 1,00",
        ],
    );
}
