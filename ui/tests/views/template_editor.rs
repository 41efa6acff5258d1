//! Template management on TemplatesView: the action buttons, the create/edit form with
//! descriptor choices, the delete confirmation, export (JSON without any key) and import.

use crate::support::*;
use dioxus::prelude::*;
use reelforge_protocol::{ApiError, ErrorCode, TemplateDto};
use reelforge_ui::i18n::Lang;
use reelforge_ui::remote::Remote;
use reelforge_ui::views::TemplatesView;
use reelforge_ui::views::template_editor::{
    TemplateAction, TemplateForm, TemplateProblem, TemplatesDialog, data_url, duplicate_input,
    export_file_name, export_json, parse_import,
};

fn view(
    lang: Lang,
    templates: Remote<Vec<TemplateDto>>,
    dialog: Option<TemplatesDialog>,
    busy: bool,
    error: Option<ApiError>,
) -> String {
    render(move || {
        rsx! {
            TemplatesView {
                lang,
                clock: clock(),
                templates: templates.clone(),
                providers: providers(),
                dialog: dialog.clone(),
                busy,
                error: error.clone(),
                on_action: move |_: TemplateAction| {},
            }
        }
    })
}

#[test]
fn managed_list_has_actions_on_every_card() {
    let html = view(
        Lang::En,
        Remote::Ready(vec![myth_buster(), product_demo()]),
        None,
        false,
        None,
    );
    assert_eq!(html.matches(r#"data-testid="template-actions""#).count(), 2);
    assert!(html.contains(r#"id="templates-new""#));
    assert!(html.contains(r#"id="templates-import""#));
    assert!(html.contains(r#"id="template-tpl-myth-delete""#));
    assert_reads(
        &visible_text(&html),
        &[
            "New template",
            "Import",
            "Edit",
            "Duplicate",
            "Export",
            "Delete",
        ],
    );
    let text = visible_text(&view(
        Lang::Fr,
        Remote::Ready(vec![myth_buster()]),
        None,
        false,
        None,
    ));
    assert_reads(
        &text,
        &[
            "Nouveau modèle",
            "Importer",
            "Modifier",
            "Dupliquer",
            "Exporter",
            "Supprimer",
        ],
    );
}

#[test]
fn read_only_without_actions() {
    let html = render(|| {
        rsx! {
            TemplatesView { lang: Lang::En, clock: clock(), templates: Remote::Ready(vec![myth_buster()]) }
        }
    });
    assert!(!html.contains("template-actions"));
    assert!(!html.contains("templates-new"));
}

#[test]
fn empty_loading_and_failed_still_offer_to_create() {
    let html = view(Lang::En, Remote::Ready(Vec::new()), None, false, None);
    assert!(html.contains(r#"id="templates-empty""#));
    assert!(html.contains(r#"id="templates-new""#));
    let html = view(Lang::En, Remote::Loading, None, false, None);
    assert!(html.contains(r#"id="templates-loading""#));
    let error = ApiError::new(ErrorCode::Conflict, "a template named Myth buster exists");
    let html = view(
        Lang::En,
        Remote::Ready(vec![myth_buster()]),
        None,
        false,
        Some(error),
    );
    assert_reads(
        &visible_text(&html),
        &["a template named Myth buster exists", "Dismiss"],
    );
}

#[test]
fn the_edit_form_offers_descriptor_choices() {
    let dialog = TemplatesDialog::Edit {
        id: Some(myth_buster().id),
        form: TemplateForm::from_input(&myth_buster().input),
    };
    let html = view(
        Lang::En,
        Remote::Ready(vec![myth_buster()]),
        Some(dialog),
        false,
        None,
    );
    assert!(html.contains(r#"id="template-editor""#));
    assert!(html.contains(r#"value="Myth buster""#));
    assert!(html.contains(r#"id="template-fallback-local""#));
    let text = visible_text(&html);
    assert_reads(
        &text,
        &[
            "Edit template",
            "Name",
            "Description",
            "Number of segments",
            "Segment duration",
            "10 s",
            "Aspect ratio",
            "fal.ai — hosted models",
            "Kling 2.1",
            "Seedance",
            "Text to video",
            "Fallback providers",
            "Fallback allowed",
            "Beats",
            "Character",
            "Save changes",
        ],
    );
    // Runway is in the chain but not a listed provider: no checkbox for it; no warning either.
    assert!(!html.contains("template-warning"));

    let mut form = TemplateForm::blank(&providers());
    assert_eq!(form.provider, "fal");
    let html = view(
        Lang::Fr,
        Remote::Ready(Vec::new()),
        Some(TemplatesDialog::Edit {
            id: None,
            form: form.clone(),
        }),
        true,
        None,
    );
    assert_reads(
        &visible_text(&html),
        &["Nouveau modèle", "Donnez un nom au modèle.", "En cours…"],
    );
    form.name = "Tips".into();
    form.aspect_ratio = reelforge_protocol::AspectRatio::Feed;
    let html = view(
        Lang::En,
        Remote::Ready(Vec::new()),
        Some(TemplatesDialog::Edit { id: None, form }),
        false,
        None,
    );
    assert!(html.contains("template-warning"));
    assert_reads(&visible_text(&html), &["Create"]);
}

#[test]
fn delete_export_and_import_dialogs() {
    let html = view(
        Lang::En,
        Remote::Ready(vec![myth_buster()]),
        Some(TemplatesDialog::ConfirmDelete(myth_buster())),
        false,
        None,
    );
    assert!(html.contains(r#"id="delete-template-dialog""#));
    assert_reads(
        &visible_text(&html),
        &["Delete the template “Myth buster”?", "keep their settings"],
    );

    let html = view(
        Lang::En,
        Remote::Ready(vec![myth_buster()]),
        Some(TemplatesDialog::Export(myth_buster())),
        false,
        None,
    );
    assert!(html.contains(r#"download="myth-buster.template.json""#));
    assert_reads(
        &visible_text(&html),
        &[
            "Export “Myth buster”",
            "without any key",
            "Download myth-buster.template.json",
        ],
    );

    let dialog = TemplatesDialog::Import {
        text: "{".into(),
        problem: Some("EOF while parsing".into()),
    };
    let html = view(
        Lang::Fr,
        Remote::Ready(Vec::new()),
        Some(dialog),
        false,
        None,
    );
    assert!(html.contains(r#"id="import-file""#));
    assert_reads(
        &visible_text(&html),
        &[
            "Importer des modèles",
            "Ce n'est pas un fichier de modèle",
            "EOF while parsing",
        ],
    );
}

#[test]
fn form_export_and_import_round_trip() {
    let input = myth_buster().input;
    assert_eq!(TemplateForm::from_input(&input).to_input().unwrap(), input);
    let json = export_json(&input);
    assert!(!json.contains("\"id\""));
    assert!(!json.to_lowercase().contains("key"));
    assert_eq!(parse_import(&json).unwrap(), vec![input.clone()]);
    let list = format!("[{json}, {}]", export_json(&product_demo().input));
    assert_eq!(parse_import(&list).unwrap().len(), 2);
    // A whole TemplateDto is accepted; its id and dates are ignored.
    let dto = serde_json::to_string(&myth_buster()).unwrap();
    assert_eq!(parse_import(&dto).unwrap(), vec![input.clone()]);
    assert!(parse_import("{\"name\": 1}").is_err());
    assert!(parse_import("[]").is_err());
    assert_eq!(export_file_name(&input), "myth-buster.template.json");
    assert!(data_url("{\"a\": 1}").ends_with("%7B%22a%22%3A%201%7D"));
    assert_eq!(
        duplicate_input(Lang::En, &myth_buster()).name,
        "Myth buster (copy)"
    );
    assert_eq!(
        duplicate_input(Lang::Fr, &myth_buster()).name,
        "Myth buster (copie)"
    );

    let mut form = TemplateForm::from_input(&input);
    form.name = "  ".into();
    assert_eq!(form.to_input(), Err(TemplateProblem::NameRequired));
    form.name = "x".into();
    form.segment_count = "0".into();
    assert_eq!(form.to_input(), Err(TemplateProblem::SegmentCount));
}

#[test]
fn the_final_model_names_the_promotion_tier_of_the_templates_provider() {
    // Myth buster drafts with fal's kling-2.1; Seedance becomes its final model.
    let mut form = TemplateForm::from_input(&myth_buster().input);
    assert_eq!(form.final_model, "");
    form.final_model = "seedance".into();
    let input = form.to_input().unwrap();
    assert_eq!(input.model_tiers.len(), 1);
    let tier = &input.model_tiers[0];
    assert_eq!(
        (
            tier.provider.as_str(),
            tier.draft_model.as_str(),
            tier.final_model.as_str()
        ),
        ("fal", "kling-2.1", "seedance")
    );
    assert_eq!(TemplateForm::from_input(&input).to_input().unwrap(), input);
    let html = view(
        Lang::En,
        Remote::Ready(vec![myth_buster()]),
        Some(TemplatesDialog::Edit {
            id: Some(myth_buster().id),
            form: form.clone(),
        }),
        false,
        None,
    );
    assert!(html.contains(r#"id="template-final-model""#));
    assert_reads(
        &visible_text(&html),
        &["Final model", "None (no promotion)"],
    );

    // A final model needs a named draft model (not the provider's default).
    form.model = String::new();
    assert_eq!(form.to_input(), Err(TemplateProblem::DraftModelRequired));
    let html = view(
        Lang::Fr,
        Remote::Ready(vec![myth_buster()]),
        Some(TemplatesDialog::Edit {
            id: Some(myth_buster().id),
            form,
        }),
        false,
        None,
    );
    assert_reads(
        &visible_text(&html),
        &["Modèle final", "Choisissez le modèle d'ébauche ci-dessus"],
    );
}
