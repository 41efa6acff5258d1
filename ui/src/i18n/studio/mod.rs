//! The texts of the Providers, Settings, Templates management and Quick screens, in English and
//! French, kept apart from [`super::Strings`] so these screens can grow without touching it.
//! Same rule: [`en::STRINGS`] and [`fr::STRINGS`] fill every field, or nothing compiles.

mod en;
mod fr;

use super::Lang;

/// The texts of one language for these screens.
#[derive(Debug)]
pub struct StudioStrings {
    // Navigation
    pub nav_quick: &'static str,
    pub nav_providers: &'static str,
    pub nav_settings: &'static str,
    pub quick_button: &'static str,

    // Providers
    pub providers_title: &'static str,
    pub providers_subtitle: &'static str,
    pub providers_empty: &'static str,
    pub providers_empty_hint: &'static str,
    pub key_set: &'static str,
    pub key_missing: &'static str,
    pub key_not_needed: &'static str,
    pub key_not_needed_hint: &'static str,
    pub api_key: &'static str,
    pub stored_keychain: &'static str,
    pub stored_session: &'static str,
    pub stored_session_warning: &'static str,
    pub stored_none: &'static str,
    pub new_key: &'static str,
    pub key_placeholder: &'static str,
    pub key_placeholder_replace: &'static str,
    pub save_key: &'static str,
    pub test_key: &'static str,
    pub testing: &'static str,
    pub remove_key: &'static str,
    pub remove_key_title: fn(&str) -> String,
    pub remove_key_body: &'static str,
    pub keychain_failed: &'static str,
    pub keychain_failed_hint: &'static str,
    pub keep_for_session: &'static str,
    pub key_saved: &'static str,
    pub key_removed: &'static str,
    pub test_ok: &'static str,
    pub test_failed: &'static str,
    pub provider_settings: &'static str,
    pub base_url: &'static str,
    pub documented_url: &'static str,
    pub base_url_invalid: &'static str,
    pub concurrency: &'static str,
    pub concurrency_invalid: &'static str,
    pub default_model: &'static str,
    pub in_effect: fn(&str, u32) -> String,
    /// What is in effect for a provider without a base URL (the local one).
    pub in_effect_local: fn(u32) -> String,
    pub save_settings: &'static str,
    pub settings_saved: &'static str,

    // Settings
    pub settings_title: &'static str,
    pub settings_subtitle: &'static str,
    pub appearance: &'static str,
    pub theme: &'static str,
    pub theme_system: &'static str,
    pub theme_light: &'static str,
    pub theme_dark: &'static str,
    pub notifications: &'static str,
    pub notifications_toggle: &'static str,
    pub notifications_hint: &'static str,
    pub script_writer: &'static str,
    pub writer_offline: &'static str,
    pub writer_offline_hint: &'static str,
    pub writer_chat: &'static str,
    pub writer_chat_hint: &'static str,
    pub writer_key_hint: &'static str,
    pub storage_tools: &'static str,
    pub data_folder: &'static str,
    pub ffmpeg: &'static str,
    pub ffmpeg_checking: &'static str,
    pub ffmpeg_version: fn(&str) -> String,
    pub ffmpeg_source_configured: &'static str,
    pub ffmpeg_source_bundled: &'static str,
    pub ffmpeg_source_path: &'static str,
    pub ffmpeg_problem: &'static str,
    pub app_version: &'static str,
    pub ffmpeg_location: &'static str,
    pub ffmpeg_location_placeholder: &'static str,
    pub ffmpeg_location_help: &'static str,
    pub ffmpeg_location_use: &'static str,
    pub ffmpeg_location_automatic: &'static str,

    // Templates management
    pub new_template: &'static str,
    pub edit_template: &'static str,
    pub import_templates: &'static str,
    pub edit: &'static str,
    pub duplicate: &'static str,
    pub export: &'static str,
    pub delete: &'static str,
    pub create: &'static str,
    pub save_changes: &'static str,
    pub close: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    pub beats_placeholder: &'static str,
    pub name_required: &'static str,
    pub segment_count_invalid: &'static str,
    pub duration_invalid: &'static str,
    pub provider_required: &'static str,
    pub copy_of: fn(&str) -> String,
    pub delete_template_title: fn(&str) -> String,
    pub delete_template_body: &'static str,
    pub export_template_title: fn(&str) -> String,
    pub export_hint: &'static str,
    pub download_file: fn(&str) -> String,
    pub import_title: &'static str,
    pub import: &'static str,
    pub import_hint: &'static str,
    pub import_placeholder: &'static str,
    pub import_invalid: &'static str,
    pub template_saved: &'static str,
    pub templates_imported: fn(u64) -> String,

    // Quick
    pub quick_title: &'static str,
    pub quick_subtitle: &'static str,
    pub quick_what: &'static str,
    pub quick_subject_placeholder: &'static str,
    pub subject_required: &'static str,
    pub target_duration: &'static str,
    pub script_language: &'static str,
    pub language_auto: &'static str,
    pub engine_default_provider: &'static str,
    pub quick_flow: &'static str,
    pub review_first: &'static str,
    pub review_first_hint: &'static str,
    pub run_straight: &'static str,
    pub run_straight_hint: &'static str,
    pub write_script: &'static str,
    pub generate_now: &'static str,
    pub writing_script: &'static str,
    pub starting_quick: &'static str,
    pub review_title: &'static str,
    pub script_summary: fn(u64, &str, &str) -> String,
    pub writer: &'static str,
    pub rewrite_script: &'static str,
    pub generate_video: &'static str,
}

/// The texts of these screens in `lang`.
pub fn studio(lang: Lang) -> &'static StudioStrings {
    match lang {
        Lang::En => &en::STRINGS,
        Lang::Fr => &fr::STRINGS,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_says_productions_and_modeles() {
        let fr = studio(Lang::Fr);
        assert_eq!(fr.nav_settings, "Réglages");
        assert!(fr.new_template.contains("modèle"));
        assert!(fr.quick_subtitle.contains("production"));
        assert_eq!((fr.templates_imported)(2), "2 modèles importés");
        assert_eq!(
            (studio(Lang::En).templates_imported)(1),
            "1 template imported"
        );
    }
}
