//! DashboardView: empty, with data, filtered without matches, loading and failed.

use crate::support::*;
use dioxus::prelude::*;
use reelforge_protocol::{ApiError, ErrorCode, JobListQuery, JobPage, JobStatus, TemplateDto};
use reelforge_ui::i18n::Lang;
use reelforge_ui::remote::Remote;
use reelforge_ui::views::DashboardView;

fn dashboard(
    lang: Lang,
    jobs: Remote<JobPage>,
    templates: Remote<Vec<TemplateDto>>,
    query: JobListQuery,
) -> String {
    render(move || {
        rsx! {
            DashboardView {
                lang,
                clock: clock(),
                jobs: jobs.clone(),
                templates: templates.clone(),
                query: query.clone(),
            }
        }
    })
}

fn with_data(lang: Lang) -> String {
    dashboard(
        lang,
        Remote::Ready(first_page()),
        Remote::Ready(vec![myth_buster(), product_demo()]),
        JobListQuery::default(),
    )
}

fn empty(lang: Lang) -> String {
    dashboard(
        lang,
        Remote::Ready(empty_page()),
        Remote::Ready(Vec::new()),
        JobListQuery::default(),
    )
}

#[test]
fn empty_dashboard_in_english() {
    let html = empty(Lang::En);
    let text = visible_text(&html);
    assert_reads(
        &text,
        &[
            "Dashboard",
            "Total jobs",
            "Completed",
            "In progress",
            "Total cost",
            "$0.00",
            "Start from a template",
            "No templates yet",
            "No jobs yet",
            "Jobs you create will appear here.",
        ],
    );
    assert!(html.contains(r#" id="dashboard""#));
    assert!(html.contains(r#" id="jobs-empty""#));
    assert!(
        !html.contains(r#" id="jobs-table""#),
        "no table without jobs"
    );
    assert!(!html.contains(r#" id="pagination""#));
}

#[test]
fn empty_dashboard_in_french() {
    let text = visible_text(&empty(Lang::Fr));
    assert_reads(
        &text,
        &[
            "Tableau de bord",
            "Productions",
            "Terminées",
            "En cours",
            "Coût total",
            "0,00\u{a0}$",
            "Partir d'un modèle",
            "Aucun modèle pour l'instant",
            "Aucune production pour l'instant",
        ],
    );
    assert_not_reads(&text, &["No jobs yet", "Total jobs", "Dashboard"]);
}

#[test]
fn dashboard_with_data_in_english() {
    let html = with_data(Lang::En);
    let text = visible_text(&html);
    assert_reads(
        &text,
        &[
            // Stats
            "42",
            "30",
            "2 failed",
            "$57.89",
            // Template strip: name, segments × duration, ratio, mode
            "Myth buster",
            "6 × 5 s",
            "9:16",
            "Text to video",
            "Product demo",
            "4 × 8 s",
            "16:9",
            "Image to video",
            // Jobs table
            "60 jobs",
            "Why cats purr",
            "The science behind purring",
            "Generating",
            "3/6",
            "$1.23",
            "est. $2.00",
            "5 min ago",
            "Espresso at home",
            "Completed",
            "No template",
            "$0.04",
            "4/4",
            "3 days ago",
            // Pagination over the whole history
            "Page 1 of 3",
            "Previous",
            "Next",
        ],
    );
    for id in [
        "stats-total",
        "stats-completed",
        "stats-in-progress",
        "stats-cost",
        "templates-strip",
        "jobs-table",
        "status-filter",
        "job-search",
        "page-prev",
        "page-next",
        "page-indicator",
    ] {
        assert!(html.contains(&format!(r#" id="{id}""#)), "no #{id}");
    }
    assert_eq!(html.matches(r#"class="template-card"#).count(), 2);
    assert_eq!(html.matches(r#"data-testid="job-row""#).count(), 2);
    assert!(
        html.contains(r##"href="/jobs/job-cats""##),
        "rows link to the job"
    );
    assert!(html.contains(r#"data-status="generating""#));
    let card = &html[html.find(r#" id="stats-total""#).unwrap()..];
    let card = &card[card.find('>').unwrap() + 1..];
    assert!(visible_text(card).starts_with("Total jobs 42 "), "{card}");
}

#[test]
fn dashboard_with_data_in_french() {
    let text = visible_text(&with_data(Lang::Fr));
    assert_reads(
        &text,
        &[
            "Productions",
            "2 en échec",
            "57,89\u{a0}$",
            "Texte vers vidéo",
            "60 productions",
            "Génération",
            "Terminée",
            "Sans modèle",
            "1,23\u{a0}$",
            "estim. 2,00\u{a0}$",
            "il y a 5 min",
            "il y a 3 jours",
            "Page 1 sur 3",
            "Précédente",
            "Suivante",
            "Tous les statuts",
            "Titre",
            "Statut",
            "Progression",
            "Mise à jour",
        ],
    );
    assert_not_reads(&text, &["Page 1 of 3", "Generating", "$1.23"]);
}

#[test]
fn pagination_disables_the_ends() {
    let html = with_data(Lang::En);
    let prev = html.split(r#" id="page-prev""#).nth(1).unwrap();
    let prev_tag = &prev[..prev.find('>').unwrap()];
    assert!(prev_tag.contains("disabled"), "first page: {prev_tag}");
    let next = html.split(r#" id="page-next""#).nth(1).unwrap();
    let next_tag = &next[..next.find('>').unwrap()];
    assert!(!next_tag.contains("disabled"), "first of three: {next_tag}");

    let last = JobPage {
        page: 2,
        ..first_page()
    };
    let html = dashboard(
        Lang::En,
        Remote::Ready(last),
        Remote::Ready(Vec::new()),
        JobListQuery {
            page: 2,
            ..JobListQuery::default()
        },
    );
    assert!(visible_text(&html).contains("Page 3 of 3"));
    let next = html.split(r#" id="page-next""#).nth(1).unwrap();
    assert!(next[..next.find('>').unwrap()].contains("disabled"));
}

#[test]
fn filter_without_matches_says_so_and_keeps_the_filter() {
    let query = JobListQuery {
        status: Some(JobStatus::Failed),
        search: Some("zebra".into()),
        ..JobListQuery::default()
    };
    let html = dashboard(
        Lang::En,
        Remote::Ready(empty_page()),
        Remote::Ready(vec![myth_buster()]),
        query,
    );
    let text = visible_text(&html);
    assert_reads(&text, &["No jobs match", "Try another status or search."]);
    assert_not_reads(&text, &["No jobs yet"]);
    assert!(
        html.contains(r#"value="zebra""#),
        "search box keeps its text"
    );
    let failed = html.split(r#"value="failed""#).nth(1).unwrap();
    assert!(failed[..failed.find('>').unwrap()].contains("selected"));
}

#[test]
fn loading_and_error_states() {
    let loading = visible_text(&dashboard(
        Lang::En,
        Remote::Loading,
        Remote::Loading,
        JobListQuery::default(),
    ));
    assert_reads(&loading, &["Loading…", "—"]);

    let error = ApiError::new(ErrorCode::Storage, "database is locked");
    let failed = |lang| {
        visible_text(&dashboard(
            lang,
            Remote::Failed(error.clone()),
            Remote::Ready(vec![myth_buster()]),
            JobListQuery::default(),
        ))
    };
    assert_reads(
        &failed(Lang::En),
        &[
            "Something went wrong",
            "Storage error",
            "database is locked",
            "Myth buster",
        ],
    );
    assert_reads(
        &failed(Lang::Fr),
        &[
            "Une erreur est survenue",
            "Erreur de stockage",
            "database is locked",
        ],
    );
}
