//! The ElevenLabs voice adapter against its fake over HTTP: speech with word timing rebuilt
//! from the per-character alignment, the key in `xi-api-key` and `output_format` in the query;
//! the doc's refusals typed (401 bad key, 401 quota, 403 tier, 429 retried within a bound,
//! 5xx, a cut answer, a key echoed back redacted); and the narration cache: changing one
//! segment's narration re-synthesizes that segment only.

use reelforge_core::voice::elevenlabs::ElevenLabsVoice;
use reelforge_core::voice::hosted::MAX_ATTEMPTS;
use reelforge_core::voice::spoken_text::{phrases, spoken_text};
use reelforge_core::voice::{
    VoiceError, VoiceProvider, VoiceRefusal, VoiceSettings, narrate_segment,
};
use reelforge_protocol::{ErrorCode, ScriptLanguage};
use reelforge_tests::fakes::speech::{SpeechAccount, Tier};
use reelforge_tests::fakes::{FAKE_KEY, Fault, Route, elevenlabs};
use reelforge_tests::voice_check::{VoiceRig, assert_words_on_speech, read_speech, request};
use std::sync::Arc;
use std::time::Duration;

const GEORGE: &str = "JBFqnCBsd6RMkjVDRZzb";

async fn rig(account: Arc<SpeechAccount>, key: Option<&str>) -> VoiceRig {
    VoiceRig::start("elevenlabs", "", key, async |port, dir| {
        elevenlabs::start_with(port, dir, account).await
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
async fn speaks_with_word_timing_from_the_character_alignment() {
    let rig = rig(Arc::default(), Some(FAKE_KEY)).await;
    let voice = ElevenLabsVoice::new(&rig.env);
    let out = rig.path("hello.wav");
    let speech = voice
        .synthesize(
            &request("Bonjour tout le monde.", GEORGE, ScriptLanguage::Fr),
            &out,
        )
        .await
        .unwrap();
    let pcm = read_speech(&out, Duration::from_millis(800));
    assert_eq!(pcm.rate, 24_000);
    let words = speech.alignment.expect("ElevenLabs times words");
    assert_words_on_speech(&pcm, &words, &["Bonjour", "tout", "le", "monde."]);
    let sent = rig.fake.core.requests(Route::Create);
    assert_eq!(sent.len(), 1);
    assert!(
        sent[0]
            .target
            .ends_with("/with-timestamps?output_format=pcm_24000"),
        "{}",
        sent[0].target
    );
    assert_eq!(sent[0].headers["xi-api-key"], FAKE_KEY);
    assert!(!sent[0].headers.contains_key("authorization"));
}

#[tokio::test]
async fn a_bad_key_a_missing_key_a_spent_quota_and_a_tier_are_typed_refusals() {
    let account = Arc::new(SpeechAccount::default());
    let rig = rig(account.clone(), Some("wrong-key-0123456789")).await;
    let voice = ElevenLabsVoice::new(&rig.env);
    let say = request("Bonjour.", GEORGE, ScriptLanguage::Fr);
    let out = rig.path("x.wav");

    let err = voice.synthesize(&say, &out).await.unwrap_err();
    assert_eq!(refusal(&err), (VoiceRefusal::InvalidKey, 401));
    assert_eq!(err.code(), ErrorCode::ProviderRejected);

    rig.store.remove("elevenlabs").unwrap();
    let calls = rig.fake.calls(Route::Create);
    let err = voice.synthesize(&say, &out).await.unwrap_err();
    assert!(matches!(err, VoiceError::KeyMissing { .. }), "{err}");
    assert_eq!(err.code(), ErrorCode::KeyMissing);
    assert_eq!(
        rig.fake.calls(Route::Create),
        calls,
        "nothing sent without a key"
    );

    use reelforge_core::secrets::{ApiKey, SecretStore};
    rig.store
        .set("elevenlabs", &ApiKey::new(FAKE_KEY).unwrap())
        .unwrap();
    account.set_characters_left(3);
    let calls = rig.fake.calls(Route::Create);
    let err = voice.synthesize(&say, &out).await.unwrap_err();
    assert_eq!(refusal(&err), (VoiceRefusal::QuotaExceeded, 401));
    assert!(err.to_string().contains("credits remaining"), "{err}");
    assert_eq!(
        rig.fake.calls(Route::Create),
        calls + 1,
        "a spent quota is not retried"
    );

    account.set_characters_left(1_000);
    let hifi = ElevenLabsVoice::new(&rig.env).with_sample_rate(44_100);
    let err = hifi.synthesize(&say, &out).await.unwrap_err();
    assert_eq!(refusal(&err), (VoiceRefusal::TierRequired, 403));
    assert!(err.to_string().contains("pcm_44100"), "{err}");
    account.set_tier(Tier::Pro);
    hifi.synthesize(&say, &out).await.unwrap();
    assert_eq!(read_speech(&out, Duration::from_millis(100)).rate, 44_100);
    assert_eq!(
        account.billed(),
        "Bonjour.".len() as u64,
        "refusals bill nothing"
    );
}

#[tokio::test]
async fn a_short_429_is_retried_within_the_bound_and_a_long_one_is_not() {
    let rig = rig(Arc::default(), Some(FAKE_KEY)).await;
    let voice = ElevenLabsVoice::new(&rig.env);
    let say = request("Bonjour.", GEORGE, ScriptLanguage::Fr);
    let out = rig.path("x.wav");

    rig.fake.arm(
        Route::Create,
        Fault::RateLimited { retry_after_s: 0 },
        MAX_ATTEMPTS - 1,
    );
    voice.synthesize(&say, &out).await.unwrap();
    assert_eq!(rig.fake.calls(Route::Create), u64::from(MAX_ATTEMPTS));

    rig.fake.arm(
        Route::Create,
        Fault::RateLimited { retry_after_s: 0 },
        MAX_ATTEMPTS,
    );
    let err = voice.synthesize(&say, &out).await.unwrap_err();
    assert_eq!(refusal(&err), (VoiceRefusal::RateLimited, 429));
    assert_eq!(rig.fake.calls(Route::Create), 2 * u64::from(MAX_ATTEMPTS));

    rig.fake.arm(
        Route::Create,
        Fault::RateLimited {
            retry_after_s: 3600,
        },
        1,
    );
    let err = voice.synthesize(&say, &out).await.unwrap_err();
    assert!(
        matches!(err, VoiceError::Refused { refusal: VoiceRefusal::RateLimited, retry_after: Some(d), .. } if d == Duration::from_secs(3600)),
        "{err}"
    );
    assert_eq!(
        rig.fake.calls(Route::Create),
        2 * u64::from(MAX_ATTEMPTS) + 1,
        "an hour is not waited for"
    );
}

#[tokio::test]
async fn server_errors_cut_answers_and_echoed_keys_are_typed_and_not_retried() {
    let rig = rig(Arc::default(), Some(FAKE_KEY)).await;
    let voice = ElevenLabsVoice::new(&rig.env);
    let say = request("Bonjour tout le monde.", GEORGE, ScriptLanguage::Fr);
    let out = rig.path("x.wav");

    rig.fake
        .arm(Route::Create, Fault::ServerError { status: 503 }, 1);
    let err = voice.synthesize(&say, &out).await.unwrap_err();
    assert_eq!(refusal(&err), (VoiceRefusal::ServerError, 503));
    assert_eq!(
        rig.fake.calls(Route::Create),
        1,
        "billed calls are not re-sent"
    );

    rig.fake
        .arm(Route::Create, Fault::CutBody { bytes: 200 }, 1);
    let err = voice.synthesize(&say, &out).await.unwrap_err();
    assert!(matches!(err, VoiceError::TruncatedAudio { .. }), "{err}");
    assert_eq!(err.code(), ErrorCode::VoiceFailed);

    rig.fake
        .arm(Route::Create, Fault::EchoKey { status: 401 }, 1);
    let err = voice.synthesize(&say, &out).await.unwrap_err();
    assert_eq!(refusal(&err), (VoiceRefusal::InvalidKey, 401));
    assert!(!err.to_string().contains(FAKE_KEY), "{err}");

    let err = voice
        .synthesize(
            &request("Bonjour.", "NoSuchVoice0000", ScriptLanguage::Fr),
            &out,
        )
        .await
        .unwrap_err();
    assert_eq!(refusal(&err), (VoiceRefusal::InvalidRequest, 400));
    assert!(err.to_string().contains("was not found"), "{err}");
}

#[tokio::test]
async fn changing_one_segments_narration_resynthesizes_that_segment_only() {
    let account = Arc::new(SpeechAccount::default());
    let rig = rig(account.clone(), Some(FAKE_KEY)).await;
    let voice = ElevenLabsVoice::new(&rig.env);
    let cache = rig.path("narration");
    let settings = VoiceSettings {
        voice: GEORGE.to_owned(),
        language: ScriptLanguage::Fr,
        speed_percent: 100,
    };
    let mut segments = vec![
        "Trois astuces Python. La première va vous surprendre.".to_owned(),
        "Utilisez enumerate, pas range.".to_owned(),
        "Abonnez-vous pour la suite !".to_owned(),
    ];
    let phrase_count = |text: &str| phrases(&spoken_text(text)).len() as u64;
    for text in &segments {
        let audio = narrate_segment(&voice, &settings, text, &cache)
            .await
            .unwrap()
            .unwrap();
        assert!(audio.synthesized);
        // The provider's word times survive phrase trimming and joining: each word is
        // heard where the narration says it is.
        let pcm = read_speech(&audio.wav, audio.duration);
        let expected: Vec<&str> = text.split_whitespace().filter(|w| *w != "!").collect();
        assert_words_on_speech(&pcm, &audio.words, &expected);
    }
    let first: u64 = segments.iter().map(|t| phrase_count(t)).sum();
    assert_eq!(rig.fake.calls(Route::Create), first);
    let billed = account.billed();

    segments[1] = "Utilisez enumerate, jamais range.".to_owned();
    let mut synthesized = Vec::new();
    for text in &segments {
        let audio = narrate_segment(&voice, &settings, text, &cache)
            .await
            .unwrap()
            .unwrap();
        synthesized.push(audio.synthesized);
    }
    assert_eq!(synthesized, [false, true, false]);
    assert_eq!(
        rig.fake.calls(Route::Create),
        first + phrase_count(&segments[1]),
        "only the changed segment is sent again"
    );
    assert_eq!(
        account.billed() - billed,
        phrases(&spoken_text(&segments[1]))
            .iter()
            .map(|p| p.chars().count() as u64)
            .sum::<u64>(),
        "and only it is paid for"
    );
}
