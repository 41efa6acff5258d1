//! A full disk during a download and during an export (issue 15), played without root: the
//! CLI runs under a file-size limit (`RLIMIT_FSIZE`, set by util-linux's `prlimit`) with
//! SIGXFSZ ignored (`trap '' XFSZ` in the shell that execs it; an ignored signal stays ignored
//! across exec), so a write past the limit fails with EFBIG, as writes fail with ENOSPC on a
//! full disk, in the CLI and in the ffmpeg it runs alike. The limit sits above every file the
//! database needs and below the clip or the video being written. Each case checks a clear
//! error (`disk_full`) and that nothing partial is left.

mod support;

use reelforge_tests::fakes::clips::ClipStore;
use reelforge_tests::fakes::comfyui;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;
use support::{
    configure, files_under, json, output_within, reelforge_within, reels_job, temporaries_under,
};

/// `sh -c` script: ignore SIGXFSZ, then exec `prlimit --fsize=$0 -- <the CLI and its args>`.
const UNDER_LIMIT: &str = r#"trap '' XFSZ; exec prlimit --fsize="$0" -- "$@""#;

/// The CLI on `data` with files limited to `limit` bytes.
fn limited(data: &Path, limit: u64, args: &[&str]) -> Command {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(UNDER_LIMIT)
        .arg(limit.to_string())
        .arg(env!("CARGO_BIN_EXE_reelforge"))
        .args(args)
        .env("REELFORGE_DATA_DIR", data)
        .env("REELFORGE_POLL_INTERVAL_MS", "100")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

/// The largest of the database's files (the database and its write-ahead log).
fn database_len(data: &Path) -> u64 {
    let name = reelforge_core::storage::DATABASE_FILE;
    files_under(data)
        .iter()
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(name))
        })
        .filter_map(|p| p.metadata().ok())
        .map(|m| m.len())
        .max()
        .unwrap_or(0)
}

/// The error codes stored on the takes of the data folder.
fn take_error_codes(data: &Path) -> Vec<String> {
    let db = data.join(reelforge_core::storage::DATABASE_FILE);
    let out = Command::new("sqlite3")
        .arg(&db)
        .arg("SELECT IFNULL(error_code, '') FROM generations ORDER BY created_at")
        .output()
        .expect("sqlite3 runs (scripts/setup.sh installs it)");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}

fn assert_nothing_partial(data: &Path) {
    let temporaries = temporaries_under(data);
    assert!(
        temporaries.is_empty(),
        "partial files left: {temporaries:?}"
    );
}

#[test]
fn a_full_disk_during_a_download_fails_the_take_saying_so_and_keeps_nothing() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let clips = tempfile::tempdir().unwrap();
    let fake = runtime.block_on(comfyui::start(0, clips.path())).unwrap();
    // The clip the fake will serve, made now to know its size.
    let store = ClipStore::new(clips.path());
    let clip = clips.path().join(store.clip(10, "16:9"));
    let clip_len = clip.metadata().unwrap().len();

    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let job = json(
        d,
        &[
            "jobs",
            "create",
            "--title",
            "Full disk",
            "--segments",
            "1",
            "--provider",
            "comfyui",
            "--model",
            "ltx-video",
            "--duration",
            "10",
            "--aspect",
            "16:9",
            "--json",
        ],
    );
    let job = job["id"].as_str().unwrap().to_owned();
    json(
        d,
        &[
            "jobs",
            "configure",
            &job,
            "--prompt",
            "a lighthouse",
            "--json",
        ],
    );
    let limit = clip_len / 2;
    assert!(
        database_len(d) * 2 < limit,
        "the clip ({clip_len} bytes) is too small next to the database for this test"
    );

    let mut generate = limited(d, limit, &["generate", &job, "--wait", "--json"]);
    generate.env("REELFORGE_COMFYUI_BASE_URL", fake.base_url());
    let out = output_within(&mut generate, Duration::from_secs(180));
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!out.status.success(), "{printed}");
    let codes = take_error_codes(d);
    assert!(
        codes.iter().any(|c| c == "disk_full"),
        "takes ended {codes:?}: {printed}"
    );
    assert_nothing_partial(d);
    let takes = files_under(&d.join("library").join("takes"));
    assert!(takes.is_empty(), "files in the library: {takes:?}");
}

#[test]
fn a_full_disk_during_an_export_says_disk_full_and_leaves_no_partial_video() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let job = reels_job(d);
    configure(d, &job);
    let generated = reelforge_within(
        d,
        &["generate", &job, "--wait", "--json"],
        Duration::from_secs(300),
    );
    assert!(generated.status.success(), "generate failed");
    let limit: u64 = 1024 * 1024;
    let exports = d.join(reelforge_core::EXPORTS_DIR);
    assert!(
        database_len(d) * 2 < limit,
        "the database approaches the limit"
    );

    let mut assemble = limited(d, limit, &["assemble", &job, "--no-narration", "--json"]);
    let out = output_within(&mut assemble, Duration::from_secs(300));
    let printed = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(!out.status.success(), "{printed}");
    let body: serde_json::Value = serde_json::from_str(&printed).expect("an error as JSON");
    assert_eq!(body["error"]["code"], "disk_full", "{printed}");
    assert_nothing_partial(d);
    let videos = files_under(&exports);
    assert!(videos.is_empty(), "left in exports: {videos:?}");
    let status = json(d, &["status", &job, "--json"]);
    assert_ne!(status["status"], "completed", "{status}");
    assert_ne!(status["status"], "assembling", "{status}");
}

#[test]
fn a_full_disk_during_a_multi_format_export_says_disk_full_and_leaves_no_partial_video() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let job = reels_job(d);
    configure(d, &job);
    let generated = reelforge_within(
        d,
        &["generate", &job, "--wait", "--json"],
        Duration::from_secs(300),
    );
    assert!(generated.status.success(), "generate failed");
    let limit: u64 = 1024 * 1024;
    assert!(
        database_len(d) * 2 < limit,
        "the database approaches the limit"
    );
    let args = [
        "export",
        &job,
        "--format",
        "reels,square,youtube",
        "--no-narration",
        "--json",
    ];
    let out = output_within(&mut limited(d, limit, &args), Duration::from_secs(300));
    let printed = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(!out.status.success(), "{printed}");
    let body: serde_json::Value = serde_json::from_str(&printed).expect("an error as JSON");
    assert_eq!(body["error"]["code"], "disk_full", "{printed}");
    assert_nothing_partial(d);
    let videos = files_under(&d.join(reelforge_core::EXPORTS_DIR));
    assert!(videos.is_empty(), "left in exports: {videos:?}");
    let status = json(d, &["status", &job, "--json"]);
    assert_ne!(status["status"], "completed", "{status}");
    assert_ne!(status["status"], "assembling", "{status}");
}
