//! The texts of the Settings panel of the automation API, in English and French. Same rule
//! as [`super::Strings`]: both languages fill every field, or nothing compiles.

use super::Lang;

/// The texts of one language for the automation API panel.
#[derive(Debug)]
pub struct ApiAccessStrings {
    pub title: &'static str,
    pub intro: &'static str,
    pub switch: &'static str,
    pub switch_hint: &'static str,
    /// "On at port 8765".
    pub on_at: fn(u16) -> String,
    /// "Off; turning it on uses port 8765".
    pub off_port: fn(u16) -> String,
    pub address: &'static str,
    pub token_once_title: &'static str,
    pub token_once_hint: &'static str,
    pub copy_token: &'static str,
    pub copied: &'static str,
    pub copy_failed: &'static str,
    pub token_hidden: &'static str,
    pub no_token: &'static str,
    pub rotate: &'static str,
    pub rotate_hint: &'static str,
    pub try_it: &'static str,
    pub busy: &'static str,
}

static EN: ApiAccessStrings = ApiAccessStrings {
    title: "Automation API",
    intro: "Lets tools on this computer (n8n, scripts, AI agents) drive Reelforge over HTTP. \
            Only this computer can reach it, and every call needs the token.",
    switch: "Serve the automation API",
    switch_hint: "It stays on when the app starts again.",
    on_at: |port| format!("On, at port {port}"),
    off_port: |port| format!("Off. Turning it on uses port {port}."),
    address: "Address",
    token_once_title: "Your token, shown this once",
    token_once_hint: "Copy it now: Reelforge keeps only a fingerprint of it and cannot show it again.",
    copy_token: "Copy the token",
    copied: "Copied",
    copy_failed: "Could not copy: select the token and copy it yourself.",
    token_hidden: "A token exists. It is never shown again; make a new one if it was lost.",
    no_token: "No token yet: one is made and shown when the API is turned on.",
    rotate: "Make a new token",
    rotate_hint: "The old token stops working at once.",
    try_it: "Try it",
    busy: "Working…",
};

static FR: ApiAccessStrings = ApiAccessStrings {
    title: "API d'automatisation",
    intro: "Permet aux outils de cet ordinateur (n8n, scripts, agents IA) de piloter Reelforge \
            en HTTP. Seul cet ordinateur peut l'atteindre, et chaque appel demande le jeton.",
    switch: "Activer l'API d'automatisation",
    switch_hint: "Elle reste active au prochain démarrage de l'application.",
    on_at: |port| format!("Active, sur le port {port}"),
    off_port: |port| format!("Inactive. L'activer utilisera le port {port}."),
    address: "Adresse",
    token_once_title: "Votre jeton, affiché cette seule fois",
    token_once_hint: "Copiez-le maintenant : Reelforge n'en garde qu'une empreinte et ne peut \
                      plus l'afficher.",
    copy_token: "Copier le jeton",
    copied: "Copié",
    copy_failed: "Copie impossible : sélectionnez le jeton et copiez-le vous-même.",
    token_hidden: "Un jeton existe. Il n'est jamais réaffiché ; créez-en un nouveau s'il est perdu.",
    no_token: "Pas encore de jeton : il est créé et affiché à l'activation de l'API.",
    rotate: "Créer un nouveau jeton",
    rotate_hint: "L'ancien jeton cesse aussitôt de fonctionner.",
    try_it: "Essayer",
    busy: "En cours…",
};

/// The automation API panel's texts in `lang`.
pub fn api_access(lang: Lang) -> &'static ApiAccessStrings {
    match lang {
        Lang::En => &EN,
        Lang::Fr => &FR,
    }
}
