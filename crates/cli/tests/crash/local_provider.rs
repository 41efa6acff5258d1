//! The crash test of the local provider (issue 15 items 6 and 7): `reelforge generate --wait`
//! on six-segment local jobs, SIGKILLed at a seeded random moment and started again, at
//! least 50 kills (`REELFORGE_CRASH_LOCAL_KILLS`, `REELFORGE_CRASH_SEED`). It checks:
//! - no segment is ever `failed`, and every job completes: an interruption uses none of the
//!   automatic retries, and a kill while a clip is copied into the library is not terminal;
//! - no process the killed CLI started (ffmpeg) outlives it: every call carries a marker in
//!   its environment, which its children inherit, and none may be alive shortly after;
//! - nothing is left behind once a job completes: no temporary file of any kind in the data
//!   folder, an empty work folder, and nothing in the system's temporary folder (the CLI's
//!   `TMPDIR` is a folder of the test's own).
//!
//! Needs no keychain: the local provider needs no key.

use super::support::{
    MARKER_ENV, Seeded, command, json, output_within, reels_job, survivors_after, temporaries_under,
};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// Latest kill moment after a start; a job of six 5-second clips takes a dozen seconds or
/// more here, so kills land while opening, rendering, copying into the library and making
/// previews (what was done before a kill stays done).
const KILL_WITHIN_MS: u64 = 4_000;
/// How long a killed CLI's children may take to go. They die within milliseconds when they
/// are bound to their parent; unbound, an ffmpeg render runs on to its end (seconds).
const ORPHAN_GRACE: Duration = Duration::from_secs(1);
/// Longest a job's final, uninterrupted `generate --wait` may take.
const FINISH_LIMIT: Duration = Duration::from_secs(300);

struct Run<'a> {
    data: &'a Path,
    tmp: &'a Path,
    marker: String,
}

impl Run<'_> {
    fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = command(self.data, args);
        cmd.env(MARKER_ENV, &self.marker)
            .env("TMPDIR", self.tmp)
            .env("REELFORGE_POLL_INTERVAL_MS", "100");
        cmd
    }

    /// Segment statuses of `job`; fails the test on a `failed` one.
    fn assert_no_failed_segment(&self, job: &str, when: &str) -> Vec<String> {
        let status = json(self.data, &["status", job, "--json"]);
        let segments = status["segments"].as_array().expect("segments").clone();
        let statuses: Vec<String> = segments
            .iter()
            .map(|s| s["status"].as_str().unwrap_or_default().to_owned())
            .collect();
        assert!(
            !statuses.iter().any(|s| s == "failed"),
            "{when}: a segment failed: {status}"
        );
        statuses
    }

    /// Nothing left behind by a completed job (after a `status` call, which opens the data
    /// folder and so sweeps what dead processes left in the work folder).
    fn assert_clean(&self, when: &str) {
        let temporaries = temporaries_under(self.data);
        assert!(
            temporaries.is_empty(),
            "{when}: temporary files left: {temporaries:?}"
        );
        let work = super::support::files_under(&self.data.join(reelforge_core::WORK_DIR));
        assert!(
            work.is_empty(),
            "{when}: files left in the work folder: {work:?}"
        );
        let tmp = super::support::files_under(self.tmp);
        assert!(
            tmp.is_empty(),
            "{when}: files left in the temporary folder: {tmp:?}"
        );
    }
}

/// Six 5-second segments on the local provider (renders long enough to be caught running).
fn new_job(data: &Path) -> String {
    let job = reels_job(data);
    let args = [
        "jobs",
        "configure",
        &job,
        "--prompt",
        "A cat coding at night",
    ];
    json(data, &[&args[..], &["--duration", "5", "--json"]].concat());
    job
}

#[test]
fn local_jobs_survive_repeated_sigkills_with_no_failure_no_leftover_and_no_orphan() {
    let kills_wanted: u32 = std::env::var("REELFORGE_CRASH_LOCAL_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50);
    let seed: u64 = std::env::var("REELFORGE_CRASH_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x10CA_1C0D);
    let mut rng = Seeded(seed);
    let data = tempfile::tempdir().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let run = Run {
        data: data.path(),
        tmp: tmp.path(),
        marker: format!("crash-local-{}-{seed:x}", std::process::id()),
    };

    let (mut kills, mut completed) = (0u32, 0u32);
    let mut job = new_job(run.data);
    while kills < kills_wanted {
        let mut child = run
            .cmd(&["generate", &job, "--wait", "--json"])
            .spawn()
            .unwrap();
        let kill_after = Duration::from_millis(rng.next() % KILL_WITHIN_MS);
        std::thread::sleep(kill_after);
        if let Some(status) = child.try_wait().unwrap() {
            // It finished first: the job must have completed.
            assert!(status.success(), "job {job} ended {status} without a kill");
            run.assert_no_failed_segment(&job, "completed job");
            run.assert_clean(&format!("after job {completed}"));
            completed += 1;
            job = new_job(run.data);
            continue;
        }
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        kills += 1;
        let survivors = survivors_after(&run.marker, ORPHAN_GRACE);
        assert!(
            survivors.is_empty(),
            "kill {kills} (after {kill_after:?}): processes outlived the killed CLI: {survivors:?}"
        );
        run.assert_no_failed_segment(&job, &format!("kill {kills} after {kill_after:?}"));
    }
    let mut finish = run.cmd(&["generate", &job, "--wait", "--json"]);
    let out = output_within(&mut finish, FINISH_LIMIT);
    assert!(
        out.status.success(),
        "the last job did not complete: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let statuses = run.assert_no_failed_segment(&job, "last job");
    assert!(statuses.iter().all(|s| s == "succeeded"), "{statuses:?}");
    run.assert_clean("at the end");
    completed += 1;
    println!(
        "local crash test (seed {seed:#x}): {kills} kills, {completed} jobs completed, \
         no failed segment, no orphan process, nothing left behind"
    );
}
