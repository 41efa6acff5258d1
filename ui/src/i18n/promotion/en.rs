//! English texts of draft → final promotion.

use super::PromotionStrings;

pub static STRINGS: PromotionStrings = PromotionStrings {
    final_model: "Final model",
    final_model_none: "None (no promotion)",
    final_model_hint: "Jobs are drafted with the model above; promoting a segment regenerates it with this one, same prompt, references and seed.",
    draft_model_required: "Choose the draft model above to name a final model.",
    promote: "Promote to final",
    promote_title: "Promote to the final model",
    promote_lead: "Each chosen segment is generated again with its final model, from the same prompt, references and seed.",
    promote_for: |n, cost| {
        format!(
            "Promote {n} segment{} for {cost}",
            if n == 1 { "" } else { "s" }
        )
    },
    segment_line: |n, model, seconds| format!("Segment {n} — {model}, {seconds} s"),
    cannot_promote: "Cannot be promoted:",
    problem_line: |n, why| format!("Segment {n}: {why}"),
    draft_kept: "The draft takes stay; a final take is used once it succeeds, and you can choose the draft again.",
    none_chosen: "Choose at least one segment.",
};
