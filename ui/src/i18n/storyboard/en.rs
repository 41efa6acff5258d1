//! English texts of the storyboard.

use super::StoryboardStrings;

pub static STRINGS: StoryboardStrings = StoryboardStrings {
    title: "Storyboard",
    hint: "A keyframe image per segment, cheap to remake. Approve them, then animate: each approved segment becomes image-to-video from its keyframe.",
    provider: "Image provider",
    model: "Model",
    needs_key: "needs an API key",
    per_keyframe: |price| format!("{price} per keyframe"),
    free: "free",
    same_character: "Same character",
    same_character_hint: "The first approved keyframe is the reference image of every later one.",
    no_references: "This model takes no reference image: the switch has no effect with it.",
    reframed: |ratio| {
        format!("This model makes no {ratio} image: keyframes are reframed to {ratio}.")
    },
    generate_missing: |n, price| match n {
        1 => format!("Generate 1 keyframe · {price}"),
        n => format!("Generate {n} keyframes · {price}"),
    },
    all_have_keyframes: "Every segment has a keyframe",
    approve_all: "Approve all",
    approved_count: |n, total| format!("{n}/{total} approved"),
    animate: "Animate",
    animate_hint: "Approved segments switch to image-to-video from their keyframe, then the job is launched after its estimate.",
    animated: |done, skipped| {
        let done = match done {
            1 => "1 segment will start from its keyframe".to_owned(),
            n => format!("{n} segments will start from their keyframe"),
        };
        match skipped {
            0 => format!("{done}."),
            1 => format!("{done}; 1 has no approved keyframe and stays as it was."),
            n => format!("{done}; {n} have no approved keyframe and stay as they were."),
        }
    },
    segment: |n| format!("Segment {n}"),
    no_keyframe: "No keyframe yet",
    regenerate: "Regenerate",
    edit_prompt: "Edit prompt",
    save_prompt: "Save prompt",
    cancel_edit: "Cancel",
    prompt_label: "Prompt",
    approved: "Approved",
    keyframe_alt: |segment, n| format!("Keyframe {n} of segment {segment}"),
    use_keyframe: |n| format!("Use keyframe {n}"),
    selected: "Selected",
    reframed_badge: "Reframed",
    size: |w, h| format!("{w}×{h}"),
    quick_first: "Storyboard first",
    quick_first_hint: "After the script, a keyframe image per segment, then stop: review, regenerate and approve them on the job screen before any clip is made.",
    quick_run_on: "Then run on",
    quick_run_on_hint: "Approve every keyframe, animate, generate the clips and assemble without stopping.",
};
