//! Textes français des erreurs.

use super::ErrorStrings;

pub static STRINGS: ErrorStrings = ErrorStrings {
    validation: "Requête invalide",
    not_found: "Introuvable",
    conflict: "Conflit",
    storage: "Erreur de stockage",
    internal: "Erreur interne",
    keychain_unavailable: "Aucun trousseau utilisable",
    keychain_locked: "Trousseau verrouillé",
    key_missing: "Aucune clé API",
    network: "Erreur réseau",
    provider_rejected: "Refusé par le service",
    moderation: "Refusé par la modération",
    budget_exceeded: "Au-delà du budget",
    engine_busy: "Moteur occupé",
    ffmpeg_missing: "ffmpeg introuvable",
    ffmpeg_failed: "Échec de ffmpeg",
    disk_full: "Disque plein",
    newer_database: "Base d'une version plus récente",
    cancelled: "Annulé",
    limit_exceeded: "Limite dépassée",
    window_only: "Seulement dans la fenêtre de l'application",
    unauthorized: "Refusé : jeton absent ou invalide",
    chain_start_unsupported: "Le fournisseur d'un segment enchaîné ne peut pas partir de la dernière image du plan précédent : désactivez l'enchaînement pour ce segment ou choisissez un fournisseur qui accepte une image de départ",
    segment_busy: "Ce segment est en cours de génération : attendez sa prise ou annulez-la avant de le modifier",
    clip_empty: "Le fichier vidéo est vide",
    clip_unreadable: "Ce fichier n'est pas une vidéo que Reelforge sait lire (endommagé, ou format inconnu)",
    clip_trim_invalid: "Les points d'entrée et de sortie doivent délimiter un passage du clip",
    limit: |l| {
        use reelforge_protocol::Limit;
        let decimal = |text: String| text.replace('.', ",");
        let bytes = |b| decimal(super::size(b, ["octets", "Ko", "Mo", "Go"]));
        let (value, max) = (l.value, l.maximum);
        match l.limit {
            Limit::TemplatePillar => format!(
                "Le pilier de contenu compte {value}\u{a0}caractères\u{a0}; {max} au plus sont acceptés."
            ),
            Limit::TemplateBeat => format!(
                "Un nom de temps fort compte {value}\u{a0}caractères\u{a0}; {max} au plus sont acceptés."
            ),
            Limit::TemplateText => format!(
                "Une description ou un texte de style compte {value}\u{a0}caractères\u{a0}; {max} au plus sont acceptés."
            ),
            Limit::TemplateFile => format!(
                "Le fichier de modèle pèse {}\u{a0}; {} au plus sont acceptés.",
                bytes(value),
                bytes(max)
            ),
            Limit::JsonDepth => format!(
                "Le fichier est imbriqué sur {value}\u{a0}niveaux\u{a0}; {max} au plus sont acceptés."
            ),
            Limit::DownloadSize => format!(
                "Le fournisseur a envoyé plus de {}, le poids maximal d'un clip.",
                bytes(max)
            ),
            Limit::ImagePixels => format!(
                "L'image compte {}\u{a0}mégapixels\u{a0}; {} au plus sont acceptés.",
                decimal(super::megapixels(value)),
                decimal(super::megapixels(max))
            ),
            Limit::ClipDuration => format!(
                "La vidéo dure {}\u{a0}; les clips de {} au plus sont acceptés.",
                super::minutes(value),
                super::minutes(max)
            ),
            Limit::ClipFileSize => format!(
                "Le fichier vidéo pèse {}\u{a0}; {} au plus sont acceptés.",
                bytes(value),
                bytes(max)
            ),
            Limit::ClipPixels => format!(
                "Les images de la vidéo comptent {}\u{a0}mégapixels\u{a0}; {} au plus (4K) sont acceptés.",
                decimal(super::megapixels(value)),
                decimal(super::megapixels(max))
            ),
        }
    },
    voice_missing: "La voix hors ligne (espeak-ng) n'est pas installée\u{a0}: installez le paquet espeak-ng",
    voice_failed: "La voix n'a pas pu lire la narration",
    voice_language_unsupported: "Cette voix ne parle pas la langue de la vidéo : choisissez une autre voix",

    take_moderation: |p| {
        format!(
            "Refusé par la modération de {p}\u{a0}: reformulez le prompt ou changez les images de référence."
        )
    },
    take_invalid_input: |p| {
        format!(
            "{p} a refusé la demande\u{a0}: vérifiez le prompt, la durée, le format et les références."
        )
    },
    take_insufficient_credits: |p| {
        format!("Votre compte {p} n'a plus de crédits\u{a0}: rechargez-le, puis réessayez.")
    },
    take_bad_key: |p| {
        format!(
            "{p} a refusé la clé API, ou aucune n'est définie\u{a0}: vérifiez-la dans Fournisseurs."
        )
    },
    take_no_key: |p| {
        format!("Aucune clé API n'est définie pour {p}\u{a0}: ajoutez-en une dans Fournisseurs.")
    },
    take_keychain_locked: "Le trousseau du système est verrouillé\u{a0}: déverrouillez-le, puis réessayez.",
    take_unsupported: |p| format!("{p} ne peut pas produire ce clip tel qu'il est configuré."),
    take_ffmpeg_missing: "ffmpeg est introuvable\u{a0}: installez-le, ou indiquez son emplacement dans Réglages.",
    take_timed_out: |p| format!("{p} n'a pas terminé le clip à temps."),
    take_output_invalid: |p| format!("Le clip rendu par {p} n'est pas une vidéo utilisable."),
    take_download_failed: |p| format!("Le clip n'a pas pu être téléchargé depuis {p}."),
    take_output_expired: |p| {
        format!("Le lien vers le clip de {p} a expiré avant son téléchargement.")
    },
    take_no_output: |p| format!("{p} a terminé sans rendre de clip."),
    take_network: |p| format!("{p} est injoignable\u{a0}: vérifiez la connexion."),
    take_rate_limited: |p| {
        format!("{p} refuse de nouvelles demandes pour le moment (limite de débit).")
    },
    take_request_timeout: |p| format!("{p} n'a pas répondu à temps."),
    take_server_error: |p| format!("{p} a rencontré une erreur de serveur."),
    take_malformed_response: |p| {
        format!("{p} a répondu quelque chose que Reelforge ne sait pas lire.")
    },
    take_provider_failed: |p| format!("{p} n'a pas pu générer ce clip."),
    take_generation_lost: |p| {
        format!("{p} ne connaît plus cette génération (redémarrage, ou retrait de sa file).")
    },
    take_out_of_memory: |p| {
        format!("{p} a manqué de mémoire\u{a0}: libérez-en, ou demandez moins.")
    },
    take_disk: "Le clip n'a pas pu être écrit sur le disque\u{a0}: vérifiez l'espace libre et le dossier de la bibliothèque.",
    take_disk_full: "Le disque est plein\u{a0}: rien n'a été gardé du clip. Libérez de la place, puis relancez.",
    take_cancelled: "La génération a été annulée.",
    take_abandoned: |p| {
        format!(
            "Abandonnée sur votre décision\u{a0}: vérifiez sur le tableau de bord de {p} si elle a été facturée."
        )
    },
    take_submit_unknown: |p| {
        format!(
            "La connexion a échoué après l'envoi de la prise à {p}\u{a0}: il la génère peut-être."
        )
    },
    take_internal: "Reelforge n'a pas pu préparer la demande.",
    take_other: |p| format!("La génération sur {p} a échoué."),
    details: "Détails",
};
