//! The official fal.ai Python client (`fal-client`) against the fake fal queue: upload,
//! submit, status events, result, status/result by request id, cancel.

use reelforge_tests::fakes::{FAKE_KEY, Route, fal};
use reelforge_tests::sdk::{assert_serves_mp4, printed_url, python, run_beside_fake, start_fake};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fal_client_round_trips_against_the_fake() {
    let Some(python) = python() else {
        return;
    };
    let (_dir, fake) = start_fake(fal::start).await;
    let env = [("FAKE_BASE_URL", fake.base_url()), ("FAL_KEY", FAKE_KEY)];
    let out = run_beside_fake(&python, "fal_roundtrip.py", &env);
    let url = printed_url(&out);
    assert!(url.starts_with(fake.base_url()), "{out}");
    // The printed URL serves an MP4.
    assert_serves_mp4(reqwest::Client::new().get(&url)).await;
    assert_eq!(fake.calls(Route::Create), 2);
    assert_eq!(fake.calls(Route::Cancel), 1);
    assert!(
        fake.calls(Route::Upload) >= 1,
        "the SDK uploaded through the fake"
    );
}
