//! Managing templates: the create/edit form, the delete confirmation, and import/export as JSON
//! files (the [`TemplateInput`] format: no id, no dates, never a key).
//!
//! Choices of provider, model, mode, durations and aspect ratios come from the descriptors.

use super::dialogs::ConfirmDialog;
use crate::format;
use crate::i18n::studio::studio;
use crate::i18n::{Lang, t};
use dioxus::prelude::*;
use reelforge_protocol::{
    AspectRatio, GenerationMode, ProviderDescriptor, StyleDefaults, TemplateDto, TemplateId,
    TemplateInput,
};

/// The most segments a template may have here.
pub const MAX_SEGMENTS: u32 = 60;

/// The template form's fields, as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateForm {
    pub name: String,
    pub description: String,
    pub pillar: String,
    pub segment_count: String,
    pub segment_duration_s: String,
    pub aspect_ratio: AspectRatio,
    pub provider: String,
    /// Empty: the provider's default model.
    pub model: String,
    pub mode: GenerationMode,
    pub fallback_providers: Vec<String>,
    pub allow_fallback: bool,
    /// One beat per line.
    pub beats: String,
    pub style: StyleDefaults,
}

/// Why a template form cannot be saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateProblem {
    NameRequired,
    SegmentCount,
    Duration,
    ProviderRequired,
}

impl TemplateForm {
    /// A new template on the first listed provider and its default model.
    pub fn blank(providers: &[ProviderDescriptor]) -> Self {
        let provider = providers.first();
        let model = provider.and_then(|p| p.models.first());
        Self {
            name: String::new(),
            description: String::new(),
            pillar: String::new(),
            segment_count: "6".to_owned(),
            segment_duration_s: model
                .and_then(|m| m.durations_s.first())
                .copied()
                .unwrap_or(5)
                .to_string(),
            aspect_ratio: AspectRatio::Portrait,
            provider: provider.map(|p| p.id.clone()).unwrap_or_default(),
            model: String::new(),
            mode: model
                .and_then(|m| m.modes.first())
                .copied()
                .unwrap_or(GenerationMode::TextToVideo),
            fallback_providers: Vec::new(),
            allow_fallback: false,
            beats: String::new(),
            style: StyleDefaults::default(),
        }
    }

    pub fn from_input(input: &TemplateInput) -> Self {
        Self {
            name: input.name.clone(),
            description: input.description.clone(),
            pillar: input.pillar.clone(),
            segment_count: input.segment_count.to_string(),
            segment_duration_s: input.segment_duration_s.to_string(),
            aspect_ratio: input.aspect_ratio,
            provider: input.provider.clone(),
            model: input.model.clone().unwrap_or_default(),
            mode: input.mode,
            fallback_providers: input.fallback_providers.clone(),
            allow_fallback: input.allow_fallback,
            beats: input.beats.join("\n"),
            style: input.style.clone(),
        }
    }

    /// What `create_template` / `update_template` take, or the first problem.
    pub fn to_input(&self) -> Result<TemplateInput, TemplateProblem> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err(TemplateProblem::NameRequired);
        }
        let segment_count = match self.segment_count.trim().parse::<u32>() {
            Ok(n) if (1..=MAX_SEGMENTS).contains(&n) => n,
            _ => return Err(TemplateProblem::SegmentCount),
        };
        let segment_duration_s = match self.segment_duration_s.trim().parse::<u32>() {
            Ok(n) if (1..=600).contains(&n) => n,
            _ => return Err(TemplateProblem::Duration),
        };
        if self.provider.trim().is_empty() {
            return Err(TemplateProblem::ProviderRequired);
        }
        let model = self.model.trim();
        Ok(TemplateInput {
            name: name.to_owned(),
            description: self.description.trim().to_owned(),
            pillar: self.pillar.trim().to_owned(),
            segment_count,
            segment_duration_s,
            aspect_ratio: self.aspect_ratio,
            provider: self.provider.trim().to_owned(),
            model: (!model.is_empty()).then(|| model.to_owned()),
            mode: self.mode,
            fallback_providers: self
                .fallback_providers
                .iter()
                .filter(|p| **p != self.provider)
                .cloned()
                .collect(),
            allow_fallback: self.allow_fallback,
            beats: self
                .beats
                .lines()
                .map(str::trim)
                .filter(|b| !b.is_empty())
                .map(str::to_owned)
                .collect(),
            style: StyleDefaults {
                character: self.style.character.trim().to_owned(),
                scene: self.style.scene.trim().to_owned(),
                visual_style: self.style.visual_style.trim().to_owned(),
            },
        })
    }
}

