//! The crash test of the generation engine: the real `reelforge generate --wait` against a
//! fake Runway server over HTTP, killed with SIGKILL at a seeded random moment, then started
//! again until the job ends; repeated (100 runs by default, `REELFORGE_CRASH_RUNS`,
//! `REELFORGE_CRASH_SEED`). After each run it checks what the engine promises:
//! - every segment ends succeeded, or `submit_unknown` when the kill fell between sending a
//!   create call and recording its answer (counted and reported; every other run the fake is
//!   slow to answer creates so that such kills happen);
//! - the fake received no create call beyond one per take that has a remote id plus one per
//!   `submit_unknown` take: no paid generation was ever sent twice;
//! - no row was lost (the job, its segments, a take per segment) and no temporary file of
//!   any kind (`reelforge_core::durable::is_temporary`) is left in the data folder;
//! - the API key appears nowhere: not in the database files, not in any output or log line
//!   (the CLI runs with `RUST_LOG=debug`).
//!
//! The key lives in the real OS keychain (secret service), under a service name unique to
//! this run, removed at the end: run it under `dbus-run-session` with gnome-keyring
//! unlocked, as `scripts/test` does.
//!
//! [`local_provider`] SIGKILLs jobs on the local provider over and over (no keychain needed):
//! no failure, no leftover file, no orphan process.

#[path = "crash/local_provider.rs"]
mod local_provider;
mod support;

use reelforge_tests::fakes::{self, FAKE_KEY, Fault, Route};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;
use support::keyed_cli::KeyedCli;
use support::{Seeded, files_under, json, output_within, temporaries_under};

/// Latest kill moment after the start of a run; runs here take 1–3 s, so kills land at
/// every stage: opening, launching, submitting, polling, downloading, making previews.
const KILL_WITHIN_MS: u64 = 3_000;
/// Longest one resumed `generate --wait` may take.
const RESUME_LIMIT: Duration = Duration::from_secs(180);

/// What one take row says.
#[derive(Debug)]
struct TakeRow {
    segment_id: String,
    status: String,
    remote_id: Option<String>,
    output_path: Option<String>,
}

fn takes_of(data: &Path) -> Vec<TakeRow> {
    let db = data.join(reelforge_core::storage::DATABASE_FILE);
    let out = Command::new("sqlite3")
        .arg("-separator")
        .arg("\t")
        .arg(&db)
        .arg("SELECT segment_id, status, IFNULL(remote_id, ''), IFNULL(output_path, '') FROM generations ORDER BY created_at")
        .output()
        .expect("sqlite3 runs (scripts/setup.sh installs it)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            let opt = |s: &str| (!s.is_empty()).then(|| s.to_owned());
            TakeRow {
                segment_id: f[0].to_owned(),
                status: f[1].to_owned(),
                remote_id: opt(f[2]),
                output_path: opt(f[3]),
            }
        })
        .collect()
}

#[derive(Debug, Default)]
struct Tally {
    runs: u32,
    completed: u32,
    submit_unknown_takes: u32,
    orphan_creates: u64,
    restarts: u32,
    /// Where the kills fell: the furthest-behind take's status right after each kill.
    killed_at: std::collections::BTreeMap<String, u32>,
}

