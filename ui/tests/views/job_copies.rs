//! The job screen's duplicate, re-run and delete: which buttons each status shows, the
//! confirmations (re-run is paid, delete takes the files), and the actions they confirm.

use crate::support::*;
use dioxus::prelude::*;
use reelforge_protocol::{JobDetail, JobStatus};
use reelforge_ui::i18n::Lang;
use reelforge_ui::remote::Remote;
use reelforge_ui::views::JobView;
use reelforge_ui::views::job::{JobAction, JobConfirm, confirmation_for};

fn with_status(status: JobStatus) -> JobDetail {
    let mut detail = cats_detail();
    detail.summary.status = status;
    detail
}

fn view(lang: Lang, detail: JobDetail, confirm: Option<JobConfirm>) -> String {
    render(move || {
        rsx! {
            JobView { lang, clock: clock(), job: Remote::Ready(detail.clone()), confirm: confirm.clone() }
        }
    })
}

#[test]
fn a_finished_job_offers_duplicate_rerun_and_delete() {
    let html = view(Lang::En, with_status(JobStatus::Completed), None);
    for id in [
        "job-duplicate",
        "job-duplicate-with-takes",
        "job-rerun",
        "job-delete",
    ] {
        assert!(html.contains(&format!(r#"id="{id}""#)), "no {id}");
    }
    assert_reads(
        &visible_text(&html),
        &["Duplicate", "Duplicate with takes", "Re-run", "Delete"],
    );
    let fr = visible_text(&view(Lang::Fr, with_status(JobStatus::Failed), None));
    assert_reads(
        &fr,
        &[
            "Dupliquer",
            "Dupliquer avec les prises",
            "Relancer",
            "Supprimer",
        ],
    );
}

#[test]
fn a_generating_job_cannot_be_rerun_or_deleted() {
    let html = view(Lang::En, with_status(JobStatus::Generating), None);
    assert!(html.contains(r#"id="job-duplicate""#));
    assert!(!html.contains(r#"id="job-rerun""#));
    assert!(!html.contains(r#"id="job-delete""#));
}

#[test]
fn rerun_and_delete_are_confirmed() {
    let detail = with_status(JobStatus::Completed);
    assert_eq!(
        confirmation_for(JobAction::Rerun, &detail, &[]),
        Some(JobConfirm::Rerun)
    );
    assert_eq!(
        confirmation_for(JobAction::Delete, &detail, &[]),
        Some(JobConfirm::Delete)
    );
    assert_eq!(
        confirmation_for(JobAction::Duplicate { with_takes: true }, &detail, &[]),
        None
    );
    assert_eq!(JobConfirm::Delete.action(), JobAction::Delete);

    let html = view(Lang::En, detail.clone(), Some(JobConfirm::Delete));
    assert!(html.contains(r#"id="delete-job-dialog""#));
    assert_reads(
        &visible_text(&html),
        &["Delete this job?", "exports are deleted with it"],
    );
    let html = view(Lang::Fr, detail, Some(JobConfirm::Rerun));
    assert!(html.contains(r#"id="rerun-dialog""#));
    assert_reads(
        &visible_text(&html),
        &["Générer à nouveau chaque segment", "vos prises restent"],
    );
}
