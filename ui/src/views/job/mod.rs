//! The job screen: header with the job's actions, live figures (progress, cost so far against
//! the estimate, budget), one card per segment with its live status, takes and actions, the
//! `submit_unknown` decisions, the configuration, the assembly panel and the activity log.
//!
//! Live: the page re-fetches on every `job_updated` event and raises running takes' progress
//! from `engine_event` progress events (see [`crate::job_events`]); nothing polls.
//!
//! Media: each take plays in an in-app `<video>` (its 720p preview proxy, falling back to the
//! original clip, with its thumbnail as the poster), takes side by side with "Use this take"
//! (`select_take`) on succeeded takes not in use; the segment's poster is the thumbnail of the
//! take in use. URLs come from the shell's preview server, fetched by the page ([`MediaUrls`]).
//!
//! The assembly panel chooses the export preset (the job's shape at 1080p, or a 720p draft),
//! the transition, burned-in captions, a music bed and a voice-over (files picked in the
//! shell's dialog, named by id), runs `assemble_job` and then shows the final video with its
//! path, captions file, summary, "Copy path" and "Show in folder" — also on reopening, from
//! the job's stored last assembly. Above it, the Voice & captions section
//! ([`super::voice::VoicePanel`]) when the page gives its state.
//!
//! The storyboard (issue 19, [`StoryboardPanel`]) heads the segments when the page gives it:
//! keyframes per segment, approved, then animated.

mod actions;
mod assembly;
mod caption_choice;
mod chain_panel;
mod config_and_activity;
mod export_formats;
mod focus_picker;
mod job_references;
mod own_clip;
mod progress;
mod promotion;
mod segment_card;
mod segment_editor;
mod storyboard;
mod takes;

pub use actions::{JobAction, JobConfirm, confirmation_for, segment_cost};
pub use assembly::{
    AssemblyForm, AssemblyState, AudioSlot, can_assemble, export_path, export_size, last_assembly,
};
pub use caption_choice::{platform_label, style_label};
pub use chain_panel::{ChainEvent, ChainPanel};
pub use focus_picker::{
    CropBox, KEY_STEP_PERMILLE, crop_boxes, focus_of, focus_request, point_after_key, point_at,
};
pub use progress::{job_percent, latest_take, segment_ready, take_in_use};
pub use segment_editor::{SegmentEditor, changed_fields};
pub use storyboard::{
    StoryboardEvent, StoryboardPanel, StoryboardState, has_keyframe, keyframe_media, shown_keyframe,
};
pub use takes::media_needed;

use super::common::{ErrorState, LoadingState, RouteLink, StatusBadge};
use super::new_job::ActionError;
use super::player::MediaUrls;
use super::voice::{VoiceEvent, VoicePanel, VoiceState, segment_lines};
use crate::clock::Clock;
use crate::format;
use crate::i18n::{Lang, t};
use crate::remote::Remote;
use crate::route::Route;
use actions::{JobActions, JobDialog};
use assembly::AssemblyPanel;
use config_and_activity::{ActivityPanel, ConfigPanel};
use dioxus::prelude::*;
use reelforge_protocol::{
    ApiError, ChainStatus, ImportedClip, JobDetail, ProviderDescriptor, ScriptLanguage,
    SetSegmentFocusRequest, VoiceDescriptor,
};
use segment_card::SegmentsPanel;

