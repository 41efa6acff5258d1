//! Bulk delete over a large history: fills N jobs (default 100,000, two segments each, the
//! dashboard benchmark's history), gives 1,000 selected jobs their take files, then times one
//! `Core::bulk_jobs` delete of those 1,000 by ids (what the dashboard sends for ticked rows)
//! and one across a filter (a search matching a few thousand), and prints the figures.
//!
//! `cargo bench -p reelforge-tests --bench bulk_delete` — `REELFORGE_BENCH_JOBS` for another
//! size. Target: deleting 1,000 jobs with their files takes under 5 s on a 2-core machine.

use reelforge_core::Core;
use reelforge_protocol::{BulkAction, BulkJobsRequest, BulkSelection, JobId};
use reelforge_tests::history;
use std::time::Instant;

const SELECTED: u64 = 1_000;

#[tokio::main]
async fn main() {
    let jobs: u64 = std::env::var("REELFORGE_BENCH_JOBS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let core = Core::open(dir.path()).await.expect("core opens");
    let fill_start = Instant::now();
    let counts = history::fill(&core, jobs, 2).await.expect("history fills");
    println!(
        "filled {} jobs, {} segments, {} takes in {:.1} s",
        counts.jobs,
        counts.segments,
        counts.takes,
        fill_start.elapsed().as_secs_f64()
    );

    let first = jobs / 2;
    let ids: Vec<String> = (first..first + SELECTED.min(jobs))
        .map(|i| format!("job-{i:08}"))
        .collect();
    let takes_dir = dir.path().join("library/takes");
    std::fs::create_dir_all(&takes_dir).expect("takes folder");
    let mut files = 0;
    for id in &ids {
        let takes: Vec<String> = sqlx::query_scalar("SELECT id FROM generations WHERE job_id = ?")
            .bind(id)
            .fetch_all(core.db().writer())
            .await
            .expect("takes read");
        for take in takes {
            sqlx::query("UPDATE generations SET output_path = ? WHERE id = ?")
                .bind(format!("takes/{take}.mp4"))
                .bind(&take)
                .execute(core.db().writer())
                .await
                .expect("output recorded");
            for name in [format!("{take}.mp4"), format!("{take}.thumb.jpg")] {
                std::fs::write(takes_dir.join(name), [0u8; 4096]).expect("file written");
                files += 1;
            }
        }
    }

    let start = Instant::now();
    let summary = core
        .bulk_jobs(BulkJobsRequest {
            selection: BulkSelection::Ids {
                ids: ids.into_iter().map(JobId).collect(),
            },
            action: BulkAction::Delete,
        })
        .await
        .expect("bulk delete runs");
    let by_ids = start.elapsed();
    println!(
        "delete by ids: {} selected, {} deleted, {} refused, {files} files, in {:.0} ms \
         (target < 5000 ms: {})",
        summary.selected,
        summary.done,
        summary.refused_count,
        by_ids.as_secs_f64() * 1_000.0,
        if by_ids.as_secs_f64() < 5.0 {
            "met"
        } else {
            "NOT met"
        }
    );

    let start = Instant::now();
    let summary = core
        .bulk_jobs(BulkJobsRequest {
            selection: BulkSelection::Filter {
                status: None,
                search: Some("jardinage erreurs".into()),
                except: Vec::new(),
            },
            action: BulkAction::Delete,
        })
        .await
        .expect("bulk delete runs");
    let by_filter = start.elapsed();
    println!(
        "delete across a filter: {} matched, {} deleted, {} refused, in {:.0} ms ({:.2} ms per job)",
        summary.selected,
        summary.done,
        summary.refused_count,
        by_filter.as_secs_f64() * 1_000.0,
        by_filter.as_secs_f64() * 1_000.0 / summary.selected.max(1) as f64
    );
    core.close().await;
}
