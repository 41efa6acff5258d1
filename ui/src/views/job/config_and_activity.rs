//! The job's resolved configuration and its activity log (each entry worded in the
//! interface's language from its structure).

use crate::clock::Clock;
use crate::format;
use crate::i18n::activity::{entry_line, entry_tag};
use crate::i18n::{Lang, t};
use crate::views::common::Field;
use dioxus::prelude::*;
use reelforge_protocol::{ActivityDto, ResolvedConfig};

/// What the job runs with after the template → job cascade.
#[component]
pub(super) fn ConfigPanel(lang: Lang, config: ResolvedConfig) -> Element {
    let s = t(lang);
    let model = config
        .model
        .clone()
        .unwrap_or_else(|| s.provider_default_model.to_owned());
    let fallbacks = if config.fallback_providers.is_empty() {
        s.none.to_owned()
    } else {
        config.fallback_providers.join(", ")
    };
    let allow = if config.allow_fallback { s.yes } else { s.no };
    rsx! {
        section { class: "panel", id: "job-config",
            header { class: "panel-header",
                h2 { class: "panel-title", "{s.config_title}" }
            }
            dl { class: "fields fields-grid",
                Field { label: s.aspect_ratio, value: config.aspect_ratio.as_str() }
                Field { label: s.provider, value: config.provider.clone() }
                Field { label: s.model, value: model }
                Field { label: s.mode, value: format::mode_label(lang, config.mode) }
                Field {
                    label: s.segment_duration,
                    value: format::seconds(lang, u64::from(config.segment_duration_s)),
                }
                Field { label: s.fallback_providers, value: fallbacks }
                Field { label: s.allow_fallback, value: allow }
            }
        }
    }
}

#[component]
pub(super) fn ActivityPanel(lang: Lang, clock: Clock, activity: Vec<ActivityDto>) -> Element {
    let s = t(lang);
    rsx! {
        section { class: "panel", id: "job-activity",
            header { class: "panel-header",
                h2 { class: "panel-title", "{s.activity_title}" }
            }
            if activity.is_empty() {
                p { class: "state-inline muted", id: "activity-empty", "{s.activity_empty}" }
            } else {
                ol { class: "activity", id: "activity-list",
                    for (i, line) in activity.iter().enumerate() {
                        li {
                            key: "{i}",
                            class: "activity-item",
                            "data-kind": line.entry.kind().to_owned(),
                            span { class: "activity-dot", "aria-hidden": "true" }
                            span { class: "activity-kind tag", {entry_tag(lang, &line.entry)} }
                            span { class: "activity-message", {entry_line(lang, &line.entry)} }
                            time {
                                class: "activity-time muted",
                                title: format::date_time(lang, clock, line.at),
                                {format::relative_time(lang, clock, line.at)}
                            }
                        }
                    }
                }
            }
        }
    }
}
