//! The templates screen: every template with all its fields and, when `on_action` is given,
//! create / edit / duplicate / delete and import / export as JSON (see [`super::template_editor`]).

use super::common::{EmptyState, ErrorState, Field, LoadingState, PageHeader};
use super::providers::ActionError;
use super::template_editor::{TemplateAction, TemplatesDialog, TemplatesDialogView};
use crate::clock::Clock;
use crate::format;
use crate::i18n::studio::studio;
use crate::i18n::{Lang, t};
use crate::remote::Remote;
use dioxus::prelude::*;
use reelforge_protocol::{ApiError, ProviderDescriptor, TemplateDto};

/// The list of templates, from data alone. Without `on_action` the screen is read-only.
#[component]
pub fn TemplatesView(
    lang: Lang,
    clock: Clock,
    templates: Remote<Vec<TemplateDto>>,
    on_retry: Option<EventHandler<()>>,
    /// Descriptors for the edit form's choices.
    #[props(default)]
    providers: Vec<ProviderDescriptor>,
    #[props(default)] dialog: Option<TemplatesDialog>,
    #[props(default)] busy: bool,
    #[props(default)] error: Option<ApiError>,
    on_action: Option<EventHandler<TemplateAction>>,
) -> Element {
    let s = t(lang);
    let x = studio(lang);
    let body = match templates {
        Remote::Loading => rsx! {
            LoadingState { lang, id: "templates-loading" }
        },
        Remote::Failed(error) => rsx! {
            ErrorState { lang, error, id: "templates-error", on_retry }
        },
        Remote::Ready(list) if list.is_empty() => rsx! {
            EmptyState {
                id: "templates-empty",
                title: s.templates_empty,
                hint: s.templates_empty_hint,
            }
        },
        Remote::Ready(list) => rsx! {
            div { id: "templates-grid", class: "card-grid", role: "list",
                for template in list {
                    TemplateCard { key: "{template.id}", lang, clock, template: template.clone(), on_action }
                }
            }
        },
    };
    rsx! {
        section { id: "templates-page", class: "page", "data-testid": "templates-page",
            PageHeader { title: s.templates_title, subtitle: s.templates_subtitle,
                if let Some(on_action) = on_action {
                    button {
                        class: "button ghost",
                        r#type: "button",
                        id: "templates-import",
                        onclick: move |_| on_action.call(TemplateAction::OpenImport),
                        "{x.import_templates}"
                    }
                    button {
                        class: "button",
                        r#type: "button",
                        id: "templates-new",
                        onclick: move |_| on_action.call(TemplateAction::New),
                        "+ {x.new_template}"
                    }
                }
            }
            if let (Some(error), Some(on_action)) = (error, on_action) {
                ActionError { lang, error, on_dismiss: move |_| on_action.call(TemplateAction::DismissError) }
            }
            {body}
            if let (Some(dialog), Some(on_action)) = (dialog, on_action) {
                TemplatesDialogView { lang, dialog, providers, busy, on_action }
            }
        }
    }
}

/// One template: name, badges, description, shape, generation settings, beats and style.
#[component]
pub fn TemplateCard(
    lang: Lang,
    clock: Clock,
    template: TemplateDto,
    on_action: Option<EventHandler<TemplateAction>>,
) -> Element {
    let s = t(lang);
    let x = studio(lang);
    let input = &template.input;
    let id = template.id.to_string();
    let duration = u64::from(input.segment_duration_s);
    let shape = format!(
        "{} × {}",
        input.segment_count,
        format::seconds(lang, duration)
    );
    let total = format!(
        "{} {}",
        s.total_duration,
        format::seconds(lang, duration * u64::from(input.segment_count))
    );
    let model = input
        .model
        .clone()
        .unwrap_or_else(|| s.provider_default_model.to_owned());
    let fallbacks = if input.fallback_providers.is_empty() {
        s.none.to_owned()
    } else {
        input.fallback_providers.join(", ")
    };
    let allow_fallback = if input.allow_fallback { s.yes } else { s.no };
    let updated = format::date_time(lang, clock, template.updated_at);
    let style = &input.style;
    let style_rows: Vec<(&str, String)> = [
        (s.style_character, style.character.clone()),
        (s.style_scene, style.scene.clone()),
        (s.style_visual, style.visual_style.clone()),
    ]
    .into_iter()
    .filter(|(_, text)| !text.is_empty())
    .collect();
    let has_style = !style_rows.is_empty();
    rsx! {
        article {
            class: "template-card card",
            role: "listitem",
            "data-testid": "template-card",
            "data-template-id": "{id}",
            header { class: "card-header",
                h3 { class: "card-title", "{input.name}" }
                div { class: "card-badges",
                    if !input.pillar.is_empty() {
                        span { class: "badge badge-pillar", title: s.pillar, "{input.pillar}" }
                    }
                    if template.builtin {
                        span { class: "badge badge-builtin", "data-testid": "builtin-badge", "{s.builtin}" }
                    }
                }
            }
            if input.description.is_empty() {
                p { class: "card-description muted", "{s.no_description}" }
            } else {
                p { class: "card-description", "{input.description}" }
            }
            div { class: "card-shape",
                span { class: "shape-main", title: s.segments, "{shape}" }
                span { class: "shape-total", "{total}" }
                span { class: "tag", title: s.aspect_ratio, "{input.aspect_ratio}" }
            }
            dl { class: "fields",
                Field { label: s.provider, value: input.provider.clone() }
                Field { label: s.model, value: model }
                Field { label: s.mode, value: format::mode_label(lang, input.mode) }
                Field { label: s.segment_duration, value: format::seconds(lang, duration) }
                Field { label: s.fallback_providers, value: fallbacks }
                Field { label: s.allow_fallback, value: allow_fallback }
            }
            if !input.beats.is_empty() {
                div { class: "card-section",
                    h4 { class: "section-label", "{s.beats}" }
                    ol { class: "beats",
                        for (i, beat) in input.beats.iter().enumerate() {
                            li { key: "{i}", class: "beat", {format::beat_label(lang, beat)} }
                        }
                    }
                }
            }
            if has_style {
                div { class: "card-section",
                    h4 { class: "section-label", "{s.style}" }
                    dl { class: "fields fields-stacked",
                        for (label, text) in style_rows {
                            Field { key: "{label}", label, value: text }
                        }
                    }
                }
            }
            footer { class: "card-footer muted", "{s.updated} {updated}" }
            if let Some(on_action) = on_action {
                div { class: "card-actions", "data-testid": "template-actions",
                    CardButton { id: "template-{id}-edit", label: x.edit, action: TemplateAction::Edit(template.clone()), on_action }
                    CardButton { id: "template-{id}-duplicate", label: x.duplicate, action: TemplateAction::Duplicate(template.clone()), on_action }
                    CardButton { id: "template-{id}-export", label: x.export, action: TemplateAction::Export(template.clone()), on_action }
                    CardButton { id: "template-{id}-delete", label: x.delete, action: TemplateAction::AskDelete(template.clone()), on_action, danger: true }
                }
            }
        }
    }
}

#[component]
fn CardButton(
    id: String,
    label: String,
    action: TemplateAction,
    on_action: EventHandler<TemplateAction>,
    #[props(default)] danger: bool,
) -> Element {
    let class = if danger {
        "button ghost small danger-text"
    } else {
        "button ghost small"
    };
    rsx! {
        button {
            class,
            r#type: "button",
            id,
            onclick: move |_| on_action.call(action.clone()),
            "{label}"
        }
    }
}
