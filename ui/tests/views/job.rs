//! JobView: header, figures, configuration, segments, activity; loading and not-found.

use crate::support::*;
use dioxus::prelude::*;
use reelforge_protocol::{ApiError, ErrorCode, JobDetail};
use reelforge_ui::i18n::Lang;
use reelforge_ui::remote::Remote;
use reelforge_ui::views::JobView;

fn job(lang: Lang, job: Remote<JobDetail>) -> String {
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
            "3/6",
            "Estimated cost $2.00",
            "Actual cost $1.23",
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
            // Segments: index from one, beat, prompt, narration, mode, provider, duration
            "2 segments",
            "Beat",
            "Prompt",
            "Narration",
            "1 hook A cat on a sofa, close-up, purring Ever wondered why? Text to video fal kling-2.1 5 s 2",
            "2 myth Cartoon cat with a motor inside Most think it's a motor.",
            // Activity
            "Activity",
            "Job created from Myth buster",
            "2 h ago",
            "Segment 1 take succeeded",
            "5 min ago",
        ],
    );
    for id in [
        "job-title",
        "job-config",
        "segments-table",
        "activity-list",
        "back-to-dashboard",
    ] {
        assert!(html.contains(&format!(r#" id="{id}""#)), "no #{id}");
    }
    assert!(
        html.contains(r##"href="/""##),
        "back link goes to the dashboard"
    );
    assert_eq!(html.matches(r#"data-testid="segment-row""#).count(), 2);
}

#[test]
fn job_in_french() {
    let text = visible_text(&job(Lang::Fr, Remote::Ready(cats_detail())));
    assert_reads(
        &text,
        &[
            "Retour au tableau de bord",
            "Génération",
            "Modèle\u{a0}: Myth buster",
            "Créée 14 mars 2025, 07:30",
            "Coût estimé 2,00\u{a0}$",
            "Coût réel 1,23\u{a0}$",
            "Plafond de budget 5,00\u{a0}$",
            "Format d'image 9:16",
            "Fournisseurs de secours runway, luma",
            "Secours autorisé Oui",
            "2 segments",
            "Temps fort",
            "Durée",
            "Prises",
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
