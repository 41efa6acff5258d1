//! The texts of the job screen's players and assembly, the wizard's reference images and the
//! keyboard shortcuts, in English and French, kept apart from [`super::Strings`].
//! Same rule: [`en::STRINGS`] and [`fr::STRINGS`] fill every field, or nothing compiles.

mod en;
mod fr;

use super::Lang;

/// The texts of one language for players, assembly, references and shortcuts.
#[derive(Debug)]
pub struct MediaStrings {
    // Takes
    pub use_take: &'static str,
    pub in_use: &'static str,
    pub take_player: fn(u64) -> String,
    pub video_unsupported: &'static str,

    // Assembly
    pub preset: &'static str,
    pub preset_full: fn(&str, &str) -> String,
    pub preset_draft: fn(&str) -> String,
    pub transition: &'static str,
    pub transition_cut: &'static str,
    pub transition_crossfade: &'static str,
    pub transition_dip: &'static str,
    pub caption_style: &'static str,
    pub caption_bold_pop: &'static str,
    pub caption_karaoke: &'static str,
    pub caption_clean: &'static str,
    pub caption_none: &'static str,
    pub caption_platform: &'static str,
    pub platform_all: &'static str,
    pub platform_tiktok: &'static str,
    pub platform_reels: &'static str,
    pub platform_shorts: &'static str,
    pub burn_captions_hint: &'static str,
    pub narrate: &'static str,
    pub assemble: &'static str,
    pub assemble_again: &'static str,
    pub assembling: &'static str,
    pub assembling_hint: &'static str,
    pub assembly_failed: &'static str,
    pub assembly_needs_takes: &'static str,
    pub assembly_needs_review: &'static str,
    pub final_video: &'static str,
    pub final_summary: fn(&str, u32, u32, &str) -> String,
    pub output_path: &'static str,
    pub captions_file: &'static str,
    pub copy_path: &'static str,
    pub copied: &'static str,
    pub copy_failed: &'static str,
    pub reveal_in_folder: &'static str,
    pub music_bed: &'static str,
    pub voice_over: &'static str,
    pub no_audio: &'static str,
    pub choose_audio: &'static str,
    pub remove_audio: &'static str,
    pub audio_hint: &'static str,
    pub audio_failed: &'static str,

    // Wizard references
    pub drop_target: &'static str,
    pub drop_arm_hint: &'static str,
    pub remove_reference: fn(u64) -> String,
    pub reference_n: fn(u64) -> String,
    pub rejected_title: fn(u64) -> String,
    pub saving_references: &'static str,
    pub choose_files: &'static str,
    pub choose_files_hint: &'static str,

    // Shortcuts
    pub shortcuts_title: &'static str,
    pub shortcuts_button: &'static str,
    pub shortcut_play: &'static str,
    pub shortcut_new_job: &'static str,
    pub shortcut_generate: &'static str,
    pub shortcut_sheet: &'static str,
    pub shortcut_close: &'static str,
    pub shortcuts_typing_note: &'static str,
    pub close: &'static str,
    pub key_space: &'static str,
    pub key_escape: &'static str,
    pub key_enter: &'static str,
}

/// The texts of these parts in `lang`.
pub fn media(lang: Lang) -> &'static MediaStrings {
    match lang {
        Lang::En => &en::STRINGS,
        Lang::Fr => &fr::STRINGS,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_differs_from_english() {
        let (en, fr) = (media(Lang::En), media(Lang::Fr));
        assert_eq!(en.use_take, "Use this take");
        assert_eq!(fr.use_take, "Utiliser cette prise");
        assert_eq!((fr.rejected_title)(2), "2 fichiers non importés");
        assert_eq!((en.rejected_title)(1), "1 file not imported");
    }
}
