//! The new job wizard. Step 1 (setup): title, subject, template with its structure and cost,
//! overrides. Step 2 (segments): one card per segment of the draft job the first step created,
//! with a live total estimate and "Generate" behind a cost confirmation.
//!
//! Every choice of provider, model, mode and duration comes from the providers' descriptors
//! (`list_providers`); no provider is named here. The live estimate is computed from those
//! descriptors' pricing exactly as the engine does (`Pricing::clip_micros` of the segment's
//! model and duration); the engine's own `estimate_job` is shown in the confirmation dialog,
//! after the segments are saved, and is the one that counts.
//!
//! Reference images: files dropped from the OS on the window are imported by the shell, which
//! says which (`files_dropped`); the page gives them to the card under the drop point, else to
//! the "armed" card (the last one clicked or focused, highlighted, the first one at the start).
//! Each card shows its images (preview URLs) with a way to remove one, and the files the shell
//! refused with their reason.
//!
//! Voice & captions (step 2, when the page gives its state): the section shared with the job
//! screen ([`super::voice::VoicePanel`]), measuring each draft's narration against its clip;
//! a voice longer than its clip is also said beside "Generate", before launch.

mod descriptors;
mod drop_zone;
mod overrides;
mod segment_card;
mod segment_draft;
mod segments_step;
mod setup_form;
mod setup_step;

pub use descriptors::{clip_cost, find_model, find_provider, pricing_label, snap_duration};
pub use segment_draft::{
    CARD_SELECTOR, Missing, ReferenceState, SegmentDraft, SegmentProblem, drafts_for, drafts_total,
};
pub use setup_form::{
    DEFAULT_SEGMENT_COUNT, MAX_SEGMENT_COUNT, SetupError, SetupForm, preview_config,
};
pub use setup_step::orientation;

use super::common::{ErrorState, LoadingState, PageHeader, RouteLink};
use super::dialogs::LaunchDialog;
use super::voice::{VoiceEvent, VoiceState};
use crate::format;
use crate::i18n::{Lang, t};
use crate::remote::Remote;
use crate::route::Route;
use dioxus::prelude::*;
use reelforge_protocol::{
    ApiError, AssetId, CostEstimate, JobDetail, ProviderDescriptor, ScriptLanguage, TemplateDto,
    VoiceDescriptor,
};
use segments_step::SegmentsStep;
pub use segments_step::draft_lines;
use setup_step::SetupStep;

/// The two steps of the wizard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WizardStep {
    #[default]
    Setup,
    Segments,
}

/// What the wizard is waiting for, if anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WizardBusy {
    /// Step 1 → 2: the draft job is being created.
    Creating,
    /// The segments are being saved and the engine's estimate fetched.
    Saving,
    /// `launch_job` is running.
    Launching,
}

/// A handler for a text control that edits a copy of `value` and sends it on.
fn edit<T: Clone + 'static>(
    value: &T,
    on_change: EventHandler<T>,
    apply: impl Fn(&mut T, String) + 'static,
) -> impl FnMut(FormEvent) + 'static {
    let value = value.clone();
    move |event: FormEvent| {
        let mut next = value.clone();
        apply(&mut next, event.value());
        on_change.call(next);
    }
}

