//! The assembly form's caption choices: the style burned into the picture (or none) and the
//! platform whose safe zone holds it.

use super::assembly::AssemblyForm;
use crate::i18n::Lang;
use crate::i18n::media::media as texts;
use dioxus::prelude::*;
use reelforge_protocol::{CaptionPlatform, CaptionStyle};

/// The label of each caption style.
pub fn style_label(lang: Lang, style: CaptionStyle) -> &'static str {
    let m = texts(lang);
    match style {
        CaptionStyle::BoldPop => m.caption_bold_pop,
        CaptionStyle::Karaoke => m.caption_karaoke,
        CaptionStyle::CleanSubtitle => m.caption_clean,
        CaptionStyle::None => m.caption_none,
    }
}

/// The label of each platform's safe zone.
pub fn platform_label(lang: Lang, platform: CaptionPlatform) -> &'static str {
    let m = texts(lang);
    match platform {
        CaptionPlatform::All => m.platform_all,
        CaptionPlatform::Tiktok => m.platform_tiktok,
        CaptionPlatform::Reels => m.platform_reels,
        CaptionPlatform::Shorts => m.platform_shorts,
    }
}

/// Caption style and safe zone selects; each change sends the whole next form.
#[component]
pub(super) fn CaptionChoice(
    lang: Lang,
    form: AssemblyForm,
    busy: bool,
    on_form: EventHandler<AssemblyForm>,
) -> Element {
    let m = texts(lang);
    let on_style = {
        let form = form.clone();
        move |event: FormEvent| {
            let mut next = form.clone();
            next.caption_style = CaptionStyle::parse(&event.value()).unwrap_or_default();
            on_form.call(next);
        }
    };
    let on_platform = {
        let form = form.clone();
        move |event: FormEvent| {
            let mut next = form.clone();
            next.caption_platform = CaptionPlatform::parse(&event.value()).unwrap_or_default();
            on_form.call(next);
        }
    };
    rsx! {
        label { class: "form-field",
            span { class: "form-label", "{m.caption_style}" }
            select {
                class: "select",
                id: "assembly-caption-style",
                disabled: busy,
                onchange: on_style,
                for style in CaptionStyle::ALL {
                    option {
                        key: "{style.id()}",
                        value: "{style.id()}",
                        selected: form.caption_style == style,
                        "{style_label(lang, style)}"
                    }
                }
            }
        }
        label { class: "form-field",
            span { class: "form-label", "{m.caption_platform}" }
            select {
                class: "select",
                id: "assembly-caption-platform",
                disabled: busy || !form.caption_style.is_burned(),
                onchange: on_platform,
                for platform in CaptionPlatform::ALL {
                    option {
                        key: "{platform.id()}",
                        value: "{platform.id()}",
                        selected: form.caption_platform == platform,
                        "{platform_label(lang, platform)}"
                    }
                }
            }
        }
        span { class: "form-hint", "{m.burn_captions_hint}" }
    }
}
