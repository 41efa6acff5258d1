//! The official SDKs accept the image fakes: `fal-client` runs FLUX schnell and Kontext
//! (its reference uploaded and as a data URI) on the fake fal queue
//! (tests/sdk/fal_images_roundtrip.py); `replicate` runs FLUX schnell and dev (a
//! reference image as a data URL) on the fake Replicate and reads the PNGs
//! (tests/sdk/replicate_images_roundtrip.py); `openai` generates GPT image base64 and a
//! dall-e URL and edits a reference on the fake OpenAI server, with its typed moderation and quota errors and a
//! retried 429 (tests/sdk/openai_images_roundtrip.py).

use reelforge_tests::fakes::{FAKE_KEY, Route, fal, openai_audio, replicate};
use reelforge_tests::sdk::{printed_url, python, run_beside_fake, start_fake};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replicate_client_runs_flux_against_the_fake() {
    let Some(python) = python() else {
        return;
    };
    let (_dir, fake) = start_fake(replicate::start).await;
    let env = [
        ("FAKE_BASE_URL", fake.base_url()),
        ("REPLICATE_API_TOKEN", FAKE_KEY),
    ];
    let out = run_beside_fake(&python, "replicate_images_roundtrip.py", &env);
    assert!(printed_url(&out).starts_with(fake.base_url()), "{out}");
    assert_eq!(
        fake.calls(Route::Create),
        3,
        "schnell, dev, and the refused one"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn openai_sdk_generates_images_against_the_fake() {
    let Some(python) = python() else {
        return;
    };
    let (_dir, fake) = start_fake(openai_audio::start).await;
    let env = [("FAKE_BASE_URL", fake.base_url()), ("FAKE_KEY", FAKE_KEY)];
    let out = run_beside_fake(&python, "openai_images_roundtrip.py", &env);
    assert_eq!(printed_url(&out), "ok", "{out}");
    // gpt-image-1, dall-e-3, two edits, moderation, quota, the 429 and its retry.
    assert_eq!(fake.calls(Route::Create), 8);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fal_client_runs_flux_and_kontext_against_the_fake() {
    let Some(python) = python() else {
        return;
    };
    let (_dir, fake) = start_fake(fal::start).await;
    let env = [("FAKE_BASE_URL", fake.base_url()), ("FAL_KEY", FAKE_KEY)];
    let out = run_beside_fake(&python, "fal_images_roundtrip.py", &env);
    assert!(printed_url(&out).starts_with(fake.base_url()), "{out}");
    assert_eq!(
        fake.calls(Route::Create),
        4,
        "schnell, two Kontext, the refused one"
    );
}
