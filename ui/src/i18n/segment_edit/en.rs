//! English texts of the segment editor.

use super::SegmentEditStrings;

pub static STRINGS: SegmentEditStrings = SegmentEditStrings {
    edit: "Edit",
    title: |n| format!("Edit segment {n}"),
    prompt: "Prompt",
    narration: "Narration",
    mode: "Mode",
    provider: "Provider",
    model: "Model",
    model_hint: "Empty: the provider's default model",
    duration: "Duration (seconds)",
    save: "Save",
    close: "Cancel",
    takes_hint: "Earlier takes stay. The next take of this segment is made with these settings.",
    made_with: "Prompt",
    references_unsent: |segments| {
        format!(
            "The job's reference images will not be sent with segment {segments}: its model \
             takes no reference image and no free start frame."
        )
    },
    references_title: "Character & style references",
    references_hint: "Sent with every segment whose provider takes reference images, or as its start frame where that is the only image it takes.",
    references_empty: "No reference images.",
    references_add: "Add images…",
    references_clear: "Remove all",
};
