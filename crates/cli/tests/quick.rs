//! `reelforge quick` and `reelforge batch` as people and scripts use them, on fresh data
//! directories with no keys: the acceptance run with no network at all (a French subject → a
//! valid 9:16 MP4 with audio and a word-level .srt made of the narration, the job in the
//! history),
//! confirmation on stdin, review mode, and a batch with its summary.

mod support;

use serde_json::Value;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// Longest a whole quick run may take here (debug build, busy 2-core machine).
const RUN_LIMIT: Duration = Duration::from_secs(600);

fn run(data: &Path, args: &[&str]) -> Output {
    support::reelforge_within(data, args, RUN_LIMIT)
}

fn json(data: &Path, args: &[&str]) -> Value {
    support::success_json(args, &run(data, args))
}

/// Runs the binary with no network at all (a fresh user + network namespace, `unshare -rn`)
/// when the machine allows it, else normally (saying so).
fn run_offline(data: &Path, args: &[&str]) -> Output {
    let isolated = Command::new("unshare")
        .args(["-rn", "true"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !isolated {
        eprintln!("unshare -rn is not available here: running with the network");
        return run(data, args);
    }
    let child = Command::new("unshare")
        .arg("-rn")
        .arg(env!("CARGO_BIN_EXE_reelforge"))
        .args(args)
        .env("REELFORGE_DATA_DIR", data)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("unshare runs");
    let pid = child.id();
    let (done, finished) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(child.wait_with_output());
    });
    match finished.recv_timeout(RUN_LIMIT) {
        Ok(output) => output.expect("waiting for reelforge"),
        Err(_) => {
            let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
            panic!(
                "`reelforge {}` did not finish within {RUN_LIMIT:?}",
                args.join(" ")
            );
        }
    }
}

/// The text of each cue of an .srt, in order.
fn srt_texts(srt: &str) -> Vec<String> {
    srt.replace("\r\n", "\n")
        .split("\n\n")
        .filter(|block| !block.trim().is_empty())
        .map(|block| block.lines().skip(2).collect::<Vec<_>>().join(" "))
        .collect()
}

#[test]
fn quick_with_yes_makes_a_vertical_captioned_video_offline() {
    let data = tempfile::tempdir().unwrap();
    let args = ["quick", "3 astuces Python", "--yes", "--json"];
    let outcome = support::success_json(&args, &run_offline(data.path(), &args));

    let script = &outcome["script"];
    assert_eq!(script["language"], "fr");
    assert_eq!(script["writer"], "offline");
    let narration: Vec<String> = script["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["narration"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(narration.len(), 6);
    assert!(
        narration[0].starts_with("3 astuces Python"),
        "{narration:?}"
    );

    let assembly = &outcome["assembly"];
    let video = Path::new(assembly["output"].as_str().unwrap());
    assert!(video.starts_with(data.path().join("exports")), "{video:?}");
    let info = support::ffprobe_json(video);
    let streams = info["streams"].as_array().unwrap();
    let picture = streams
        .iter()
        .find(|s| s["codec_type"] == "video")
        .expect("a video stream");
    assert_eq!(picture["width"], 1080);
    assert_eq!(picture["height"], 1920);
    assert_eq!(picture["codec_name"], "h264");
    assert!(
        streams.iter().any(|s| s["codec_type"] == "audio"),
        "an audio stream"
    );
    let seconds: f64 = info["format"]["duration"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        (28.0..=32.5).contains(&seconds),
        "{seconds} s for a 30 s target"
    );

    // The captions are the narration's words, word by word and in order (quick_voice.rs
    // checks the voice, the loudness and the burned captions).
    let srt = std::fs::read_to_string(assembly["srt"].as_str().unwrap()).unwrap();
    let mut shown = srt_texts(&srt);
    shown.dedup();
    let shown_words: Vec<&str> = shown.iter().flat_map(|c| c.split_whitespace()).collect();
    let spoken: Vec<&str> = narration
        .iter()
        .flat_map(|n| n.split_whitespace())
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .collect();
    assert_eq!(shown_words, spoken, "captions are the narration, in order");

    // The job is in the dashboard history, completed, with the narration on its segments.
    let id = outcome["job"]["id"].as_str().unwrap();
    let page = json(data.path(), &["jobs", "list", "--json"]);
    let listed = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["id"] == id)
        .expect("the quick job is listed");
    assert_eq!(listed["status"], "completed");
    assert_eq!(listed["title"], "3 astuces Python");
    let job = json(data.path(), &["jobs", "show", id, "--json"]);
    assert_eq!(job["segments"][0]["narration"], narration[0].as_str());
}

#[test]
fn without_yes_the_script_is_shown_and_an_answer_is_needed() {
    let data = tempfile::tempdir().unwrap();
    // No answer at all (stdin closed): a clear error, nothing created.
    let out = run(data.path(), &["quick", "3 Python tips", "--duration", "6"]);
    assert!(!out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("Script “3 Python tips”"), "{stdout}");
    assert!(
        stdout.contains("says:  3 Python tips: most people miss these"),
        "{stdout}"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("--yes"));

    // "n": nothing generated, nothing created.
    let mut child = support::command(data.path(), &["quick", "3 Python tips", "--duration", "6"])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"n\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("Nothing generated."));
    let page = json(data.path(), &["jobs", "list", "--json"]);
    assert_eq!(page["total_matching"], 0);
}

#[test]
fn review_creates_a_configured_job_to_look_at_first() {
    let data = tempfile::tempdir().unwrap();
    let job = json(
        data.path(),
        &[
            "quick",
            "Rust ownership",
            "--review",
            "--lang",
            "en",
            "--json",
        ],
    );
    assert_eq!(job["status"], "configured");
    assert_eq!(job["segments"].as_array().unwrap().len(), 6);
    assert_eq!(job["segments"][5]["beat"], "call_to_action");
}

#[test]
fn batch_runs_every_line_and_sums_up() {
    let data = tempfile::tempdir().unwrap();
    let file = data.path().join("jobs.jsonl");
    let out_a = data.path().join("a.mp4");
    std::fs::write(
        &file,
        format!(
            "# two short videos\n{{\"subject\": \"3 Python tips\", \"duration\": 4, \"aspect\": \"1:1\", \"out\": \"{}\"}}\n\n{{\"subject\": \"Les bases de Git\", \"duration\": 3, \"lang\": \"fr\"}}\n",
            out_a.display()
        ),
    )
    .unwrap();
    let rows = json(data.path(), &["batch", file.to_str().unwrap(), "--json"]);
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|r| r["ok"] == true), "{rows:?}");
    assert_eq!(rows[0]["line"], 2);
    assert_eq!(rows[0]["output"], out_a.display().to_string());
    let info = support::ffprobe_json(&out_a);
    assert_eq!(
        info["streams"][0]["width"], info["streams"][0]["height"],
        "square"
    );

    let page = json(data.path(), &["jobs", "list", "--json"]);
    assert_eq!(page["total_matching"], 2);

    // A bad line is reported with its number before anything starts.
    std::fs::write(&file, "{\"subject\": \"x\", \"lang\": \"de\"}\n").unwrap();
    let out = run(data.path(), &["batch", file.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 1: unknown language `de`"));
}