/// The copy made by "Duplicate": same fields, the name marked as a copy.
pub fn duplicate_input(lang: Lang, template: &TemplateDto) -> TemplateInput {
    let mut input = template.input.clone();
    input.name = (studio(lang).copy_of)(&input.name);
    input
}

/// A template as an export file: pretty JSON of its fields (no id, no dates, no key).
pub fn export_json(input: &TemplateInput) -> String {
    serde_json::to_string_pretty(input).unwrap_or_default()
}

/// A file name for an exported template: its name in lowercase ASCII words.
pub fn export_file_name(input: &TemplateInput) -> String {
    let mut slug = String::new();
    for ch in input.name.chars() {
        if ch.is_ascii_alphanumeric() {
            slug.push(ch.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    let slug = if slug.is_empty() { "template" } else { slug };
    format!("{slug}.template.json")
}

/// A `data:` URL of `text`, for a download link.
pub fn data_url(text: &str) -> String {
    let mut url = String::from("data:application/json;charset=utf-8,");
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            url.push(char::from(byte));
        } else {
            url.push_str(&format!("%{byte:02X}"));
        }
    }
    url
}

/// The templates of an import file: one template, or a list of them (an exported
/// `TemplateDto` is accepted too; its id and dates are ignored).
pub fn parse_import(text: &str) -> Result<Vec<TemplateInput>, String> {
    let value: serde_json::Value = serde_json::from_str(text.trim()).map_err(|e| e.to_string())?;
    let list = match value {
        serde_json::Value::Array(items) => items,
        other => vec![other],
    };
    if list.is_empty() {
        return Err("[]".to_owned());
    }
    list.into_iter()
        .map(|item| serde_json::from_value::<TemplateInput>(item).map_err(|e| e.to_string()))
        .collect()
}

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

fn edit(
    form: &TemplateForm,
    on_action: EventHandler<TemplateAction>,
    apply: impl Fn(&mut TemplateForm, String) + 'static,
) -> impl FnMut(FormEvent) + 'static {
    let form = form.clone();
    move |event: FormEvent| {
        let mut next = form.clone();
        apply(&mut next, event.value());
        on_action.call(TemplateAction::Form(next));
    }
}

