//! Voices from the command line: `voices list` shows every provider with its price and word
//! timing; `voices preview` speaks with the offline voice and with a local Kokoro server (its
//! fake, over HTTP); `assemble --voice kokoro` narrates a generated job with Kokoro, and after
//! one segment's narration changes, re-assembling sends only that segment to the voice; an
//! unknown `--voice` is refused before anything is generated.

mod support;

use reelforge_core::voice::spoken_text::{phrases, spoken_text};
use reelforge_tests::fakes::{Route, kokoro};
use serde_json::Value;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

const RUN_LIMIT: Duration = Duration::from_secs(300);

/// Runs the CLI on `data` with the Kokoro voice pointed at `kokoro_url`.
fn run(data: &Path, kokoro_url: &str, args: &[&str]) -> std::process::Output {
    let mut cmd = support::command(data, args);
    cmd.env("REELFORGE_KOKORO_BASE_URL", kokoro_url);
    support::output_within(&mut cmd, RUN_LIMIT)
}

fn json(data: &Path, kokoro_url: &str, args: &[&str]) -> Value {
    support::success_json(args, &run(data, kokoro_url, args))
}

fn phrase_count(text: &str) -> u64 {
    phrases(&spoken_text(text)).len() as u64
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn voices_are_listed_previewed_and_narrate_an_assembly_incrementally() {
    let dir = tempfile::tempdir().unwrap();
    let fake = kokoro::start(0, &dir.path().join("clips")).await.unwrap();
    let url = format!("{}/v1", fake.base_url());
    let data = dir.path().join("data");
    tokio::task::block_in_place(|| {
        let voices = json(&data, &url, &["voices", "list", "--json"]);
        let ids: Vec<&str> = voices
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, ["espeak-ng", "kokoro", "openai", "elevenlabs"]);
        assert_eq!(voices[3]["price_per_1k_chars_micro_usd"], 100_000);
        assert_eq!(voices[1]["word_alignment"], true);

        let wav = dir.path().join("espeak.wav");
        let args = [
            "voices",
            "preview",
            "espeak-ng:fr",
            "Bonjour tout le monde.",
        ];
        let preview = json(
            &data,
            &url,
            &[&args[..], &["--out", wav.to_str().unwrap(), "--json"]].concat(),
        );
        assert!(preview["duration_ms"].as_u64().unwrap() > 500, "{preview}");
        let wav = dir.path().join("kokoro.wav");
        let args = [
            "voices",
            "preview",
            "kokoro:ff_siwis",
            "Bonjour tout le monde.",
        ];
        let preview = json(
            &data,
            &url,
            &[&args[..], &["--out", wav.to_str().unwrap(), "--json"]].concat(),
        );
        assert!(preview["duration_ms"].as_u64().unwrap() > 500, "{preview}");
        assert_eq!(fake.calls(Route::Create), 1);

        let unknown = run(
            &data,
            &url,
            &[
                "quick",
                "3 astuces Python",
                "--yes",
                "--voice",
                "nope",
                "--json",
            ],
        );
        assert!(!unknown.status.success());
        let error: Value = serde_json::from_slice(&unknown.stdout).unwrap();
        assert_eq!(error["error"]["code"], "validation", "{error}");
        let jobs = json(&data, &url, &["jobs", "list", "--json"]);
        assert_eq!(jobs["total_matching"], 0, "nothing was created: {jobs}");

        let job = json(
            &data,
            &url,
            &[
                "jobs",
                "create",
                "--template",
                "Square Post 1:1",
                "--title",
                "Voices",
                "--json",
            ],
        );
        let id = job["id"].as_str().unwrap().to_owned();
        let configure = ["jobs", "configure", id.as_str()];
        json(
            &data,
            &url,
            &[
                &configure[..],
                &["--prompt", "A lighthouse", "--duration", "1", "--json"],
            ]
            .concat(),
        );
        let mut narrations = ["First, breathe.", "Look at the sea.", "Then, ship it."];
        for (i, text) in narrations.iter().enumerate() {
            let segment = (i + 1).to_string();
            json(
                &data,
                &url,
                &[
                    &configure[..],
                    &["--segment", &segment, "--narration", text, "--json"],
                ]
                .concat(),
            );
        }
        json(&data, &url, &["generate", &id, "--wait", "--json"]);

        let calls = fake.calls(Route::Create);
        let first = json(
            &data,
            &url,
            &[
                "assemble",
                &id,
                "--voice",
                "kokoro",
                "--no-burn-captions",
                "--json",
            ],
        );
        let narration = &first["narration"];
        assert_eq!(narration["provider"], "kokoro", "{first}");
        assert_eq!(
            (
                narration["synthesized"].as_u64(),
                narration["reused"].as_u64()
            ),
            (Some(3), Some(0))
        );
        assert_eq!(narration["cost_micro_usd"], 0, "Kokoro is free");
        let sent: u64 = narrations.iter().map(|t| phrase_count(t)).sum();
        assert_eq!(fake.calls(Route::Create) - calls, sent);

        narrations[1] = "Look at the waves.";
        json(
            &data,
            &url,
            &[
                &configure[..],
                &["--segment", "2", "--narration", narrations[1], "--json"],
            ]
            .concat(),
        );
        let calls = fake.calls(Route::Create);
        let again = json(
            &data,
            &url,
            &[
                "assemble",
                &id,
                "--voice",
                "kokoro",
                "--no-burn-captions",
                "--json",
            ],
        );
        let narration = &again["narration"];
        assert_eq!(
            (
                narration["synthesized"].as_u64(),
                narration["reused"].as_u64()
            ),
            (Some(1), Some(2)),
            "{again}"
        );
        assert_eq!(
            fake.calls(Route::Create) - calls,
            phrase_count(narrations[1]),
            "only the changed segment is spoken again"
        );
        let probe = Command::new("ffprobe")
            .args([
                "-v",
                "error",
                "-show_entries",
                "stream=codec_type",
                "-of",
                "csv=p=0",
            ])
            .arg(again["output"].as_str().unwrap())
            .output()
            .unwrap();
        assert!(String::from_utf8_lossy(&probe.stdout).contains("audio"));
    });
}
