//! Every visible string, in English and French.
//!
//! [`Strings`] has one field per text; [`en::STRINGS`] and [`fr::STRINGS`] fill all of them, so a
//! text missing in one language does not compile. The current [`Lang`] lives in a context
//! signal provided by the app root ([`use_lang`]) and is switched from the sidebar.

pub mod activity;
pub mod api_access;
pub mod bulk;
pub mod chain;
mod en;
pub mod errors;
pub mod export_formats;
pub mod focus_picker;
mod fr;
pub mod media;
pub mod promotion;
pub mod segment_edit;
pub mod storyboard;
pub mod studio;
pub mod voice;

use dioxus::prelude::*;
use reelforge_protocol::Beat;

/// A language of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    En,
    Fr,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Fr];

    /// The BCP 47 tag, used for `<html lang>` and for storage.
    pub fn code(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Fr => "fr",
        }
    }

    /// Parses a tag such as `fr`, `fr-CA` or `en-US`; `None` for other languages.
    pub fn from_code(tag: &str) -> Option<Self> {
        let primary = tag.split(['-', '_']).next()?.trim().to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Self::En),
            "fr" => Some(Self::Fr),
            _ => None,
        }
    }

    /// The language's own name, as shown in the switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Self::En => "English",
            Self::Fr => "Français",
        }
    }

    /// All the texts of this language.
    pub fn strings(self) -> &'static Strings {
        match self {
            Self::En => &en::STRINGS,
            Self::Fr => &fr::STRINGS,
        }
    }
}

/// Shorthand for `lang.strings()`.
pub fn t(lang: Lang) -> &'static Strings {
    lang.strings()
}

/// The language signal provided by the app root.
pub fn use_lang() -> Signal<Lang> {
    use_context::<Signal<Lang>>()
}

/// The texts of one language. Fields holding `fn` build texts with numbers in them.
#[derive(Debug)]
pub struct Strings {
    // Shell
    pub app_tagline: &'static str,
    pub nav_label: &'static str,
    pub nav_dashboard: &'static str,
    pub nav_templates: &'static str,
    pub language: &'static str,

    // Shared states
    pub loading: &'static str,
    pub error_title: &'static str,
    pub retry: &'static str,
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub none: &'static str,
    /// Between a label and its value: ": " in English, "\u{a0}: " in French.
    pub colon: &'static str,
    pub yes: &'static str,
    pub no: &'static str,

    // Dashboard
    pub dashboard_title: &'static str,
    pub dashboard_subtitle: &'static str,
    pub stat_total_jobs: &'static str,
    pub stat_completed: &'static str,
    pub stat_in_progress: &'static str,
    pub stat_total_cost: &'static str,
    pub stat_failed: fn(u64) -> String,
    pub strip_title: &'static str,
    pub strip_all_templates: &'static str,
    pub strip_empty: &'static str,
    pub jobs_title: &'static str,
    pub filter_status: &'static str,
    pub filter_all_statuses: &'static str,
    pub search_label: &'static str,
    pub search_placeholder: &'static str,
    pub col_title: &'static str,
    pub col_status: &'static str,
    pub col_template: &'static str,
    pub col_progress: &'static str,
    pub col_cost: &'static str,
    pub col_updated: &'static str,
    pub no_template: &'static str,
    pub estimated_short: &'static str,
    pub jobs_empty: &'static str,
    pub jobs_empty_hint: &'static str,
    pub jobs_no_match: &'static str,
    pub jobs_no_match_hint: &'static str,
    pub jobs_count: fn(u64) -> String,
    pub page_previous: &'static str,
    pub page_next: &'static str,
    pub page_of: fn(u64, u64) -> String,

