//! English texts of continuity chaining.

use super::ChainStrings;

pub static STRINGS: ChainStrings = ChainStrings {
    title: "Continuity",
    hint: "A chained segment starts from the last frame of the previous segment's chosen take, so cuts do not jump. It is generated once that take is ready.",
    chain_all: "Chain all segments",
    segment_switch: |n| format!("Segment {n} starts from segment {}", n - 1),
    waiting: |prev| format!("Waiting for segment {prev}"),
    stale: |prev| format!("Out of date: segment {prev} changed"),
    unsupported: |provider| {
        format!("{provider} takes no start frame: launching is refused while it is chained")
    },
    stale_offer: |n| match n {
        1 => "1 segment is out of date".to_owned(),
        n => format!("{n} segments are out of date"),
    },
    regenerate: "Regenerate them",
};
