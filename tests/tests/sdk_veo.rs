//! The official `google-genai` SDK runs a generate_videos → operations.get → video URI
//! round-trip against the fake Gemini API, and the URI it prints downloads with the key.

use reelforge_tests::adapter_check::write_png;
use reelforge_tests::fakes::{FAKE_KEY, veo};
use reelforge_tests::sdk::{assert_serves_mp4, printed_url, python, run_beside_fake, start_fake};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn google_genai_sdk_round_trips_against_the_fake() {
    let Some(python) = python() else {
        return;
    };
    let (dir, fake) = start_fake(veo::start).await;
    let image = write_png(dir.path(), "first.png");
    for with_image in [false, true] {
        let mut env = vec![("FAKE_BASE_URL", fake.base_url()), ("FAKE_KEY", FAKE_KEY)];
        if with_image {
            env.push(("FAKE_IMAGE", image.as_str()));
        }
        let stdout = run_beside_fake(&python, "veo_roundtrip.py", &env);
        let url = printed_url(&stdout);
        assert!(url.contains(":download?alt=media"), "{stdout}");
        let download = reqwest::Client::new()
            .get(&url)
            .header("x-goog-api-key", FAKE_KEY);
        assert_serves_mp4(download).await;
    }
}