    // Templates
    pub templates_title: &'static str,
    pub templates_subtitle: &'static str,
    pub templates_empty: &'static str,
    pub templates_empty_hint: &'static str,
    pub builtin: &'static str,
    pub no_description: &'static str,
    pub pillar: &'static str,
    pub segments: &'static str,
    pub segment_duration: &'static str,
    pub total_duration: &'static str,
    pub aspect_ratio: &'static str,
    pub provider: &'static str,
    pub model: &'static str,
    pub provider_default_model: &'static str,
    pub mode: &'static str,
    pub beats: &'static str,
    pub style: &'static str,
    pub style_character: &'static str,
    pub style_scene: &'static str,
    pub style_visual: &'static str,
    pub updated: &'static str,
    pub segments_count: fn(u64) -> String,

    // Job
    pub back_to_dashboard: &'static str,
    pub subject: &'static str,
    pub no_subject: &'static str,
    pub template: &'static str,
    pub created: &'static str,
    pub config_title: &'static str,
    pub fallback_providers: &'static str,
    pub allow_fallback: &'static str,
    pub budget_cap: &'static str,
    pub no_budget_cap: &'static str,
    pub estimated_cost: &'static str,
    pub actual_cost: &'static str,
    pub progress: &'static str,
    pub segments_title: &'static str,
    pub segments_empty: &'static str,
    pub col_index: &'static str,
    pub col_beat: &'static str,
    pub col_prompt: &'static str,
    pub col_narration: &'static str,
    pub col_mode: &'static str,
    pub col_provider: &'static str,
    pub col_duration: &'static str,
    pub col_takes: &'static str,
    pub activity_title: &'static str,
    pub activity_empty: &'static str,

    // New job wizard
    pub new_job: &'static str,
    pub wizard_subtitle: &'static str,
    pub wizard_step_setup: &'static str,
    pub wizard_step_segments: &'static str,
    pub step_of: fn(u64, u64) -> String,
    pub title_label: &'static str,
    pub title_placeholder: &'static str,
    pub subject_placeholder: &'static str,
    pub title_required: &'static str,
    pub template_none: &'static str,
    pub template_structure: &'static str,
    pub segment_count_label: &'static str,
    pub overrides_title: &'static str,
    pub overrides_hint: &'static str,
    pub inherit: fn(&str) -> String,
    pub default_value: &'static str,
    pub provider_chain: &'static str,
    pub primary_provider: &'static str,
    pub fallback_order_hint: &'static str,
    pub budget_cap_hint: &'static str,
    pub budget_invalid: &'static str,
    pub continue_label: &'static str,
    pub back: &'static str,
    pub dialog_cancel: &'static str,
    pub creating: &'static str,
    pub saving: &'static str,
    pub segment_n: fn(u64) -> String,
    pub beat_placeholder: &'static str,
    /// How each beat the app knows reads (see [`crate::format::beat_label`]).
    pub beat_name: fn(Beat) -> &'static str,
    pub prompt_placeholder: &'static str,
    pub narration_placeholder: &'static str,
    pub model_default: fn(&str) -> String,
    pub duration_snapped: fn(u64, u64) -> String,
    pub references_title: &'static str,
    pub drop_zone_text: &'static str,
    pub drop_zone_formats: fn(&str) -> String,
    pub drop_zone_no_images: &'static str,
    pub free: &'static str,
    pub price_per_second: fn(&str) -> String,
    pub price_per_clip: fn(&str) -> String,
    pub live_total: &'static str,
    pub estimate_local_note: &'static str,
    pub within_budget: &'static str,
    pub over_budget: &'static str,
    pub no_providers: &'static str,
    pub problem_unknown_provider: &'static str,
    pub problem_unknown_model: &'static str,
    pub problem_mode: &'static str,
    pub problem_aspect: fn(&str) -> String,
    /// The provider needs a prompt (of at least this many characters) in this mode.
    pub problem_prompt_required: fn(u64) -> String,
    pub missing_prompt: &'static str,
    pub missing_references: fn(u64) -> String,
    pub segments_incomplete: fn(u64) -> String,
    pub generate: &'static str,
    pub generate_shortcut: &'static str,
    pub confirm_generate_title: &'static str,
    pub confirm_generate_body: fn(u64, &str) -> String,
    pub confirm_generate_free: &'static str,
    pub paid_not_undoable: &'static str,
    pub spent_so_far: &'static str,
    pub estimate_problems: &'static str,
    pub budget_exceeded: fn(&str) -> String,
    pub generate_for: fn(&str) -> String,

