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
//! the transition and burned-in captions, runs `assemble_job` and then shows the final video
//! with its path and "Copy path". "Reveal in folder" is not offered: the protocol has no
//! command for it (the panel says so).

use super::common::{ErrorState, Field, LoadingState, RouteLink, StatusBadge};
use super::dialogs::{ConfirmDialog, LaunchDialog};
use super::new_job::{ActionError, clip_cost, orientation};
use super::player::{MediaUrls, Player, final_url, take_sources};
use crate::clock::Clock;
use crate::format;
use crate::i18n::media::media as texts;
use crate::i18n::{Lang, t};
use crate::remote::Remote;
use crate::route::Route;
use dioxus::prelude::*;
use reelforge_protocol::{
    ActivityDto, ApiError, AspectRatio, AssembleRequest, AssemblyResult, CostEstimate, JobDetail,
    JobId, JobStatus, MediaRef, ProviderDescriptor, ResolvedConfig, SegmentDto,
    SubmitUnknownDecision, TakeDto, TakeId, TakeStatus, TransitionChoice,
};

/// Something the person asked of the job screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobAction {
    /// Generate a draft or configured job (after the engine's estimate is confirmed).
    Launch,
    Pause,
    Resume,
    Cancel,
    CancelSegment(u32),
    RetrySegment(u32),
    Decide(u32, SubmitUnknownDecision),
    /// Use this succeeded take of the segment at `index` in the assembly.
    UseTake {
        index: u32,
        take: TakeId,
    },
}

/// The assembly panel's choices.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AssemblyForm {
    /// A 720p draft instead of the job's shape at 1080p.
    pub draft: bool,
    pub transition: TransitionChoice,
    pub burn_captions: bool,
}

impl AssemblyForm {
    /// The `assemble_job` request for `job_id` (`preset: None` is the job's own shape).
    pub fn to_request(&self, job_id: JobId) -> AssembleRequest {
        AssembleRequest {
            job_id,
            preset: self.draft.then(|| "draft".to_owned()),
            transition: self.transition,
            burn_captions: self.burn_captions,
        }
    }
}

/// What the assembly panel shows besides the job: the form, whether `assemble_job` runs, its
/// error or its result, how copying the path went, and how many assemblies finished since the
/// screen opened (so the final player reloads).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AssemblyState {
    pub form: AssemblyForm,
    pub busy: bool,
    pub error: Option<ApiError>,
    pub result: Option<AssemblyResult>,
    /// `Some(true)` once the path was copied, `Some(false)` when the clipboard refused.
    pub copied: Option<bool>,
    pub revision: u64,
}

/// The frame size of the export: the job's shape at 1080p, or the 720p draft (landscape for
/// a 16:9 job, vertical otherwise), as the engine picks it.
pub fn export_size(aspect: AspectRatio, draft: bool) -> (u32, u32) {
    match (aspect, draft) {
        (AspectRatio::Landscape, false) => (1920, 1080),
        (AspectRatio::Square, false) => (1080, 1080),
        (_, false) => (1080, 1920),
        (AspectRatio::Landscape, true) => (1280, 720),
        (_, true) => (720, 1280),
    }
}

/// The final video's path: the last assembly's, or the one the activity log recorded
/// ("Assembled <path>").
pub fn export_path(detail: &JobDetail, result: Option<&AssemblyResult>) -> Option<String> {
    if let Some(result) = result.filter(|r| r.job_id == detail.summary.id) {
        return Some(result.output.clone());
    }
    detail
        .activity
        .iter()
        .rev()
        .find(|a| a.kind == "assembled")
        .and_then(|a| a.message.strip_prefix("Assembled "))
        .map(str::to_owned)
}

/// Whether `assemble_job` may be asked: the job is in review or completed and every segment
/// has a ready take.
pub fn can_assemble(detail: &JobDetail) -> bool {
    matches!(
        detail.summary.status,
        JobStatus::Review | JobStatus::Completed
    ) && !detail.segments.is_empty()
        && detail.segments.iter().all(segment_ready)
}

/// The take the assembly uses for `segment`: the selected one, or else the latest succeeded.
pub fn take_in_use(segment: &SegmentDto) -> Option<&TakeDto> {
    match &segment.selected_take {
        Some(id) => segment.takes.iter().find(|t| &t.id == id),
        None => segment
            .takes
            .iter()
            .enumerate()
            .filter(|(_, t)| t.status == TakeStatus::Succeeded)
            .max_by_key(|(i, t)| (t.created_at, *i))
            .map(|(_, t)| t),
    }
    .filter(|t| t.status == TakeStatus::Succeeded)
}

