//! Textes français du journal d'activité.

use super::ActivityStrings;

pub static STRINGS: ActivityStrings = ActivityStrings {
    tag_created: "création",
    tag_edited: "modification",
    tag_generating: "génération",
    tag_paused: "pause",
    tag_cancelled: "annulation",
    tag_retry: "nouvel essai",
    tag_failed: "échec",
    tag_fallback: "repli",
    tag_decision_needed: "décision attendue",
    tag_decision: "décision",
    tag_review: "relecture",
    tag_take: "prise",
    tag_assembly: "montage",

    created_from_template: |name, n| {
        format!("Créée à partir du modèle «\u{a0}{name}\u{a0}» avec {n} segments")
    },
    created_from_scratch: |n| format!("Créée de zéro avec {n} segments"),
    script_written: |writer, n, duration, language| {
        format!(
            "Mode rapide\u{a0}: script écrit par {writer} ({n} segments, {duration}, {language})"
        )
    },
    language_en: "anglais",
    language_fr: "français",
    segments_edited: |numbers, count, fields| {
        if count == 1 {
            format!("Segment {numbers} modifié ({fields})")
        } else {
            format!("Segments {numbers} modifiés ({fields})")
        }
    },
    field_beat: "temps fort",
    field_prompt: "prompt",
    field_narration: "narration",
    field_mode: "mode",
    field_provider: "fournisseur",
    field_model: "modèle",
    field_duration: "durée",
    references_set: |n, count| match count {
        0 => format!("Segment {n}\u{a0}: images de référence retirées"),
        1 => format!("Segment {n}\u{a0}: 1 image de référence"),
        _ => format!("Segment {n}\u{a0}: {count} images de référence"),
    },
    generation_started: |n, cost| {
        if n == 1 {
            format!("Génération lancée\u{a0}: 1 segment, estimée à {cost}")
        } else {
            format!("Génération lancée\u{a0}: {n} segments, estimée à {cost}")
        }
    },
    promoted: |numbers, count, cost| {
        let plural = if count == 1 { "" } else { "s" };
        format!("Segment{plural} {numbers} passé{plural} au modèle final, estimé à {cost}")
    },
    paused: "En pause\u{a0}: aucune nouvelle prise n'est envoyée",
    resumed: "Reprise",
    cancelled: "Annulée",
    segment_cancelled: |n| format!("Segment {n} annulé"),
    retry_requested: |n| format!("Segment {n}\u{a0}: nouvelle prise demandée"),
    retry_scheduled: |n, provider, error, retry, of, delay| {
        format!(
            "Segment {n}\u{a0}: échec chez {provider} ({error})\u{a0}; nouvel essai {retry} sur \
             {of} dans {delay}"
        )
    },
    segment_failed: |n, provider, error| {
        format!("Segment {n}\u{a0}: échec définitif chez {provider} ({error})")
    },
    fallback_skipped: |n, provider, why| {
        format!("Segment {n}\u{a0}: repli sur {provider} écarté\u{a0}: {why}")
    },
    skip_not_available: "fournisseur indisponible",
    skip_no_model: |mode, length, ratio| {
        format!("aucun de ses modèles ne fait de clips {mode} de {length} en {ratio}")
    },
    skip_over_budget: "le plafond de budget serait dépassé",
    fell_back: |n, from, error, to| {
        format!("Segment {n}\u{a0}: échec chez {from} ({error})\u{a0}; repli sur {to}")
    },
    submit_unknown: |n, provider, cause| {
        format!(
            "Segment {n}\u{a0}: votre décision est attendue. {cause} après l'envoi de la prise à \
             {provider}\u{a0}: vérifiez le tableau de bord de {provider}, puis renvoyez-la ou \
             abandonnez-la."
        )
    },
    cause_connection_failed: "La connexion a échoué",
    cause_engine_stopped: "Reelforge s'est arrêté",
    found_in_list: |n, provider| {
        format!(
            "Segment {n}\u{a0}: la prise envoyée à {provider} avant l'arrêt de Reelforge figure \
             dans la liste des générations récentes de {provider}\u{a0}; elle est suivie \
             (facturée une fois)"
        )
    },
    nothing_in_list: |n, provider| {
        format!(
            "Segment {n}\u{a0}: la liste des générations récentes de {provider} montre que la \
             prise envoyée avant l'arrêt de Reelforge n'a rien produit\u{a0}; elle est renvoyée"
        )
    },
    resubmitted: |n| format!("Segment {n}\u{a0}: renvoyé à votre demande"),
    abandoned: |n| format!("Segment {n}\u{a0}: abandonné à votre demande"),
    ready_for_review: "Tous les segments sont générés\u{a0}: prêt pour la relecture",
    generation_stopped: |numbers, count| {
        if count == 1 {
            format!("Génération arrêtée\u{a0}: le segment {numbers} n'a pas abouti")
        } else {
            format!("Génération arrêtée\u{a0}: les segments {numbers} n'ont pas abouti")
        }
    },
    take_selected: |take| format!("Prise {take} retenue pour son segment"),
    clip_used: |n, name, span| {
        format!("Segment {n}\u{a0}: votre vidéo {name} ({span}\u{a0}s) en est la prise")
    },
    assembly_started: |n, preset| format!("Montage lancé\u{a0}: {n} segments, {preset}"),
    assembled: |output| format!("Vidéo montée dans {output}"),
    assembly_failed: |reason| format!("Le montage a échoué\u{a0}: {reason}"),
    assembly_interrupted: "Montage interrompu\u{a0}: Reelforge s'est arrêté avant la fin\u{a0}; \
                           relancez le montage",
    duplicated: |title, takes| match takes {
        0 => format!("Dupliquée depuis «\u{a0}{title}\u{a0}» (réglages seuls)"),
        1 => format!("Dupliquée depuis «\u{a0}{title}\u{a0}» avec 1 prise copiée"),
        n => format!("Dupliquée depuis «\u{a0}{title}\u{a0}» avec {n} prises copiées"),
    },
};
