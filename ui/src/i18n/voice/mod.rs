//! The texts of the Voice & captions section (wizard and job screen), in English and French,
//! kept apart from [`super::Strings`]. Same rule: [`en::STRINGS`] and [`fr::STRINGS`] fill
//! every field, or nothing compiles.

mod en;
mod fr;

use super::Lang;

/// The texts of one language for the Voice & captions section.
#[derive(Debug)]
pub struct VoiceStrings {
    pub title: &'static str,
    pub intro: &'static str,
    pub narrate: &'static str,
    pub provider: &'static str,
    /// A provider's name with what it is: robotic offline, needs a key, free.
    pub robotic_offline: &'static str,
    pub needs_key: &'static str,
    pub robotic_note: &'static str,
    pub voice: &'static str,
    /// Shown when the provider has no voice in the job's language.
    pub no_voice_for_language: fn(&str) -> String,
    pub language_en: &'static str,
    pub language_fr: &'static str,
    pub speed: &'static str,
    pub speed_value: fn(u16) -> String,
    pub listen: &'static str,
    pub listening: &'static str,
    /// The sample sentence spoken by "Listen", in the job's language is chosen by the page.
    pub sample_player: &'static str,
    pub preview_failed: &'static str,
    pub caption_preview: &'static str,
    pub caption_preview_button: &'static str,
    pub caption_preview_drawing: &'static str,
    pub caption_preview_needs_take: &'static str,
    pub caption_preview_alt: fn(&str) -> String,
    pub lengths_title: &'static str,
    pub lengths_hint: &'static str,
    pub measure: &'static str,
    pub measuring: &'static str,
    /// "voice 4.2 s / clip 5 s".
    pub voice_vs_clip: fn(&str, u32) -> String,
    pub segment_n: fn(u32) -> String,
    pub no_narration: &'static str,
    pub music: &'static str,
    pub music_none: &'static str,
    pub music_auto: &'static str,
    /// A library track: its name and length ("calm.mp3 (42.0 s)").
    pub music_track: fn(&str, u64) -> String,
    pub music_settings_title: &'static str,
    pub music_folder: &'static str,
    pub music_folder_help: &'static str,
    pub music_folder_use: &'static str,
    pub music_folder_clear: &'static str,
    pub music_no_tracks: &'static str,
    pub listen_segment: fn(u32) -> String,
    /// Warning before launch: n segments whose voice is longer than their clip.
    pub too_long: fn(u64) -> String,
    pub too_long_rule: &'static str,
    pub saved: &'static str,
}

/// The sentence "Listen" speaks in `language` (`en`/`fr`).
pub fn sample_sentence(language: reelforge_protocol::ScriptLanguage) -> &'static str {
    match language {
        reelforge_protocol::ScriptLanguage::En => {
            "Here is how your video will sound. Three tips, one minute, no fluff."
        }
        reelforge_protocol::ScriptLanguage::Fr => {
            "Voici comment votre vidéo va sonner. Trois astuces, une minute, sans blabla."
        }
    }
}

/// The texts of the section in `lang`.
pub fn voice(lang: Lang) -> &'static VoiceStrings {
    match lang {
        Lang::En => &en::STRINGS,
        Lang::Fr => &fr::STRINGS,
    }
}

/// Milliseconds as seconds with one decimal, in `lang`'s decimal mark ("4.2" / "4,2").
pub fn tenths(lang: Lang, ms: u64) -> String {
    let tenths = ms.div_ceil(100);
    let text = format!("{}.{}", tenths / 10, tenths % 10);
    match lang {
        Lang::En => text,
        Lang::Fr => text.replace('.', ","),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_differs_from_english_and_uses_its_decimal_comma() {
        let (en, fr) = (voice(Lang::En), voice(Lang::Fr));
        assert_eq!(en.title, "Voice & captions");
        assert_eq!(fr.title, "Voix et sous-titres");
        assert_eq!((en.voice_vs_clip)("4.2", 5), "voice 4.2 s / clip 5 s");
        assert_eq!((fr.voice_vs_clip)("4,2", 5), "voix 4,2 s / plan 5 s");
        assert_eq!(tenths(Lang::Fr, 4_150), "4,2");
        assert_eq!(tenths(Lang::En, 5_000), "5.0");
    }
}