/// Every preview-server file the job screen shows: each succeeded take's thumbnail, preview
/// and clip, and the final video once the job is completed.
pub fn media_needed(detail: &JobDetail, assembled: bool) -> Vec<MediaRef> {
    let mut needed = Vec::new();
    for take in detail
        .segments
        .iter()
        .flat_map(|s| s.takes.iter())
        .filter(|t| t.status == TakeStatus::Succeeded)
    {
        let take_id = take.id.clone();
        needed.push(MediaRef::TakeThumbnail {
            take_id: take_id.clone(),
        });
        needed.push(MediaRef::TakePreview {
            take_id: take_id.clone(),
        });
        needed.push(MediaRef::Take { take_id });
    }
    if assembled || detail.summary.status == JobStatus::Completed {
        needed.push(MediaRef::FinalVideo {
            job_id: detail.summary.id.clone(),
        });
    }
    needed
}

/// A question asked before an action runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobConfirm {
    /// The engine's estimate for launching the job.
    Launch(CostEstimate),
    Cancel,
    /// A new take of a segment; `micros` is its estimated cost when the provider is known.
    Retry {
        index: u32,
        micros: Option<i64>,
    },
    /// Sending a `submit_unknown` take again, which may be charged twice.
    Resubmit {
        index: u32,
        micros: Option<i64>,
    },
}

impl JobConfirm {
    /// The action confirming runs.
    pub fn action(&self) -> JobAction {
        match self {
            Self::Launch(_) => JobAction::Launch,
            Self::Cancel => JobAction::Cancel,
            Self::Retry { index, .. } => JobAction::RetrySegment(*index),
            Self::Resubmit { index, .. } => {
                JobAction::Decide(*index, SubmitUnknownDecision::Resubmit)
            }
        }
    }
}

/// What one more take of the segment at `index` costs, per the descriptors.
pub fn segment_cost(
    detail: &JobDetail,
    index: u32,
    providers: &[ProviderDescriptor],
) -> Option<i64> {
    let segment = detail.segments.iter().find(|s| s.index == index)?;
    clip_cost(
        providers,
        &segment.provider,
        segment.model.as_deref(),
        segment.duration_s,
    )
}

/// The question to ask before `action`, if any: cancelling the job always; a retry or a
/// resubmission unless it is known to be free. `Launch` is confirmed with the engine's
/// estimate, which the page fetches first.
pub fn confirmation_for(
    action: JobAction,
    detail: &JobDetail,
    providers: &[ProviderDescriptor],
) -> Option<JobConfirm> {
    match action {
        JobAction::Cancel => Some(JobConfirm::Cancel),
        JobAction::RetrySegment(index) => {
            let micros = segment_cost(detail, index, providers);
            (micros != Some(0)).then_some(JobConfirm::Retry { index, micros })
        }
        JobAction::Decide(index, SubmitUnknownDecision::Resubmit) => {
            let micros = segment_cost(detail, index, providers);
            (micros != Some(0)).then_some(JobConfirm::Resubmit { index, micros })
        }
        _ => None,
    }
}

/// A segment's current take: the latest one made.
pub fn latest_take(segment: &SegmentDto) -> Option<&TakeDto> {
    segment
        .takes
        .iter()
        .enumerate()
        .max_by_key(|(i, take)| (take.created_at, *i))
        .map(|(_, take)| take)
}

/// Whether the segment has a usable clip (its selected take, or else any take, succeeded).
pub fn segment_ready(segment: &SegmentDto) -> bool {
    match &segment.selected_take {
        Some(id) => segment
            .takes
            .iter()
            .any(|t| &t.id == id && t.status == TakeStatus::Succeeded),
        None => segment
            .takes
            .iter()
            .any(|t| t.status == TakeStatus::Succeeded),
    }
}

/// The job's progress in percent: ready segments count fully, a running take by its progress.
/// Never 100 before every segment is ready (a take at 100% is still being downloaded).
pub fn job_percent(detail: &JobDetail) -> u32 {
    let count = detail.segments.len() as u32;
    if count == 0 {
        return 0;
    }
    let sum: u32 = detail
        .segments
        .iter()
        .map(|segment| {
            if segment_ready(segment) {
                100
            } else {
                latest_take(segment)
                    .filter(|take| !take.status.is_terminal())
                    .map_or(0, |take| u32::from(take.progress.min(99)))
            }
        })
        .sum();
    sum / count
}