    // Job screen: live status and actions
    pub job_actions: &'static str,
    pub pause: &'static str,
    pub resume: &'static str,
    pub cancel_job: &'static str,
    pub keep_job: &'static str,
    pub confirm_cancel_job_title: &'static str,
    pub confirm_cancel_job_body: &'static str,
    pub cost_so_far: &'static str,
    pub of_estimate: fn(&str) -> String,
    pub over_estimate: &'static str,
    pub seg_not_started: &'static str,
    pub take_queued: &'static str,
    pub take_submitting: &'static str,
    pub take_running: fn(u8) -> String,
    pub take_downloading: &'static str,
    pub take_succeeded: &'static str,
    pub take_failed: &'static str,
    pub take_cancelled: &'static str,
    pub take_submit_unknown: &'static str,
    pub new_take: &'static str,
    pub cancel_segment: &'static str,
    // Own clips as segments (issue 17)
    pub use_my_video: &'static str,
    pub clip_title: &'static str,
    pub clip_in: &'static str,
    pub clip_out: &'static str,
    pub clip_span: fn(&str) -> String,
    pub use_this_clip: &'static str,
    pub discard_clip: &'static str,
    pub confirm_retry_title: fn(u64) -> String,
    pub confirm_retry_body: fn(&str) -> String,
    pub submit_unknown_title: &'static str,
    pub submit_unknown_body: fn(&str) -> String,
    pub resubmit: &'static str,
    pub resubmit_hint: &'static str,
    pub abandon: &'static str,
    pub abandon_hint: &'static str,
    pub confirm_resubmit_title: &'static str,
    pub confirm_resubmit_body: fn(&str) -> String,
    pub resubmit_for: fn(&str) -> String,
    pub take_n: fn(u64) -> String,
    pub selected_take: &'static str,
    pub no_takes: &'static str,
    pub no_preview: &'static str,
    pub reason: &'static str,
    pub assembly_title: &'static str,
    pub assembly_ready: fn(u64, u64) -> String,
    pub action_failed: &'static str,
    pub dismiss: &'static str,
    pub working: &'static str,

    // Statuses and modes
    pub status_draft: &'static str,
    pub status_configured: &'static str,
    pub status_generating: &'static str,
    pub status_review: &'static str,
    pub status_assembling: &'static str,
    pub status_completed: &'static str,
    pub status_failed: &'static str,
    pub status_paused: &'static str,
    pub status_cancelled: &'static str,
    pub mode_text_to_video: &'static str,
    pub mode_image_to_video: &'static str,
    pub mode_first_last_frame: &'static str,
    pub mode_uploaded_clip: &'static str,

    // Dates and numbers
    pub just_now: &'static str,
    pub minutes_ago: fn(i64) -> String,
    pub hours_ago: fn(i64) -> String,
    pub yesterday: &'static str,
    pub days_ago: fn(i64) -> String,
    pub months_short: [&'static str; 12],
    pub seconds_short: fn(u64) -> String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags_parse() {
        assert_eq!(Lang::from_code("fr-CA"), Some(Lang::Fr));
        assert_eq!(Lang::from_code("EN_us"), Some(Lang::En));
        assert_eq!(Lang::from_code("de"), None);
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
        }
    }

    #[test]
    fn french_is_not_english() {
        let (en, fr) = (t(Lang::En), t(Lang::Fr));
        assert_eq!(fr.dashboard_title, "Tableau de bord");
        assert_eq!(fr.nav_templates, "Modèles");
        assert_eq!(fr.jobs_empty, "Aucune production pour l'instant");
        assert_ne!(en.jobs_empty, fr.jobs_empty);
        assert_eq!((fr.page_of)(2, 5), "Page 2 sur 5");
        assert_eq!((en.jobs_count)(1), "1 job");
        assert_eq!((en.jobs_count)(3), "3 jobs");
        assert_eq!((fr.jobs_count)(0), "0 production");
    }
}
