//! `reelforge chain`: the chain switches as JSON, a refused switch on the first segment, and
//! a job generated with segment 3 chained (it starts from segment 2's selected take).

mod support;

use std::time::Duration;
use support::{configure, json, reelforge, reelforge_within, reels_job, success_json};

#[test]
fn chain_switches_show_and_drive_generation() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let job = reels_job(d);
    configure(d, &job);

    let all = json(d, &["chain", &job, "--all", "--json"]);
    assert_eq!(all["chain_all"], true);
    let chained: Vec<bool> = all["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["chained"].as_bool().unwrap())
        .collect();
    assert_eq!(chained, [false, true, true, true, true, true]);

    let one = json(d, &["chain", &job, "--none", "--on", "3", "--json"]);
    assert_eq!(one["chain_all"], false);
    assert_eq!(one["segments"][1]["chained"], false);
    assert_eq!(one["segments"][2]["chained"], true);
    assert_eq!(one["segments"][2]["own_switch"], true);

    let first = reelforge(d, &["chain", &job, "--on", "1", "--json"]);
    assert!(
        !first.status.success(),
        "the first segment has nothing before it"
    );
    let refused: serde_json::Value = serde_json::from_slice(&first.stdout).unwrap();
    assert_eq!(refused["error"]["code"], "validation", "{refused}");

    let args = ["generate", job.as_str(), "--wait", "--json"];
    let out = reelforge_within(d, &args, Duration::from_secs(300));
    let ended = success_json(&args, &out);
    assert_eq!(ended["status"], "review", "{ended}");
    let status = json(d, &["chain", &job, "--json"]);
    let detail = json(d, &["jobs", "show", &job, "--json"]);
    assert_eq!(
        status["segments"][2]["from_take"], detail["segments"][1]["selected_take"],
        "{status}"
    );
    assert_eq!(status["segments"][2]["stale"], false);
    let text = reelforge(d, &["chain", &job]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("Segment 3: chained"), "{text}");
    assert!(text.contains("Segment 2: not chained"), "{text}");
}