fn take_label(lang: Lang, take: &TakeDto) -> String {
    let s = t(lang);
    match take.status {
        TakeStatus::Queued => s.take_queued.to_owned(),
        TakeStatus::Submitting => s.take_submitting.to_owned(),
        TakeStatus::Running => (s.take_running)(take.progress.min(99)),
        TakeStatus::Downloading => s.take_downloading.to_owned(),
        TakeStatus::Succeeded => s.take_succeeded.to_owned(),
        TakeStatus::Failed => s.take_failed.to_owned(),
        TakeStatus::Cancelled => s.take_cancelled.to_owned(),
        TakeStatus::SubmitUnknown => s.take_submit_unknown.to_owned(),
    }
}

fn is_active(status: TakeStatus) -> bool {
    matches!(
        status,
        TakeStatus::Queued | TakeStatus::Submitting | TakeStatus::Running | TakeStatus::Downloading
    )
}

/// One job, from data alone.
///
/// `providers` prices retries; `busy` disables the actions while one runs; `error` is the last
/// action's error; `confirm` the question on screen; `media` the preview URLs fetched so far;
/// `assembly` the assembly panel's state. `on_action` receives what the person clicked,
/// `on_confirm` the confirmed question, `on_assembly` a changed assembly form, `on_assemble`
/// "Assemble", `on_copy_path` the path to copy.
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
    #[props(default)] on_confirm: EventHandler<JobConfirm>,
    #[props(default)] on_dismiss: EventHandler<()>,
    #[props(default)] on_dismiss_error: EventHandler<()>,
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
                detail: detail.clone(),
                busy,
                media,
                assembly,
                on_action,
                on_assembly,
                on_assemble,
                on_copy_path,
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

/// The confirmation of a job screen action.
#[component]
fn JobDialog(
    lang: Lang,
    detail: JobDetail,
    question: JobConfirm,
    busy: bool,
    on_confirm: EventHandler<JobConfirm>,
    on_dismiss: EventHandler<()>,
) -> Element {
    let s = t(lang);
    let confirmed = question.clone();
    let confirm = move |_: ()| on_confirm.call(confirmed.clone());
    match question {
        JobConfirm::Launch(estimate) => rsx! {
            LaunchDialog { lang, estimate, busy, on_confirm: confirm, on_dismiss }
        },
        JobConfirm::Cancel => rsx! {
            ConfirmDialog {
                lang,
                id: "cancel-job-dialog",
                title: s.confirm_cancel_job_title,
                confirm_label: s.cancel_job,
                cancel_label: s.keep_job,
                danger: true,
                busy,
                on_confirm: confirm,
                on_dismiss,
                p { "{s.confirm_cancel_job_body}" }
            }
        },
        JobConfirm::Retry { index, micros } => {
            let cost = micros.map(|m| format::money(lang, m));
            let confirm_label = cost
                .as_deref()
                .map_or_else(|| s.new_take.to_owned(), |c| (s.generate_for)(c));
            rsx! {
                ConfirmDialog {
                    lang,
                    id: "retry-dialog",
                    title: (s.confirm_retry_title)(u64::from(index) + 1),
                    confirm_label,
                    busy,
                    on_confirm: confirm,
                    on_dismiss,
                    if let Some(cost) = cost {
                        p { class: "dialog-lead", {(s.confirm_retry_body)(&cost)} }
                    }
                    p { class: "dialog-note warning-text", "{s.paid_not_undoable}" }
                }
            }
        }
        JobConfirm::Resubmit { index, micros } => {
            let cost = micros.map_or_else(|| "?".to_owned(), |m| format::money(lang, m));
            let provider = detail
                .segments
                .iter()
                .find(|seg| seg.index == index)
                .map(|seg| seg.provider.clone())
                .unwrap_or_default();
            rsx! {
                ConfirmDialog {
                    lang,
                    id: "resubmit-dialog",
                    title: s.confirm_resubmit_title,
                    confirm_label: (s.resubmit_for)(&cost),
                    danger: true,
                    busy,
                    on_confirm: confirm,
                    on_dismiss,
                    p { class: "dialog-lead", {(s.submit_unknown_body)(&provider)} }
                    p { class: "dialog-note warning-text", {(s.confirm_resubmit_body)(&cost)} }
                }
            }
        }
    }
}

