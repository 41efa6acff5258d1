//! The official `elevenlabs` SDK accepts the fake ElevenLabs server: models, voices, MP3
//! conversion, conversion with per-character timestamps (and the text around it, unbilled),
//! the API's typed refusals (bad key, tier, quota) and a 429 the SDK retries
//! (tests/sdk/elevenlabs_roundtrip.py).

use reelforge_tests::fakes::elevenlabs::Syntheses;
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
    let syntheses = Arc::new(Syntheses::default());
    let (_dir, fake) = start_fake(async |port, dir| {
        elevenlabs::start_recording(port, dir, account.clone(), syntheses.clone()).await
    })
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
    // The SDK's names for the text around a request are the fake's.
    let timed = &syntheses.all()[1];
    assert_eq!(timed.text, "Bonjour tout le monde.");
    assert_eq!(
        timed.previous_text.as_deref(),
        Some("Trois astuces Python.")
    );
    assert_eq!(
        timed.next_text.as_deref(),
        Some("La première va vous surprendre.")
    );
}
