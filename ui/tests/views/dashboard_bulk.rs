//! The dashboard's selection and bulk actions: a checkbox per row, shift-click ticking a
//! range, the page's checkbox, "select all N matching" sent as the filter, the delete
//! confirmation, and the summary naming each refused job with its reason, EN and FR.

use crate::support::*;
use dioxus::prelude::*;
use reelforge_protocol::{
    BulkAction, BulkRefusal, BulkRefusalReason, BulkSelection, BulkSummary, ErrorCode, JobId,
    JobListQuery, JobPage, JobStatus, TemplateDto,
};
use reelforge_ui::i18n::Lang;
use reelforge_ui::remote::Remote;
use reelforge_ui::views::DashboardView;
use reelforge_ui::views::bulk_bar::{BulkEvent, BulkState};

/// A page of six jobs out of `total` matching.
fn six_of(total: u64) -> JobPage {
    let mut page = first_page();
    page.items = (0..6)
        .map(|i| {
            let mut job = cats_job();
            job.id = JobId(format!("job-{i}"));
            job.title = format!("Clip number {i}");
            job
        })
        .collect();
    page.total_matching = total;
    page
}

fn ids(page: &JobPage) -> Vec<JobId> {
    page.items.iter().map(|j| j.id.clone()).collect()
}

fn render_with(lang: Lang, page: JobPage, bulk: BulkState) -> String {
    render(move || {
        rsx! {
            DashboardView {
                lang,
                clock: clock(),
                jobs: Remote::Ready(page.clone()),
                templates: Remote::Ready(Vec::<TemplateDto>::new()),
                query: JobListQuery::default(),
                bulk: bulk.clone(),
            }
        }
    })
}