#[component]
#[allow(clippy::too_many_arguments)]
fn JobDetailView(
    lang: Lang,
    clock: Clock,
    detail: JobDetail,
    busy: bool,
    media: MediaUrls,
    assembly: AssemblyState,
    on_action: EventHandler<JobAction>,
    on_assembly: EventHandler<AssemblyForm>,
    on_assemble: EventHandler<()>,
    on_copy_path: EventHandler<String>,
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
                SegmentsPanel {
                    lang,
                    clock,
                    status,
                    aspect: detail.config.aspect_ratio,
                    segments: detail.segments.clone(),
                    busy,
                    media: media.clone(),
                    on_action,
                }
            }
            aside { class: "job-side",
                AssemblyPanel {
                    lang,
                    detail: detail.clone(),
                    ready,
                    total,
                    media,
                    state: assembly,
                    on_form: on_assembly,
                    on_assemble,
                    on_copy_path,
                }
                ConfigPanel { lang, config: detail.config.clone() }
                ActivityPanel { lang, clock, activity: detail.activity.clone() }
            }
        }
    }
}

/// Generate, pause, resume and cancel, as the job's status allows.
#[component]
fn JobActions(
    lang: Lang,
    status: JobStatus,
    busy: bool,
    on_action: EventHandler<JobAction>,
) -> Element {
    let s = t(lang);
    let can_launch = matches!(status, JobStatus::Draft | JobStatus::Configured);
    let can_pause = status == JobStatus::Generating;
    let can_resume = status == JobStatus::Paused;
    let can_cancel = matches!(
        status,
        JobStatus::Draft
            | JobStatus::Configured
            | JobStatus::Generating
            | JobStatus::Paused
            | JobStatus::Review
    );
    rsx! {
        div { class: "job-actions toolbar", id: "job-actions", role: "group", "aria-label": s.job_actions,
            if can_pause {
                button {
                    class: "button ghost",
                    r#type: "button",
                    id: "job-pause",
                    disabled: busy,
                    onclick: move |_| on_action.call(JobAction::Pause),
                    span { class: "icon icon-pause", "aria-hidden": "true" }
                    "{s.pause}"
                }
            }
            if can_resume {
                button {
                    class: "button",
                    r#type: "button",
                    id: "job-resume",
                    disabled: busy,
                    onclick: move |_| on_action.call(JobAction::Resume),
                    span { class: "icon icon-play", "aria-hidden": "true" }
                    "{s.resume}"
                }
            }
            if can_cancel {
                button {
                    class: "button ghost danger-text",
                    r#type: "button",
                    id: "job-cancel",
                    disabled: busy,
                    onclick: move |_| on_action.call(JobAction::Cancel),
                    "{s.cancel_job}"
                }
            }
            if can_launch {
                button {
                    class: "button",
                    r#type: "button",
                    id: "job-launch",
                    disabled: busy,
                    onclick: move |_| on_action.call(JobAction::Launch),
                    "{s.generate}"
                }
            }
        }
    }
}

/// One card per segment, in order.
#[component]
fn SegmentsPanel(
    lang: Lang,
    clock: Clock,
    status: JobStatus,
    aspect: AspectRatio,
    segments: Vec<SegmentDto>,
    busy: bool,
    media: MediaUrls,
    on_action: EventHandler<JobAction>,
) -> Element {
    let s = t(lang);
    let count = (s.segments_count)(segments.len() as u64);
    rsx! {
        section { class: "panel", id: "job-segments",
            header { class: "panel-header",
                div { class: "panel-heading",
                    h2 { class: "panel-title", "{s.segments_title}" }
                    span { class: "panel-count", "{count}" }
                }
            }
            if segments.is_empty() {
                p { class: "state-inline muted", id: "segments-empty", "{s.segments_empty}" }
            } else {
                ol { class: "segment-list", id: "segments-list", "data-testid": "segments-list",
                    for segment in segments {
                        SegmentCard {
                            key: "{segment.id}",
                            lang,
                            clock,
                            status,
                            aspect,
                            segment: segment.clone(),
                            busy,
                            media: media.clone(),
                            on_action,
                        }
                    }
                }
            }
        }
    }
}

