//! The `fake-providers` binary the desktop app and the end-to-end tests use: it starts every
//! fake provider (video and voice), prints one `REELFORGE_<ID>_BASE_URL=…` line each and `ready`, and each
//! server answers its control routes.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[tokio::test]
async fn every_fake_starts_and_prints_its_base_url() {
    let clips = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_fake-providers"))
        .arg("--clips")
        .arg(clips.path())
        .stdout(Stdio::piped())
        .spawn()
        .expect("fake-providers runs");
    let mut urls = Vec::new();
    for line in BufReader::new(child.stdout.take().unwrap()).lines() {
        let line = line.unwrap();
        if line == "ready" {
            break;
        }
        let (name, url) = line.split_once('=').expect("NAME=URL");
        assert!(
            name.starts_with("REELFORGE_") && name.ends_with("_BASE_URL"),
            "{line}"
        );
        urls.push((name.to_owned(), url.to_owned()));
    }
    let names: Vec<&str> = urls.iter().map(|(n, _)| n.as_str()).collect();
    for id in [
        "LUMA",
        "RUNWAY",
        "FAL",
        "REPLICATE",
        "VEO",
        "COMFYUI",
        "ELEVENLABS",
        "OPENAI",
        "KOKORO",
    ] {
        assert!(
            names.contains(&format!("REELFORGE_{id}_BASE_URL").as_str()),
            "{names:?}"
        );
    }
    let client = reqwest::Client::new();
    for (name, url) in &urls {
        // OpenAI-compatible bases end in `/v1`; the control routes are at the root.
        let url = url.strip_suffix("/v1").unwrap_or(url);
        let calls = client
            .get(format!("{url}/__fake/calls"))
            .send()
            .await
            .unwrap();
        assert_eq!(calls.status(), 200, "{name}");
    }
    child.kill().unwrap();
    child.wait().unwrap();
}
