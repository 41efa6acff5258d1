//! The texts of draft → final promotion (the template editor's final model, the job screen's
//! promote action and its estimate), in English and French. [`en::STRINGS`] and
//! [`fr::STRINGS`] fill every field, or nothing compiles.

mod en;
mod fr;

use super::Lang;

/// The promotion texts of one language.
#[derive(Debug)]
pub struct PromotionStrings {
    // Template editor
    pub final_model: &'static str,
    pub final_model_none: &'static str,
    pub final_model_hint: &'static str,
    pub draft_model_required: &'static str,
    // Job screen
    pub promote: &'static str,
    pub promote_title: &'static str,
    pub promote_lead: &'static str,
    /// "Promote 2 segments for $2.00".
    pub promote_for: fn(u64, &str) -> String,
    /// "Segment 3 — Ray 2, 5 s".
    pub segment_line: fn(u64, &str, u32) -> String,
    pub cannot_promote: &'static str,
    /// "Segment 2: why" (the engine's reason).
    pub problem_line: fn(u64, &str) -> String,
    pub draft_kept: &'static str,
    pub none_chosen: &'static str,
}

/// The promotion texts in `lang`.
pub fn promotion(lang: Lang) -> &'static PromotionStrings {
    match lang {
        Lang::En => &en::STRINGS,
        Lang::Fr => &fr::STRINGS,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_count_segments_and_money() {
        assert_eq!(
            (promotion(Lang::En).promote_for)(2, "$2.00"),
            "Promote 2 segments for $2.00"
        );
        assert_eq!(
            (promotion(Lang::Fr).promote_for)(1, "1,00 $"),
            "Passer 1 segment en version finale pour 1,00 $"
        );
    }
}