/// A segment: poster placeholder, live state, texts, settings, actions, decision and takes.
#[component]
fn SegmentCard(
    lang: Lang,
    clock: Clock,
    status: JobStatus,
    aspect: AspectRatio,
    segment: SegmentDto,
    busy: bool,
    media: MediaUrls,
    on_action: EventHandler<JobAction>,
) -> Element {
    let s = t(lang);
    let index = segment.index;
    let poster_url = take_in_use(&segment).and_then(|take| {
        media
            .get(&MediaRef::TakeThumbnail {
                take_id: take.id.clone(),
            })
            .cloned()
    });
    // Indexes are zero-based on the wire; people count from one.
    let number = index + 1;
    let latest = latest_take(&segment).cloned();
    let ready = segment_ready(&segment);
    let (state_code, state_label) = match &latest {
        None => ("none", s.seg_not_started.to_owned()),
        Some(take) => (take.status.as_str(), take_label(lang, take)),
    };
    // A percentage only while the provider works on it: never 100 % before the clip is
    // downloaded and checked.
    let progress = latest
        .as_ref()
        .filter(|take| take.status == TakeStatus::Running)
        .map(|take| take.progress.min(99));
    let active = latest.as_ref().is_some_and(|take| is_active(take.status));
    let unknown = latest
        .as_ref()
        .filter(|take| take.status == TakeStatus::SubmitUnknown)
        .cloned();
    let failed = latest
        .as_ref()
        .filter(|take| take.status == TakeStatus::Failed)
        .cloned();
    let job_open = !matches!(
        status,
        JobStatus::Draft | JobStatus::Configured | JobStatus::Cancelled | JobStatus::Assembling
    );
    let can_retry = job_open
        && match &latest {
            Some(take) => take.status.is_terminal(),
            None => matches!(
                status,
                JobStatus::Review | JobStatus::Failed | JobStatus::Completed
            ),
        };
    let retry_label = if latest
        .as_ref()
        .is_some_and(|take| take.status == TakeStatus::Succeeded)
    {
        s.new_take
    } else {
        s.retry
    };
    let mode = format::mode_label(lang, segment.mode);
    let duration = format::seconds(lang, u64::from(segment.duration_s));
    let frame = orientation(aspect);
    let card_class = format!("segment-card card state-{state_code}");
    rsx! {
        li {
            class: "{card_class}",
            id: "segment-{index}",
            "data-testid": "segment-card",
            "data-index": "{index}",
            "data-state": "{state_code}",
            div { class: "segment-poster poster-{frame}", "aria-hidden": "true",
                if let Some(url) = poster_url {
                    img { class: "poster-image", src: "{url}", alt: "" }
                } else if let Some(pct) = progress {
                    span { class: "poster-progress", "{pct}%" }
                    span { class: "poster-caption", "{s.no_preview}" }
                } else if ready {
                    span { class: "poster-glyph glyph-ready" }
                    span { class: "poster-caption", "{s.no_preview}" }
                } else {
                    span { class: "poster-glyph" }
                    span { class: "poster-caption", "{s.no_preview}" }
                }
            }
            div { class: "segment-content",
                header { class: "segment-card-header",
                    span { class: "segment-number", "{number}" }
                    h3 { class: "segment-beat",
                        if segment.beat.is_empty() {
                            {(s.segment_n)(u64::from(number))}
                        } else {
                            "{segment.beat}"
                        }
                    }
                    span {
                        class: "badge take-status take-{state_code}",
                        "data-testid": "segment-state",
                        role: "status",
                        span { class: "status-dot", "aria-hidden": "true" }
                        "{state_label}"
                    }
                }
                if let Some(pct) = progress {
                    progress {
                        class: "progress-bar wide segment-progress",
                        max: "100",
                        value: "{pct}",
                        "aria-label": "{state_label}",
                    }
                }
                if !segment.prompt.is_empty() {
                    p { class: "segment-prompt", "{segment.prompt}" }
                }
                if !segment.narration.is_empty() {
                    p { class: "segment-narration muted", "“{segment.narration}”" }
                }
                div { class: "segment-tags",
                    span { class: "tag", title: s.mode, "{mode}" }
                    span { class: "tag", title: s.provider,
                        "{segment.provider}"
                        if let Some(model) = segment.model.clone() {
                            " · {model}"
                        }
                    }
                    span { class: "tag", title: s.col_duration, "{duration}" }
                }
                if let Some(take) = failed {
                    div { class: "callout callout-danger segment-failure", role: "alert",
                        strong { "{s.reason}{s.colon}" }
                        {take.error_message.clone().or(take.error_code.clone()).unwrap_or_else(|| s.take_failed.to_owned())}
                    }
                }
                if let Some(take) = unknown {
                    SubmitUnknownBox { lang, index, take, busy, on_action }
                }
                if active || can_retry {
                    div { class: "segment-actions",
                        if active {
                            button {
                                class: "button ghost small",
                                r#type: "button",
                                "data-action": "cancel-segment",
                                disabled: busy,
                                onclick: move |_| on_action.call(JobAction::CancelSegment(index)),
                                "{s.cancel_segment}"
                            }
                        }
                        if can_retry {
                            button {
                                class: "button ghost small",
                                r#type: "button",
                                "data-action": "retry-segment",
                                disabled: busy,
                                onclick: move |_| on_action.call(JobAction::RetrySegment(index)),
                                "↻ {retry_label}"
                            }
                        }
                    }
                }
                TakesList {
                    lang,
                    clock,
                    segment: segment.clone(),
                    frame,
                    can_choose: status != JobStatus::Assembling,
                    busy,
                    media,
                    on_action,
                }
            }
        }
    }
}

