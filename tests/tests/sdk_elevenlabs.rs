//! The official `elevenlabs` SDK accepts the fake ElevenLabs server: models, voices, MP3
//! conversion, conversion with per-character timestamps, the API's typed refusals (bad key,
//! tier, quota) and a 429 the SDK retries (tests/sdk/elevenlabs_roundtrip.py).

use reelforge_tests::fakes::speech::SpeechAccount;
use reelforge_tests::fakes::{FAKE_KEY, Route, elevenlabs};
use reelforge_tests::sdk::{printed_url, python, run_beside_fake, start_fake};
use std::sync::Arc;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn elevenlabs_sdk_round_trips_against_the_fake() {
    let Some(python) = python() else {
        return;
    };
    let account = Arc::new(SpeechAccount::default());
    account.set_characters_left(500);
    let (_dir, fake) =
        start_fake(async |port, dir| elevenlabs::start_with(port, dir, account.clone()).await)
            .await;
    let env = [("FAKE_BASE_URL", fake.base_url()), ("FAKE_KEY", FAKE_KEY)];
    let stdout = run_beside_fake(&python, "elevenlabs_roundtrip.py", &env);
    assert_eq!(printed_url(&stdout), "ok", "{stdout}");
    // Two conversions, three refusals, one 429 and its retry.
    assert_eq!(fake.calls(Route::Create), 7);
    assert_eq!(
        account.billed(),
        ("Bonjour.".len() + "Bonjour tout le monde.".len() + "Encore.".len()) as u64
    );
}
