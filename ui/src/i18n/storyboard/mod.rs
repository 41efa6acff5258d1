//! The texts of the storyboard (issue 19): keyframes per segment on the job screen, their
//! image provider and model, "same character", approval and animation, in English and French.
//! Same rule as [`super::Strings`]: both languages fill every field, or nothing compiles.

mod en;
mod fr;

use super::Lang;

#[derive(Debug)]
pub struct StoryboardStrings {
    pub title: &'static str,
    pub hint: &'static str,
    // Options
    pub provider: &'static str,
    pub model: &'static str,
    /// A provider that needs an API key (shown beside its name).
    pub needs_key: &'static str,
    /// The price of one keyframe at the chosen model (the amount, worded by `format::money`).
    pub per_keyframe: fn(&str) -> String,
    pub free: &'static str,
    pub same_character: &'static str,
    pub same_character_hint: &'static str,
    /// The chosen model takes no reference image: the switch does nothing.
    pub no_references: &'static str,
    /// The chosen model makes no image of the job's ratio (given): it is reframed.
    pub reframed: fn(&str) -> String,
    // Actions
    /// "Generate keyframes" for `n` segments without one, and their total price.
    pub generate_missing: fn(usize, &str) -> String,
    /// Every segment has a keyframe or one under way.
    pub all_have_keyframes: &'static str,
    pub approve_all: &'static str,
    /// How many segments are approved, of how many.
    pub approved_count: fn(usize, usize) -> String,
    pub animate: &'static str,
    pub animate_hint: &'static str,
    /// After "Animate": how many segments start from their keyframe, and how many were left
    /// as they were (no approved keyframe).
    pub animated: fn(usize, usize) -> String,
    // A segment's card
    /// "Segment 3".
    pub segment: fn(u32) -> String,
    pub no_keyframe: &'static str,
    pub regenerate: &'static str,
    pub edit_prompt: &'static str,
    pub save_prompt: &'static str,
    pub cancel_edit: &'static str,
    pub prompt_label: &'static str,
    pub approved: &'static str,
    /// The alternative text of a keyframe image (segment number, keyframe number).
    pub keyframe_alt: fn(u32, usize) -> String,
    /// The small button choosing another keyframe (its number).
    pub use_keyframe: fn(usize) -> String,
    pub selected: &'static str,
    /// On a keyframe the model made at another ratio: it was reframed.
    pub reframed_badge: &'static str,
    /// The pixel size of a keyframe.
    pub size: fn(u32, u32) -> String,
    // Quick mode
    pub quick_first: &'static str,
    pub quick_first_hint: &'static str,
    pub quick_run_on: &'static str,
    pub quick_run_on_hint: &'static str,
}

pub fn storyboard(lang: Lang) -> &'static StoryboardStrings {
    match lang {
        Lang::En => &en::STRINGS,
        Lang::Fr => &fr::STRINGS,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_prices_read_in_both_languages() {
        assert_eq!(
            (storyboard(Lang::En).generate_missing)(1, "$0.003"),
            "Generate 1 keyframe · $0.003"
        );
        assert_eq!(
            (storyboard(Lang::Fr).generate_missing)(3, "0,009 $"),
            "Générer 3 images clés · 0,009 $"
        );
        assert_eq!(
            (storyboard(Lang::En).animated)(2, 1),
            "2 segments will start from their keyframe; 1 has no approved keyframe and stays as it was."
        );
        assert!((storyboard(Lang::Fr).animated)(1, 0).starts_with("1 segment partira"));
    }
}
