//! `reelforge serve` as automation uses it: the binary on a temporary data folder, called
//! with plain HTTP — a job created, generated on the local provider (real ffmpeg) and
//! assembled, followed through the server-sent events; the token shown once, kept hashed,
//! replaced by `--new-token` and never logged; one engine per folder and one server per port.

mod support;

use reelforge_tests::sse::SseReader;
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output};
use std::time::Duration;

/// Longest the generation of six one-second clips may take on a busy machine.
const GENERATE_LIMIT: Duration = Duration::from_secs(300);

/// A running `reelforge serve --json`, and what it printed at start.
struct Served {
    child: Option<Child>,
    url: String,
    token: Option<String>,
}

impl Served {
    fn start(data: &Path, extra: &[&str]) -> Self {
        let mut args = vec!["serve", "--port", "0", "--json"];
        args.extend_from_slice(extra);
        let mut child = support::command(data, &args)
            .env("RUST_LOG", "info")
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.as_mut().unwrap())
            .read_line(&mut line)
            .unwrap();
        let started: Value =
            serde_json::from_str(&line).unwrap_or_else(|e| panic!("serve printed {line:?}: {e}"));
        Self {
            child: Some(child),
            url: started["url"].as_str().expect("a url").to_owned(),
            token: started["token"].as_str().map(str::to_owned),
        }
    }

    /// Stops it as a service manager would (SIGTERM); what it printed.
    fn stop(mut self) -> Output {
        let child = self.child.take().unwrap();
        let term = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status();
        assert!(term.unwrap().success());
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "serve did not stop cleanly: {out:?}");
        out
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Calls `command` with `token`: its status and JSON answer.
async fn call(url: &str, token: &str, command: &str, body: Value) -> (StatusCode, Value) {
    let response = reqwest::Client::new()
        .post(format!("{url}/{command}"))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// `command`'s answer, which must be a success.
async fn ok(url: &str, token: &str, command: &str, body: Value) -> Value {
    let (status, answer) = call(url, token, command, body).await;
    assert_eq!(status, StatusCode::OK, "{command}: {answer}");
    answer
}

/// The job's status once the engine reports it left `generating`.
async fn generation_end(events: &mut SseReader, job: &Value) -> (String, usize) {
    let mut takes = 0;
    loop {
        let event = events.next().await.expect("the event stream ended");
        let data = event.json();
        if data["job_id"] != *job {
            continue;
        }
        match event.event.as_str() {
            "segment_updated" => takes += 1,
            "job_updated"
                if !["queued", "generating"].contains(&data["status"].as_str().unwrap()) =>
            {
                return (data["status"].as_str().unwrap().to_owned(), takes);
            }
            _ => {}
        }
    }
}

#[tokio::test]
async fn a_job_is_created_generated_on_the_local_provider_and_assembled_over_http() {
    let dir = tempfile::tempdir().unwrap();
    let served = Served::start(dir.path(), &[]);
    let (url, token) = (
        served.url.clone(),
        served.token.clone().expect("a first token"),
    );

    let templates = ok(&url, &token, "list_templates", Value::Null).await;
    let reels = templates
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "Reels 30s Standard")
        .expect("the built-in template");
    let request = json!({ "title": "Three Python tips", "template_id": reels["id"] });
    let job = ok(&url, &token, "create_job", request).await;
    let id = job["id"].clone();
    let patch = json!({ "job_id": id, "patch": { "prompt": "Use pathlib", "duration_s": 1 } });
    let configured = ok(&url, &token, "configure_segments", patch).await;
    assert_eq!(configured["status"], "configured");

    let response = reqwest::Client::new()
        .get(format!("{url}/events"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    let mut events = SseReader::new(response);
    let launched = ok(&url, &token, "launch_job", id.clone()).await;
    assert_eq!(launched["id"], id);
    let (status, takes) = tokio::time::timeout(GENERATE_LIMIT, generation_end(&mut events, &id))
        .await
        .expect("the generation did not end in time");
    assert_eq!(status, "review");
    assert!(takes >= 6, "{takes} take events for six segments");

    let assembled = ok(&url, &token, "assemble_job", json!({ "job_id": id })).await;
    let output = Path::new(assembled["output"].as_str().unwrap());
    assert!(output.metadata().unwrap().len() > 0, "{assembled}");
    assert!(
        assembled["duration_ms"].as_u64().unwrap() >= 5_000,
        "{assembled}"
    );

    // One engine per data folder: a second server on it is refused.
    let second = support::reelforge(dir.path(), &["serve", "--port", "0", "--json"]);
    assert!(!second.status.success());
    let refusal: Value = serde_json::from_slice(&second.stdout).unwrap();
    assert_eq!(refusal["error"]["code"], "engine_busy", "{refusal}");

    let out = served.stop();
    let logs = String::from_utf8_lossy(&out.stderr);
    assert!(logs.contains("api assemble_job ok"), "{logs}");
    assert!(!logs.contains(&token), "the token was logged");
}

#[tokio::test]
async fn the_token_is_shown_once_kept_hashed_and_replaced_by_a_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let first = Served::start(dir.path(), &[]);
    let token = first.token.clone().expect("a token the first time");
    first.stop();
    let stored = std::fs::read_to_string(dir.path().join(reelforge_api::TOKEN_HASH_FILE)).unwrap();
    assert!(
        !stored.contains(&token["rf_".len()..]),
        "the token is stored as it is"
    );
    assert!(support::files_containing(dir.path(), token.as_bytes()).is_empty());

    let again = Served::start(dir.path(), &[]);
    assert_eq!(again.token, None, "the token was shown again");
    ok(&again.url, &token, "app_info", Value::Null).await;
    again.stop();

    let rotated = Served::start(dir.path(), &["--new-token"]);
    let new = rotated.token.clone().expect("a new token");
    assert_ne!(new, token);
    let (status, refusal) = call(&rotated.url, &token, "app_info", Value::Null).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(refusal["code"], "unauthorized");
    ok(&rotated.url, &new, "app_info", Value::Null).await;

    // One server per port: another folder on the same port is refused.
    let other = tempfile::tempdir().unwrap();
    let port = rotated
        .url
        .split(':')
        .nth(2)
        .unwrap()
        .split('/')
        .next()
        .unwrap();
    let taken = support::reelforge(other.path(), &["serve", "--port", port, "--json"]);
    assert!(!taken.status.success());
    let refusal: Value = serde_json::from_slice(&taken.stdout).unwrap();
    assert_eq!(refusal["error"]["code"], "conflict", "{refusal}");
    let logs = String::from_utf8_lossy(&rotated.stop().stderr).into_owned();
    assert!(
        !logs.contains(&new) && !logs.contains(&token),
        "a token was logged"
    );
}
