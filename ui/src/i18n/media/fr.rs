//! Textes français des lecteurs, du montage, des images de référence et des raccourcis.

use super::MediaStrings;

pub static STRINGS: MediaStrings = MediaStrings {
    use_take: "Utiliser cette prise",
    in_use: "Dans la vidéo",
    take_player: |n| format!("Aperçu de la prise {n}"),
    video_unsupported: "Cette vidéo ne peut pas être lue ici.",

    preset: "Export",
    preset_full: |ratio, size| format!("1080p · {ratio} ({size})"),
    preset_draft: |size| format!("Brouillon 720p ({size}), rapide"),
    transition: "Transition",
    transition_cut: "Coupe franche",
    transition_crossfade: "Fondu enchaîné",
    transition_dip: "Fondu au noir",
    caption_style: "Sous-titres dans l'image",
    caption_bold_pop: "Gras animé : le mot prononcé ressort",
    caption_karaoke: "Karaoké surligné",
    caption_clean: "Sous-titre sobre",
    caption_none: "Aucun",
    caption_platform: "Éviter les boutons de",
    platform_all: "Toutes les plateformes",
    platform_tiktok: "TikTok",
    platform_reels: "Instagram Reels",
    platform_shorts: "YouTube Shorts",
    burn_captions_hint: "Un fichier .srt et un fichier .ass stylé sont écrits à côté de la vidéo dans tous les cas.",
    narrate: "Lire la narration (avec la voix choisie dans Voix et sous-titres)",
    assemble: "Monter la vidéo",
    assemble_again: "Monter à nouveau",
    assembling: "Montage en cours…",
    assembling_hint: "Assemblage des prises retenues avec ffmpeg\u{a0}; cela prend un instant.",
    assembly_failed: "Le montage a échoué",
    assembly_needs_takes: "Chaque segment doit avoir une prise prête avant le montage.",
    assembly_needs_review: "Le montage est possible une fois la génération terminée.",
    final_video: "Vidéo finale",
    final_summary: |preset, width, height, duration| {
        format!("{preset} · {width}×{height} · {duration}")
    },
    output_path: "Enregistrée dans",
    captions_file: "Sous-titres",
    copy_path: "Copier le chemin",
    copied: "Copié",
    copy_failed: "Copie impossible\u{a0}: sélectionnez le chemin et copiez-le à la main.",
    reveal_in_folder: "Afficher dans le dossier",
    music_bed: "Musique de fond",
    voice_over: "Voix off",
    no_audio: "Aucune",
    choose_audio: "Choisir…",
    remove_audio: "Retirer",
    audio_hint: "La musique baisse sous la voix off\u{a0}; les deux sont importées dans la bibliothèque.",
    audio_failed: "Ce fichier audio n'a pas été ajouté",

    drop_target: "Les dépôts arrivent ici",
    drop_arm_hint: "Cliquez sur cette carte, puis déposez des images sur la fenêtre",
    remove_reference: |n| format!("Retirer l'image {n}"),
    reference_n: |n| format!("Image de référence {n}"),
    rejected_title: |n| {
        if n <= 1 {
            format!("{n} fichier non importé")
        } else {
            format!("{n} fichiers non importés")
        }
    },
    saving_references: "Enregistrement des images…",
    choose_files: "Choisir des fichiers…",
    choose_files_hint: "Choisir des images avec la boîte de dialogue du système",

    shortcuts_title: "Raccourcis clavier",
    shortcuts_button: "Raccourcis",
    shortcut_play: "Lire ou mettre en pause la dernière vidéo lue",
    shortcut_new_job: "Nouvelle production",
    shortcut_generate: "Générer (assistant de nouvelle production)",
    shortcut_sheet: "Afficher cette liste",
    shortcut_close: "Fermer une boîte de dialogue",
    shortcuts_typing_note: "Pendant la saisie dans un champ, seul Ctrl/Cmd + Entrée fonctionne.",
    close: "Fermer",
    key_space: "Espace",
    key_escape: "Échap",
    key_enter: "Entrée",
};
