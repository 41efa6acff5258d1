//! The window's frame: a sidebar (app name, navigation, language switch) beside the current
//! screen.

use crate::i18n::{Lang, t, use_lang};
use crate::preferences;
use crate::route::Route;
use crate::views::common::LanguageSwitch;
use dioxus::prelude::*;

/// The layout route: sidebar on the left, the routed screen on the right.
#[component]
pub fn Shell() -> Element {
    let mut lang = use_lang();
    let route = use_route::<Route>();
    let current = lang();
    let s = t(current);
    let on_dashboard = matches!(
        route,
        Route::Dashboard {} | Route::Job { .. } | Route::NewJob { .. }
    );
    let on_templates = matches!(route, Route::Templates {});
    let x = crate::i18n::studio::studio(current);
    rsx! {
        div { class: "app-shell", id: "app-shell",
            aside { class: "sidebar", id: "sidebar",
                div { class: "brand",
                    span { class: "brand-mark", "aria-hidden": "true" }
                    div { class: "brand-text",
                        span { class: "brand-name", id: "app-name", "Reelforge" }
                        span { class: "brand-tagline", "{s.app_tagline}" }
                    }
                }
                nav { class: "nav", "aria-label": s.nav_label,
                    NavLink {
                        to: Route::Dashboard {},
                        id: "nav-dashboard",
                        icon: "icon-dashboard",
                        label: s.nav_dashboard,
                        active: on_dashboard,
                    }
                    NavLink {
                        to: Route::Templates {},
                        id: "nav-templates",
                        icon: "icon-templates",
                        label: s.nav_templates,
                        active: on_templates,
                    }
                    NavLink {
                        to: Route::Quick {},
                        id: "nav-quick",
                        icon: "icon-quick",
                        label: x.nav_quick,
                        active: matches!(route, Route::Quick {}),
                    }
                    NavLink {
                        to: Route::Providers {},
                        id: "nav-providers",
                        icon: "icon-providers",
                        label: x.nav_providers,
                        active: matches!(route, Route::Providers {}),
                    }
                    NavLink {
                        to: Route::Settings {},
                        id: "nav-settings",
                        icon: "icon-settings",
                        label: x.nav_settings,
                        active: matches!(route, Route::Settings {}),
                    }
                }
                div { class: "sidebar-footer",
                    crate::shortcuts::ShortcutLayer {}
                    LanguageSwitch {
                        lang: current,
                        on_change: move |next: Lang| {
                            lang.set(next);
                            preferences::remember_lang(next);
                        },
                    }
                }
            }
            main { class: "main", id: "main-area",
                Outlet::<Route> {}
            }
        }
    }
}

#[component]
fn NavLink(to: Route, id: String, icon: String, label: String, active: bool) -> Element {
    let class = if active {
        "nav-link active"
    } else {
        "nav-link"
    };
    rsx! {
        Link { to, id, class,
            span { class: "nav-icon {icon}", "aria-hidden": "true" }
            span { "{label}" }
        }
    }
}
