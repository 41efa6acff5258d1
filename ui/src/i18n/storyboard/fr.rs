//! Textes français du storyboard.

use super::StoryboardStrings;

pub static STRINGS: StoryboardStrings = StoryboardStrings {
    title: "Storyboard",
    hint: "Une image clé par segment, peu coûteuse à refaire. Approuvez-les, puis animez : chaque segment approuvé passe en image-vers-vidéo depuis son image clé.",
    provider: "Fournisseur d'images",
    model: "Modèle",
    needs_key: "clé d'API requise",
    per_keyframe: |price| format!("{price} par image clé"),
    free: "gratuit",
    same_character: "Même personnage",
    same_character_hint: "La première image clé approuvée sert d'image de référence à toutes les suivantes.",
    no_references: "Ce modèle n'accepte pas d'image de référence : l'interrupteur est sans effet avec lui.",
    reframed: |ratio| {
        format!(
            "Ce modèle ne produit pas d'image {ratio} : les images clés sont recadrées en {ratio}."
        )
    },
    generate_missing: |n, price| match n {
        1 => format!("Générer 1 image clé · {price}"),
        n => format!("Générer {n} images clés · {price}"),
    },
    all_have_keyframes: "Chaque segment a une image clé",
    approve_all: "Tout approuver",
    approved_count: |n, total| format!("{n}/{total} approuvées"),
    animate: "Animer",
    animate_hint: "Les segments approuvés passent en image-vers-vidéo depuis leur image clé, puis la tâche est lancée après son estimation.",
    animated: |done, skipped| {
        let done = match done {
            1 => "1 segment partira de son image clé".to_owned(),
            n => format!("{n} segments partiront de leur image clé"),
        };
        match skipped {
            0 => format!("{done}."),
            1 => format!("{done} ; 1 n'a pas d'image clé approuvée et reste inchangé."),
            n => format!("{done} ; {n} n'ont pas d'image clé approuvée et restent inchangés."),
        }
    },
    segment: |n| format!("Segment {n}"),
    no_keyframe: "Pas encore d'image clé",
    regenerate: "Régénérer",
    edit_prompt: "Modifier le prompt",
    save_prompt: "Enregistrer le prompt",
    cancel_edit: "Annuler",
    prompt_label: "Prompt",
    approved: "Approuvée",
    keyframe_alt: |segment, n| format!("Image clé {n} du segment {segment}"),
    use_keyframe: |n| format!("Utiliser l'image clé {n}"),
    selected: "Choisie",
    reframed_badge: "Recadrée",
    size: |w, h| format!("{w}×{h}"),
    quick_first: "Storyboard d'abord",
    quick_first_hint: "Après le script, une image clé par segment, puis arrêt : revoyez-les, régénérez-les et approuvez-les sur l'écran de la tâche avant tout clip.",
    quick_run_on: "Puis continuer",
    quick_run_on_hint: "Approuver toutes les images clés, animer, générer les clips et assembler sans s'arrêter.",
};
