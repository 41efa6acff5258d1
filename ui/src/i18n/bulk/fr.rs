//! Textes français des actions groupées du tableau de bord.

use super::{BulkStrings, JobCopyStrings};

fn jobs(n: u64) -> String {
    match n {
        0 | 1 => format!("{n} production"),
        n => format!("{n} productions"),
    }
}

pub static STRINGS: BulkStrings = BulkStrings {
    select_row: |title| format!("Sélectionner «\u{a0}{title}\u{a0}»"),
    select_page: "Sélectionner toutes les productions de cette page",
    selected: |n| match n {
        0 | 1 => format!("{n} sélectionnée"),
        n => format!("{n} sélectionnées"),
    },
    select_all_matching: |n| format!("Sélectionner les {} correspondantes", jobs(n)),
    all_matching_selected: |n| format!("Les {} correspondantes sont sélectionnées", jobs(n)),
    clear: "Vider la sélection",
    pause: "Mettre en pause",
    resume: "Reprendre",
    cancel: "Annuler",
    retry_failed: "Relancer les segments échoués",
    reassemble: "Remonter",
    duplicate: "Dupliquer",
    delete: "Supprimer",
    confirm_delete_title: |n| format!("Supprimer {}\u{a0}?", jobs(n)),
    confirm_delete_body: "Les fichiers de leurs prises et leurs exports sont supprimés avec \
                          elles. C'est définitif. Une production en cours reste telle quelle.",
    confirm_delete: "Supprimer avec leurs fichiers",
    summary_done: |action, n| format!("{action}\u{a0}: fait pour {}", jobs(n)),
    summary_refused: |n| format!("{} laissées telles quelles\u{a0}:", jobs(n)),
    summary_more: |n| format!("…et {n} de plus"),
    dismiss: "Fermer",
    reason_under_way: |status| {
        format!("{status}, avec un travail en cours\u{a0}: annulez-la d'abord")
    },
    reason_wrong_status: |status| format!("impossible pour une production «\u{a0}{status}\u{a0}»"),
    reason_nothing_to_retry: "aucun segment échoué à relancer",
    reason_not_found: "elle n'existe plus",
    untitled: "(sans titre)",
};

pub static JOB_COPY: JobCopyStrings = JobCopyStrings {
    duplicate: "Dupliquer",
    duplicate_with_takes: "Dupliquer avec les prises",
    rerun: "Relancer",
    delete: "Supprimer",
    confirm_rerun_title: "Générer à nouveau chaque segment\u{a0}?",
    confirm_rerun_body: "Chaque segment reçoit une nouvelle prise selon ses réglages actuels\u{a0}; \
                         vos prises restent.",
    confirm_delete_title: "Supprimer cette production\u{a0}?",
    confirm_delete_body: "Les fichiers de ses prises et ses exports sont supprimés avec elle. \
                          C'est définitif.",
};
