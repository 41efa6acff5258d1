//! The segment editor of the job screen (issue 17): a launched job's segment changed in place
//! (prompt, narration, mode, provider, model, duration) for its next take; earlier takes stay.
//! Saving sends only the fields that changed ([`changed_fields`]); the engine refuses with
//! `segment_busy` while a take of the segment is being generated, which the page words.

use crate::format;
use crate::i18n::Lang;
use crate::i18n::segment_edit::segment_edit;
use dioxus::prelude::*;
use reelforge_protocol::{GenerationMode, SegmentDto, SegmentPatch};

/// The fields of `segment` the form's values change, as a patch (empty when none does). An
/// empty model means the provider's default; a duration that is not a number is left as is.
pub fn changed_fields(
    segment: &SegmentDto,
    prompt: &str,
    narration: &str,
    mode: GenerationMode,
    provider: &str,
    model: &str,
    duration: &str,
) -> SegmentPatch {
    let model = Some(model.trim().to_owned()).filter(|m| !m.is_empty());
    let provider = provider.trim();
    SegmentPatch {
        beat: None,
        prompt: (prompt != segment.prompt).then(|| prompt.to_owned()),
        narration: (narration != segment.narration).then(|| narration.to_owned()),
        mode: (mode != segment.mode).then_some(mode),
        provider: (!provider.is_empty() && provider != segment.provider.as_str())
            .then(|| provider.into()),
        model: (model != segment.model).then_some(model),
        duration_s: duration
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|d| *d != segment.duration_s),
    }
}

/// The form: the segment's settings, Save (sends what changed) and Cancel.
#[component]
pub fn SegmentEditor(
    lang: Lang,
    segment: SegmentDto,
    busy: bool,
    on_save: EventHandler<SegmentPatch>,
    on_close: EventHandler<()>,
) -> Element {
    let e = segment_edit(lang);
    let number = u64::from(segment.index) + 1;
    let mut prompt = use_signal(|| segment.prompt.clone());
    let mut narration = use_signal(|| segment.narration.clone());
    let mut mode = use_signal(|| segment.mode);
    let mut provider = use_signal(|| segment.provider.to_string());
    let mut model = use_signal(|| segment.model.clone().unwrap_or_default());
    let mut duration = use_signal(|| segment.duration_s.to_string());
    let save = move |_| {
        let patch = changed_fields(
            &segment,
            &prompt.read(),
            &narration.read(),
            mode(),
            &provider.read(),
            &model.read(),
            &duration.read(),
        );
        if patch == SegmentPatch::default() {
            on_close.call(());
        } else {
            on_save.call(patch);
        }
    };
    rsx! {
        form {
            class: "segment-editor card",
            "data-testid": "segment-editor",
            onsubmit: move |event| {
                event.prevent_default();
            },
            h4 { class: "segment-editor-title", {(e.title)(number)} }
            label { class: "form-field",
                span { class: "form-label", "{e.prompt}" }
                textarea {
                    class: "input textarea",
                    name: "prompt",
                    rows: "3",
                    value: "{prompt}",
                    oninput: move |ev| prompt.set(ev.value()),
                }
            }
            label { class: "form-field",
                span { class: "form-label", "{e.narration}" }
                textarea {
                    class: "input textarea",
                    name: "narration",
                    rows: "2",
                    value: "{narration}",
                    oninput: move |ev| narration.set(ev.value()),
                }
            }
            div { class: "form-row",
                label { class: "form-field",
                    span { class: "form-label", "{e.mode}" }
                    select {
                        class: "select",
                        name: "mode",
                        onchange: move |ev| {
                            if let Ok(next) = ev.value().parse::<GenerationMode>() {
                                mode.set(next);
                            }
                        },
                        for m in GenerationMode::ALL {
                            option {
                                key: "{m.as_str()}",
                                value: "{m.as_str()}",
                                selected: m == mode(),
                                {format::mode_label(lang, m)}
                            }
                        }
                    }
                }
                label { class: "form-field",
                    span { class: "form-label", "{e.provider}" }
                    input {
                        class: "input",
                        name: "provider",
                        value: "{provider}",
                        oninput: move |ev| provider.set(ev.value()),
                    }
                }
                label { class: "form-field",
                    span { class: "form-label", "{e.model}" }
                    input {
                        class: "input",
                        name: "model",
                        placeholder: e.model_hint,
                        value: "{model}",
                        oninput: move |ev| model.set(ev.value()),
                    }
                }
                label { class: "form-field",
                    span { class: "form-label", "{e.duration}" }
                    input {
                        class: "input",
                        name: "duration",
                        r#type: "number",
                        min: "1",
                        value: "{duration}",
                        oninput: move |ev| duration.set(ev.value()),
                    }
                }
            }
            p { class: "form-hint", "{e.takes_hint}" }
            div { class: "toolbar",
                button {
                    class: "button ghost small",
                    r#type: "button",
                    "data-action": "close-editor",
                    onclick: move |_| on_close.call(()),
                    "{e.close}"
                }
                button {
                    class: "button small",
                    r#type: "button",
                    "data-action": "save-segment",
                    disabled: busy,
                    onclick: save,
                    "{e.save}"
                }
            }
        }
    }
}
