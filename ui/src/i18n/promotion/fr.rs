//! Textes français du passage brouillon → version finale.

use super::PromotionStrings;

pub static STRINGS: PromotionStrings = PromotionStrings {
    final_model: "Modèle final",
    final_model_none: "Aucun (pas de version finale)",
    final_model_hint: "Les productions sont ébauchées avec le modèle ci-dessus ; passer un segment en version finale le génère à nouveau avec celui-ci, avec le même prompt, les mêmes références et la même graine.",
    draft_model_required: "Choisissez le modèle d'ébauche ci-dessus pour nommer un modèle final.",
    promote: "Passer en version finale",
    promote_title: "Passer au modèle final",
    promote_lead: "Chaque segment choisi est généré à nouveau avec son modèle final, à partir du même prompt, des mêmes références et de la même graine.",
    promote_for: |n, cost| {
        format!(
            "Passer {n} segment{} en version finale pour {cost}",
            if n > 1 { "s" } else { "" }
        )
    },
    segment_line: |n, model, seconds| format!("Segment {n} — {model}, {seconds} s"),
    cannot_promote: "Ne peuvent pas passer en version finale :",
    problem_line: |n, why| format!("Segment {n} : {why}"),
    draft_kept: "Les prises d'ébauche restent ; une prise finale est utilisée dès qu'elle réussit, et vous pouvez revenir à l'ébauche.",
    none_chosen: "Choisissez au moins un segment.",
};
