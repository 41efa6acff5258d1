//! Output files that take long to arrive: a body trickled over 90 seconds (longer than any
//! total request timeout would allow) completes, and a body cut mid-way is resumed with a
//! `Range` request from the bytes already written instead of starting over (and starts over
//! when the server answers 200 with the whole file).

use reelforge_core::protocol::{AspectRatio, GenerationMode};
use reelforge_core::providers::runway::RunwayProvider;
use reelforge_core::providers::{GenerationRequest, RemoteOutput, VideoProvider};
use reelforge_tests::adapter_check::{AdapterRig, last_succeeded, poll_until_done};
use reelforge_tests::fakes::{FAKE_KEY, Fault, Route, runway};
use std::time::{Duration, Instant};

type Rig = AdapterRig<RunwayProvider>;

/// A finished Runway task: its id and output link.
async fn finished_task() -> (Rig, String, RemoteOutput) {
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
    (rig, submitted.remote_id, output)
}

/// The bytes of the clip `output` links to, read from the fake's clip folder.
fn clip_bytes(rig: &Rig, output: &RemoteOutput) -> Vec<u8> {
    let name = output
        .url
        .split("/files/")
        .nth(1)
        .and_then(|rest| rest.split('?').next())
        .unwrap();
    std::fs::read(rig.dir.path().join("clips").join(name)).unwrap()
}

#[tokio::test]
async fn a_download_trickled_over_90_seconds_completes() {
    let (rig, remote_id, output) = finished_task().await;
    rig.fake
        .arm(Route::Download, Fault::Trickle { millis: 90_000 }, 1);
    let started = Instant::now();
    let file = rig.fetch(&remote_id, &output).await;
    let took = started.elapsed();
    eprintln!("trickled download took {took:?}");
    assert!(
        took >= Duration::from_secs(85),
        "the body was trickled: {took:?}"
    );
    assert_eq!(std::fs::read(file).unwrap(), clip_bytes(&rig, &output));
    assert_eq!(
        rig.fake.calls(Route::Download),
        1,
        "one request, never restarted"
    );
}

#[tokio::test]
async fn a_download_cut_mid_body_resumes_with_a_range_request() {
    let (rig, remote_id, output) = finished_task().await;
    let whole = clip_bytes(&rig, &output);
    let cut_at = whole.len() as u64 / 2;
    rig.fake
        .arm(Route::Download, Fault::CutBody { bytes: cut_at }, 1);
    let file = rig.fetch(&remote_id, &output).await;
    assert_eq!(
        std::fs::read(file).unwrap(),
        whole,
        "the resumed file is whole"
    );
    let downloads = rig.fake.core.requests(Route::Download);
    assert_eq!(downloads.len(), 2, "the cut request, then one resumption");
    assert!(downloads[0].headers.get("range").is_none());
    assert_eq!(
        downloads[1]
            .headers
            .get("range")
            .and_then(|v| v.to_str().ok()),
        Some(format!("bytes={cut_at}-").as_str()),
        "resumed from the bytes already written"
    );
}

#[tokio::test]
async fn a_cut_download_starts_over_when_the_server_cannot_resume() {
    let (rig, remote_id, output) = finished_task().await;
    let whole = clip_bytes(&rig, &output);
    let cut_at = whole.len() as u64 / 3;
    rig.fake
        .arm(Route::Download, Fault::CutBody { bytes: cut_at }, 1);
    rig.fake.arm(Route::Download, Fault::IgnoreRange, 1);
    let file = rig.fetch(&remote_id, &output).await;
    assert_eq!(
        std::fs::read(file).unwrap(),
        whole,
        "the 200 answer replaced the partial bytes instead of being appended to them"
    );
    let downloads = rig.fake.core.requests(Route::Download);
    assert_eq!(downloads.len(), 2, "the cut request, then one more");
    assert_eq!(
        downloads[1]
            .headers
            .get("range")
            .and_then(|v| v.to_str().ok()),
        Some(format!("bytes={cut_at}-").as_str()),
        "it asked to resume; the server answered with the whole file"
    );
}
