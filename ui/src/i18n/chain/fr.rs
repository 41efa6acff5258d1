//! Textes français de l'enchaînement des plans.

use super::ChainStrings;

pub static STRINGS: ChainStrings = ChainStrings {
    title: "Continuité",
    hint: "Un segment enchaîné part de la dernière image de la prise choisie du segment précédent, pour des raccords sans saut. Il est généré dès que cette prise est prête.",
    chain_all: "Enchaîner tous les segments",
    segment_switch: |n| format!("Le segment {n} part du segment {}", n - 1),
    waiting: |prev| format!("En attente du segment {prev}"),
    stale: |prev| format!("Périmé : le segment {prev} a changé"),
    unsupported: |provider| {
        format!(
            "{provider} n'accepte pas d'image de départ : le lancement est refusé tant que ce segment est enchaîné"
        )
    },
    stale_offer: |n| match n {
        1 => "1 segment est périmé".to_owned(),
        n => format!("{n} segments sont périmés"),
    },
    regenerate: "Les régénérer",
};
