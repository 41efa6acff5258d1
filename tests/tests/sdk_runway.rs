//! The official `runwayml` SDK runs upload → create → retrieve/wait → delete round-trips
//! against the fake Runway API, and the output URL it prints downloads as a real MP4.

use reelforge_tests::adapter_check::write_png;
use reelforge_tests::fakes::{FAKE_KEY, runway};
use reelforge_tests::sdk::{assert_serves_mp4, printed_url, python, run_beside_fake, start_fake};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn runwayml_sdk_round_trips_against_the_fake() {
    let Some(python) = python() else {
        return;
    };
    let (dir, fake) = start_fake(runway::start).await;
    let image = write_png(dir.path(), "first.png");
    let base = fake.base_url();
    let env = [
        ("FAKE_BASE_URL", base),
        ("FAKE_KEY", FAKE_KEY),
        ("FAKE_IMAGE", image.as_str()),
    ];
    let stdout = run_beside_fake(&python, "runway_roundtrip.py", &env);
    let url = printed_url(&stdout);
    assert!(url.starts_with(base) && url.contains(".mp4"), "{stdout}");
    assert_serves_mp4(reqwest::Client::new().get(&url)).await;
}
