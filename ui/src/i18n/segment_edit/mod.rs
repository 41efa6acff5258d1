//! The texts of editing a launched job's segment (issue 17): the segment editor on the job
//! screen, what each take was made with and the job's reference set before launch, in English and French, kept apart from
//! [`super::Strings`]. Same rule: [`en::STRINGS`] and [`fr::STRINGS`] fill every field, or
//! nothing compiles.

mod en;
mod fr;

use super::Lang;

/// The texts of one language for the segment editor.
#[derive(Debug)]
pub struct SegmentEditStrings {
    /// The button opening the editor.
    pub edit: &'static str,
    /// The editor's heading, given the segment's number.
    pub title: fn(u64) -> String,
    pub prompt: &'static str,
    pub narration: &'static str,
    pub mode: &'static str,
    pub provider: &'static str,
    pub model: &'static str,
    pub model_hint: &'static str,
    pub duration: &'static str,
    pub save: &'static str,
    pub close: &'static str,
    /// What saving does to the takes.
    pub takes_hint: &'static str,
    /// Under a take: the prompt it was made with.
    pub made_with: &'static str,
    /// Before launch: the segments (numbers, listed) the job's reference set cannot be sent
    /// with.
    pub references_unsent: fn(&str) -> String,
    // The job's reference set on the job screen
    pub references_title: &'static str,
    pub references_hint: &'static str,
    pub references_empty: &'static str,
    pub references_add: &'static str,
    pub references_clear: &'static str,
}

/// The segment editor's texts in `lang`.
pub fn segment_edit(lang: Lang) -> &'static SegmentEditStrings {
    match lang {
        Lang::En => &en::STRINGS,
        Lang::Fr => &fr::STRINGS,
    }
}
