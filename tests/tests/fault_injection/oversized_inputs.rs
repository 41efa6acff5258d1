//! Inputs over the limits of `reelforge_protocol::limits` (issue 15 item 8): a 268-Mpx image
//! (a real, valid 16384² PNG of 5 MB), a 50 MB template field at every entry that takes
//! one, and a provider whose output file never ends. Each is refused clearly (the error's
//! `code` is `limit_exceeded` and its `limit` says which limit, the value and the
//! maximum), quickly, and leaves nothing behind.

use super::core_on_fakes::CoreOnFakes;
use reelforge_core::providers::runway::RunwayProvider;
use reelforge_core::providers::{GenerationRequest, VideoProvider};
use reelforge_protocol::{ApiError, AspectRatio, GenerationMode, StyleDefaults, TemplateInput};
use reelforge_tests::adapter_check::{AdapterRig, last_succeeded, poll_until_done};
use reelforge_tests::fakes::{FAKE_KEY, Fault, Route, runway};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// The error as it crosses IPC (and the CLI's `--json`); what was accepted instead is not
/// printed (it may hold 50 MB).
fn refused<T, E: Into<ApiError>>(result: Result<T, E>, what: &str) -> Value {
    match result {
        Ok(_) => panic!("{what} was accepted"),
        Err(err) => serde_json::to_value(err.into()).unwrap(),
    }
}

/// The process's peak resident memory so far, in MiB (`VmHWM`).
fn peak_rss_mib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kib| kib / 1024)
}

#[tokio::test]
async fn a_268_megapixel_image_is_refused_quickly_with_bounded_memory() {
    let studio = CoreOnFakes::open(&[]).await;
    let path = studio.dir.path().join("bomb.png");
    std::fs::write(&path, super::png_bomb::black_png(16_384, 16_384)).unwrap();
    let size = std::fs::metadata(&path).unwrap().len();
    let peak_before = peak_rss_mib();
    let started = Instant::now();
    let result = studio.core.import_asset(&path).await;
    let took = started.elapsed();
    let peak_after = peak_rss_mib();
    eprintln!(
        "16384² PNG of {size} bytes: answered in {took:?}; peak RSS {peak_before} → {peak_after} MiB"
    );
    let err = refused(result, "a 268-Mpx image");
    assert_eq!(err["code"], "limit_exceeded", "{err}");
    assert_eq!(
        err["limit"],
        json!({"limit": "image_pixels", "value": 268_435_456u64, "maximum": 67_108_864u64}),
        "{err}"
    );
    assert!(
        err["message"].as_str().unwrap().contains("bomb.png"),
        "{err}"
    );
    assert!(took < Duration::from_secs(5), "refused quickly: {took:?}");
    assert!(
        peak_after <= peak_before + 64,
        "memory stays bounded (the file is read, no pixel decoded): {peak_before} → {peak_after} MiB"
    );
    let assets = studio.dir.path().join("data/library/assets");
    let left: Vec<_> = std::fs::read_dir(&assets)
        .map(|d| d.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "nothing copied into the library: {left:?}");
    studio.core.close().await;
}

fn template(name: &str) -> TemplateInput {
    TemplateInput {
        name: name.into(),
        description: String::new(),
        pillar: "tips".into(),
        segment_count: 3,
        segment_duration_s: 5,
        aspect_ratio: AspectRatio::Portrait,
        provider: "local".into(),
        model: None,
        mode: GenerationMode::TextToVideo,
        fallback_providers: vec![],
        allow_fallback: false,
        beats: vec!["hook".into()],
        style: StyleDefaults::default(),
        model_tiers: Vec::new(),
    }
}

