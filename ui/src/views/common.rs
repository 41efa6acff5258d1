//! Small pieces every screen uses: links that work with or without a router, status badges,
//! progress bars, page headers, the language switch and the loading, error and empty states.

use crate::format;
use crate::i18n::{Lang, t};
use crate::route::Route;
use dioxus::prelude::*;
use dioxus::router::RouterContext;
use reelforge_protocol::{ApiError, JobStatus};

/// A link to a screen. Inside the router it navigates without reloading; outside one (views
/// rendered on their own, as in tests) it is a plain anchor to the same address.
#[component]
pub fn RouteLink(
    to: Route,
    #[props(default)] class: String,
    #[props(default)] id: String,
    children: Element,
) -> Element {
    let in_router = use_hook(|| try_consume_context::<RouterContext>().is_some());
    let id = (!id.is_empty()).then_some(id);
    if in_router {
        rsx! {
            Link { to, class, id, {children} }
        }
    } else {
        let href = to.to_string();
        rsx! {
            a { href, class, id, {children} }
        }
    }
}

/// The title block of a screen, with optional actions on the right.
#[component]
pub fn PageHeader(
    title: String,
    #[props(default)] subtitle: String,
    #[props(default)] children: Element,
) -> Element {
    rsx! {
        header { class: "page-header",
            div { class: "page-heading",
                h1 { class: "page-title", "{title}" }
                if !subtitle.is_empty() {
                    p { class: "page-subtitle", "{subtitle}" }
                }
            }
            div { class: "page-actions", {children} }
        }
    }
}

/// A coloured pill with the translated status.
#[component]
pub fn StatusBadge(lang: Lang, status: JobStatus) -> Element {
    let label = format::status_label(lang, status);
    let code = status.as_str();
    rsx! {
        span {
            class: "badge status status-{code}",
            "data-status": code,
            span { class: "status-dot", "aria-hidden": "true" }
            "{label}"
        }
    }
}

/// Segments done over segments in the job, as a bar and a count.
#[component]
pub fn SegmentProgress(done: u32, total: u32) -> Element {
    let pct = format::percent(done, total);
    let max = total.max(1);
    let value = done.min(total);
    rsx! {
        div { class: "progress", title: "{pct}%",
            progress { class: "progress-bar", max: "{max}", value: "{value}" }
            span { class: "progress-count", "{done}/{total}" }
        }
    }
}

/// Shown while data is on its way.
#[component]
pub fn LoadingState(lang: Lang, #[props(default)] id: String) -> Element {
    let id = (!id.is_empty()).then_some(id);
    rsx! {
        div { class: "state state-loading", id, role: "status", "aria-live": "polite",
            span { class: "spinner", "aria-hidden": "true" }
            span { "{t(lang).loading}" }
        }
    }
}

/// Shown when the shell answered with an error; offers a retry when one is given.
#[component]
pub fn ErrorState(
    lang: Lang,
    error: ApiError,
    #[props(default)] id: String,
    on_retry: Option<EventHandler<()>>,
) -> Element {
    let s = t(lang);
    let id = (!id.is_empty()).then_some(id);
    let code_label = format::error_label(lang, &error);
    let code = error.code.as_str();
    rsx! {
        div { class: "state state-error", id, role: "alert", "data-error-code": code,
            p { class: "state-title", "{s.error_title}" }
            p { class: "state-detail",
                span { class: "error-code", "{code_label}" }
                " · {error.message}"
            }
            if let Some(on_retry) = on_retry {
                button {
                    class: "button",
                    r#type: "button",
                    onclick: move |_| on_retry.call(()),
                    "{s.retry}"
                }
            }
        }
    }
}

/// Shown when there is nothing to list.
#[component]
pub fn EmptyState(title: String, #[props(default)] hint: String, id: String) -> Element {
    rsx! {
        div { class: "state state-empty", id,
            span { class: "empty-glyph", "aria-hidden": "true" }
            p { class: "state-title", "{title}" }
            if !hint.is_empty() {
                p { class: "state-detail", "{hint}" }
            }
        }
    }
}

/// The two-language segmented switch of the sidebar.
#[component]
pub fn LanguageSwitch(lang: Lang, on_change: EventHandler<Lang>) -> Element {
    let label = t(lang).language;
    rsx! {
        div { class: "lang-switch", id: "lang-switch", role: "group", "aria-label": label,
            span { class: "lang-label", "{label}" }
            div { class: "segmented",
                for option in Lang::ALL {
                    LanguageButton { key: "{option.code()}", option, current: lang, on_change }
                }
            }
        }
    }
}

#[component]
fn LanguageButton(option: Lang, current: Lang, on_change: EventHandler<Lang>) -> Element {
    let code = option.code();
    let name = option.native_name();
    let active = option == current;
    let class = if active { "segment active" } else { "segment" };
    rsx! {
        button {
            r#type: "button",
            id: "lang-{code}",
            class,
            lang: code,
            "aria-pressed": active,
            onclick: move |_| on_change.call(option),
            "{name}"
        }
    }
}

/// A label and its value in a definition list.
#[component]
pub fn Field(label: String, value: String, #[props(default)] id: String) -> Element {
    let id = (!id.is_empty()).then_some(id);
    rsx! {
        div { class: "field", id,
            dt { "{label}" }
            dd { "{value}" }
        }
    }
}
