//! English texts of the activity log.

use super::ActivityStrings;

pub static STRINGS: ActivityStrings = ActivityStrings {
    tag_created: "created",
    tag_edited: "edited",
    tag_generating: "generating",
    tag_paused: "paused",
    tag_cancelled: "cancelled",
    tag_retry: "retry",
    tag_failed: "failed",
    tag_fallback: "fallback",
    tag_decision_needed: "decision needed",
    tag_decision: "decision",
    tag_review: "review",
    tag_take: "take",
    tag_assembly: "assembly",

    created_from_template: |name, n| {
        format!("Created from the template “{name}” with {n} segments")
    },
    created_from_scratch: |n| format!("Created from scratch with {n} segments"),
    script_written: |writer, n, duration, language| {
        format!("Quick mode: script by {writer} ({n} segments, {duration}, {language})")
    },
    language_en: "English",
    language_fr: "French",
    segments_edited: |numbers, count, fields| {
        let plural = if count == 1 { "" } else { "s" };
        format!("Segment{plural} {numbers} edited ({fields})")
    },
    field_beat: "beat",
    field_prompt: "prompt",
    field_narration: "narration",
    field_mode: "mode",
    field_provider: "provider",
    field_model: "model",
    field_duration: "duration",
    references_set: |n, count| match count {
        0 => format!("Segment {n}: reference images removed"),
        1 => format!("Segment {n}: 1 reference image"),
        _ => format!("Segment {n}: {count} reference images"),
    },
    generation_started: |n, cost| {
        let plural = if n == 1 { "" } else { "s" };
        format!("Generation started: {n} segment{plural}, estimated {cost}")
    },
    promoted: |numbers, count, cost| {
        let plural = if count == 1 { "" } else { "s" };
        format!("Segment{plural} {numbers} promoted to the final model, estimated {cost}")
    },
    paused: "Paused: no new take is sent",
    resumed: "Resumed",
    cancelled: "Cancelled",
    segment_cancelled: |n| format!("Segment {n} cancelled"),
    retry_requested: |n| format!("Segment {n}: new take requested"),
    retry_scheduled: |n, provider, error, retry, of, delay| {
        format!("Segment {n}: {provider} failed ({error}); retry {retry} of {of} in {delay}")
    },
    segment_failed: |n, provider, error| format!("Segment {n} failed on {provider} ({error})"),
    fallback_skipped: |n, provider, why| format!("Segment {n}: fallback {provider} skipped: {why}"),
    skip_not_available: "not available",
    skip_no_model: |mode, length, ratio| {
        format!("none of its models makes {length} {mode} clips in {ratio}")
    },
    skip_over_budget: "it would exceed the budget cap",
    fell_back: |n, from, error, to| {
        format!("Segment {n}: {from} failed ({error}); fallback to {to}")
    },
    submit_unknown: |n, provider, cause| {
        format!(
            "Segment {n}: waiting for your decision. {cause} after the take was sent to \
             {provider}: check {provider}'s dashboard, then resubmit or abandon it."
        )
    },
    cause_connection_failed: "The connection failed",
    cause_engine_stopped: "Reelforge stopped",
    found_in_list: |n, provider| {
        format!(
            "Segment {n}: the take sent to {provider} before Reelforge stopped is in \
             {provider}'s list of recent generations; following it (charged once)"
        )
    },
    nothing_in_list: |n, provider| {
        format!(
            "Segment {n}: {provider}'s list of recent generations shows that the take sent \
             before Reelforge stopped made nothing; sending it again"
        )
    },
    resubmitted: |n| format!("Segment {n}: resubmitted on your decision"),
    abandoned: |n| format!("Segment {n}: abandoned on your decision"),
    ready_for_review: "Every segment is generated: ready for review",
    generation_stopped: |numbers, count| {
        let plural = if count == 1 { "" } else { "s" };
        format!("Generation stopped: segment{plural} {numbers} did not succeed")
    },
    take_selected: |take| format!("Take {take} chosen for its segment"),
    clip_used: |n, name, span| format!("Segment {n}: your video {name} ({span} s) is its take"),
    assembly_started: |n, preset| format!("Assembly started: {n} segments, {preset}"),
    assembled: |output| format!("Assembled to {output}"),
    assembly_failed: |reason| format!("Assembly failed: {reason}"),
    assembly_interrupted: "Assembly interrupted: Reelforge stopped before it finished; assemble again",
    duplicated: |title, takes| match takes {
        0 => format!("Duplicated from “{title}” (settings only)"),
        1 => format!("Duplicated from “{title}” with 1 take copied"),
        n => format!("Duplicated from “{title}” with {n} takes copied"),
    },
};
