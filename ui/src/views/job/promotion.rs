//! The job screen's draft → final promotion dialog: the engine's promotion estimate shown
//! first, one checkbox per segment that can be promoted (its final model and cost), the
//! segments that cannot and why, and the total of the chosen ones against the budget cap.
//! Confirming promotes the checked segments; the draft takes stay.

use super::actions::JobConfirm;
use crate::format;
use crate::i18n::promotion::promotion;
use crate::i18n::{Lang, t};
use crate::views::dialogs::ConfirmDialog;
use dioxus::prelude::*;
use reelforge_protocol::CostEstimate;

/// The segments of `estimate` that can be promoted, in order.
pub fn promotable(estimate: &CostEstimate) -> Vec<u32> {
    estimate
        .segments
        .iter()
        .filter(|s| s.problem.is_none())
        .map(|s| s.index)
        .collect()
}

/// `estimate` narrowed to the `chosen` segments that can be promoted, its total summed again.
pub fn narrowed(estimate: &CostEstimate, chosen: &[u32]) -> CostEstimate {
    let segments: Vec<_> = estimate
        .segments
        .iter()
        .filter(|s| s.problem.is_none() && chosen.contains(&s.index))
        .cloned()
        .collect();
    let total: i64 = segments.iter().map(|s| s.micros).sum();
    CostEstimate {
        segments,
        total_micros: total,
        within_budget: estimate
            .budget_cap_micros
            .is_none_or(|cap| estimate.spent_micros + total <= cap),
        ..estimate.clone()
    }
}

/// The promotion dialog over the engine's estimate.
#[component]
pub fn PromoteDialog(
    lang: Lang,
    estimate: CostEstimate,
    busy: bool,
    on_confirm: EventHandler<JobConfirm>,
    on_dismiss: EventHandler<()>,
) -> Element {
    let s = t(lang);
    let p = promotion(lang);
    let mut chosen = use_signal(|| promotable(&estimate));
    let picked = narrowed(&estimate, &chosen.read());
    let total = format::money(lang, picked.total_micros);
    let count = picked.segments.len() as u64;
    let cap = estimate
        .budget_cap_micros
        .map(|cap| format::money(lang, cap))
        .unwrap_or_default();
    let blocked = count == 0 || !picked.within_budget;
    let problems: Vec<(u32, String)> = estimate
        .segments
        .iter()
        .filter_map(|seg| seg.problem.clone().map(|why| (seg.index, why)))
        .collect();
    let confirm = {
        let picked = picked.clone();
        move |_: ()| on_confirm.call(JobConfirm::Promote(picked.clone()))
    };
    rsx! {
        ConfirmDialog {
            lang,
            id: "promote-dialog",
            title: p.promote_title,
            confirm_label: (p.promote_for)(count, &total),
            busy,
            disabled: blocked,
            on_confirm: confirm,
            on_dismiss,
            p { class: "dialog-lead", "{p.promote_lead}" }
            ul { class: "choice-list", id: "promote-segments",
                for seg in estimate.segments.iter().filter(|s| s.problem.is_none()).cloned() {
                    li { key: "{seg.index}",
                        label { class: "choice",
                            input {
                                r#type: "checkbox",
                                id: "promote-segment-{seg.index}",
                                checked: chosen.read().contains(&seg.index),
                                onchange: move |event: FormEvent| {
                                    let mut list = chosen.write();
                                    list.retain(|i| *i != seg.index);
                                    if event.checked() {
                                        list.push(seg.index);
                                    }
                                },
                            }
                            span {
                                {(p.segment_line)(
                                    u64::from(seg.index) + 1,
                                    seg.model.as_deref().unwrap_or_default(),
                                    seg.duration_s,
                                )}
                            }
                            span { class: "figure", {format::money(lang, seg.micros)} }
                        }
                    }
                }
            }
            dl { class: "fields dialog-figures",
                div { class: "field",
                    dt { "{s.estimated_cost}" }
                    dd { class: "figure", id: "promote-cost", "{total}" }
                }
                div { class: "field",
                    dt { "{s.spent_so_far}" }
                    dd { class: "figure", {format::money(lang, estimate.spent_micros)} }
                }
                if estimate.budget_cap_micros.is_some() {
                    div { class: "field",
                        dt { "{s.budget_cap}" }
                        dd { class: "figure", "{cap}" }
                    }
                }
            }
            if count == 0 {
                p { class: "callout callout-warning", id: "promote-none", "{p.none_chosen}" }
            }
            if !picked.within_budget {
                p { class: "callout callout-danger", id: "promote-over-budget", role: "alert",
                    {(s.budget_exceeded)(&cap)}
                }
            }
            if !problems.is_empty() {
                div { class: "callout", id: "promote-problems",
                    p { "{p.cannot_promote}" }
                    ul {
                        for (index, why) in problems {
                            li { key: "{index}", {(p.problem_line)(u64::from(index) + 1, &why)} }
                        }
                    }
                }
            }
            p { class: "dialog-note", "{p.draft_kept}" }
            p { class: "dialog-note warning-text", "{s.paid_not_undoable}" }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reelforge_protocol::{JobId, SegmentEstimate, SegmentId};

    fn estimate() -> CostEstimate {
        let seg = |index: u32, problem: Option<&str>| SegmentEstimate {
            segment_id: SegmentId::from(format!("s{index}").as_str()),
            index,
            provider: "luma".into(),
            model: problem.is_none().then(|| "ray-2".to_owned()),
            duration_s: 5,
            micros: if problem.is_none() { 1_000_000 } else { 0 },
            problem: problem.map(str::to_owned),
            job_references_unsent: false,
        };
        CostEstimate {
            job_id: JobId::from("j"),
            segments: vec![seg(0, None), seg(1, Some("no final model")), seg(2, None)],
            total_micros: 2_000_000,
            spent_micros: 1_500_000,
            budget_cap_micros: Some(3_000_000),
            within_budget: false,
        }
    }

    #[test]
    fn choosing_fewer_segments_sums_again_against_the_cap() {
        let e = estimate();
        assert_eq!(promotable(&e), [0, 2]);
        let both = narrowed(&e, &[0, 1, 2]);
        assert_eq!(both.total_micros, 2_000_000);
        assert!(!both.within_budget, "1.50 + 2.00 is over 3.00");
        let one = narrowed(&e, &[2]);
        assert_eq!(one.segments.len(), 1);
        assert_eq!(one.total_micros, 1_000_000);
        assert!(one.within_budget);
    }
}
