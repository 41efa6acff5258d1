//! The `reelforge` binary as scripts use it: JSON shapes, exit codes, the data directory.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn reelforge(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_reelforge"))
        .args(args)
        .env("REELFORGE_DATA_DIR", data)
        .output()
        .expect("the reelforge binary runs")
}

fn json(data: &Path, args: &[&str]) -> Value {
    let out = reelforge(data, args);
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

#[test]
fn templates_list_json_has_ids_and_names() {
    let dir = tempfile::tempdir().unwrap();
    let list = json(dir.path(), &["templates", "list", "--json"]);
    let list = list.as_array().unwrap();
    assert!(list.len() >= 3);
    assert!(
        list.iter()
            .all(|t| t["id"].is_string() && t["name"].is_string())
    );
    assert!(list.iter().any(|t| t["name"] == "Reels 30s Standard"));
    // REELFORGE_DATA_DIR chose where the database went.
    assert!(dir.path().join("reelforge.sqlite3").is_file());
}

#[test]
fn create_configure_list_show_a_job() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let templates = json(d, &["templates", "list", "--json"]);
    let reels = templates
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "Reels 30s Standard")
        .unwrap();
    let tid = reels["id"].as_str().unwrap();
    let job = json(
        d,
        &[
            "jobs",
            "create",
            "--template",
            tid,
            "--title",
            "3 astuces Python",
            "--subject",
            "Python",
            "--json",
        ],
    );
    let id = job["id"]
        .as_str()
        .expect("the new job's id at the top level");
    assert_eq!(job["status"], "draft");
    assert_eq!(job["segments"].as_array().unwrap().len(), 6);

    let job = json(
        d,
        &[
            "jobs",
            "configure",
            id,
            "--prompt",
            "Un chat qui code",
            "--json",
        ],
    );
    assert_eq!(
        job["status"], "configured",
        "every segment has a prompt now"
    );
    let job = json(
        d,
        &[
            "jobs",
            "configure",
            id,
            "--segment",
            "2",
            "--duration",
            "10",
            "--json",
        ],
    );
    let durations: Vec<i64> = job["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["duration_s"].as_i64().unwrap())
        .collect();
    assert_eq!(durations, [5, 10, 5, 5, 5, 5]);

    let page = json(d, &["jobs", "list", "--search", "astuces", "--json"]);
    assert_eq!(page["total_matching"], 1);
    assert_eq!(page["items"][0]["id"], id);
    let page = json(d, &["jobs", "list", "--status", "failed", "--json"]);
    assert_eq!(page["total_matching"], 0);

    let shown = json(d, &["jobs", "show", id, "--json"]);
    assert_eq!(shown["title"], "3 astuces Python");

    // Text output for people names the job too.
    let out = reelforge(d, &["jobs", "show", id]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("3 astuces Python"));
}

