//! JobView: header, figures, configuration, segments, takes and their players, assembly,
//! activity, in the loading, failed, draft, running, paused, decision and completed states,
//! with their confirmations.

use crate::support::*;
use dioxus::prelude::*;
use reelforge_protocol::{
    ApiError, CostEstimate, ErrorCode, JobDetail, JobStatus, SubmitUnknownDecision, TakeId,
    TakeStatus,
};
use reelforge_ui::i18n::Lang;
use reelforge_ui::job_events::apply_live_progress;
use reelforge_ui::remote::Remote;
use reelforge_ui::views::JobView;
use reelforge_ui::views::job::{JobAction, JobConfirm, confirmation_for, job_percent};
use std::collections::HashMap;

pub(crate) fn job(lang: Lang, job: Remote<JobDetail>) -> String {
    render(move || {
        rsx! {
            JobView { lang, clock: clock(), job: job.clone() }
        }
    })
}

#[test]
fn job_in_english() {
    let html = job(Lang::En, Remote::Ready(cats_detail()));
    let text = visible_text(&html);
    assert_reads(
        &text,
        &[
            "Back to dashboard",
            "Why cats purr",
            "Generating",
            "The science behind purring",
            "Template: Myth buster",
            "Created Mar 14, 2025, 07:30",
            "Progress",
            // Both segments shown have a ready take; the job counts six.
            "2/6",
            "Cost so far $1.23",
            "of $2.00 estimated",
            "Budget cap $5.00",
            // Configuration
            "Configuration",
            "Aspect ratio 9:16",
            "Provider fal",
            "Model kling-2.1",
            "Mode Text to video",
            "Segment duration 5 s",
            "Fallback providers runway, luma",
            "Fallback allowed Yes",
            // Segments: index from one, beat, state, prompt, narration, mode, provider, duration
            "2 segments",
            "1 Hook Ready A cat on a sofa, close-up, purring “Ever wondered why?” Text to video fal · kling-2.1 5 s",
            "2 Myth Ready Cartoon cat with a motor inside “Most think it's a motor.”",
            // A segment no take of which is being generated can be edited.
            "Text to video fal · kling-2.1 5 s ✎ Edit ↻ New take",
            "Takes · 2",
            // Each take with the provider, model and prompt it was made with.
            "Take 2 Ready fal · kling-2.1 “A cat on a sofa, close-up, purring” $0.41",
            "No preview yet",
            "New take",
            // Assembly opens once generation is over.
            "Assembly",
            "2 of 6 segments have a take ready.",
            "Assembly opens once generation is over.",
            "Export 1080p · 9:16 (1080×1920)",
            "Draft 720p (720×1280), fast",
            "Transition Cut Crossfade Dip to black",
            "Captions in the picture Bold pop: the spoken word pops Karaoke highlight Clean subtitle \
             None",
            "Keep clear of Every platform's buttons TikTok's buttons Instagram Reels' buttons \
             YouTube Shorts' buttons",
            "Assemble video",
            // Activity
            "Activity",
            "created Created from the template “Myth buster” with 6 segments",
            "2 h ago",
            "generating Generation started: 6 segments, estimated $2.00",
            "5 min ago",
        ],
    );
    for id in [
        "job-title",
        "job-config",
        "segments-list",
        "job-actions",
        "activity-list",
        "back-to-dashboard",
    ] {
        assert!(html.contains(&format!(r#" id="{id}""#)), "no #{id}");
    }
    assert!(
        html.contains(r##"href="/""##),
        "back link goes to the dashboard"
    );
    assert_eq!(html.matches(r#"data-testid="segment-card""#).count(), 2);
    // A generating job can be paused or cancelled, not launched or resumed.
    assert!(html.contains(r#"id="job-pause""#));
    assert!(html.contains(r#"id="job-cancel""#));
    assert!(!html.contains(r#"id="job-resume""#));
    assert!(!html.contains(r#"id="job-launch""#));
}

#[test]
fn job_in_french() {
    let text = visible_text(&job(Lang::Fr, Remote::Ready(cats_detail())));
    assert_reads(
        &text,
        &[
            "Retour au tableau de bord",
            "Génération",
            // Beats read as labels: a built-in one translated, another one humanised.
            "1 Accroche",
            "2 Myth",
            "Modèle\u{a0}: Myth buster",
            "Créée 14 mars 2025, 07:30",
            "Coût à ce jour 1,23\u{a0}$",
            "sur 2,00\u{a0}$ estimés",
            "Plafond de budget 5,00\u{a0}$",
            "Format d'image 9:16",
            "Fournisseurs de secours runway, luma",
            "Secours autorisé Oui",
            "2 segments",
            "Prêt",
            "Prises · 2",
            "Prise 1",
            "Nouvelle prise",
            "Montage",
            "Pas encore d'aperçu",
            "Mettre en pause",
            "Annuler la production",
            "Activité",
            "il y a 2 h",
        ],
    );
}

#[test]
fn job_without_segments_activity_or_cap() {
    let mut detail = cats_detail();
    detail.segments.clear();
    detail.activity.clear();
    detail.budget_cap_micros = None;
    detail.config.fallback_providers.clear();
    detail.summary.subject.clear();
    let text = visible_text(&job(Lang::En, Remote::Ready(detail.clone())));
    assert_reads(
        &text,
        &[
            "This job has no segments.",
            "No activity yet",
            "No cap",
            "No subject",
            "Fallback providers None",
        ],
    );
    let text = visible_text(&job(Lang::Fr, Remote::Ready(detail)));
    assert_reads(
        &text,
        &[
            "Cette production n'a aucun segment.",
            "Aucune activité pour l'instant",
            "Aucun plafond",
        ],
    );
}

#[test]
fn job_loading_and_not_found() {
    assert_reads(
        &visible_text(&job(Lang::En, Remote::Loading)),
        &["Loading…"],
    );
    let missing = ApiError::new(ErrorCode::NotFound, "job job-x does not exist");
    let html = job(Lang::Fr, Remote::Failed(missing));
    assert!(html.contains(r#" id="job-error""#));
    assert_reads(
        &visible_text(&html),
        &[
            "Une erreur est survenue",
            "Introuvable",
            "job job-x does not exist",
        ],
    );
}

/// The job screen with everything a page can hand it.
pub(crate) fn job_with(
    lang: Lang,
    detail: JobDetail,
    confirm: Option<JobConfirm>,
    busy: bool,
    error: Option<ApiError>,
) -> String {
    render(move || {
        rsx! {
            JobView {
                lang,
                clock: clock(),
                job: Remote::Ready(detail.clone()),
                providers: providers(),
                busy,
                error: error.clone(),
                confirm: confirm.clone(),
            }
        }
    })
}

/// The cats job with segment 1 generating at 42 % and segment 2 queued.
pub(crate) fn running_detail() -> JobDetail {
    let mut detail = cats_detail();
    detail.summary.segments_done = 0;
    detail.summary.actual_cost_micros = 0;
    let first = detail.segments[0].clone();
    detail.segments[0].takes = vec![take(&first, 0, TakeStatus::Running, 42)];
    let second = detail.segments[1].clone();
    detail.segments[1].takes = vec![take(&second, 0, TakeStatus::Queued, 0)];
    detail
}

#[test]
fn running_job_shows_live_progress_and_segment_actions() {
    let html = job_with(Lang::En, running_detail(), None, false, None);
    let text = visible_text(&html);
    assert_reads(
        &text,
        &[
            "Generating",
            "Generating 42%",
            "Queued",
            // (42 + 0) / 2 segments.
            "Progress 21%",
            "0/6",
            "Cost so far $0.00",
            "Pause",
            "Cancel job",
            "Cancel",
            "~$0.35",
        ],
    );
    assert_eq!(html.matches(r#"data-action="cancel-segment""#).count(), 2);
    assert!(!html.contains(r#"data-action="retry-segment""#));
    assert!(html.contains(r#"data-state="running""#));
    assert!(html.contains(r#"class="poster-progress""#));

    // Live progress events raise the bar without a re-fetch, never lower it.
    let mut live = HashMap::new();
    live.insert(TakeId::from("take-0-0"), 80u8);
    live.insert(TakeId::from("take-1-0"), 0u8);
    let moved = apply_live_progress(running_detail(), &live);
    assert_eq!(moved.segments[0].takes[0].progress, 80);
    assert_eq!(job_percent(&moved), 40);
    let text = visible_text(&job_with(Lang::Fr, moved, None, false, None));
    assert_reads(
        &text,
        &[
            "Génération 80\u{a0}%",
            "En file d'attente",
            "Mettre en pause",
        ],
    );
}

#[test]
fn paused_job_resumes() {
    let mut detail = running_detail();
    detail.summary.status = JobStatus::Paused;
    let html = job_with(Lang::En, detail, None, true, None);
    assert!(html.contains(r#"id="job-resume""#));
    assert!(!html.contains(r#"id="job-pause""#));
    assert_reads(&visible_text(&html), &["Paused", "Resume"]);
}

#[test]
fn failed_segment_says_why_and_offers_a_confirmed_retry() {
    let mut detail = cats_detail();
    detail.summary.status = JobStatus::Failed;
    let second = detail.segments[1].clone();
    let mut failed = take(&second, 1, TakeStatus::Failed, 0);
    failed.error_code = Some(reelforge_protocol::TakeErrorCode::Moderation);
    failed.error_message = Some("The prompt was refused by the provider".into());
    detail.segments[1].takes.push(failed);
    let html = job_with(
        Lang::En,
        detail.clone(),
        None,
        false,
        Some(ApiError::new(ErrorCode::Conflict, "job is not running")),
    );
    let text = visible_text(&html);
    assert_reads(
        &text,
        &[
            "Failed",
            "Details: The prompt was refused by the provider",
            "↻ Retry",
            "That did not work",
            "job is not running",
        ],
    );
    assert!(html.contains(r#"id="action-error""#));

    // Retrying costs money: the page asks first, with the price from the descriptors.
    let question = confirmation_for(JobAction::RetrySegment(1), &detail, &providers());
    assert_eq!(
        question,
        Some(JobConfirm::Retry {
            index: 1,
            micros: Some(350_000)
        })
    );
    let html = job_with(Lang::En, detail.clone(), question, false, None);
    assert_reads(
        &visible_text(&html),
        &[
            "Generate segment 2 again?",
            "A new take will be generated for about $0.35.",
            "Paid generations cannot be undone.",
            "Generate for $0.35",
        ],
    );
    assert!(html.contains(r#"id="retry-dialog""#));

    // A free provider needs no question.
    let mut free = detail;
    free.segments[1].provider = "local".into();
    free.segments[1].model = None;
    assert_eq!(
        confirmation_for(JobAction::RetrySegment(1), &free, &providers()),
        None
    );
    assert_eq!(
        confirmation_for(JobAction::Pause, &free, &providers()),
        None
    );
}

#[test]
fn submit_unknown_explains_both_choices() {
    let mut detail = running_detail();
    let second = detail.segments[1].clone();
    detail.segments[1].takes = vec![take(&second, 0, TakeStatus::SubmitUnknown, 0)];
    let html = job_with(Lang::En, detail.clone(), None, false, None);
    assert_eq!(html.matches(r#"data-testid="submit-unknown""#).count(), 1);
    assert_reads(
        &visible_text(&html),
        &[
            "Needs your decision",
            "Did the provider receive this request?",
            "Reelforge stopped while sending this take to fal",
            "Resubmit",
            "If the first request did arrive, you may be charged twice.",
            "Abandon",
            "it was still charged",
        ],
    );

    let action = JobAction::Decide(1, SubmitUnknownDecision::Resubmit);
    let question = confirmation_for(action.clone(), &detail, &providers());
    assert_eq!(question.as_ref().map(JobConfirm::action), Some(action));
    let html = job_with(Lang::Fr, detail.clone(), question, false, None);
    assert_reads(
        &visible_text(&html),
        &[
            "Renvoyer au risque de payer deux fois\u{a0}?",
            "vous paierez deux fois\u{a0}: environ 0,35\u{a0}$ de plus.",
            "Renvoyer pour 0,35\u{a0}$",
            "Décision requise",
            "Abandonner",
        ],
    );
    // Abandoning costs nothing: no question.
    assert_eq!(
        confirmation_for(
            JobAction::Decide(1, SubmitUnknownDecision::Abandon),
            &detail,
            &providers()
        ),
        None
    );
}

#[test]
fn completed_job_lists_takes_without_job_actions() {
    let mut detail = cats_detail();
    detail.summary.status = JobStatus::Completed;
    detail.summary.segment_count = 2;
    detail.summary.segments_done = 2;
    detail.summary.actual_cost_micros = 2_500_000;
    detail.segments[0].selected_take = Some(TakeId::from("take-0-1"));
    let html = job_with(Lang::En, detail, None, false, None);
    let text = visible_text(&html);
    assert_reads(
        &text,
        &[
            "Completed",
            "Progress 100%",
            "2/2",
            "Over the estimate · of $2.00 estimated",
            "2 of 2 segments have a take ready.",
            "✓ Selected",
            "New take",
        ],
    );
    assert_eq!(html.matches("badge-selected").count(), 1);
    for id in ["job-pause", "job-resume", "job-cancel", "job-launch"] {
        assert!(
            !html.contains(&format!(r#"id="{id}""#)),
            "#{id} on a completed job"
        );
    }
    // The other succeeded takes can be used instead.
    assert_reads(&text, &["Use this take"]);
    assert_eq!(html.matches(r#"data-action="use-take""#).count(), 2);
}

#[test]
fn draft_job_launches_after_the_engine_estimate_and_cancel_is_confirmed() {
    let detail = draft_detail();
    let html = job_with(Lang::En, detail.clone(), None, false, None);
    assert!(html.contains(r#"id="job-launch""#));
    assert_reads(
        &visible_text(&html),
        &["Draft", "Not started", "Not generated yet", "Generate"],
    );
    assert!(!html.contains(r#"data-action="retry-segment""#));

    let estimate = CostEstimate {
        job_id: detail.summary.id.clone(),
        segments: Vec::new(),
        total_micros: 700_000,
        spent_micros: 0,
        budget_cap_micros: None,
        within_budget: true,
    };
    let html = job_with(
        Lang::En,
        detail.clone(),
        Some(JobConfirm::Launch(estimate)),
        false,
        None,
    );
    assert!(html.contains(r#"id="launch-dialog""#));
    assert_reads(
        &visible_text(&html),
        &["Generate this job?", "Generate for $0.70"],
    );

    let html = job_with(Lang::Fr, detail, Some(JobConfirm::Cancel), true, None);
    assert!(html.contains(r#"id="cancel-job-dialog""#));
    assert_reads(
        &visible_text(&html),
        &[
            "Annuler cette production\u{a0}?",
            "Les prises déjà payées restent dans la bibliothèque.",
            "Garder la production",
            "En cours…",
        ],
    );
}
