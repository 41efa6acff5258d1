//! Bulk delete over a long history, through `Core::bulk_jobs` (what the dashboard sends):
//! 100,000 seeded jobs (the dashboard benchmark's history), 1,000 of them selected, some of
//! them running. The deleted jobs leave no rows and no files (take outputs, thumbnails,
//! previews, exports); the running ones are refused and named; every other job and its files
//! stay. A second test selects across a filter with an un-ticked exception.

use reelforge_core::Core;
use reelforge_protocol::{
    BulkAction, BulkJobsRequest, BulkRefusalReason, BulkSelection, CreateJobRequest, JobId,
    JobStatus,
};
use reelforge_tests::history;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

const HISTORY: u64 = 100_000;
const SELECTED: u64 = 1_000;

/// Writes a take file with its thumbnail and preview for every take of `job`, records the
/// output on the take, and an export named as the engine names them; returns every file.
async fn give_files(core: &Core, job: &str) -> Vec<PathBuf> {
    let takes: Vec<String> = sqlx::query_scalar("SELECT id FROM generations WHERE job_id = ?")
        .bind(job)
        .fetch_all(core.db().writer())
        .await
        .unwrap();
    let library = core.data_dir().join("library/takes");
    let exports = core.data_dir().join("exports");
    std::fs::create_dir_all(&library).unwrap();
    std::fs::create_dir_all(&exports).unwrap();
    let mut files = Vec::new();
    for take in takes {
        let relative = format!("takes/{take}.mp4");
        sqlx::query("UPDATE generations SET output_path = ? WHERE id = ?")
            .bind(&relative)
            .bind(&take)
            .execute(core.db().writer())
            .await
            .unwrap();
        for name in [
            format!("{take}.mp4"),
            format!("{take}.thumb.jpg"),
            format!("{take}.preview.mp4"),
        ] {
            files.push(library.join(name));
        }
    }
    let short: String = job
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(8)
        .collect();
    files.push(exports.join(format!("bulk-video-{short}.mp4")));
    files.push(exports.join(format!("bulk-video-{short}.srt")));
    for file in &files {
        std::fs::write(file, job.as_bytes()).unwrap();
    }
    files
}

/// A job made through the engine (a real id), completed, with one paid take.
async fn real_job(core: &Core, title: &str) -> JobId {
    let job = core
        .create_job(CreateJobRequest {
            title: title.into(),
            subject: String::new(),
            template_id: None,
            segment_count: Some(1),
            config: Default::default(),
            budget_cap_micros: None,
        })
        .await
        .unwrap();
    let id = job.summary.id;
    let segment = &job.segments[0].id;
    let take = format!("{}-take", id.as_str());
    sqlx::query(
        "INSERT INTO generations (id, segment_id, job_id, provider, status, progress, \
         created_at, updated_at) VALUES (?, ?, ?, 'local', 'succeeded', 100, 0, 0)",
    )
    .bind(&take)
    .bind(segment.as_str())
    .bind(id.as_str())
    .execute(core.db().writer())
    .await
    .unwrap();
    sqlx::query("UPDATE jobs SET status = 'completed' WHERE id = ?")
        .bind(id.as_str())
        .execute(core.db().writer())
        .await
        .unwrap();
    id
}

async fn count(core: &Core, sql: &'static str, ids: &[String]) -> i64 {
    let list = serde_json::to_string(ids).unwrap();
    sqlx::query_scalar::<_, i64>(sql)
        .bind(list)
        .fetch_one(core.db().writer())
        .await
        .unwrap()
}

fn all_exist(files: &[PathBuf]) -> bool {
    files.iter().all(|f| f.is_file())
}