/// One job, from data alone.
///
/// `providers` prices retries; `busy` disables the actions while one runs; `error` is the last
/// action's error; `confirm` the question on screen; `media` the preview URLs fetched so far;
/// `assembly` the assembly panel's state. `on_action` receives what the person clicked,
/// `on_confirm` the confirmed question, `on_assembly` a changed assembly form, `on_assemble`
/// "Assemble", `on_copy_path` the path to copy, `on_reveal` "Show in folder" (the shell finds
/// the final video by the job's id), `on_pick_audio` "Choose…" for the music bed or the
/// voice-over (the page opens the shell's audio file dialog).
#[component]
pub fn JobView(
    lang: Lang,
    clock: Clock,
    job: Remote<JobDetail>,
    #[props(default)] providers: Vec<ProviderDescriptor>,
    #[props(default)] busy: bool,
    #[props(default)] error: Option<ApiError>,
    #[props(default)] confirm: Option<JobConfirm>,
    #[props(default)] media: MediaUrls,
    #[props(default)] assembly: AssemblyState,
    #[props(default)] on_action: EventHandler<JobAction>,
    #[props(default)] on_assembly: EventHandler<AssemblyForm>,
    #[props(default)] on_assemble: EventHandler<()>,
    #[props(default)] on_copy_path: EventHandler<String>,
    #[props(default)] on_reveal: EventHandler<()>,
    #[props(default)] on_pick_audio: EventHandler<AudioSlot>,
    // Own clips (issue 17): the imported clip waiting for its span, and its segment's index.
    #[props(default)] clip: Option<(u32, ImportedClip)>,
    #[props(default)] voices: Vec<VoiceDescriptor>,
    #[props(default)] voice: Option<VoiceState>,
    #[props(default)] voice_language: ScriptLanguage,
    #[props(default)] on_voice: EventHandler<VoiceEvent>,
    #[props(default)] on_confirm: EventHandler<JobConfirm>,
    #[props(default)] on_dismiss: EventHandler<()>,
    #[props(default)] on_dismiss_error: EventHandler<()>,
    #[props(default)] chain: Option<ChainStatus>,
    #[props(default)] on_chain: EventHandler<ChainEvent>,
    #[props(default)] on_focus: EventHandler<SetSegmentFocusRequest>,
    // The storyboard (issue 19): shown once the page has fetched it.
    #[props(default)] storyboard: Option<StoryboardState>,
    #[props(default)] on_storyboard: EventHandler<StoryboardEvent>,
    on_retry: Option<EventHandler<()>>,
) -> Element {
    let s = t(lang);
    let body = match job {
        Remote::Loading => rsx! {
            LoadingState { lang, id: "job-loading" }
        },
        Remote::Failed(error) => rsx! {
            ErrorState { lang, error, id: "job-error", on_retry }
        },
        Remote::Ready(detail) => rsx! {
            JobDetailView {
                lang,
                clock,
                clip,
                detail: detail.clone(),
                busy,
                media,
                assembly,
                on_action,
                on_assembly,
                on_assemble,
                on_copy_path,
                on_reveal,
                on_pick_audio,
                voices,
                voice,
                voice_language,
                on_voice,
                chain,
                on_chain,
                on_focus,
                storyboard,
                on_storyboard,
            }
            if let Some(question) = confirm {
                JobDialog { lang, detail, question, busy, on_confirm, on_dismiss }
            }
        },
    };
    rsx! {
        section { id: "job", class: "page", "data-testid": "job-page",
            RouteLink { to: Route::Dashboard {}, class: "back-link", id: "back-to-dashboard",
                "← {s.back_to_dashboard}"
            }
            if let Some(error) = error {
                ActionError { lang, error, on_dismiss: on_dismiss_error }
            }
            {body}
        }
    }
}

