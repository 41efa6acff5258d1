//! The templates screen: every template with all its fields.

use super::common::{EmptyState, ErrorState, Field, LoadingState, PageHeader};
use crate::clock::Clock;
use crate::format;
use crate::i18n::{Lang, t};
use crate::remote::Remote;
use dioxus::prelude::*;
use reelforge_protocol::TemplateDto;

/// The list of templates, from data alone.
#[component]
pub fn TemplatesView(
    lang: Lang,
    clock: Clock,
    templates: Remote<Vec<TemplateDto>>,
    on_retry: Option<EventHandler<()>>,
) -> Element {
    let s = t(lang);
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
                    TemplateCard { key: "{template.id}", lang, clock, template: template.clone() }
                }
            }
        },
    };
    rsx! {
        section { id: "templates-page", class: "page", "data-testid": "templates-page",
            PageHeader { title: s.templates_title, subtitle: s.templates_subtitle }
            {body}
        }
    }
}

/// One template: name, badges, description, shape, generation settings, beats and style.
#[component]
pub fn TemplateCard(lang: Lang, clock: Clock, template: TemplateDto) -> Element {
    let s = t(lang);
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
                            li { key: "{i}", class: "beat", "{beat}" }
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
        }
    }
}
