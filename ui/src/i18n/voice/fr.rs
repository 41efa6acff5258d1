//! Textes français de la section Voix et sous-titres.

use super::VoiceStrings;

pub static STRINGS: VoiceStrings = VoiceStrings {
    title: "Voix et sous-titres",
    intro: "Qui lit la narration de chaque segment, et comment les mots s'affichent à l'écran.",
    narrate: "Lire la narration à voix haute",
    provider: "Fournisseur de voix",
    robotic_offline: "robotique, hors ligne",
    needs_key: "clé requise",
    robotic_note: "La voix hors ligne tourne sur cet ordinateur, gratuitement, avec un timbre de robot.",
    voice: "Voix",
    no_voice_for_language: |language| format!("Ce fournisseur n'a pas de voix en {language}."),
    language_en: "anglais",
    language_fr: "français",
    speed: "Débit",
    speed_value: |percent| format!("{percent} %"),
    listen: "Écouter",
    listening: "Lecture…",
    sample_player: "Extrait de la voix",
    preview_failed: "La voix n'a pas pu parler",
    caption_preview: "Aperçu des sous-titres",
    caption_preview_button: "Dessiner sur la prise",
    caption_preview_drawing: "Dessin…",
    caption_preview_needs_take: "L'aperçu se dessine sur la prise terminée d'un segment.",
    caption_preview_alt: |style| {
        format!("Une image de la vidéo avec les sous-titres en style {style}")
    },
    lengths_title: "Durée de la voix par segment",
    lengths_hint: "Chaque narration est lue par la voix choisie et mesurée face à son plan.",
    measure: "Mesurer la voix",
    measuring: "Mesure…",
    voice_vs_clip: |voice, clip| format!("voix {voice} s / plan {clip} s"),
    segment_n: |n| format!("Segment {n}"),
    no_narration: "pas de narration",
    music: "Musique de la bibliothèque",
    music_none: "Pas de musique",
    music_auto: "Choisie selon la durée de la vidéo",
    music_track: |name, ms| {
        let secs = format!("{:.1}", ms as f64 / 1000.0).replace('.', ",");
        format!("{name} ({secs} s)")
    },
    music_settings_title: "Musique",
    music_folder: "Dossier de musique",
    music_folder_help: "Le chemin complet d'un dossier de morceaux (MP3, M4A, WAV, FLAC, Ogg…).",
    music_folder_use: "Utiliser",
    music_folder_clear: "Pas de bibliothèque",
    music_no_tracks: "Aucun morceau utilisable dans ce dossier.",
    listen_segment: |n| format!("Écouter le segment {n}"),
    too_long: |n| {
        if n == 1 {
            "La voix d'un segment dure plus que son plan.".to_owned()
        } else {
            format!("La voix de {n} segments dure plus que leur plan.")
        }
    },
    too_long_rule: "Au montage, la dernière image du plan est prolongée jusqu'à la fin de la voix ; raccourcissez la narration ou allongez le plan pour l'éviter.",
    saved: "Enregistré avec la tâche",
};
