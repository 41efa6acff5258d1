//! Textes français de l'éditeur de segment.

use super::SegmentEditStrings;

pub static STRINGS: SegmentEditStrings = SegmentEditStrings {
    edit: "Modifier",
    title: |n| format!("Modifier le segment {n}"),
    prompt: "Prompt",
    narration: "Narration",
    mode: "Mode",
    provider: "Fournisseur",
    model: "Modèle",
    model_hint: "Vide : le modèle par défaut du fournisseur",
    duration: "Durée (secondes)",
    save: "Enregistrer",
    close: "Annuler",
    takes_hint: "Les prises précédentes restent. La prochaine prise de ce segment utilise ces réglages.",
    made_with: "Prompt",
    references_unsent: |segments| {
        format!(
            "Les images de référence du travail ne seront pas envoyées avec le segment \
             {segments} : son modèle ne prend ni image de référence ni première image libre."
        )
    },
};
