//! `/templates`: fetches the templates and the provider descriptors, renders [`TemplatesView`]
//! and runs its actions: create, edit, duplicate, delete (after confirmation) and import from
//! JSON. Export needs no command (the view shows the JSON and a download link).

use crate::api;
use crate::clock::Clock;
use crate::i18n::use_lang;
use crate::remote::Remote;
use crate::views::TemplatesView;
use crate::views::template_editor::{
    TemplateAction, TemplateForm, TemplatesDialog, duplicate_input, parse_import,
};
use dioxus::prelude::*;
use reelforge_protocol::commands::UpdateTemplateRequest;
use reelforge_protocol::{ApiError, ProviderDescriptor};

#[component]
pub fn Templates() -> Element {
    let lang = use_lang();
    let mut templates = use_resource(api::list_templates);
    let mut providers = use_resource(api::list_providers);
    let mut dialog = use_signal(|| None::<TemplatesDialog>);
    let mut busy = use_signal(|| false);
    let mut error = use_signal(|| None::<ApiError>);

    let descriptors = move || -> Vec<ProviderDescriptor> {
        providers
            .read()
            .as_ref()
            .and_then(|r| r.as_ref().ok())
            .cloned()
            .unwrap_or_default()
    };

    let on_action = move |action: TemplateAction| match action {
        TemplateAction::New => {
            dialog.set(Some(TemplatesDialog::Edit {
                id: None,
                form: TemplateForm::blank(&descriptors()),
            }));
        }
        TemplateAction::Edit(template) => {
            dialog.set(Some(TemplatesDialog::Edit {
                id: Some(template.id.clone()),
                form: TemplateForm::from_input(&template.input),
            }));
        }
        TemplateAction::Export(template) => dialog.set(Some(TemplatesDialog::Export(template))),
        TemplateAction::AskDelete(template) => {
            dialog.set(Some(TemplatesDialog::ConfirmDelete(template)));
        }
        TemplateAction::OpenImport => {
            dialog.set(Some(TemplatesDialog::Import {
                text: String::new(),
                problem: None,
            }));
        }
        TemplateAction::Form(next) => {
            if let Some(TemplatesDialog::Edit { form, .. }) = dialog.write().as_mut() {
                *form = next;
            }
        }
        TemplateAction::ImportText(next) => {
            if let Some(TemplatesDialog::Import { text, problem }) = dialog.write().as_mut() {
                *text = next;
                *problem = None;
            }
        }
        TemplateAction::Close => {
            if !busy() {
                dialog.set(None);
            }
        }
        TemplateAction::DismissError => error.set(None),
        TemplateAction::Duplicate(template) => {
            if busy() {
                return;
            }
            let input = duplicate_input(lang(), &template);
            busy.set(true);
            error.set(None);
            spawn(async move {
                match api::create_template(input).await {
                    Ok(_) => templates.restart(),
                    Err(e) => error.set(Some(e)),
                }
                busy.set(false);
            });
        }
        TemplateAction::Confirm => {
            if busy() {
                return;
            }
            let Some(current) = dialog() else {
                return;
            };
            match current {
                TemplatesDialog::Export(_) => dialog.set(None),
                TemplatesDialog::Edit { id, form } => {
                    let Ok(input) = form.to_input() else {
                        return;
                    };
                    busy.set(true);
                    error.set(None);
                    spawn(async move {
                        let result = match id {
                            Some(id) => api::update_template(UpdateTemplateRequest { id, input })
                                .await
                                .map(|_| ()),
                            None => api::create_template(input).await.map(|_| ()),
                        };
                        busy.set(false);
                        match result {
                            Ok(()) => {
                                dialog.set(None);
                                templates.restart();
                            }
                            Err(e) => error.set(Some(e)),
                        }
                    });
                }
                TemplatesDialog::ConfirmDelete(template) => {
                    busy.set(true);
                    error.set(None);
                    spawn(async move {
                        let result = api::delete_template(template.id.clone()).await;
                        busy.set(false);
                        dialog.set(None);
                        match result {
                            Ok(()) => templates.restart(),
                            Err(e) => error.set(Some(e)),
                        }
                    });
                }
                TemplatesDialog::Import { text, .. } => {
                    let inputs = match parse_import(&text) {
                        Ok(inputs) => inputs,
                        Err(problem) => {
                            dialog.set(Some(TemplatesDialog::Import {
                                text,
                                problem: Some(problem),
                            }));
                            return;
                        }
                    };
                    busy.set(true);
                    error.set(None);
                    spawn(async move {
                        let mut failed = None;
                        for input in inputs {
                            if let Err(e) = api::create_template(input).await {
                                failed = Some(e);
                                break;
                            }
                        }
                        busy.set(false);
                        dialog.set(None);
                        templates.restart();
                        if let Some(e) = failed {
                            error.set(Some(e));
                        }
                    });
                }
            }
        }
    };

    let now = Remote::from_result(templates.read().as_ref());
    rsx! {
        TemplatesView {
            lang: lang(),
            clock: Clock::system(),
            templates: now,
            providers: descriptors(),
            dialog: dialog(),
            busy: busy(),
            error: error(),
            on_action,
            on_retry: move |_: ()| {
                templates.restart();
                providers.restart();
            },
        }
    }
}
