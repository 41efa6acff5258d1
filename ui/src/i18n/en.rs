//! English texts.

use super::Strings;
use reelforge_protocol::Beat;

pub static STRINGS: Strings = Strings {
    app_tagline: "AI short-video studio",
    nav_label: "Main navigation",
    nav_dashboard: "Dashboard",
    nav_templates: "Templates",
    language: "Language",

    loading: "Loading…",
    error_title: "Something went wrong",
    retry: "Retry",
    not_found_title: "Page not found",
    not_found_body: "There is nothing at this address.",
    none: "None",
    colon: ": ",
    yes: "Yes",
    no: "No",

    dashboard_title: "Dashboard",
    dashboard_subtitle: "Every production, past and present.",
    stat_total_jobs: "Total jobs",
    stat_completed: "Completed",
    stat_in_progress: "In progress",
    stat_total_cost: "Total cost",
    stat_failed: |n| format!("{n} failed"),
    strip_title: "Start from a template",
    strip_all_templates: "All templates",
    strip_empty: "No templates yet",
    jobs_title: "Jobs",
    filter_status: "Status",
    filter_all_statuses: "All statuses",
    search_label: "Search",
    search_placeholder: "Search title or subject…",
    col_title: "Title",
    col_status: "Status",
    col_template: "Template",
    col_progress: "Progress",
    col_cost: "Cost",
    col_updated: "Updated",
    no_template: "No template",
    estimated_short: "est.",
    jobs_empty: "No jobs yet",
    jobs_empty_hint: "Jobs you create will appear here.",
    jobs_no_match: "No jobs match",
    jobs_no_match_hint: "Try another status or search.",
    jobs_count: |n| {
        if n == 1 {
            "1 job".to_owned()
        } else {
            format!("{n} jobs")
        }
    },
    page_previous: "Previous",
    page_next: "Next",
    page_of: |page, pages| format!("Page {page} of {pages}"),

    templates_title: "Templates",
    templates_subtitle: "Reusable shapes for your productions.",
    templates_empty: "No templates yet",
    templates_empty_hint: "Templates you create will appear here.",
    builtin: "Built-in",
    no_description: "No description",
    pillar: "Pillar",
    segments: "Segments",
    segment_duration: "Segment duration",
    total_duration: "Total",
    aspect_ratio: "Aspect ratio",
    provider: "Provider",
    model: "Model",
    provider_default_model: "Provider default",
    mode: "Mode",
    beats: "Beats",
    style: "Style",
    style_character: "Character",
    style_scene: "Scene",
    style_visual: "Visual style",
    updated: "Updated",
    segments_count: |n| {
        if n == 1 {
            "1 segment".to_owned()
        } else {
            format!("{n} segments")
        }
    },

    back_to_dashboard: "Back to dashboard",
    subject: "Subject",
    no_subject: "No subject",
    template: "Template",
    created: "Created",
    config_title: "Configuration",
    fallback_providers: "Fallback providers",
    allow_fallback: "Fallback allowed",
    budget_cap: "Budget cap",
    no_budget_cap: "No cap",
    estimated_cost: "Estimated cost",
    actual_cost: "Actual cost",
    progress: "Progress",
    segments_title: "Segments",
    segments_empty: "This job has no segments.",
    col_index: "#",
    col_beat: "Beat",
    col_prompt: "Prompt",
    col_narration: "Narration",
    col_mode: "Mode",
    col_provider: "Provider",
    col_duration: "Duration",
    col_takes: "Takes",
    activity_title: "Activity",
    activity_empty: "No activity yet",

    new_job: "New job",
    wizard_subtitle: "Set up the production, then write each segment.",
    wizard_step_setup: "Setup",
    wizard_step_segments: "Segments",
    step_of: |step, steps| format!("Step {step} of {steps}"),
    title_label: "Title",
    title_placeholder: "e.g. Why cats purr",
    subject_placeholder: "What is the video about?",
    title_required: "Give the job a title.",
    template_none: "No template (start from scratch)",
    template_structure: "Structure",
    segment_count_label: "Number of segments",
    overrides_title: "Overrides",
    overrides_hint: "Leave a setting on its default to inherit it from the template.",
    inherit: |value| format!("Template default ({value})"),
    default_value: "Default",
    provider_chain: "Provider chain",
    primary_provider: "Primary provider",
    fallback_order_hint: "Pick the providers to try after the primary one, in order.",
    budget_cap_hint: "Launching is refused when the estimate exceeds it.",
    budget_invalid: "Enter an amount in dollars, e.g. 5 or 12.50.",
    continue_label: "Continue",
    back: "Back",
    dialog_cancel: "Cancel",
    creating: "Creating…",
    saving: "Saving…",
    segment_n: |n| format!("Segment {n}"),
    beat_placeholder: "Hook, problem, reveal…",
    beat_name: |beat| match beat {
        Beat::Hook => "Hook",
        Beat::Problem => "Problem",
        Beat::Revelation => "Revelation",
        Beat::Solution => "Solution",
        Beat::Proof => "Proof",
        Beat::CallToAction => "Call to action",
        Beat::Promise => "Promise",
        Beat::TitleCard => "Title card",
        Beat::Demo => "Demo",
    },
    prompt_placeholder: "Describe what the camera sees…",
    narration_placeholder: "What the voice-over says (optional)",
    model_default: |name| format!("Default ({name})"),
    duration_snapped: |from, to| {
        format!("Adjusted from {from} s to {to} s, a length this model makes.")
    },
    references_title: "Reference images",
    drop_zone_text: "Drop images here",
    drop_zone_formats: |formats| format!("Accepted: {formats}"),
    drop_zone_no_images: "This mode uses no image.",
    free: "Free",
    price_per_second: |price| format!("{price}/s"),
    price_per_clip: |price| format!("{price}/clip"),
    live_total: "Total estimate",
    estimate_local_note: "From the providers' prices; confirmed by the engine before launch.",
    within_budget: "Within the budget cap",
    over_budget: "Over the budget cap",
    no_providers: "No provider is available.",
    problem_unknown_provider: "This provider is not available.",
    problem_unknown_model: "This model is not available.",
    problem_mode: "This model does not support this mode.",
    problem_aspect: |ratio| format!("This model cannot make {ratio} clips."),
    problem_prompt_required: |min| match min {
        0 | 1 => {
            "This provider needs a prompt in this mode, even with an image: write one.".to_owned()
        }
        n => format!("This provider needs a prompt of at least {n} characters in this mode."),
    },
    missing_prompt: "Needs a prompt.",
    missing_references: |n| {
        if n == 1 {
            "Needs a reference image.".to_owned()
        } else {
            format!("Needs {n} reference images.")
        }
    },
    segments_incomplete: |n| {
        if n == 1 {
            "1 segment is not ready yet".to_owned()
        } else {
            format!("{n} segments are not ready yet")
        }
    },
    generate: "Generate",
    generate_shortcut: "Ctrl/Cmd + Enter",
    confirm_generate_title: "Generate this job?",
    confirm_generate_body: |n, cost| {
        if n == 1 {
            format!("1 segment will be generated for about {cost}.")
        } else {
            format!("{n} segments will be generated for about {cost}.")
        }
    },
    confirm_generate_free: "Every segment uses a free provider: nothing will be charged.",
    paid_not_undoable: "Paid generations cannot be undone.",
    spent_so_far: "Spent so far",
    estimate_problems: "Some segments cannot be generated as configured:",
    budget_exceeded: |cap| format!("This goes over the budget cap of {cap}."),
    generate_for: |cost| format!("Generate for {cost}"),

    job_actions: "Job actions",
    pause: "Pause",
    resume: "Resume",
    cancel_job: "Cancel job",
    keep_job: "Keep the job",
    confirm_cancel_job_title: "Cancel this job?",
    confirm_cancel_job_body: "Segments not generated yet will not be. Takes already paid for stay in the library.",
    cost_so_far: "Cost so far",
    of_estimate: |estimate| format!("of {estimate} estimated"),
    over_estimate: "Over the estimate",
    seg_not_started: "Not started",
    take_queued: "Queued",
    take_submitting: "Submitting",
    take_running: |pct| format!("Generating {pct}%"),
    take_downloading: "Downloading",
    take_succeeded: "Ready",
    take_failed: "Failed",
    take_cancelled: "Cancelled",
    take_submit_unknown: "Needs your decision",
    new_take: "New take",
    cancel_segment: "Cancel",
    use_my_video: "Use my video…",
    clip_title: "Your video for this segment",
    clip_in: "Start (s)",
    clip_out: "End (s)",
    clip_span: |length| {
        format!("The take will last {length}; no provider is called, it costs nothing.")
    },
    use_this_clip: "Use this span",
    discard_clip: "Discard",
    confirm_retry_title: |n| format!("Generate segment {n} again?"),
    confirm_retry_body: |cost| format!("A new take will be generated for about {cost}."),
    submit_unknown_title: "Did the provider receive this request?",
    submit_unknown_body: |provider| {
        format!(
            "Reelforge stopped while sending this take to {provider}, so it cannot tell whether \
             {provider} started it, and charged for it."
        )
    },
    resubmit: "Resubmit",
    resubmit_hint: "Sends it again. If the first request did arrive, you may be charged twice.",
    abandon: "Abandon",
    abandon_hint: "Gives this take up. If the provider did generate it, it was still charged: check its dashboard.",
    confirm_resubmit_title: "Resubmit and risk paying twice?",
    confirm_resubmit_body: |cost| {
        format!("If the first request reached the provider, you will pay twice: about {cost} more.")
    },
    resubmit_for: |cost| format!("Resubmit for {cost}"),
    take_n: |n| format!("Take {n}"),
    selected_take: "Selected",
    no_takes: "Not generated yet",
    no_preview: "No preview yet",
    reason: "Reason",
    assembly_title: "Assembly",
    assembly_ready: |done, total| format!("{done} of {total} segments have a take ready."),
    action_failed: "That did not work",
    dismiss: "Dismiss",
    working: "Working…",

    status_draft: "Draft",
    status_configured: "Configured",
    status_generating: "Generating",
    status_review: "In review",
    status_assembling: "Assembling",
    status_completed: "Completed",
    status_failed: "Failed",
    status_paused: "Paused",
    status_cancelled: "Cancelled",
    mode_text_to_video: "Text to video",
    mode_image_to_video: "Image to video",
    mode_first_last_frame: "First & last frame",
    mode_uploaded_clip: "Uploaded clip",

    just_now: "just now",
    minutes_ago: |n| format!("{n} min ago"),
    hours_ago: |n| format!("{n} h ago"),
    yesterday: "yesterday",
    days_ago: |n| format!("{n} days ago"),
    months_short: [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ],
    seconds_short: |n| format!("{n} s"),
};
