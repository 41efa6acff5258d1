//! `reelforge jobs promote JOB [--segments 1,3] [--yes]` as scripts and people use it: on a
//! job drafted against the Luma fake (in this process, the key in memory), the estimate is
//! printed before anything is asked, a "no" queues nothing, and `--yes` queues a take of the
//! chosen segment only, at the final model. Promoting queues; it sends nothing itself, so the
//! binary needs no key.

mod support;

use reelforge_tests::drafted_job::{self, DRAFT_CLIP_MICROS, FINAL_MODEL};
use reelforge_tests::fakes;
use std::io::Write;
use std::process::Stdio;
use support::{command, json, reelforge, success_json};

#[test]
fn jobs_promote_prints_the_estimate_asks_and_queues_only_the_chosen_segment() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let clips = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let job = runtime.block_on(async {
        let luma = fakes::luma::start(0, clips.path()).await.unwrap();
        let core = drafted_job::open(d, &luma).await;
        let template = core
            .create_template(drafted_job::tiered_template())
            .await
            .unwrap();
        let job = drafted_job::create_job(&core, &template.id, None).await;
        core.launch_job(&job).await.unwrap();
        drafted_job::run_until_generated(&core, &job).await;
        core.close().await;
        job.to_string()
    });

    // Without --yes: the estimate, then the question; "n" promotes nothing.
    let mut asked = command(d, &["jobs", "promote", &job, "--segments", "2"])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    asked.stdin.take().unwrap().write_all(b"n\n").unwrap();
    let asked = asked.wait_with_output().unwrap();
    let printed = String::from_utf8_lossy(&asked.stdout);
    assert!(asked.status.success(), "{printed}");
    assert!(
        printed.contains("segment 2: luma ray-2 (5 s) — $1.00"),
        "{printed}"
    );
    assert!(printed.contains("nothing promoted"), "{printed}");
    assert!(String::from_utf8_lossy(&asked.stderr).contains("[y/N]"));
    let takes = |detail: &serde_json::Value| -> Vec<usize> {
        detail["segments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["takes"].as_array().unwrap().len())
            .collect()
    };
    assert_eq!(
        takes(&json(d, &["jobs", "show", &job, "--json"])),
        [1, 1, 1]
    );

    // A script without --yes gets an error that says what to do, and nothing changes.
    let out = reelforge(d, &["jobs", "promote", &job, "--json"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("--yes"));
    assert_eq!(
        takes(&json(d, &["jobs", "show", &job, "--json"])),
        [1, 1, 1]
    );

    // --yes: segment 2 only, at the final model, the draft take kept.
    let args = [
        "jobs",
        "promote",
        &job,
        "--segments",
        "2",
        "--yes",
        "--json",
    ];
    let done = success_json(&args, &reelforge(d, &args));
    assert_eq!(done["promoted"], true);
    assert_eq!(done["estimate"]["total_micros"], 1_000_000);
    assert_eq!(done["estimate"]["spent_micros"], 3 * DRAFT_CLIP_MICROS);
    let detail = json(d, &["jobs", "show", &job, "--json"]);
    assert_eq!(takes(&detail), [1, 2, 1]);
    let promoted = &detail["segments"][1]["takes"][1];
    assert_eq!(promoted["model"], FINAL_MODEL);
    assert_eq!(promoted["status"], "queued");
    assert_eq!(detail["status"], "generating");

    // Segment numbers start at 1.
    let out = reelforge(d, &["jobs", "promote", &job, "--segments", "0", "--yes"]);
    assert!(!out.status.success());
}
