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
    references_title: "Références de personnage et de style",
    references_hint: "Envoyées avec chaque segment dont le fournisseur prend des images de référence, ou comme première image quand c'est la seule image qu'il prend.",
    references_empty: "Aucune image de référence.",
    references_add: "Ajouter des images…",
    references_clear: "Tout retirer",
};
