//! Word times from the OpenAI-compatible transcription endpoint, against the fake OpenAI
//! audio server over HTTP: a voice-over file the fake spoke is sent as multipart
//! (`whisper-1`, `verbose_json`, word granularity) with the Bearer key, and its words come back
//! in order, without punctuation, each inside the audio and after the one before; a refused
//! key is a typed refusal.

use reelforge_core::secrets::SecretStore;
use reelforge_core::voice::VoiceError;
use reelforge_core::voice::transcription::OpenAiTranscriber;
use reelforge_tests::fakes::{FAKE_KEY, Route, openai_audio};
use reelforge_tests::voice_check::VoiceRig;
use std::sync::Arc;
use std::time::Duration;

const SAID: &str = "Three Python tips, most people miss them.";

#[tokio::test]
async fn a_voice_over_file_is_transcribed_word_by_word() {
    let rig = VoiceRig::start("openai", "/v1", Some(FAKE_KEY), async |port, dir| {
        openai_audio::start_with(port, dir, Arc::default()).await
    })
    .await;
    // The voice-over: speech the fake made (as a creator's recording would be).
    let spoken = reqwest::Client::new()
        .post(format!("{}/v1/audio/speech", rig.fake.base_url()))
        .bearer_auth(FAKE_KEY)
        .json(&serde_json::json!({
            "model": "tts-1", "input": SAID, "voice": "coral", "response_format": "wav"
        }))
        .send()
        .await
        .unwrap();
    assert!(spoken.status().is_success());
    let file = rig.path("voice-over.wav");
    std::fs::write(&file, spoken.bytes().await.unwrap()).unwrap();

    let transcriber = OpenAiTranscriber::openai(&rig.env);
    let words = transcriber.words(&file).await.unwrap();
    let texts: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
    assert_eq!(
        texts,
        ["Three", "Python", "tips", "most", "people", "miss", "them"]
    );
    let sent = rig.fake.core.requests(Route::Upload);
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].target, "/v1/audio/transcriptions");
    assert_eq!(
        sent[0].headers["authorization"],
        format!("Bearer {FAKE_KEY}")
    );
    let mut previous = Duration::ZERO;
    for word in &words {
        assert!(word.start >= previous && word.end > word.start, "{words:?}");
        previous = word.end;
    }
    assert!(previous < Duration::from_secs(10), "{words:?}");

    // A wrong key: refused, typed.
    rig.store
        .set(
            "openai",
            &reelforge_core::secrets::ApiKey::new("sk-wrong").unwrap(),
        )
        .unwrap();
    let err = transcriber.words(&file).await.unwrap_err();
    assert!(
        matches!(err, VoiceError::Refused { status: 401, .. }),
        "{err}"
    );
}
