//! The crash test of storyboard keyframes: the real `reelforge storyboard JOB` (make the
//! missing keyframes and wait) against the fake fal queue's FLUX images over HTTP, killed with
//! SIGKILL at a seeded random moment, then started again until its keyframes are made; 30
//! runs by default (`REELFORGE_CRASH_KEYFRAME_RUNS`, `REELFORGE_CRASH_SEED`). After each run:
//! - every segment's keyframe ended succeeded (its PNG in the library), or `submit_unknown`
//!   when the kill fell between sending a create and recording its answer (every other run
//!   the fake is slow to answer creates so that such kills happen);
//! - the fake received no create beyond one per keyframe take with a remote id plus one per
//!   `submit_unknown` one: no image was ever paid twice, and no segment has two created;
//! - no row was lost and no temporary file is left in the data folder.
//!
//! The key lives in the real OS keychain under a service unique to this run (removed at the
//! end): run it under `dbus-run-session` with gnome-keyring unlocked, as `scripts/test` does.

mod support;

use reelforge_tests::fakes::{self, Fault, Route};
use std::path::Path;
use std::process::Command;
use std::time::Duration;
use support::keyed_cli::KeyedCli;
use support::{Seeded, output_within, temporaries_under};

/// Latest kill moment after the start of a run (a run of three keyframes takes about a
/// second, more when creates are slow).
const KILL_WITHIN_MS: u64 = 2_500;
/// Longest one resumed `storyboard` may take.
const RESUME_LIMIT: Duration = Duration::from_secs(120);
const SEGMENTS: usize = 3;

/// One keyframe take row: (segment, status, remote id, output path).
type KeyframeRow = (String, String, Option<String>, Option<String>);

fn keyframe_rows(data: &Path) -> Vec<KeyframeRow> {
    let db = data.join(reelforge_core::storage::DATABASE_FILE);
    let out = Command::new("sqlite3")
        .arg("-separator")
        .arg("\t")
        .arg(&db)
        .arg(
            "SELECT segment_id, status, IFNULL(remote_id, ''), IFNULL(output_path, '') \
             FROM generations WHERE kind = 'keyframe' ORDER BY created_at",
        )
        .output()
        .expect("sqlite3 runs (scripts/setup.sh installs it)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let opt = |s: &str| (!s.is_empty()).then(|| s.to_owned());
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            (f[0].to_owned(), f[1].to_owned(), opt(f[2]), opt(f[3]))
        })
        .collect()
}

#[test]
fn sigkill_during_keyframes_never_creates_an_image_twice_nor_loses_anything() {
    let runs: u32 = std::env::var("REELFORGE_CRASH_KEYFRAME_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(30);
    let seed: u64 = std::env::var("REELFORGE_CRASH_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5EED_CAFE);
    let mut rng = Seeded(seed);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let files = tempfile::tempdir().unwrap();
    let fake = runtime
        .block_on(fakes::fal::start(0, files.path()))
        .unwrap();
    let setup = KeyedCli {
        provider: "fal",
        base_url_var: "REELFORGE_FAL_BASE_URL",
        base_url: fake.base_url().to_owned(),
        service: format!("dev.reelforge.keyframe-crash.{}", std::process::id()),
        extra_env: Vec::new(),
    };
    let keydir = tempfile::tempdir().unwrap();
    setup.store_key(keydir.path());

    let (mut unknown_total, mut restarts) = (0u32, 0u32);
    for run in 0..runs {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        // A job on fal: its keyframes go to fal's image model by default.
        let segments = SEGMENTS.to_string();
        let job = setup.json(
            d,
            &[
                "jobs",
                "create",
                "--title",
                &format!("keyframe crash {run}"),
                "--segments",
                &segments,
                "--provider",
                "fal",
                "--aspect",
                "16:9",
                "--json",
            ],
        );
        let job = job["id"].as_str().unwrap().to_owned();
        let prompt = format!("a lighthouse at dusk, run {run}");
        setup.json(
            d,
            &["jobs", "configure", &job, "--prompt", &prompt, "--json"],
        );
        let creates_before = fake.calls(Route::Create);
        fake.core.faults.clear();
        if rng.next().is_multiple_of(2) {
            fake.arm(Route::Create, Fault::Slow { millis: 800 }, 3);
        }

        let kill_after = Duration::from_millis(rng.next() % KILL_WITHIN_MS);
        let mut child = setup
            .cmd(d, &["storyboard", &job, "--json"])
            .spawn()
            .unwrap();
        std::thread::sleep(kill_after);
        let _ = child.kill();
        let _ = child.wait();

        let mut ended = false;
        for _ in 0..3 {
            let mut resumed = setup.cmd(d, &["storyboard", &job, "--json"]);
            let out = output_within(&mut resumed, RESUME_LIMIT);
            restarts += 1;
            let body: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
            let message = body["error"]["message"].as_str().unwrap_or_default();
            if out.status.success() || message.contains("needs a decision") {
                ended = true;
                break;
            }
            eprintln!(
                "run {run}: resume failed, trying again: {}",
                String::from_utf8_lossy(&out.stdout)
            );
        }
        assert!(ended, "run {run} (kill after {kill_after:?}) never ended");

        let board = setup.json(d, &["jobs", "show", &job, "--json"]);
        let segment_ids: Vec<String> = board["segments"]
            .as_array()
            .expect("segments survive")
            .iter()
            .map(|s| s["id"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(segment_ids.len(), SEGMENTS, "run {run}: segments lost");
        let rows = keyframe_rows(d);
        let mut unknown = 0u32;
        for id in &segment_ids {
            let own: Vec<&KeyframeRow> = rows.iter().filter(|r| r.0 == *id).collect();
            assert!(!own.is_empty(), "run {run}: segment {id} lost its keyframe");
            let created = own.iter().filter(|r| r.2.is_some()).count();
            assert!(
                created <= 1,
                "run {run}: segment {id} was created twice: {own:?}"
            );
            let last = own.last().unwrap();
            match last.1.as_str() {
                "succeeded" => {
                    let file = d.join("library").join(last.3.as_deref().expect("a file"));
                    assert!(file.exists(), "run {run}: {} is missing", file.display());
                }
                "submit_unknown" => unknown += 1,
                other => panic!("run {run}: a keyframe ended {other}: {own:?}"),
            }
        }
        // Keyframes are no clips, but what they cost is the job's: FLUX schnell's estimate
        // ($0.003) per image made.
        let made = rows.iter().filter(|r| r.1 == "succeeded").count() as i64;
        assert_eq!(board["segments_done"], 0, "run {run}");
        assert_eq!(board["actual_cost_micros"], 3_000 * made, "run {run}");
        let recorded = rows.iter().filter(|r| r.2.is_some()).count() as u64;
        let creates = fake.calls(Route::Create) - creates_before;
        assert!(
            creates >= recorded && creates <= recorded + u64::from(unknown),
            "run {run} (kill after {kill_after:?}): {creates} creates for {recorded} recorded \
             keyframes and {unknown} submit_unknown"
        );
        let partial = temporaries_under(d);
        assert!(
            partial.is_empty(),
            "run {run}: temporary files left: {partial:?}"
        );
        unknown_total += unknown;
    }
    setup.remove_key(keydir.path());
    println!(
        "keyframe crash test (seed {seed:#x}): {runs} runs, {unknown_total} keyframes left \
         submit_unknown, {restarts} restarts, 0 duplicate creates"
    );
}
