//! The official `lumaai` SDK runs a create → get → result round-trip against the fake Luma
//! server, and the video URL it prints downloads. `lumaai` only covers the Dream Machine API
//! (ray-2, ray-flash-2); no official Python SDK for the Agents API is pinned here.

use reelforge_tests::fakes::{FAKE_KEY, luma};
use reelforge_tests::sdk::{assert_serves_mp4, printed_url, python, run_beside_fake, start_fake};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lumaai_sdk_round_trips_against_the_fake() {
    let Some(python) = python() else {
        return;
    };
    let (_dir, fake) = start_fake(luma::start).await;
    let base = fake.base_url();
    for model in ["ray-2", "ray-flash-2"] {
        let env = [
            ("FAKE_BASE_URL", base),
            ("FAKE_KEY", FAKE_KEY),
            ("FAKE_MODEL", model),
        ];
        let stdout = run_beside_fake(&python, "luma_roundtrip.py", &env);
        let url = printed_url(&stdout);
        assert!(url.starts_with(base) && url.contains("/files/"), "{stdout}");
        assert_serves_mp4(reqwest::Client::new().get(&url)).await;
    }
}
