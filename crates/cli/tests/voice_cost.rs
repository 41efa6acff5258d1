//! A voice's fit and cost before launch, from the command line, with the OpenAI speech voice
//! pointed at its fake ($0.015 per 1,000 characters): `voices plan` estimates each segment's
//! narration against its clip and the characters to synthesize with their price, speaking
//! nothing; a voice that does not speak the job's language is refused, typed. (The charge in
//! the job's ledger after assembly: `tests/tests/voice_ledger.rs`.)

mod support;

use reelforge_core::voice::spoken_text::spoken_text;
use reelforge_tests::fakes::{Route, openai_audio};
use serde_json::Value;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

const RUN_LIMIT: Duration = Duration::from_secs(300);
const NARRATIONS: [&str; 3] = [
    "[Hook] First, breathe in slowly and count to four before you answer anything at all.",
    "Look at the sea.",
    "Then, ship it.",
];

fn run(data: &Path, url: &str, args: &[&str]) -> std::process::Output {
    let mut cmd: Command = support::command(data, args);
    cmd.env("REELFORGE_OPENAI_BASE_URL", url);
    support::output_within(&mut cmd, RUN_LIMIT)
}

fn json(data: &Path, url: &str, args: &[&str]) -> Value {
    support::success_json(args, &run(data, url, args))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_voice_is_planned_and_priced_before_launch_speaking_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let fake = openai_audio::start(0, &dir.path().join("clips"))
        .await
        .unwrap();
    let url = format!("{}/v1", fake.base_url());
    let data = dir.path().join("data");
    tokio::task::block_in_place(|| {
        let job = json(
            &data,
            &url,
            &[
                "jobs",
                "create",
                "--template",
                "Square Post 1:1",
                "--title",
                "Cost",
                "--json",
            ],
        );
        let id = job["id"].as_str().unwrap().to_owned();
        let configure = ["jobs", "configure", id.as_str()];
        let all = [
            &configure[..],
            &["--prompt", "A lighthouse", "--duration", "2", "--json"],
        ];
        json(&data, &url, &all.concat());
        for (i, text) in NARRATIONS.iter().enumerate() {
            let segment = (i + 1).to_string();
            let args = [
                &configure[..],
                &["--segment", &segment, "--narration", text, "--json"],
            ];
            json(&data, &url, &args.concat());
        }

        // Before launch: estimated lengths against the 2 s clips, characters and price.
        let plan = json(
            &data,
            &url,
            &["voices", "plan", &id, "--voice", "openai", "--json"],
        );
        let characters: u64 = NARRATIONS
            .iter()
            .map(|t| spoken_text(t).chars().count() as u64)
            .sum();
        assert_eq!(plan["provider"], "openai", "{plan}");
        assert_eq!(plan["language"], "en", "{plan}");
        assert_eq!(plan["characters_to_synthesize"], characters, "{plan}");
        let price = (characters * 15_000).div_ceil(1000) as i64;
        assert_eq!(plan["cost_micro_usd"], price, "{plan}");
        let segments = plan["segments"].as_array().unwrap();
        assert_eq!(segments.len(), 3);
        assert_eq!(segments[0]["measured"], false);
        assert_eq!(segments[0]["clip_seconds"], 2.0);
        assert_eq!(segments[0]["voice_longer_than_clip"], true, "{plan}");
        assert_eq!(segments[2]["voice_longer_than_clip"], false, "{plan}");
        assert_eq!(fake.calls(Route::Create), 0, "planning speaks nothing");

        // A French-only voice for an English job: refused, typed, nothing spoken.
        let refused = run(
            &data,
            &url,
            &[
                "voices",
                "plan",
                &id,
                "--voice",
                "kokoro:ff_siwis",
                "--json",
            ],
        );
        assert!(!refused.status.success());
        let error: Value = serde_json::from_slice(&refused.stdout).unwrap();
        assert_eq!(
            error["error"]["code"], "voice_language_unsupported",
            "{error}"
        );
    });
}