#[test]
fn templates_by_name_export_import_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let file = d.join("square.json");
    let out = reelforge(
        d,
        &[
            "templates",
            "export",
            "square post 1:1",
            "--out",
            file.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut body: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert!(body.get("id").is_none(), "exports carry no ids");
    body["name"] = "Square copy".into();
    std::fs::write(&file, body.to_string()).unwrap();
    let imported = json(
        d,
        &["templates", "import", file.to_str().unwrap(), "--json"],
    );
    assert_eq!(imported["name"], "Square copy");
    assert_eq!(imported["aspect_ratio"], "1:1");
}

/// Issue 15 item 8: a template file with a 50 MB pillar is refused before it is read whole
/// (its size is over the template file limit), and `templates list` stays small.
#[test]
fn templates_import_refuses_a_50_mb_template_and_list_stays_small() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let file = d.join("huge.json");
    let out = reelforge(
        d,
        &[
            "templates",
            "export",
            "square post 1:1",
            "--out",
            file.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut body: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    body["name"] = "Huge pillar".into();
    body["pillar"] = "p".repeat(50 * 1024 * 1024).into();
    std::fs::write(&file, body.to_string()).unwrap();
    let size = std::fs::metadata(&file).unwrap().len();

    let out = reelforge(
        d,
        &["templates", "import", file.to_str().unwrap(), "--json"],
    );
    assert!(!out.status.success(), "a 50 MB template was imported");
    let answer: Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    let error = &answer["error"];
    assert_eq!(error["code"], "limit_exceeded", "{error}");
    assert_eq!(error["limit"]["limit"], "template_file", "{error}");
    assert_eq!(error["limit"]["value"], size, "{error}");
    assert_eq!(error["limit"]["maximum"], 256 * 1024, "{error}");

    let list = reelforge(d, &["templates", "list", "--json"]);
    assert!(list.status.success());
    assert!(
        list.stdout.len() < 64 * 1024,
        "templates list printed {} bytes",
        list.stdout.len()
    );
}

#[test]
fn ffmpeg_shows_what_runs_and_keeps_a_chosen_location() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let automatic = json(d, &["ffmpeg", "--json"]);
    assert_eq!(automatic["configured"], Value::Null);
    let Some(found) = automatic["path"].as_str() else {
        return; // no ffmpeg on this machine: nothing to point at
    };
    // A folder with ffmpeg and ffprobe, given relative to where the command runs.
    let tools = tempfile::tempdir().unwrap();
    let ffprobe = Path::new(found).with_file_name("ffprobe");
    std::os::unix::fs::symlink(found, tools.path().join("ffmpeg")).unwrap();
    std::os::unix::fs::symlink(&ffprobe, tools.path().join("ffprobe")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_reelforge"))
        .args(["ffmpeg", "--use", ".", "--json"])
        .current_dir(tools.path())
        .env("REELFORGE_DATA_DIR", d)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let chosen: Value = serde_json::from_slice(&out.stdout).unwrap();
    let folder = std::fs::canonicalize(tools.path()).unwrap();
    let configured = std::fs::canonicalize(chosen["configured"].as_str().unwrap()).unwrap();
    assert_eq!(configured, folder);
    assert_eq!(chosen["source"], "configured");

    // Kept for the next command; a folder without ffmpeg is refused and changes nothing.
    let text = reelforge(d, &["ffmpeg"]);
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    assert!(text.contains("origin    chosen location"), "{text}");
    let empty = tempfile::tempdir().unwrap();
    let refused = reelforge(d, &["ffmpeg", "--use", empty.path().to_str().unwrap()]);
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("ffmpeg"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    assert_eq!(json(d, &["ffmpeg", "--json"])["source"], "configured");

    let back = json(d, &["ffmpeg", "--automatic", "--json"]);
    assert_eq!(back["configured"], Value::Null);
    assert_eq!(back["path"], automatic["path"]);
}

#[test]
fn errors_exit_non_zero_with_code_and_message() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = reelforge(d, &["jobs", "show", "no-such-job", "--json"]);
    assert!(!out.status.success());
    let err: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(err["error"]["code"], "not_found");
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains("no-such-job")
    );

    let out = reelforge(d, &["jobs", "create", "--title", "x", "--segments", "21"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 to 20 segments"));

    let out = reelforge(
        d,
        &[
            "jobs",
            "create",
            "--title",
            "x",
            "--segments",
            "2",
            "--aspect",
            "3:2",
        ],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown aspect ratio"));
}

#[test]
fn a_closed_stdout_ends_the_command_quietly() {
    let data = tempfile::tempdir().unwrap();
    // The reading end is closed before the command writes (it opens its database first), as
    // `reelforge templates list | head -0` does.
    let mut child = Command::new(env!("CARGO_BIN_EXE_reelforge"))
        .args(["--json", "templates", "list"])
        .env("REELFORGE_DATA_DIR", data.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "it panicked: {stderr}");
    assert_eq!(out.status.code(), Some(141), "stderr: {stderr}");
}