/// The whole wizard, from data alone.
///
/// `templates` and `providers` are what the shell listed; `job` is the draft job step 1
/// created (step 2 edits its segments as `drafts`); `confirm` is the engine's estimate shown in
/// the cost confirmation; `references` the reference images' URLs, armed card, refused files
/// and saving state. `on_arm` receives the card clicked or focused, `on_remove_reference` an
/// image to take off a card.
#[component]
pub fn NewJobView(
    lang: Lang,
    templates: Remote<Vec<TemplateDto>>,
    providers: Remote<Vec<ProviderDescriptor>>,
    #[props(default)] step: WizardStep,
    form: SetupForm,
    #[props(default)] job: Option<JobDetail>,
    #[props(default)] drafts: Vec<SegmentDraft>,
    #[props(default)] busy: Option<WizardBusy>,
    #[props(default)] error: Option<ApiError>,
    #[props(default)] confirm: Option<CostEstimate>,
    #[props(default)] on_form: EventHandler<SetupForm>,
    #[props(default)] on_continue: EventHandler<()>,
    #[props(default)] on_back: EventHandler<()>,
    #[props(default)] on_draft: EventHandler<SegmentDraft>,
    #[props(default)] on_generate: EventHandler<()>,
    #[props(default)] on_confirm: EventHandler<()>,
    #[props(default)] on_dismiss: EventHandler<()>,
    #[props(default)] on_dismiss_error: EventHandler<()>,
    #[props(default)] references: ReferenceState,
    #[props(default)] on_arm: EventHandler<u32>,
    #[props(default)] on_remove_reference: EventHandler<(u32, AssetId)>,
    #[props(default)] on_dismiss_rejected: EventHandler<()>,
    #[props(default)] on_pick_references: EventHandler<u32>,
    #[props(default)] voices: Vec<VoiceDescriptor>,
    #[props(default)] voice: Option<VoiceState>,
    #[props(default)] voice_language: ScriptLanguage,
    #[props(default)] on_voice: EventHandler<VoiceEvent>,
    on_retry: Option<EventHandler<()>>,
) -> Element {
    let s = t(lang);
    let voice_warning = voice_warning(lang, voice.as_ref(), &drafts);
    let step_number = match step {
        WizardStep::Setup => 1,
        WizardStep::Segments => 2,
    };
    let loaded = match (&templates, &providers) {
        (Remote::Failed(error), _) | (_, Remote::Failed(error)) => Err(Some(error.clone())),
        (Remote::Ready(templates), Remote::Ready(providers)) => {
            Ok((templates.clone(), providers.clone()))
        }
        _ => Err(None),
    };
    let body = match loaded {
        Err(None) => rsx! {
            LoadingState { lang, id: "wizard-loading" }
        },
        Err(Some(error)) => rsx! {
            ErrorState { lang, error, id: "wizard-load-error", on_retry }
        },
        Ok((templates, providers)) => match (step, job) {
            (WizardStep::Segments, Some(job)) => rsx! {
                SegmentsStep {
                    lang,
                    job,
                    providers,
                    drafts,
                    busy,
                    on_back,
                    on_draft,
                    on_generate,
                    references,
                    on_arm,
                    on_remove_reference,
                    on_dismiss_rejected,
                    on_pick_references,
                    voices,
                    voice,
                    voice_language,
                    on_voice,
                }
            },
            _ => rsx! {
                SetupStep {
                    lang,
                    form: form.clone(),
                    templates,
                    providers,
                    busy,
                    on_form,
                    on_continue,
                }
            },
        },
    };
    let launching = busy == Some(WizardBusy::Launching);
    rsx! {
        section {
            id: "new-job",
            class: "page wizard",
            "data-testid": "new-job-page",
            "data-step": "{step_number}",
            onkeydown: move |event: KeyboardEvent| {
                let modifiers = event.modifiers();
                if step == WizardStep::Segments
                    && event.key() == Key::Enter
                    && (modifiers.ctrl() || modifiers.meta())
                {
                    event.prevent_default();
                    on_generate.call(());
                }
            },
            RouteLink { to: Route::Dashboard {}, class: "back-link", id: "wizard-back-to-dashboard",
                "← {s.back_to_dashboard}"
            }
            PageHeader { title: s.new_job, subtitle: s.wizard_subtitle,
                Stepper { lang, step }
            }
            if let Some(error) = error {
                ActionError { lang, error, on_dismiss: on_dismiss_error }
            }
            {body}
            if let Some(estimate) = confirm {
                LaunchDialog {
                    lang,
                    estimate,
                    busy: launching,
                    on_confirm,
                    on_dismiss,
                    warning: voice_warning,
                }
            }
        }
    }
}

/// What the launch confirmation says when a measured narration outlasts its clip.
fn voice_warning(
    lang: Lang,
    voice: Option<&VoiceState>,
    drafts: &[SegmentDraft],
) -> Option<String> {
    let voice = voice.filter(|v| v.choice.narration.enabled)?;
    let long = super::voice::too_long(voice, &draft_lines(drafts)).len() as u64;
    let v = crate::i18n::voice::voice(lang);
    (long > 0).then(|| format!("{} {}", (v.too_long)(long), v.too_long_rule))
}

/// An action's error, above the form, with a way to put it away.
#[component]
pub fn ActionError(lang: Lang, error: ApiError, on_dismiss: EventHandler<()>) -> Element {
    let s = t(lang);
    let code = format::error_label(lang, &error);
    rsx! {
        div {
            class: "callout callout-danger action-error",
            id: "action-error",
            role: "alert",
            "data-error-code": error.code.as_str(),
            div { class: "callout-text",
                strong { "{s.action_failed}" }
                span { " · {code} · {error.message}" }
            }
            button {
                class: "button ghost small",
                r#type: "button",
                onclick: move |_| on_dismiss.call(()),
                "{s.dismiss}"
            }
        }
    }
}

#[component]
fn Stepper(lang: Lang, step: WizardStep) -> Element {
    let s = t(lang);
    let number: u64 = if step == WizardStep::Setup { 1 } else { 2 };
    let class_of = |mine: WizardStep, n: u64| {
        if mine == step {
            "step current"
        } else if n < number {
            "step done"
        } else {
            "step"
        }
    };
    rsx! {
        span { class: "step-count muted", id: "wizard-step-count", {(s.step_of)(number, 2)} }
        ol { class: "stepper", id: "wizard-steps", "aria-label": (s.step_of)(number, 2),
            li {
                class: class_of(WizardStep::Setup, 1),
                "aria-current": if step == WizardStep::Setup { "step" } else { "false" },
                span { class: "step-number", "1" }
                span { "{s.wizard_step_setup}" }
            }
            li { class: "step-line", "aria-hidden": "true" }
            li {
                class: class_of(WizardStep::Segments, 2),
                "aria-current": if step == WizardStep::Segments { "step" } else { "false" },
                span { class: "step-number", "2" }
                span { "{s.wizard_step_segments}" }
            }
        }
    }
}