#[component]
#[allow(clippy::too_many_arguments)]
fn JobDetailView(
    lang: Lang,
    clock: Clock,
    clip: Option<(u32, ImportedClip)>,
    detail: JobDetail,
    busy: bool,
    media: MediaUrls,
    assembly: AssemblyState,
    on_action: EventHandler<JobAction>,
    on_assembly: EventHandler<AssemblyForm>,
    on_assemble: EventHandler<()>,
    on_copy_path: EventHandler<String>,
    on_reveal: EventHandler<()>,
    on_pick_audio: EventHandler<AudioSlot>,
    voices: Vec<VoiceDescriptor>,
    voice: Option<VoiceState>,
    voice_language: ScriptLanguage,
    on_voice: EventHandler<VoiceEvent>,
    chain: Option<ChainStatus>,
    on_chain: EventHandler<ChainEvent>,
    on_focus: EventHandler<SetSegmentFocusRequest>,
    storyboard: Option<StoryboardState>,
    on_storyboard: EventHandler<StoryboardEvent>,
) -> Element {
    let s = t(lang);
    let job = &detail.summary;
    let template = job
        .template_name
        .clone()
        .unwrap_or_else(|| s.no_template.to_owned());
    let budget = detail.budget_cap_micros.map_or_else(
        || s.no_budget_cap.to_owned(),
        |cap| format::money(lang, cap),
    );
    let created = format::date_time(lang, clock, job.created_at);
    let updated = format::relative_time(lang, clock, job.updated_at);
    let pct = job_percent(&detail);
    let ready = detail.segments.iter().filter(|s| segment_ready(s)).count() as u32;
    let total = job.segment_count.max(detail.segments.len() as u32);
    let spent = job.actual_cost_micros;
    let estimated = job.estimated_cost_micros;
    let over_estimate = estimated > 0 && spent > estimated;
    let over_cap = detail.budget_cap_micros.is_some_and(|cap| spent > cap);
    let cost_pct = if estimated > 0 {
        ((spent.max(0) as u128 * 100 / estimated as u128).min(100)) as u32
    } else {
        0
    };
    let status = job.status;
    rsx! {
        header { class: "job-header", "data-job-id": "{job.id}", "data-status": status.as_str(),
            div { class: "job-header-top",
                div { class: "job-heading",
                    h1 { class: "page-title", id: "job-title", "{job.title}" }
                    StatusBadge { lang, status }
                }
                JobActions { lang, status, busy, on_action }
            }
            if job.subject.is_empty() {
                p { class: "job-subject muted", id: "job-subject", "{s.no_subject}" }
            } else {
                p { class: "job-subject", id: "job-subject", "{job.subject}" }
            }
            p { class: "job-meta muted",
                "{s.template}{s.colon}{template} · {s.created} {created} · {s.updated} {updated}"
            }
        }
        div { class: "stats-grid job-figures",
            div { class: "stat-card accent-progress", id: "job-progress",
                span { class: "stat-label", "{s.progress}" }
                span { class: "stat-value", "{pct}%" }
                div { class: "progress",
                    progress { class: "progress-bar wide", max: "100", value: "{pct}" }
                    span { class: "progress-count", "{ready}/{total}" }
                }
            }
            div {
                class: if over_estimate { "stat-card accent-cost over" } else { "stat-card accent-cost" },
                id: "job-cost",
                span { class: "stat-label", "{s.cost_so_far}" }
                span { class: "stat-value", id: "job-actual-cost", {format::money(lang, spent)} }
                div { class: "progress",
                    progress { class: "progress-bar wide cost-bar", max: "100", value: "{cost_pct}" }
                }
                span { class: "stat-note", id: "job-estimated-cost",
                    if over_estimate {
                        "{s.over_estimate} · "
                    }
                    {(s.of_estimate)(&format::money(lang, estimated))}
                }
            }
            div {
                class: if over_cap { "stat-card accent-neutral over" } else { "stat-card accent-neutral" },
                id: "job-budget",
                span { class: "stat-label", "{s.budget_cap}" }
                span { class: "stat-value", "{budget}" }
            }
        }
        div { class: "job-layout",
            div { class: "job-main",
                if let Some(status) = chain {
                    ChainPanel { lang, status, busy, on_event: on_chain }
                }
                if let Some(state) = storyboard {
                    StoryboardPanel {
                        lang,
                        state,
                        aspect: detail.config.aspect_ratio,
                        busy,
                        media: media.clone(),
                        on_event: on_storyboard,
                    }
                }
                SegmentsPanel {
                    lang,
                    clock,
                    status,
                    aspect: detail.config.aspect_ratio,
                    segments: detail.segments.clone(),
                    busy,
                    media: media.clone(),
                    clip,
                    on_action,
                }
            }
            aside { class: "job-side",
                if let Some(state) = voice {
                    VoicePanel {
                        lang,
                        voices,
                        language: voice_language,
                        state,
                        segments: segment_lines(&detail),
                        busy: busy || status == reelforge_protocol::JobStatus::Assembling,
                        show_frame: true,
                        on_event: on_voice,
                    }
                }
                AssemblyPanel {
                    lang,
                    detail: detail.clone(),
                    ready,
                    total,
                    media: media.clone(),
                    state: assembly,
                    on_form: on_assembly,
                    on_assemble,
                    on_copy_path,
                    on_reveal,
                    on_pick_audio,
                    on_focus,
                }
                job_references::JobReferencesPanel {
                    lang,
                    assets: detail.reference_assets.clone(),
                    busy,
                    media: media.clone(),
                    on_action,
                }
                ConfigPanel { lang, config: detail.config.clone() }
                ActivityPanel { lang, clock, activity: detail.activity.clone() }
            }
        }
    }
}