/// The create / edit form.
#[component]
pub fn TemplateEditor(
    lang: Lang,
    editing: bool,
    form: TemplateForm,
    providers: Vec<ProviderDescriptor>,
    busy: bool,
    on_action: EventHandler<TemplateAction>,
) -> Element {
    let x = studio(lang);
    let s = t(lang);
    let problem = form.to_input().err().map(|p| match p {
        TemplateProblem::NameRequired => x.name_required,
        TemplateProblem::SegmentCount => x.segment_count_invalid,
        TemplateProblem::Duration => x.duration_invalid,
        TemplateProblem::ProviderRequired => x.provider_required,
    });
    let provider = providers.iter().find(|p| p.id == form.provider).cloned();
    let model = provider
        .as_ref()
        .and_then(|p| p.model((!form.model.is_empty()).then_some(form.model.as_str())))
        .cloned();
    let durations: Vec<u32> = model
        .as_ref()
        .map(|m| m.durations_s.clone())
        .unwrap_or_default();
    let ratios: Vec<AspectRatio> = model
        .as_ref()
        .map(|m| m.aspect_ratios.clone())
        .filter(|r| !r.is_empty())
        .unwrap_or_else(|| AspectRatio::ALL.to_vec());
    let modes: Vec<GenerationMode> = model
        .as_ref()
        .map(|m| m.modes.clone())
        .filter(|m| !m.is_empty())
        .unwrap_or_else(|| GenerationMode::ALL.to_vec());
    let mut warnings = Vec::new();
    if provider.is_none() && !form.provider.is_empty() {
        warnings.push(s.problem_unknown_provider.to_owned());
    } else if model.is_none() && !form.model.is_empty() {
        warnings.push(s.problem_unknown_model.to_owned());
    }
    if !ratios.contains(&form.aspect_ratio) {
        warnings.push((s.problem_aspect)(form.aspect_ratio.as_str()));
    }
    if !modes.contains(&form.mode) {
        warnings.push(s.problem_mode.to_owned());
    }
    let title = if editing {
        x.edit_template
    } else {
        x.new_template
    };
    let confirm_label = if editing { x.save_changes } else { x.create };
    let default_model = provider
        .as_ref()
        .and_then(|p| p.models.first())
        .map(|m| m.display_name.clone())
        .unwrap_or_default();
    let fallbacks: Vec<ProviderDescriptor> = providers
        .iter()
        .filter(|p| p.id != form.provider)
        .cloned()
        .collect();
    let duration_value = form.segment_duration_s.clone();
    let on_provider = {
        let form = form.clone();
        let providers = providers.clone();
        move |event: FormEvent| {
            let mut next = form.clone();
            next.provider = event.value();
            next.model = String::new();
            if let Some(m) = providers
                .iter()
                .find(|p| p.id == next.provider)
                .and_then(|p| p.models.first())
            {
                if !m.modes.contains(&next.mode)
                    && let Some(mode) = m.modes.first()
                {
                    next.mode = *mode;
                }
                let wanted = next.segment_duration_s.parse().unwrap_or(5);
                if !m.durations_s.is_empty() && !m.durations_s.contains(&wanted) {
                    next.segment_duration_s =
                        super::new_job::snap_duration(wanted, &m.durations_s).to_string();
                }
            }
            next.fallback_providers.retain(|p| *p != next.provider);
            on_action.call(TemplateAction::Form(next));
        }
    };
    rsx! {
        ConfirmDialog {
            lang,
            id: "template-editor",
            title,
            confirm_label,
            busy,
            disabled: problem.is_some(),
            on_confirm: move |_| on_action.call(TemplateAction::Confirm),
            on_dismiss: move |_| on_action.call(TemplateAction::Close),
            div { class: "form-body template-form",
                label { class: "form-field",
                    span { class: "form-label", "{x.name}" }
                    input {
                        class: "input wide",
                        id: "template-name",
                        r#type: "text",
                        value: "{form.name}",
                        oninput: edit(&form, on_action, |f, v| f.name = v),
                    }
                }
                label { class: "form-field",
                    span { class: "form-label", "{x.description}" }
                    textarea {
                        class: "input textarea",
                        id: "template-description",
                        rows: "2",
                        value: "{form.description}",
                        oninput: edit(&form, on_action, |f, v| f.description = v),
                    }
                }
                div { class: "form-grid",
                    label { class: "form-field",
                        span { class: "form-label", "{s.pillar}" }
                        input {
                            class: "input",
                            id: "template-pillar",
                            r#type: "text",
                            value: "{form.pillar}",
                            oninput: edit(&form, on_action, |f, v| f.pillar = v),
                        }
                    }
                    label { class: "form-field",
                        span { class: "form-label", "{s.segment_count_label}" }
                        input {
                            class: "input narrow",
                            id: "template-segment-count",
                            r#type: "number",
                            min: "1",
                            max: "{MAX_SEGMENTS}",
                            value: "{form.segment_count}",
                            oninput: edit(&form, on_action, |f, v| f.segment_count = v),
                        }
                    }
                    label { class: "form-field",
                        span { class: "form-label", "{s.segment_duration}" }
                        if durations.is_empty() {
                            input {
                                class: "input narrow",
                                id: "template-duration",
                                r#type: "number",
                                min: "1",
                                value: "{form.segment_duration_s}",
                                oninput: edit(&form, on_action, |f, v| f.segment_duration_s = v),
                            }
                        } else {
                            select {
                                class: "select",
                                id: "template-duration",
                                value: "{duration_value}",
                                onchange: edit(&form, on_action, |f, v| f.segment_duration_s = v),
                                for d in durations.iter().copied() {
                                    option {
                                        key: "{d}",
                                        value: "{d}",
                                        selected: duration_value == d.to_string(),
                                        {format::seconds(lang, u64::from(d))}
                                    }
                                }
                            }
                        }
                    }
                    label { class: "form-field",
                        span { class: "form-label", "{s.aspect_ratio}" }
                        select {
                            class: "select",
                            id: "template-aspect",
                            value: "{form.aspect_ratio}",
                            onchange: edit(&form, on_action, |f, v| {
                                if let Ok(r) = v.parse() {
                                    f.aspect_ratio = r;
                                }
                            }),
                            for r in AspectRatio::ALL {
                                option {
                                    key: "{r}",
                                    value: "{r}",
                                    selected: form.aspect_ratio == r,
                                    disabled: !ratios.contains(&r),
                                    "{r}"
                                }
                            }
                        }
                    }
                }
                div { class: "form-grid",
                    label { class: "form-field",
                        span { class: "form-label", "{s.provider}" }
                        select {
                            class: "select wide",
                            id: "template-provider",
                            value: "{form.provider}",
                            onchange: on_provider,
                            if provider.is_none() {
                                option { value: "{form.provider}", selected: true, "{form.provider}" }
                            }
                            for p in providers.iter() {
                                option {
                                    key: "{p.id}",
                                    value: "{p.id}",
                                    selected: p.id == form.provider,
                                    "{p.display_name} — {p.label}"
                                }
                            }
                        }
                    }
                    label { class: "form-field",
                        span { class: "form-label", "{s.model}" }
                        select {
                            class: "select wide",
                            id: "template-model",
                            value: "{form.model}",
                            onchange: edit(&form, on_action, |f, v| f.model = v),
                            option { value: "", selected: form.model.is_empty(), {(s.model_default)(&default_model)} }
                            if let Some(p) = provider.clone() {
                                for m in p.models {
                                    option {
                                        key: "{m.id}",
                                        value: "{m.id}",
                                        selected: form.model == m.id,
                                        "{m.display_name}"
                                    }
                                }
                            }
                        }
                    }
                    label { class: "form-field",
                        span { class: "form-label", "{s.mode}" }
                        select {
                            class: "select",
                            id: "template-mode",
                            value: "{form.mode.as_str()}",
                            onchange: edit(&form, on_action, |f, v| {
                                if let Some(mode) = GenerationMode::ALL.into_iter().find(|m| m.as_str() == v) {
                                    f.mode = mode;
                                }
                            }),
                            for m in GenerationMode::ALL {
                                option {
                                    key: "{m.as_str()}",
                                    value: "{m.as_str()}",
                                    selected: form.mode == m,
                                    disabled: !modes.contains(&m),
                                    {format::mode_label(lang, m)}
                                }
                            }
                        }
                    }
                }
                if !fallbacks.is_empty() {
                    fieldset { class: "form-field fallback-chain", id: "template-fallbacks",
                        legend { class: "form-label", "{s.fallback_providers}" }
                        p { class: "muted small", "{s.fallback_order_hint}" }
                        for p in fallbacks {
                            FallbackChoice { key: "{p.id}", provider: p.clone(), form: form.clone(), on_action }
                        }
                    }
                }
                label { class: "choice",
                    input {
                        r#type: "checkbox",
                        id: "template-allow-fallback",
                        checked: form.allow_fallback,
                        onchange: {
                            let form = form.clone();
                            move |event: FormEvent| {
                                let mut next = form.clone();
                                next.allow_fallback = event.checked();
                                on_action.call(TemplateAction::Form(next));
                            }
                        },
                    }
                    span { "{s.allow_fallback}" }
                }
                label { class: "form-field",
                    span { class: "form-label", "{s.beats}" }
                    textarea {
                        class: "input textarea",
                        id: "template-beats",
                        rows: "4",
                        placeholder: x.beats_placeholder,
                        value: "{form.beats}",
                        oninput: edit(&form, on_action, |f, v| f.beats = v),
                    }
                }
                fieldset { class: "form-field", id: "template-style",
                    legend { class: "form-label", "{s.style}" }
                    div { class: "form-grid",
                        label { class: "form-field",
                            span { class: "form-label", "{s.style_character}" }
                            input {
                                class: "input",
                                id: "template-style-character",
                                value: "{form.style.character}",
                                oninput: edit(&form, on_action, |f, v| f.style.character = v),
                            }
                        }
                        label { class: "form-field",
                            span { class: "form-label", "{s.style_scene}" }
                            input {
                                class: "input",
                                id: "template-style-scene",
                                value: "{form.style.scene}",
                                oninput: edit(&form, on_action, |f, v| f.style.scene = v),
                            }
                        }
                        label { class: "form-field",
                            span { class: "form-label", "{s.style_visual}" }
                            input {
                                class: "input",
                                id: "template-style-visual",
                                value: "{form.style.visual_style}",
                                oninput: edit(&form, on_action, |f, v| f.style.visual_style = v),
                            }
                        }
                    }
                }
                for warning in warnings {
                    p { class: "callout callout-warning", "data-testid": "template-warning", "{warning}" }
                }
                if let Some(problem) = problem {
                    p { class: "form-problem", role: "alert", id: "template-problem", "{problem}" }
                }
            }
        }
    }
}

#[component]
fn FallbackChoice(
    provider: ProviderDescriptor,
    form: TemplateForm,
    on_action: EventHandler<TemplateAction>,
) -> Element {
    let position = form
        .fallback_providers
        .iter()
        .position(|p| *p == provider.id);
    let id = provider.id.clone();
    rsx! {
        label { class: "choice inline",
            input {
                r#type: "checkbox",
                id: "template-fallback-{id}",
                checked: position.is_some(),
                onchange: move |_| {
                    let mut next = form.clone();
                    if position.is_some() {
                        next.fallback_providers.retain(|p| *p != id);
                    } else {
                        next.fallback_providers.push(id.clone());
                    }
                    on_action.call(TemplateAction::Form(next));
                },
            }
            if let Some(at) = position {
                span { class: "tag", "{at + 1}" }
            }
            span { "{provider.display_name}" }
            span { class: "muted small", "{provider.label}" }
        }
    }
}
