//! Managing templates: the create/edit form, the delete confirmation, and import/export as JSON
//! files (the [`TemplateInput`](reelforge_protocol::TemplateInput) format: no id, no dates,
//! never a key).
//!
//! Choices of provider, model, mode, durations and aspect ratios come from the descriptors.

mod editor;
mod fallback_choice;
mod final_model;
mod import_export;
mod template_form;

pub use editor::TemplateEditor;
pub use import_export::{data_url, duplicate_input, export_file_name, export_json, parse_import};
pub use template_form::{MAX_SEGMENTS, TemplateForm, TemplateProblem};

use super::dialogs::ConfirmDialog;
use crate::i18n::studio::studio;
use crate::i18n::{Lang, t};
use dioxus::prelude::*;
use reelforge_protocol::{ProviderDescriptor, TemplateDto, TemplateId};

/// What the templates screen shows on top of the list.
#[derive(Debug, Clone, PartialEq)]
pub enum TemplatesDialog {
    /// The create (`None`) or edit form.
    Edit {
        id: Option<TemplateId>,
        form: TemplateForm,
    },
    ConfirmDelete(TemplateDto),
    Export(TemplateDto),
    /// The import box: pasted or loaded text, and why it cannot be imported.
    Import {
        text: String,
        problem: Option<String>,
    },
}

/// What the person asked for on the templates screen.
#[derive(Debug, Clone, PartialEq)]
pub enum TemplateAction {
    New,
    Edit(TemplateDto),
    Duplicate(TemplateDto),
    AskDelete(TemplateDto),
    Export(TemplateDto),
    OpenImport,
    /// The form changed.
    Form(TemplateForm),
    /// The import text changed (typed, pasted or read from a file).
    ImportText(String),
    /// Save the form, delete the template asked about, or import the text.
    Confirm,
    Close,
    DismissError,
}

/// The dialog in `dialog`, wired to `on_action`.
#[component]
pub fn TemplatesDialogView(
    lang: Lang,
    dialog: TemplatesDialog,
    providers: Vec<ProviderDescriptor>,
    busy: bool,
    on_action: EventHandler<TemplateAction>,
) -> Element {
    let x = studio(lang);
    let s = t(lang);
    match dialog {
        TemplatesDialog::Edit { id, form } => rsx! {
            TemplateEditor { lang, editing: id.is_some(), form, providers, busy, on_action }
        },
        TemplatesDialog::ConfirmDelete(template) => rsx! {
            ConfirmDialog {
                lang,
                id: "delete-template-dialog",
                title: (x.delete_template_title)(&template.input.name),
                confirm_label: x.delete,
                danger: true,
                busy,
                on_confirm: move |_| on_action.call(TemplateAction::Confirm),
                on_dismiss: move |_| on_action.call(TemplateAction::Close),
                p { class: "dialog-lead", "{x.delete_template_body}" }
            }
        },
        TemplatesDialog::Export(template) => {
            let json = export_json(&template.input);
            let href = data_url(&json);
            let file = export_file_name(&template.input);
            rsx! {
                ConfirmDialog {
                    lang,
                    id: "export-template-dialog",
                    title: (x.export_template_title)(&template.input.name),
                    confirm_label: x.close,
                    cancel_label: s.dialog_cancel,
                    on_confirm: move |_| on_action.call(TemplateAction::Close),
                    on_dismiss: move |_| on_action.call(TemplateAction::Close),
                    p { class: "dialog-note", "{x.export_hint}" }
                    textarea {
                        class: "input textarea code",
                        id: "export-json",
                        readonly: true,
                        rows: "12",
                        value: "{json}",
                    }
                    a { class: "button ghost", id: "export-download", href, download: "{file}",
                        {(x.download_file)(&file)}
                    }
                }
            }
        }
        TemplatesDialog::Import { text, problem } => {
            let empty = text.trim().is_empty();
            rsx! {
                ConfirmDialog {
                    lang,
                    id: "import-template-dialog",
                    title: x.import_title,
                    confirm_label: x.import,
                    busy,
                    disabled: empty,
                    on_confirm: move |_| on_action.call(TemplateAction::Confirm),
                    on_dismiss: move |_| on_action.call(TemplateAction::Close),
                    p { class: "dialog-note", "{x.import_hint}" }
                    input {
                        r#type: "file",
                        id: "import-file",
                        accept: ".json,application/json",
                        onchange: move |event: FormEvent| {
                            let files = event.files();
                            spawn(async move {
                                for file in files {
                                    if let Ok(text) = file.read_string().await {
                                        on_action.call(TemplateAction::ImportText(text));
                                    }
                                }
                            });
                        },
                    }
                    textarea {
                        class: "input textarea code",
                        id: "import-json",
                        rows: "10",
                        placeholder: x.import_placeholder,
                        value: "{text}",
                        oninput: move |event: FormEvent| on_action.call(TemplateAction::ImportText(event.value())),
                    }
                    if let Some(problem) = problem {
                        p { class: "form-problem", role: "alert", id: "import-problem",
                            "{x.import_invalid}{s.colon}{problem}"
                        }
                    }
                }
            }
        }
    }
}
