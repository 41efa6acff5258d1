//! TemplatesView: every field of every template, the built-in badge, and the empty, loading
//! and error states.

use crate::support::*;
use dioxus::prelude::*;
use reelforge_protocol::{ApiError, ErrorCode, TemplateDto};
use reelforge_ui::i18n::Lang;
use reelforge_ui::remote::Remote;
use reelforge_ui::views::TemplatesView;

fn templates(lang: Lang, templates: Remote<Vec<TemplateDto>>) -> String {
    render(move || {
        rsx! {
            TemplatesView { lang, clock: clock(), templates: templates.clone() }
        }
    })
}

#[test]
fn templates_in_english_show_every_field() {
    let html = templates(Lang::En, Remote::Ready(vec![myth_buster(), product_demo()]));
    let text = visible_text(&html);
    assert_reads(
        &text,
        &[
            "Templates",
            "Myth buster",
            "Debunk one common belief in thirty seconds.",
            "education",
            "Built-in",
            "6 × 5 s",
            "Total 30 s",
            "9:16",
            "Provider fal",
            "Model kling-2.1",
            "Mode Text to video",
            "Segment duration 5 s",
            "Fallback providers runway",
            "Fallback allowed Yes",
            "Beats",
            "Hook Myth Truth Proof Twist Call to action",
            "Character a curious fox in a lab coat",
            "Scene bright kitchen lab",
            "Visual style warm pastel 3D",
            "Updated Mar 4, 2025, 09:30",
            "Product demo",
            "No description",
            "4 × 8 s",
            "Total 32 s",
            "16:9",
            "Model Provider default",
            "Image to video",
            "Fallback providers None",
            "Fallback allowed No",
        ],
    );
    assert!(html.contains(r#" id="templates-grid""#));
    assert_eq!(html.matches(r#"data-testid="builtin-badge""#).count(), 1);
    assert_eq!(html.matches(r#"data-testid="template-card""#).count(), 2);
}

#[test]
fn templates_in_french() {
    let text = visible_text(&templates(
        Lang::Fr,
        Remote::Ready(vec![myth_buster(), product_demo()]),
    ));
    assert_reads(
        &text,
        &[
            "Modèles",
            "Intégré",
            "Total 30 s",
            "Fournisseur fal",
            "Modèle d'IA Par défaut du fournisseur",
            "Texte vers vidéo",
            "Image vers vidéo",
            "Durée par segment 5 s",
            "Fournisseurs de secours runway",
            "Secours autorisé Non",
            "Temps forts",
            "Accroche Myth Truth Preuve Twist Appel à l'action",
            "Personnage",
            "Décor",
            "Style visuel",
            "Aucune description",
            "Mis à jour 4 mars 2025, 09:30",
        ],
    );
    assert_not_reads(&text, &["Built-in", "Provider default"]);
}

#[test]
fn templates_empty_loading_and_failed() {
    assert_reads(
        &visible_text(&templates(Lang::En, Remote::Ready(Vec::new()))),
        &["No templates yet"],
    );
    assert_reads(
        &visible_text(&templates(Lang::Fr, Remote::Ready(Vec::new()))),
        &["Aucun modèle pour l'instant"],
    );
    assert_reads(
        &visible_text(&templates(Lang::Fr, Remote::Loading)),
        &["Chargement…"],
    );
    let error = ApiError::new(ErrorCode::Internal, "no desktop shell (list_templates)");
    let html = templates(Lang::En, Remote::Failed(error));
    assert!(html.contains(r#" id="templates-error""#));
    assert!(html.contains(r#"data-error-code="internal""#));
    assert_reads(
        &visible_text(&html),
        &[
            "Something went wrong",
            "Internal error",
            "no desktop shell (list_templates)",
        ],
    );
}
