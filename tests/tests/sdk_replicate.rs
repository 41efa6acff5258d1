//! The official Replicate Python client (`replicate`) against the fake: file upload, create
//! on the model endpoint, wait (its own polling), reload, cancel, and the version endpoint.

use reelforge_tests::fakes::{FAKE_KEY, Route, replicate};
use reelforge_tests::sdk::{assert_serves_mp4, printed_url, python, run_beside_fake, start_fake};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replicate_client_round_trips_against_the_fake() {
    let Some(python) = python() else {
        return;
    };
    let (_dir, fake) = start_fake(replicate::start).await;
    let env = [
        ("FAKE_BASE_URL", fake.base_url()),
        ("REPLICATE_API_TOKEN", FAKE_KEY),
    ];
    let out = run_beside_fake(&python, "replicate_roundtrip.py", &env);
    let url = printed_url(&out);
    assert!(url.starts_with(fake.base_url()), "{out}");
    // The printed URL serves an MP4.
    assert_serves_mp4(reqwest::Client::new().get(&url)).await;
    assert_eq!(fake.calls(Route::Create), 3);
    assert_eq!(fake.calls(Route::Cancel), 1);
    assert_eq!(fake.calls(Route::Upload), 1);
}
