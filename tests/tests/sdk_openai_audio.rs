//! The official `openai` SDK accepts the fake OpenAI audio server: speech in MP3, WAV and PCM
//! (also streamed to a file), a word-timestamped transcription of that speech, and the typed
//! errors (bad key, `insufficient_quota`, a format a model refuses) and a retried 429
//! (tests/sdk/openai_audio_roundtrip.py).

use reelforge_tests::fakes::speech::SpeechAccount;
use reelforge_tests::fakes::{FAKE_KEY, Route, openai_audio};
use reelforge_tests::sdk::{printed_url, python, run_beside_fake, start_fake};
use std::sync::Arc;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn openai_sdk_audio_round_trips_against_the_fake() {
    let Some(python) = python() else {
        return;
    };
    let account = Arc::new(SpeechAccount::default());
    account.set_characters_left(500);
    let (_dir, fake) =
        start_fake(async |port, dir| openai_audio::start_with(port, dir, account.clone()).await)
            .await;
    let env = [("FAKE_BASE_URL", fake.base_url()), ("FAKE_KEY", FAKE_KEY)];
    let stdout = run_beside_fake(&python, "openai_audio_roundtrip.py", &env);
    assert_eq!(printed_url(&stdout), "ok", "{stdout}");
    assert_eq!(fake.calls(Route::Upload), 2, "two transcriptions");
    assert!(account.billed() > 0);
}
