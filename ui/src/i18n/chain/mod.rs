//! The texts of continuity chaining (a segment starting from the previous clip's last
//! frame), in English and French. Same rule as [`super::Strings`]: both languages fill every
//! field.

mod en;
mod fr;

use super::Lang;

#[derive(Debug)]
pub struct ChainStrings {
    pub title: &'static str,
    pub hint: &'static str,
    /// The job-wide switch.
    pub chain_all: &'static str,
    /// A segment's own switch: "Segment 3 starts from segment 2".
    pub segment_switch: fn(u32) -> String,
    /// Badge: the segment's take waits for the previous one (the previous segment's number).
    pub waiting: fn(u32) -> String,
    /// Badge: another take was chosen upstream (the previous segment's number).
    pub stale: fn(u32) -> String,
    /// Badge: the segment's provider takes no start frame (its name); launching is refused.
    pub unsupported: fn(&str) -> String,
    /// The regenerate offer: how many segments are stale.
    pub stale_offer: fn(usize) -> String,
    pub regenerate: &'static str,
}

pub fn chain(lang: Lang) -> &'static ChainStrings {
    match lang {
        Lang::En => &en::STRINGS,
        Lang::Fr => &fr::STRINGS,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_name_the_segments() {
        assert_eq!(
            (chain(Lang::En).segment_switch)(3),
            "Segment 3 starts from segment 2"
        );
        assert_eq!(
            (chain(Lang::Fr).segment_switch)(3),
            "Le segment 3 part du segment 2"
        );
        assert!((chain(Lang::Fr).unsupported)("Luma AI").contains("Luma AI"));
        assert_eq!((chain(Lang::En).stale_offer)(1), "1 segment is out of date");
    }
}