/// The decision a `submit_unknown` take waits for, with what each choice means.
#[component]
fn SubmitUnknownBox(
    lang: Lang,
    index: u32,
    take: TakeDto,
    busy: bool,
    on_action: EventHandler<JobAction>,
) -> Element {
    let s = t(lang);
    rsx! {
        div {
            class: "callout callout-warning decision",
            "data-testid": "submit-unknown",
            role: "alert",
            p { class: "decision-title", "{s.submit_unknown_title}" }
            p { class: "decision-body", {(s.submit_unknown_body)(&take.provider)} }
            div { class: "decision-choices",
                div { class: "decision-choice",
                    button {
                        class: "button small",
                        r#type: "button",
                        "data-action": "resubmit",
                        disabled: busy,
                        onclick: move |_| on_action.call(JobAction::Decide(index, SubmitUnknownDecision::Resubmit)),
                        "{s.resubmit}"
                    }
                    span { class: "form-hint", "{s.resubmit_hint}" }
                }
                div { class: "decision-choice",
                    button {
                        class: "button ghost small",
                        r#type: "button",
                        "data-action": "abandon",
                        disabled: busy,
                        onclick: move |_| on_action.call(JobAction::Decide(index, SubmitUnknownDecision::Abandon)),
                        "{s.abandon}"
                    }
                    span { class: "form-hint", "{s.abandon_hint}" }
                }
            }
        }
    }
}

/// Every take of a segment side by side, newest first: its player (succeeded takes), state,
/// provider, cost and age, and "Use this take" on a succeeded take not in use.
#[component]
#[allow(clippy::too_many_arguments)]
fn TakesList(
    lang: Lang,
    clock: Clock,
    segment: SegmentDto,
    frame: &'static str,
    can_choose: bool,
    busy: bool,
    media: MediaUrls,
    on_action: EventHandler<JobAction>,
) -> Element {
    let s = t(lang);
    if segment.takes.is_empty() {
        return rsx! {
            p { class: "takes-empty muted", "{s.no_takes}" }
        };
    }
    let in_use = take_in_use(&segment).map(|t| t.id.clone());
    let mut takes: Vec<(usize, TakeDto)> = segment.takes.iter().cloned().enumerate().collect();
    takes.sort_by_key(|(i, take)| std::cmp::Reverse((take.created_at, *i)));
    rsx! {
        div { class: "takes",
            span { class: "section-label", "{s.col_takes} · {segment.takes.len()}" }
            ul { class: "take-list", "data-testid": "takes",
                for (i, take) in takes {
                    TakeTile {
                        key: "{take.id}",
                        lang,
                        clock,
                        index: segment.index,
                        number: i as u64 + 1,
                        selected: segment.selected_take.as_ref() == Some(&take.id),
                        in_use: in_use.as_ref() == Some(&take.id),
                        take: take.clone(),
                        frame,
                        can_choose,
                        busy,
                        media: media.clone(),
                        on_action,
                    }
                }
            }
        }
    }
}

#[component]
#[allow(clippy::too_many_arguments)]
fn TakeTile(
    lang: Lang,
    clock: Clock,
    index: u32,
    number: u64,
    selected: bool,
    in_use: bool,
    take: TakeDto,
    frame: &'static str,
    can_choose: bool,
    busy: bool,
    media: MediaUrls,
    on_action: EventHandler<JobAction>,
) -> Element {
    let s = t(lang);
    let m = texts(lang);
    let label = take_label(lang, &take);
    let cost = if take.actual_cost_micros > 0 || take.status.is_terminal() {
        format::money(lang, take.actual_cost_micros)
    } else {
        format!("~{}", format::money(lang, take.estimated_cost_micros))
    };
    let when = format::relative_time(lang, clock, take.created_at);
    let model = take
        .model
        .clone()
        .map(|m| format!(" · {m}"))
        .unwrap_or_default();
    let succeeded = take.status == TakeStatus::Succeeded;
    let (sources, poster) = take_sources(&media, &take.id);
    let progress = (take.status == TakeStatus::Running).then_some(take.progress.min(99));
    let take_id = take.id.clone();
    let class = match (selected, in_use) {
        (true, _) => format!("take-tile tile-{frame} selected"),
        (false, true) => format!("take-tile tile-{frame} in-use"),
        _ => format!("take-tile tile-{frame}"),
    };
    rsx! {
        li {
            class,
            "data-take-id": "{take.id}",
            "data-status": take.status.as_str(),
            div { class: "take-media poster-{frame}",
                if succeeded && !sources.is_empty() {
                    Player {
                        id: "player-{take.id}",
                        sources,
                        poster,
                        label: (m.take_player)(number),
                        fallback: m.video_unsupported,
                    }
                } else if let Some(pct) = progress {
                    span { class: "poster-progress", "{pct}%" }
                } else {
                    span { class: if succeeded { "poster-glyph glyph-ready" } else { "poster-glyph" } }
                }
            }
            div { class: "take-info",
                span { class: "take-name", {(s.take_n)(number)} }
                span { class: "badge take-status take-{take.status.as_str()}",
                    span { class: "status-dot", "aria-hidden": "true" }
                    "{label}"
                }
                span { class: "take-provider muted", "{take.provider}{model}" }
                span { class: "take-cost", "{cost}" }
                time { class: "take-time muted", title: format::date_time(lang, clock, take.created_at), "{when}" }
            }
            if selected {
                span { class: "badge badge-selected", "✓ {s.selected_take}" }
            } else if succeeded && can_choose {
                button {
                    class: if in_use { "button ghost small use-take" } else { "button small use-take" },
                    r#type: "button",
                    "data-action": "use-take",
                    disabled: busy,
                    onclick: move |_| on_action.call(JobAction::UseTake { index, take: take_id.clone() }),
                    "{m.use_take}"
                }
            }
        }
    }
}