/// The `data-job-id`s of the rows whose checkbox is checked.
fn checked_rows(html: &str) -> Vec<String> {
    html.split("<tr ")
        .filter(|row| row.contains(r#"class="row-select""#))
        .filter(|row| {
            let input = &row[row.find(r#"class="row-select""#).unwrap()..];
            let end = input.find('>').unwrap();
            input[..end].contains("checked")
        })
        .filter_map(|row| {
            let at = row.find(r#"data-job-id=""#)? + r#"data-job-id=""#.len();
            Some(row[at..at + row[at..].find('"')?].to_owned())
        })
        .collect()
}

#[test]
fn a_checkbox_per_row_and_shift_click_ticks_the_range() {
    let page = six_of(6);
    let mut bulk = BulkState::default();
    let html = render_with(Lang::En, page.clone(), bulk.clone());
    assert_eq!(html.matches(r#"class="row-select""#).count(), 6);
    assert!(html.contains(r#"id="select-page""#));
    assert!(
        !html.contains(r#"id="bulk-bar""#),
        "no bar without a selection"
    );
    assert!(html.contains(r#"aria-label="Select “Clip number 0”""#));

    assert_eq!(
        bulk.apply(
            BulkEvent::RowClicked {
                index: 1,
                shift: false
            },
            &ids(&page)
        ),
        None
    );
    bulk.apply(
        BulkEvent::RowClicked {
            index: 4,
            shift: true,
        },
        &ids(&page),
    );
    let html = render_with(Lang::En, page.clone(), bulk.clone());
    assert_eq!(checked_rows(&html), ["job-1", "job-2", "job-3", "job-4"]);
    let text = visible_text(&html);
    assert_reads(
        &text,
        &[
            "4 selected",
            "Pause",
            "Resume",
            "Retry failed segments",
            "Re-assemble",
            "Duplicate",
            "Delete",
            "Clear selection",
        ],
    );
    // The whole page is on it: nothing more to offer on a one-page list.
    assert_not_reads(&text, &["Select all"]);
}

#[test]
fn select_all_across_the_filter_is_offered_once_the_page_is_ticked_and_sent_as_the_filter() {
    let page = six_of(100_000);
    let mut bulk = BulkState::default();
    bulk.apply(BulkEvent::PageTicked(true), &ids(&page));
    let html = render_with(Lang::En, page.clone(), bulk.clone());
    assert_eq!(checked_rows(&html).len(), 6);
    assert_reads(
        &visible_text(&html),
        &["6 selected", "Select all 100000 jobs matching"],
    );

    bulk.apply(BulkEvent::SelectAllMatching, &ids(&page));
    bulk.apply(
        BulkEvent::RowClicked {
            index: 0,
            shift: false,
        },
        &ids(&page),
    );
    let html = render_with(Lang::Fr, page.clone(), bulk.clone());
    assert_reads(
        &visible_text(&html),
        &[
            "99999 sélectionnées",
            "Les 99999 productions correspondantes sont sélectionnées",
        ],
    );
    assert_eq!(checked_rows(&html).len(), 5);
    let query = JobListQuery {
        status: Some(JobStatus::Failed),
        search: Some("chat".into()),
        page: 7,
        page_size: 25,
    };
    assert_eq!(
        bulk.selection.selection(&query),
        BulkSelection::Filter {
            status: Some(JobStatus::Failed),
            search: Some("chat".into()),
            except: vec![JobId::from("job-0")],
        }
    );
}

#[test]
fn delete_asks_first_and_other_actions_start_at_once() {
    let page = six_of(6);
    let mut bulk = BulkState::default();
    assert_eq!(
        bulk.apply(BulkEvent::Action(BulkAction::Pause), &ids(&page)),
        None,
        "nothing selected"
    );
    bulk.apply(BulkEvent::PageTicked(true), &ids(&page));
    assert_eq!(
        bulk.apply(BulkEvent::Action(BulkAction::Delete), &ids(&page)),
        None
    );
    let html = render_with(Lang::En, page.clone(), bulk.clone());
    assert!(html.contains(r#"id="bulk-delete-dialog""#));
    assert_reads(
        &visible_text(&html),
        &[
            "Delete 6 jobs?",
            "exports are deleted with them",
            "Delete with their files",
        ],
    );
    let html = render_with(Lang::Fr, page.clone(), bulk.clone());
    assert_reads(
        &visible_text(&html),
        &["Supprimer 6 productions", "Supprimer avec leurs fichiers"],
    );

    assert_eq!(
        bulk.apply(BulkEvent::Confirm, &ids(&page)),
        Some(BulkAction::Delete)
    );
    assert_eq!(
        bulk.apply(BulkEvent::Action(BulkAction::Pause), &ids(&page)),
        None,
        "one at a time"
    );
    bulk.finish(Ok(BulkSummary::default()));
    assert!(bulk.selection.is_empty());
    bulk.apply(BulkEvent::PageTicked(true), &ids(&page));
    assert_eq!(
        bulk.apply(BulkEvent::Action(BulkAction::Pause), &ids(&page)),
        Some(BulkAction::Pause)
    );
}

#[test]
fn the_summary_names_each_refused_job_with_its_reason_in_both_languages() {
    let page = six_of(6);
    let mut bulk = BulkState::default();
    bulk.apply(BulkEvent::PageTicked(true), &ids(&page));
    bulk.apply(BulkEvent::Action(BulkAction::Delete), &ids(&page));
    bulk.apply(BulkEvent::Confirm, &ids(&page));
    let refused = |id: &str, title: &str, reason| BulkRefusal {
        job_id: JobId::from(id),
        title: title.into(),
        reason,
    };
    bulk.finish(Ok(BulkSummary {
        selected: 1_000,
        done: 996,
        refused_count: 4,
        refused: vec![
            refused(
                "job-1",
                "Running clip",
                BulkRefusalReason::UnderWay {
                    status: JobStatus::Generating,
                },
            ),
            refused(
                "job-2",
                "Done clip",
                BulkRefusalReason::WrongStatus {
                    status: JobStatus::Completed,
                },
            ),
            refused("job-3", "", BulkRefusalReason::NotFound),
        ],
        created: Vec::new(),
    }));
    let en = visible_text(&render_with(Lang::En, page.clone(), bulk.clone()));
    assert_reads(
        &en,
        &[
            "Delete: done for 996 jobs",
            "4 jobs left as they were:",
            "Running clip — Generating, with something under way: cancel it first",
            "Done clip — not possible for a job that is Completed",
            "(untitled) — it no longer exists",
            "…and 1 more",
        ],
    );
    let fr = visible_text(&render_with(Lang::Fr, page.clone(), bulk.clone()));
    assert_reads(
        &fr,
        &[
            "Supprimer\u{a0}: fait pour 996 productions",
            "Running clip — Génération, avec un travail en cours\u{a0}: annulez-la d'abord",
            "(sans titre) — elle n'existe plus",
            "…et 1 de plus",
        ],
    );

    // A failed call says so, worded from its code.
    bulk.apply(BulkEvent::Action(BulkAction::Pause), &ids(&page));
    bulk.apply(BulkEvent::PageTicked(true), &ids(&page));
    bulk.apply(BulkEvent::Action(BulkAction::Pause), &ids(&page));
    bulk.finish(Err(reelforge_protocol::ApiError::new(
        ErrorCode::Storage,
        "disk",
    )));
    let en = visible_text(&render_with(Lang::En, page, bulk));
    assert_reads(&en, &["Pause:"]);
    assert_not_reads(&en, &["done for"]);
}