#[tokio::test]
async fn a_50_mb_template_field_is_refused_at_every_entry() {
    let studio = CoreOnFakes::open(&[]).await;
    let core = &studio.core;
    let before = core.list_templates().await.unwrap().len();
    let huge = "p".repeat(50 * 1024 * 1024);
    let started = Instant::now();

    // create_template (the app's New template, the CLI's templates create): the pillar, a
    // beat name, a style text.
    let pillar = TemplateInput {
        pillar: huge.clone(),
        ..template("Huge pillar")
    };
    let err = refused(core.create_template(pillar.clone()).await, "a 50 MB pillar");
    assert_eq!(err["code"], "limit_exceeded", "{}", &err["message"]);
    assert_eq!(err["limit"]["limit"], "template_pillar");
    assert_eq!(err["limit"]["value"], 50 * 1024 * 1024);
    let beat = TemplateInput {
        beats: vec![huge.clone()],
        ..template("Huge beat")
    };
    let err = refused(core.create_template(beat).await, "a 50 MB beat");
    assert_eq!(
        err["limit"]["limit"], "template_beat",
        "{}",
        &err["message"]
    );
    let mut styled = template("Huge style");
    styled.style.scene = huge.clone();
    let err = refused(core.create_template(styled).await, "a 50 MB style text");
    assert_eq!(
        err["limit"]["limit"], "template_text",
        "{}",
        &err["message"]
    );

    // update_template (the app's editor): an existing template may not grow one either.
    let small = core.create_template(template("Small")).await.unwrap();
    let grown = TemplateInput {
        pillar: huge.clone(),
        ..template("Small")
    };
    let err = refused(
        core.update_template(&small.id, grown).await,
        "an update to a 50 MB pillar",
    );
    assert_eq!(
        err["limit"]["limit"], "template_pillar",
        "{}",
        &err["message"]
    );

    // import_template (the CLI's templates import): the file itself is over its limit.
    let file = serde_json::to_string(&pillar).unwrap();
    let err = refused(core.import_template(&file).await, "a 50 MB file");
    assert_eq!(
        err["limit"]["limit"], "template_file",
        "{}",
        &err["message"]
    );
    // A small file nested deeper than any template, in a field templates do not have, is
    // refused before it is parsed.
    let plain = serde_json::to_string(&template("Nested")).unwrap();
    let deep = format!(
        "{},\"extra\":{}{}}}",
        plain.trim_end_matches('}'),
        "[".repeat(100),
        "]".repeat(100)
    );
    let err = refused(core.import_template(&deep).await, "a file nested 100 deep");
    assert_eq!(err["limit"]["limit"], "json_depth", "{}", &err["message"]);

    let took = started.elapsed();
    eprintln!("every 50 MB entry refused in {took:?} in all");
    let all = core.list_templates().await.unwrap();
    assert_eq!(all.len(), before + 1, "only the small template was stored");
    assert!(all.iter().all(|t| t.input.pillar.len() <= 60));
    studio.core.close().await;
}

#[tokio::test]
async fn an_endless_download_stops_at_the_limit_and_leaves_no_file() {
    let rig = AdapterRig::start("runway", runway::start, Some(FAKE_KEY), RunwayProvider::new).await;
    let request = GenerationRequest {
        model: "gen4.5".to_owned(),
        mode: GenerationMode::TextToVideo,
        prompt: "a lighthouse at dusk".to_owned(),
        duration_s: 5,
        aspect_ratio: AspectRatio::Landscape,
        reference_paths: vec![],
        seed: None,
    };
    let submitted = rig.provider.submit(&request).await.unwrap();
    let output = last_succeeded(&poll_until_done(&rig.provider, &submitted.remote_id, 10).await);
    rig.fake.arm(Route::Download, Fault::EndlessBody, 1);
    let dest = rig.dest("endless.mp4.part");
    let started = Instant::now();
    // The file is watched as it grows: going well past the limit fails the case at once
    // (instead of filling the disk, as an unbounded download does).
    let past_limit = 1024 * 1024 * 1024 + 256 * 1024 * 1024;
    let mut watch = tokio::time::interval(Duration::from_millis(50));
    let fetch = rig
        .provider
        .fetch_output(&submitted.remote_id, &output, &dest);
    tokio::pin!(fetch);
    let fetched = loop {
        tokio::select! {
            fetched = &mut fetch => break fetched,
            _ = watch.tick() => {
                let size = std::fs::metadata(&dest).map_or(0, |m| m.len());
                assert!(size < past_limit, "the download went on past the limit: {size} bytes");
                assert!(started.elapsed() < Duration::from_secs(180), "the download never ended");
            }
        }
    };
    let took = started.elapsed();
    eprintln!("endless body stopped after {took:?}");
    let err = fetched.expect_err("an endless body is not a clip");
    assert_eq!(err.code.as_str(), "output_invalid", "{err}");
    assert!(err.message.contains("1073741824"), "{err}");
    assert!(!dest.exists(), "the partial file is removed");
    assert_eq!(rig.fake.calls(Route::Download), 1, "not resumed or retried");
}
