//! Textes français des formats d'export.

use super::ExportFormatStrings;

pub static STRINGS: ExportFormatStrings = ExportFormatStrings {
    title: "Formats des plateformes",
    name: |id| match id {
        "tiktok" => "TikTok",
        "reels" => "Instagram Reels",
        "shorts" => "YouTube Shorts",
        "feed45" => "Fil Instagram 4:5",
        "square" => "Carré 1:1",
        "youtube" => "YouTube 16:9",
        "draft" => "Brouillon rapide (720p, forme de la vidéo)",
        "metadata" => "Titre, description et hashtags (JSON)",
        "metadata-text" => "Titre, description et hashtags (texte à coller)",
        _ => "Autre format",
    },
    spec: |w, h, fps, kbps, lufs_tenths| {
        format!(
            "{w}×{h} · {fps} i/s · jusqu'à {} Mbit/s · {:.0} LUFS",
            kbps / 1000,
            f64::from(lufs_tenths) / 10.0
        )
    },
    hint: "Exportez-en plusieurs d'un coup en ligne de commande : reelforge export JOB --format reels,feed45,youtube. Chacun est recadré, sans bandes noires, et ses sous-titres évitent les boutons de la plateforme.",
    files_title: "Fichiers exportés",
    megabytes: |mb| format!("{mb:.1} Mo").replace('.', ","),
};