#[test]
fn sigkill_at_random_moments_never_sends_a_create_twice_nor_loses_anything() {
    let runs: u32 = std::env::var("REELFORGE_CRASH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let seed: u64 = std::env::var("REELFORGE_CRASH_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5EED_CAFE);
    let mut rng = Seeded(seed);

    let runtime = tokio::runtime::Runtime::new().unwrap();
    let clips = tempfile::tempdir().unwrap();
    let fake = runtime
        .block_on(fakes::runway::start(0, clips.path()))
        .unwrap();
    let setup = KeyedCli {
        provider: "runway",
        base_url_var: "REELFORGE_RUNWAY_BASE_URL",
        base_url: fake.base_url().to_owned(),
        service: format!("dev.reelforge.crash-test.{}", std::process::id()),
        extra_env: vec![("RUST_LOG", "debug")],
    };

    // The key goes to the real keychain once; every data folder reads it from there.
    let keydir = tempfile::tempdir().unwrap();
    setup.store_key(keydir.path());

    let mut tally = Tally::default();
    for run in 0..runs {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let job = setup.json(
            d,
            &[
                "jobs",
                "create",
                "--title",
                &format!("crash run {run}"),
                "--segments",
                "2",
                "--provider",
                "runway",
                "--model",
                "gen4.5",
                "--duration",
                "5",
                "--aspect",
                "16:9",
                "--json",
            ],
        );
        let job = job["id"].as_str().unwrap().to_owned();
        setup.json(
            d,
            &[
                "jobs",
                "configure",
                &job,
                "--prompt",
                &format!("a lighthouse at dusk, run {run}"),
                "--json",
            ],
        );
        let creates_before = fake.calls(Route::Create);
        // Every other run the provider is slow to answer create calls, so kills also land
        // between sending a create and recording its answer.
        fake.core.faults.clear();
        if rng.next().is_multiple_of(2) {
            fake.arm(Route::Create, Fault::Slow { millis: 1_200 }, 2);
        }

        let kill_after = Duration::from_millis(rng.next() % KILL_WITHIN_MS);
        let mut child = setup
            .cmd(d, &["generate", &job, "--wait", "--json"])
            .spawn()
            .unwrap();
        std::thread::sleep(kill_after);
        let _ = child.kill(); // SIGKILL; it may already have finished
        let _ = child.wait();
        let stage = stage_at_kill(&takes_of(d));
        *tally.killed_at.entry(stage).or_default() += 1;

        // Start again until the job ends: success, or a decision the engine leaves to a person.
        let mut ended = false;
        for _ in 0..3 {
            let mut resumed = setup.cmd(d, &["generate", &job, "--wait", "--json"]);
            let out = output_within(&mut resumed, RESUME_LIMIT);
            tally.restarts += 1;
            assert_no_key(&out.stdout, "generate stdout");
            assert_no_key(&out.stderr, "generate stderr (logs at debug)");
            let body: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
            if out.status.success() {
                ended = true;
                break;
            }
            let message = body["error"]["message"].as_str().unwrap_or_default();
            if message.contains("needs a decision") {
                ended = true;
                break;
            }
            let status = json(d, &["status", &job, "--json"]);
            eprintln!("run {run}: resume failed, trying again: {message}\n{status}");
        }
        assert!(ended, "run {run} (kill after {kill_after:?}) never ended");

        let status = json(d, &["status", &job, "--json"]);
        assert_no_key(status.to_string().as_bytes(), "status --json");
        let segments = status["segments"].as_array().expect("segments survive");
        assert_eq!(segments.len(), 2, "run {run}: segments lost: {status}");
        let takes = takes_of(d);
        let mut unknown = 0u32;
        for segment in segments {
            let id = segment["segment_id"]
                .as_str()
                .or_else(|| segment["id"].as_str())
                .unwrap();
            let own: Vec<&TakeRow> = takes.iter().filter(|t| t.segment_id == id).collect();
            assert!(!own.is_empty(), "run {run}: segment {id} lost its takes");
            let with_remote = own.iter().filter(|t| t.remote_id.is_some()).count();
            assert!(
                with_remote <= 1,
                "run {run}: segment {id} was created twice: {own:?}"
            );
            match segment["status"].as_str().unwrap() {
                "succeeded" => {
                    let file = own
                        .iter()
                        .find_map(|t| t.output_path.clone())
                        .expect("an output");
                    let file = if Path::new(&file).is_absolute() {
                        PathBuf::from(file)
                    } else {
                        d.join("library").join(file)
                    };
                    assert!(file.exists(), "run {run}: {} is missing", file.display());
                }
                "submit_unknown" => unknown += 1,
                other => panic!("run {run}: segment ended {other}: {segment}"),
            }
        }
        let remote: Vec<&String> = takes.iter().filter_map(|t| t.remote_id.as_ref()).collect();
        let mut distinct = remote.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!(
            distinct.len(),
            remote.len(),
            "run {run}: one remote id on two takes"
        );
        let creates = fake.calls(Route::Create) - creates_before;
        let recorded = remote.len() as u64;
        assert!(
            creates >= recorded && creates <= recorded + u64::from(unknown),
            "run {run} (kill after {kill_after:?}): {creates} create calls for {recorded} recorded takes and {unknown} submit_unknown"
        );
        for file in files_under(d) {
            if file.to_string_lossy().contains("reelforge.sqlite3") {
                assert_no_key(&std::fs::read(&file).unwrap(), &file.display().to_string());
            }
        }
        let partial = temporaries_under(d);
        assert!(
            partial.is_empty(),
            "run {run}: temporary files left: {partial:?}"
        );

        tally.runs += 1;
        tally.completed += u32::from(unknown == 0);
        tally.submit_unknown_takes += unknown;
        tally.orphan_creates += creates - recorded;
    }
    setup.remove_key(keydir.path());
    println!(
        "crash test (seed {seed:#x}): {} runs, {} completed, {} takes left submit_unknown \
         ({} create calls reached the fake without their answer being recorded), {} restarts, \
         0 duplicate creates; kills fell at (earliest take stage): {:?}",
        tally.runs,
        tally.completed,
        tally.submit_unknown_takes,
        tally.orphan_creates,
        tally.restarts,
        tally.killed_at
    );
    assert_eq!(tally.runs, runs);
}

/// Fails if `bytes` contain the API key.
fn assert_no_key(bytes: &[u8], what: &str) {
    let key = FAKE_KEY.as_bytes();
    assert!(
        !bytes.windows(key.len()).any(|w| w == key),
        "the API key leaked into {what}"
    );
}

/// The earliest stage any take was in (no take yet when the job had not been launched).
fn stage_at_kill(takes: &[TakeRow]) -> String {
    const ORDER: [&str; 6] = [
        "queued",
        "submitting",
        "running",
        "downloading",
        "succeeded",
        "submit_unknown",
    ];
    takes
        .iter()
        .filter_map(|t| ORDER.iter().position(|s| *s == t.status))
        .min()
        .map_or_else(|| "not launched".to_owned(), |i| ORDER[i].to_owned())
}
