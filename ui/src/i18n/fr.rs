//! Textes français.

use super::Strings;
use reelforge_protocol::Beat;

pub static STRINGS: Strings = Strings {
    app_tagline: "Studio de vidéos courtes IA",
    nav_label: "Navigation principale",
    nav_dashboard: "Tableau de bord",
    nav_templates: "Modèles",
    language: "Langue",

    loading: "Chargement…",
    error_title: "Une erreur est survenue",
    retry: "Réessayer",
    not_found_title: "Page introuvable",
    not_found_body: "Il n'y a rien à cette adresse.",
    none: "Aucun",
    colon: "\u{a0}: ",
    yes: "Oui",
    no: "Non",

    dashboard_title: "Tableau de bord",
    dashboard_subtitle: "Toutes vos productions, passées et en cours.",
    stat_total_jobs: "Productions",
    stat_completed: "Terminées",
    stat_in_progress: "En cours",
    stat_total_cost: "Coût total",
    stat_failed: |n| format!("{n} en échec"),
    strip_title: "Partir d'un modèle",
    strip_all_templates: "Tous les modèles",
    strip_empty: "Aucun modèle pour l'instant",
    jobs_title: "Productions",
    filter_status: "Statut",
    filter_all_statuses: "Tous les statuts",
    search_label: "Rechercher",
    search_placeholder: "Rechercher un titre ou un sujet…",
    col_title: "Titre",
    col_status: "Statut",
    col_template: "Modèle",
    col_progress: "Progression",
    col_cost: "Coût",
    col_updated: "Mise à jour",
    no_template: "Sans modèle",
    estimated_short: "estim.",
    jobs_empty: "Aucune production pour l'instant",
    jobs_empty_hint: "Les productions que vous créerez apparaîtront ici.",
    jobs_no_match: "Aucune production ne correspond",
    jobs_no_match_hint: "Essayez un autre statut ou une autre recherche.",
    jobs_count: |n| {
        if n <= 1 {
            format!("{n} production")
        } else {
            format!("{n} productions")
        }
    },
    page_previous: "Précédente",
    page_next: "Suivante",
    page_of: |page, pages| format!("Page {page} sur {pages}"),

    templates_title: "Modèles",
    templates_subtitle: "Des structures réutilisables pour vos productions.",
    templates_empty: "Aucun modèle pour l'instant",
    templates_empty_hint: "Les modèles que vous créerez apparaîtront ici.",
    builtin: "Intégré",
    no_description: "Aucune description",
    pillar: "Thématique",
    segments: "Segments",
    segment_duration: "Durée par segment",
    total_duration: "Total",
    aspect_ratio: "Format d'image",
    provider: "Fournisseur",
    model: "Modèle d'IA",
    provider_default_model: "Par défaut du fournisseur",
    mode: "Mode",
    beats: "Temps forts",
    style: "Style",
    style_character: "Personnage",
    style_scene: "Décor",
    style_visual: "Style visuel",
    updated: "Mis à jour",
    segments_count: |n| {
        if n <= 1 {
            format!("{n} segment")
        } else {
            format!("{n} segments")
        }
    },

    back_to_dashboard: "Retour au tableau de bord",
    subject: "Sujet",
    no_subject: "Aucun sujet",
    template: "Modèle",
    created: "Créée",
    config_title: "Configuration",
    fallback_providers: "Fournisseurs de secours",
    allow_fallback: "Secours autorisé",
    budget_cap: "Plafond de budget",
    no_budget_cap: "Aucun plafond",
    estimated_cost: "Coût estimé",
    actual_cost: "Coût réel",
    progress: "Progression",
    segments_title: "Segments",
    segments_empty: "Cette production n'a aucun segment.",
    col_index: "N°",
    col_beat: "Temps fort",
    col_prompt: "Prompt",
    col_narration: "Narration",
    col_mode: "Mode",
    col_provider: "Fournisseur",
    col_duration: "Durée",
    col_takes: "Prises",
    activity_title: "Activité",
    activity_empty: "Aucune activité pour l'instant",

    new_job: "Nouvelle production",
    wizard_subtitle: "Configurez la production, puis rédigez chaque segment.",
    wizard_step_setup: "Configuration",
    wizard_step_segments: "Segments",
    step_of: |step, steps| format!("Étape {step} sur {steps}"),
    title_label: "Titre",
    title_placeholder: "ex. Pourquoi les chats ronronnent",
    subject_placeholder: "De quoi parle la vidéo\u{a0}?",
    title_required: "Donnez un titre à la production.",
    template_none: "Aucun modèle (partir de zéro)",
    template_structure: "Structure",
    segment_count_label: "Nombre de segments",
    overrides_title: "Réglages propres",
    overrides_hint: "Laissez un réglage sur sa valeur par défaut pour l'hériter du modèle.",
    inherit: |value| format!("Valeur du modèle ({value})"),
    default_value: "Par défaut",
    provider_chain: "Chaîne de fournisseurs",
    primary_provider: "Fournisseur principal",
    fallback_order_hint: "Choisissez, dans l'ordre, les fournisseurs à essayer après le principal.",
    budget_cap_hint: "Le lancement est refusé si l'estimation le dépasse.",
    budget_invalid: "Saisissez un montant en dollars, ex. 5 ou 12,50.",
    continue_label: "Continuer",
    back: "Retour",
    dialog_cancel: "Annuler",
    creating: "Création…",
    saving: "Enregistrement…",
    segment_n: |n| format!("Segment {n}"),
    beat_placeholder: "Accroche, problème, révélation…",
    beat_name: |beat| match beat {
        Beat::Hook => "Accroche",
        Beat::Problem => "Problème",
        Beat::Revelation => "Révélation",
        Beat::Solution => "Solution",
        Beat::Proof => "Preuve",
        Beat::CallToAction => "Appel à l'action",
        Beat::Promise => "Promesse",
        Beat::TitleCard => "Carton-titre",
        Beat::Demo => "Démo",
    },
    prompt_placeholder: "Décrivez ce que voit la caméra…",
    narration_placeholder: "Ce que dit la voix off (facultatif)",
    model_default: |name| format!("Par défaut ({name})"),
    duration_snapped: |from, to| {
        format!("Ajustée de {from}\u{a0}s à {to}\u{a0}s, une durée que ce modèle produit.")
    },
    references_title: "Images de référence",
    drop_zone_text: "Déposez des images ici",
    drop_zone_formats: |formats| format!("Formats acceptés\u{a0}: {formats}"),
    drop_zone_no_images: "Ce mode n'utilise aucune image.",
    free: "Gratuit",
    price_per_second: |price| format!("{price}/s"),
    price_per_clip: |price| format!("{price}/clip"),
    live_total: "Estimation totale",
    estimate_local_note: "D'après les tarifs des fournisseurs\u{a0}; confirmée par le moteur avant le lancement.",
    within_budget: "Dans le plafond de budget",
    over_budget: "Au-delà du plafond de budget",
    no_providers: "Aucun fournisseur n'est disponible.",
    problem_unknown_provider: "Ce fournisseur n'est pas disponible.",
    problem_unknown_model: "Ce modèle n'est pas disponible.",
    problem_mode: "Ce modèle ne prend pas en charge ce mode.",
    problem_aspect: |ratio| format!("Ce modèle ne produit pas de clips au format {ratio}."),
    problem_prompt_required: |min| match min {
        0 | 1 => {
            "Ce fournisseur exige un prompt dans ce mode, même avec une image\u{a0}: écrivez-en un."
                .to_owned()
        }
        n => format!("Ce fournisseur exige un prompt d'au moins {n}\u{a0}caractères dans ce mode."),
    },
    missing_prompt: "Il manque le prompt.",
    missing_references: |n| {
        if n <= 1 {
            "Il faut une image de référence.".to_owned()
        } else {
            format!("Il faut {n} images de référence.")
        }
    },
    segments_incomplete: |n| {
        if n <= 1 {
            format!("{n} segment n'est pas encore prêt")
        } else {
            format!("{n} segments ne sont pas encore prêts")
        }
    },
    generate: "Générer",
    generate_shortcut: "Ctrl/Cmd + Entrée",
    confirm_generate_title: "Lancer cette production\u{a0}?",
    confirm_generate_body: |n, cost| {
        if n <= 1 {
            format!("{n} segment sera généré pour environ {cost}.")
        } else {
            format!("{n} segments seront générés pour environ {cost}.")
        }
    },
    confirm_generate_free: "Tous les segments utilisent un fournisseur gratuit\u{a0}: rien ne sera facturé.",
    paid_not_undoable: "Une génération payante ne peut pas être annulée.",
    spent_so_far: "Déjà dépensé",
    estimate_problems: "Certains segments ne peuvent pas être générés tels quels\u{a0}:",
    budget_exceeded: |cap| format!("Cela dépasse le plafond de budget de {cap}."),
    generate_for: |cost| format!("Générer pour {cost}"),

    job_actions: "Actions de la production",
    pause: "Mettre en pause",
    resume: "Reprendre",
    cancel_job: "Annuler la production",
    keep_job: "Garder la production",
    confirm_cancel_job_title: "Annuler cette production\u{a0}?",
    confirm_cancel_job_body: "Les segments pas encore générés ne le seront pas. Les prises déjà payées restent dans la bibliothèque.",
    cost_so_far: "Coût à ce jour",
    of_estimate: |estimate| format!("sur {estimate} estimés"),
    over_estimate: "Au-delà de l'estimation",
    seg_not_started: "Pas commencé",
    take_queued: "En file d'attente",
    take_submitting: "Envoi",
    take_running: |pct| format!("Génération {pct}\u{a0}%"),
    take_downloading: "Téléchargement",
    take_succeeded: "Prêt",
    take_failed: "Échec",
    take_cancelled: "Annulé",
    take_submit_unknown: "Décision requise",
    new_take: "Nouvelle prise",
    cancel_segment: "Annuler",
    use_my_video: "Utiliser ma vidéo…",
    clip_title: "Votre vidéo pour ce segment",
    clip_in: "Début (s)",
    clip_out: "Fin (s)",
    clip_span: |length| {
        format!(
            "La prise durera {length}\u{a0}; aucun fournisseur n'est appelé, elle ne coûte rien."
        )
    },
    use_this_clip: "Utiliser ce passage",
    discard_clip: "Abandonner",
    confirm_retry_title: |n| format!("Régénérer le segment {n}\u{a0}?"),
    confirm_retry_body: |cost| format!("Une nouvelle prise sera générée pour environ {cost}."),
    submit_unknown_title: "Le fournisseur a-t-il reçu cette demande\u{a0}?",
    submit_unknown_body: |provider| {
        format!(
            "Reelforge s'est arrêté pendant l'envoi de cette prise à {provider}\u{a0}: impossible \
             de savoir si {provider} l'a commencée, et donc facturée."
        )
    },
    resubmit: "Renvoyer",
    resubmit_hint: "La renvoie. Si la première demande était bien arrivée, elle pourrait être facturée deux fois.",
    abandon: "Abandonner",
    abandon_hint: "Renonce à cette prise. Si le fournisseur l'a générée, elle a tout de même été facturée\u{a0}: vérifiez son tableau de bord.",
    confirm_resubmit_title: "Renvoyer au risque de payer deux fois\u{a0}?",
    confirm_resubmit_body: |cost| {
        format!(
            "Si la première demande est parvenue au fournisseur, vous paierez deux fois\u{a0}: environ {cost} de plus."
        )
    },
    resubmit_for: |cost| format!("Renvoyer pour {cost}"),
    take_n: |n| format!("Prise {n}"),
    selected_take: "Retenue",
    no_takes: "Pas encore générée",
    no_preview: "Pas encore d'aperçu",
    reason: "Raison",
    assembly_title: "Montage",
    assembly_ready: |done, total| {
        if done <= 1 {
            format!("{done} segment sur {total} a une prise prête.")
        } else {
            format!("{done} segments sur {total} ont une prise prête.")
        }
    },
    action_failed: "L'action n'a pas abouti",
    dismiss: "Fermer",
    working: "En cours…",

    status_draft: "Brouillon",
    status_configured: "Configurée",
    status_generating: "Génération",
    status_review: "À valider",
    status_assembling: "Assemblage",
    status_completed: "Terminée",
    status_failed: "Échouée",
    status_paused: "En pause",
    status_cancelled: "Annulée",
    mode_text_to_video: "Texte vers vidéo",
    mode_image_to_video: "Image vers vidéo",
    mode_first_last_frame: "Première et dernière image",
    mode_uploaded_clip: "Clip importé",

    just_now: "à l'instant",
    minutes_ago: |n| format!("il y a {n} min"),
    hours_ago: |n| format!("il y a {n} h"),
    yesterday: "hier",
    days_ago: |n| format!("il y a {n} jours"),
    months_short: [
        "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
        "déc.",
    ],
    seconds_short: |n| format!("{n} s"),
};
