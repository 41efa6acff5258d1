//! The OpenAI-compatible speech adapter (`openai`) against the fake OpenAI audio server over
//! HTTP: a WAV from `/v1/audio/speech` with the Bearer key, words timed per phrase (OpenAI
//! gives no timing); the key optional once the base URL points at another server (LocalAI);
//! 401, 429 `insufficient_quota` (never retried), 429 with `Retry-After` (retried within a
//! bound), 5xx and cut or corrupt audio as typed errors.

use reelforge_core::voice::hosted::MAX_ATTEMPTS;
use reelforge_core::voice::openai_speech::OpenAiSpeechVoice;
use reelforge_core::voice::{
    VoiceError, VoiceProvider, VoiceRefusal, VoiceSettings, narrate_segment,
};
use reelforge_protocol::{ErrorCode, ScriptLanguage};
use reelforge_tests::fakes::speech::SpeechAccount;
use reelforge_tests::fakes::{FAKE_KEY, Fault, Route, openai_audio};
use reelforge_tests::voice_check::{VoiceRig, peak, read_speech, request};
use std::sync::Arc;
use std::time::Duration;

async fn rig(account: Arc<SpeechAccount>, key: Option<&str>) -> VoiceRig {
    VoiceRig::start("openai", "/v1", key, async |port, dir| {
        openai_audio::start_with(port, dir, account).await
    })
    .await
}

fn refusal(err: &VoiceError) -> (VoiceRefusal, u16) {
    match err {
        VoiceError::Refused {
            refusal, status, ..
        } => (*refusal, *status),
        other => panic!("not a refusal: {other}"),
    }
}

#[tokio::test]
async fn speaks_a_wav_with_the_bearer_key_and_words_are_timed_per_phrase() {
    let rig = rig(Arc::default(), Some(FAKE_KEY)).await;
    let voice = OpenAiSpeechVoice::openai(&rig.env);
    let out = rig.path("x.wav");
    let speech = voice
        .synthesize(
            &request("Three Python tips.", "coral", ScriptLanguage::En),
            &out,
        )
        .await
        .unwrap();
    assert!(speech.alignment.is_none(), "OpenAI gives no timing");
    let pcm = read_speech(&out, Duration::from_millis(500));
    assert_eq!(pcm.rate, 24_000);
    assert!(peak(&pcm, Duration::ZERO, pcm.duration()) > 2000);
    let sent = rig.fake.core.requests(Route::Create);
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].target, "/v1/audio/speech");
    assert_eq!(
        sent[0].headers["authorization"],
        format!("Bearer {FAKE_KEY}")
    );

    // Through the narration: one call per phrase, words laid over each phrase's speech.
    let cache = rig.path("narration");
    let settings = VoiceSettings {
        voice: "coral".to_owned(),
        language: ScriptLanguage::En,
        speed_percent: 100,
    };
    let audio = narrate_segment(&voice, &settings, "Three tips. Then one more.", &cache)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(rig.fake.calls(Route::Create), 3);
    let texts: Vec<&str> = audio.words.iter().map(|w| w.text.as_str()).collect();
    assert_eq!(texts, ["Three", "tips.", "Then", "one", "more."]);
}

#[tokio::test]
async fn the_key_is_needed_by_openai_and_optional_on_another_server() {
    let rig = rig(Arc::default(), None).await;
    let out = rig.path("x.wav");
    let say = request("Hello.", "coral", ScriptLanguage::En);
    // The fake wants a key, as OpenAI does: without one it answers 401.
    let err = OpenAiSpeechVoice::openai(&rig.env)
        .synthesize(&say, &out)
        .await
        .unwrap_err();
    assert_eq!(refusal(&err), (VoiceRefusal::InvalidKey, 401));
    assert!(
        !rig.fake.core.requests(Route::Create)[0]
            .headers
            .contains_key("authorization")
    );

    // At OpenAI's own address, no request leaves without a key.
    rig.env.endpoints.set("openai", None);
    let err = OpenAiSpeechVoice::openai(&rig.env)
        .synthesize(&say, &out)
        .await
        .unwrap_err();
    assert!(matches!(err, VoiceError::KeyMissing { .. }), "{err}");
    assert_eq!(err.code(), ErrorCode::KeyMissing);
}

#[tokio::test]
async fn a_spent_quota_is_not_retried_and_a_short_rate_limit_is() {
    let account = Arc::new(SpeechAccount::default());
    let rig = rig(account.clone(), Some(FAKE_KEY)).await;
    let voice = OpenAiSpeechVoice::openai(&rig.env);
    let out = rig.path("x.wav");
    let say = request("Hello there.", "coral", ScriptLanguage::En);

    account.set_characters_left(2);
    let err = voice.synthesize(&say, &out).await.unwrap_err();
    assert_eq!(refusal(&err), (VoiceRefusal::QuotaExceeded, 429));
    assert_eq!(
        rig.fake.calls(Route::Create),
        1,
        "insufficient_quota is final"
    );

    account.set_characters_left(1_000);
    rig.fake.arm(
        Route::Create,
        Fault::RateLimited { retry_after_s: 0 },
        MAX_ATTEMPTS - 1,
    );
    voice.synthesize(&say, &out).await.unwrap();
    assert_eq!(rig.fake.calls(Route::Create), 1 + u64::from(MAX_ATTEMPTS));
}

#[tokio::test]
async fn server_errors_and_cut_or_corrupt_audio_are_typed() {
    let rig = rig(Arc::default(), Some(FAKE_KEY)).await;
    let voice = OpenAiSpeechVoice::openai(&rig.env);
    let out = rig.path("x.wav");
    let say = request("Hello there, world.", "coral", ScriptLanguage::En);

    rig.fake
        .arm(Route::Create, Fault::ServerError { status: 500 }, 1);
    let err = voice.synthesize(&say, &out).await.unwrap_err();
    assert_eq!(refusal(&err), (VoiceRefusal::ServerError, 500));
    assert_eq!(rig.fake.calls(Route::Create), 1);

    rig.fake
        .arm(Route::Create, Fault::CutBody { bytes: 1000 }, 1);
    let err = voice.synthesize(&say, &out).await.unwrap_err();
    assert!(matches!(err, VoiceError::TruncatedAudio { .. }), "{err}");

    // A 200 whose body is not audio (a proxy's page, a JSON cut short).
    rig.fake.arm(Route::Create, Fault::MalformedJson, 1);
    let err = voice.synthesize(&say, &out).await.unwrap_err();
    assert!(matches!(err, VoiceError::CorruptAudio { .. }), "{err}");
    assert_eq!(err.code(), ErrorCode::VoiceFailed);
}