/// Assembling the final video: preset, transition and captions, "Assemble" (busy while the
/// engine works), its error, then the final video with its path and "Copy path".
#[component]
#[allow(clippy::too_many_arguments)]
fn AssemblyPanel(
    lang: Lang,
    detail: JobDetail,
    ready: u32,
    total: u32,
    media: MediaUrls,
    state: AssemblyState,
    on_form: EventHandler<AssemblyForm>,
    on_assemble: EventHandler<()>,
    on_copy_path: EventHandler<String>,
) -> Element {
    let s = t(lang);
    let m = texts(lang);
    let status = detail.summary.status;
    let aspect = detail.config.aspect_ratio;
    let busy = state.busy || status == JobStatus::Assembling;
    let allowed = can_assemble(&detail) && !busy;
    let completed = status == JobStatus::Completed || state.result.is_some();
    let form = state.form.clone();
    let size = |draft: bool| {
        let (w, h) = export_size(aspect, draft);
        format!("{w}×{h}")
    };
    let full_label = (m.preset_full)(aspect.as_str(), &size(false));
    let draft_label = (m.preset_draft)(&size(true));
    let path = export_path(&detail, state.result.as_ref());
    let video = completed
        .then(|| final_url(&media, &detail.summary.id, state.revision))
        .flatten();
    let summary = state.result.as_ref().map(|r| {
        (m.final_summary)(
            &r.preset,
            r.width,
            r.height,
            &format::seconds(lang, r.duration_ms.div_ceil(1000)),
        )
    });
    let srt = state.result.as_ref().and_then(|r| r.srt.clone());
    let hint = if allowed || busy {
        None
    } else if matches!(status, JobStatus::Review | JobStatus::Completed) {
        Some(m.assembly_needs_takes)
    } else {
        Some(m.assembly_needs_review)
    };
    let state_code = if busy {
        "busy"
    } else if state.error.is_some() {
        "failed"
    } else if completed {
        "completed"
    } else {
        "idle"
    };
    let on_preset = {
        let form = form.clone();
        move |event: FormEvent| {
            let mut next = form.clone();
            next.draft = event.value() == "draft";
            on_form.call(next);
        }
    };
    let on_transition = {
        let form = form.clone();
        move |event: FormEvent| {
            let mut next = form.clone();
            next.transition = match event.value().as_str() {
                "crossfade" => TransitionChoice::Crossfade,
                "dip" => TransitionChoice::Dip,
                _ => TransitionChoice::Cut,
            };
            on_form.call(next);
        }
    };
    let on_captions = {
        let form = form.clone();
        move |event: FormEvent| {
            let mut next = form.clone();
            next.burn_captions = event.checked();
            on_form.call(next);
        }
    };
    let transitions = [
        (TransitionChoice::Cut, "cut", m.transition_cut),
        (
            TransitionChoice::Crossfade,
            "crossfade",
            m.transition_crossfade,
        ),
        (TransitionChoice::Dip, "dip", m.transition_dip),
    ];
    let copied = state.copied;
    rsx! {
        section {
            class: "panel assembly-panel",
            id: "job-assembly",
            "data-testid": "assembly",
            "data-state": state_code,
            header { class: "panel-header",
                h2 { class: "panel-title", "{s.assembly_title}" }
            }
            div { class: "panel-body",
                p { class: "assembly-ready", {(s.assembly_ready)(u64::from(ready), u64::from(total))} }
                if let Some(url) = video {
                    div { class: "final-video", id: "final-video",
                        span { class: "section-label", "{m.final_video}" }
                        div { class: "final-frame poster-{orientation(aspect)}",
                            Player {
                                key: "{url}",
                                id: "final-player",
                                sources: vec![url.clone()],
                                label: m.final_video,
                                fallback: m.video_unsupported,
                            }
                        }
                        if let Some(summary) = summary {
                            p { class: "final-summary muted", "{summary}" }
                        }
                        if let Some(path) = path {
                            div { class: "export-path",
                                span { class: "form-label", "{m.output_path}" }
                                code { class: "path", id: "export-path", "{path}" }
                                if let Some(srt) = srt {
                                    span { class: "form-label", "{m.captions_file}" }
                                    code { class: "path", id: "export-srt", "{srt}" }
                                }
                                div { class: "export-actions",
                                    button {
                                        class: "button ghost small",
                                        r#type: "button",
                                        id: "copy-path",
                                        onclick: move |_| on_copy_path.call(path.clone()),
                                        if copied == Some(true) {
                                            "✓ {m.copied}"
                                        } else {
                                            "{m.copy_path}"
                                        }
                                    }
                                }
                                if copied == Some(false) {
                                    p { class: "form-problem", role: "alert", "{m.copy_failed}" }
                                }
                                p { class: "form-hint", "{m.reveal_missing}" }
                            }
                        }
                    }
                }
                div { class: "assembly-form",
                    label { class: "form-field",
                        span { class: "form-label", "{m.preset}" }
                        select {
                            class: "select",
                            id: "assembly-preset",
                            disabled: busy,
                            value: if form.draft { "draft" } else { "" },
                            onchange: on_preset,
                            option { value: "", selected: !form.draft, "{full_label}" }
                            option { value: "draft", selected: form.draft, "{draft_label}" }
                        }
                    }
                    label { class: "form-field",
                        span { class: "form-label", "{m.transition}" }
                        select {
                            class: "select",
                            id: "assembly-transition",
                            disabled: busy,
                            onchange: on_transition,
                            for (choice, value, label) in transitions {
                                option {
                                    key: "{value}",
                                    value: "{value}",
                                    selected: form.transition == choice,
                                    "{label}"
                                }
                            }
                        }
                    }
                    label { class: "check",
                        input {
                            r#type: "checkbox",
                            id: "assembly-captions",
                            disabled: busy,
                            checked: form.burn_captions,
                            onchange: on_captions,
                        }
                        span { "{m.burn_captions}" }
                    }
                    span { class: "form-hint", "{m.burn_captions_hint}" }
                }
                if let Some(error) = state.error.clone() {
                    div { class: "callout callout-danger", id: "assembly-error", role: "alert",
                        strong { "{m.assembly_failed}" }
                        span { "{format::error_code_label(lang, error.code)} · {error.message}" }
                    }
                }
                if busy {
                    p { class: "assembly-busy", id: "assembly-busy", role: "status",
                        span { class: "spinner", "aria-hidden": "true" }
                        "{m.assembling_hint}"
                    }
                }
                if let Some(hint) = hint {
                    p { class: "form-hint", id: "assembly-hint", "{hint}" }
                }
                button {
                    class: "button assemble-button",
                    r#type: "button",
                    id: "assemble",
                    disabled: !allowed,
                    onclick: move |_| on_assemble.call(()),
                    if busy {
                        "{m.assembling}"
                    } else if completed {
                        "{m.assemble_again}"
                    } else {
                        "{m.assemble}"
                    }
                }
            }
        }
    }
}

/// What the job runs with after the template → job cascade.
#[component]
fn ConfigPanel(lang: Lang, config: ResolvedConfig) -> Element {
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
fn ActivityPanel(lang: Lang, clock: Clock, activity: Vec<ActivityDto>) -> Element {
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
                    for (i, entry) in activity.iter().enumerate() {
                        li { key: "{i}", class: "activity-item",
                            span { class: "activity-dot", "aria-hidden": "true" }
                            span { class: "activity-kind tag", "{entry.kind}" }
                            span { class: "activity-message", "{entry.message}" }
                            time {
                                class: "activity-time muted",
                                title: format::date_time(lang, clock, entry.at),
                                {format::relative_time(lang, clock, entry.at)}
                            }
                        }
                    }
                }
            }
        }
    }
}