fn none_exist(files: &[PathBuf]) -> Option<&Path> {
    files.iter().find(|f| f.exists()).map(PathBuf::as_path)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleting_1000_of_100000_jobs_removes_their_rows_and_files_and_names_the_running_ones() {
    let dir = tempfile::tempdir().unwrap();
    let core = Core::open(dir.path()).await.unwrap();
    history::fill(&core, HISTORY, 2).await.unwrap();

    // The selection: 1,000 seeded jobs in the middle of the history plus two real ones; one
    // seeded job is made to run for sure (the history already runs about one in ten).
    let mut selected: Vec<String> = (0..SELECTED)
        .map(|i| format!("job-{:08}", 50_000 + i))
        .collect();
    sqlx::query("UPDATE jobs SET status = 'generating' WHERE id = 'job-00050007'")
        .execute(core.db().writer())
        .await
        .unwrap();
    let real = [
        real_job(&core, "Real one").await,
        real_job(&core, "Real two").await,
    ];
    selected.extend(real.iter().map(|id| id.as_str().to_owned()));
    let kept_real = real_job(&core, "Kept").await;

    let running: HashSet<String> = {
        let statuses: Vec<(String, String)> = sqlx::query_as(
            "SELECT id, status FROM jobs WHERE id >= 'job-00050000' AND id <= 'job-00050999'",
        )
        .fetch_all(core.db().writer())
        .await
        .unwrap();
        statuses
            .into_iter()
            .filter(|(_, s)| s == "generating" || s == "assembling")
            .map(|(id, _)| id)
            .collect()
    };
    assert!(running.contains("job-00050007"));
    let mut doomed_files = Vec::new();
    let mut kept_files = Vec::new();
    for id in &selected {
        let files = give_files(&core, id).await;
        if running.contains(id) {
            kept_files.extend(files);
        } else if id.starts_with("job-") {
            // Seeded ids share their short id with their neighbours: only takes are theirs alone.
            doomed_files.extend(
                files
                    .into_iter()
                    .filter(|f| !f.starts_with(core.data_dir().join("exports"))),
            );
        } else {
            doomed_files.extend(files);
        }
    }
    for id in ["job-00049999", "job-00051000", kept_real.as_str()] {
        kept_files.extend(give_files(&core, id).await);
    }
    assert!(all_exist(&doomed_files) && all_exist(&kept_files));

    let summary = core
        .bulk_jobs(BulkJobsRequest {
            selection: BulkSelection::Ids {
                ids: selected.iter().cloned().map(JobId).collect(),
            },
            action: BulkAction::Delete,
        })
        .await
        .unwrap();

    assert_eq!(summary.selected, SELECTED + 2);
    assert_eq!(summary.refused_count, running.len() as u64);
    assert_eq!(summary.done, SELECTED + 2 - running.len() as u64);
    let refused: HashSet<String> = summary
        .refused
        .iter()
        .map(|r| r.job_id.as_str().to_owned())
        .collect();
    assert_eq!(refused, running, "the summary names every running job");
    for r in &summary.refused {
        assert_eq!(
            r.reason,
            BulkRefusalReason::UnderWay {
                status: JobStatus::Generating
            }
        );
        assert!(!r.title.is_empty());
    }

    let deleted: Vec<String> = selected
        .iter()
        .filter(|id| !running.contains(*id))
        .cloned()
        .collect();
    for table in [
        "SELECT COUNT(*) FROM jobs WHERE id IN (SELECT value FROM json_each(?))",
        "SELECT COUNT(*) FROM segments WHERE job_id IN (SELECT value FROM json_each(?))",
        "SELECT COUNT(*) FROM generations WHERE job_id IN (SELECT value FROM json_each(?))",
        "SELECT COUNT(*) FROM job_activity WHERE job_id IN (SELECT value FROM json_each(?))",
    ] {
        assert_eq!(count(&core, table, &deleted).await, 0, "{table}");
    }
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM jobs")
        .fetch_one(core.db().writer())
        .await
        .unwrap();
    assert_eq!(left as u64, HISTORY + 3 - summary.done);
    let page = core.list_jobs(Default::default()).await.unwrap();
    assert_eq!(page.stats.total_jobs, HISTORY + 3 - summary.done);
    if let Some(file) = none_exist(&doomed_files) {
        panic!("{} stayed", file.display());
    }
    assert!(all_exist(&kept_files), "a kept job lost a file");
    core.close().await;
}

#[tokio::test]
async fn a_selection_across_a_filter_acts_on_every_match_but_the_unticked() {
    let dir = tempfile::tempdir().unwrap();
    let core = Core::open(dir.path()).await.unwrap();
    let mut matching = Vec::new();
    for i in 0..7 {
        matching.push(real_job(&core, &format!("Sunset clip {i}")).await);
    }
    let other = real_job(&core, "Morning coffee").await;
    let files: Vec<Vec<PathBuf>> = {
        let mut all = Vec::new();
        for id in matching.iter().chain([&other]) {
            all.push(give_files(&core, id.as_str()).await);
        }
        all
    };
    let unticked = matching[3].clone();
    let summary = core
        .bulk_jobs(BulkJobsRequest {
            selection: BulkSelection::Filter {
                status: Some(JobStatus::Completed),
                search: Some("sunset".into()),
                except: vec![unticked.clone()],
            },
            action: BulkAction::Delete,
        })
        .await
        .unwrap();
    assert_eq!(
        (summary.selected, summary.done, summary.refused_count),
        (6, 6, 0)
    );
    for (i, job_files) in files.iter().enumerate() {
        let kept = i == 3 || i == 7;
        match kept {
            true => assert!(all_exist(job_files), "job {i} lost files"),
            false => assert!(none_exist(job_files).is_none(), "job {i} kept files"),
        }
    }
    assert!(core.get_job(&unticked).await.is_ok());
    assert!(core.get_job(&other).await.is_ok());

    // Pausing across the same filter refuses each job it cannot pause, naming it.
    let summary = core
        .bulk_jobs(BulkJobsRequest {
            selection: BulkSelection::Filter {
                status: None,
                search: None,
                except: Vec::new(),
            },
            action: BulkAction::Pause,
        })
        .await
        .unwrap();
    assert_eq!(
        (summary.selected, summary.done, summary.refused_count),
        (2, 0, 2)
    );
    assert!(summary.refused.iter().all(|r| r.reason
        == BulkRefusalReason::WrongStatus {
            status: JobStatus::Completed
        }));

    // Duplicating across a filter copies each match once: the copies match it too, and are
    // not walked.
    let sunset = || BulkSelection::Filter {
        status: None,
        search: Some("sunset".into()),
        except: Vec::new(),
    };
    let summary = core
        .bulk_jobs(BulkJobsRequest {
            selection: sunset(),
            action: BulkAction::Duplicate,
        })
        .await
        .unwrap();
    assert_eq!(
        (summary.selected, summary.done, summary.created.len()),
        (1, 1, 1)
    );
    let copy = core.get_job(&summary.created[0]).await.unwrap();
    assert_eq!(copy.summary.title, "Sunset clip 3");
    assert_eq!(copy.summary.status, JobStatus::Draft);
    core.close().await;
}
