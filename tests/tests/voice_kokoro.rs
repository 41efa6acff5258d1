//! The Kokoro voice (`kokoro`, the OpenAI-compatible adapter's local flavour) against the fake
//! Kokoro-FastAPI over HTTP: captioned speech streamed as newline-delimited JSON, chunks laid
//! end to end with the words' absolute times; no key sent; an older build's `null` French
//! timestamps fall back to per-phrase timing; unknown voices, a cut stream and a dead server
//! are typed errors.

use reelforge_core::voice::openai_speech::OpenAiSpeechVoice;
use reelforge_core::voice::{
    VoiceError, VoiceProvider, VoiceRefusal, VoiceSettings, narrate_segment,
};
use reelforge_protocol::{ErrorCode, ScriptLanguage};
use reelforge_tests::fakes::{Fault, Route, kokoro};
use reelforge_tests::voice_check::{VoiceRig, assert_words_on_speech, read_speech, request};
use std::time::Duration;

async fn rig(null_french_timestamps: bool) -> VoiceRig {
    VoiceRig::start("kokoro", "/v1", None, async |port, dir| {
        kokoro::start_with(port, dir, null_french_timestamps).await
    })
    .await
}

#[tokio::test]
async fn captioned_speech_streams_chunks_with_absolute_word_times() {
    let rig = rig(false).await;
    let voice = OpenAiSpeechVoice::kokoro(&rig.env);
    let out = rig.path("x.wav");
    let text = "Bonjour tout le monde. Voici trois astuces.";
    let speech = voice
        .synthesize(&request(text, "ff_siwis", ScriptLanguage::Fr), &out)
        .await
        .unwrap();
    let pcm = read_speech(&out, Duration::from_secs(1));
    let words = speech.alignment.expect("Kokoro times words");
    assert_words_on_speech(
        &pcm,
        &words,
        &[
            "Bonjour", "tout", "le", "monde.", "Voici", "trois", "astuces.",
        ],
    );
    let sent = rig.fake.core.requests(Route::Create);
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].target, "/dev/captioned_speech");
    assert!(!sent[0].headers.contains_key("authorization"));
}

#[tokio::test]
async fn null_french_timestamps_fall_back_to_per_phrase_timing() {
    let rig = rig(true).await;
    let voice = OpenAiSpeechVoice::kokoro(&rig.env);
    let out = rig.path("x.wav");
    let speech = voice
        .synthesize(
            &request("Bonjour tout le monde.", "ff_siwis", ScriptLanguage::Fr),
            &out,
        )
        .await
        .unwrap();
    assert!(speech.alignment.is_none());
    let settings = VoiceSettings {
        voice: "ff_siwis".to_owned(),
        language: ScriptLanguage::Fr,
        speed_percent: 100,
    };
    let audio = narrate_segment(
        &voice,
        &settings,
        "Bonjour tout le monde.",
        &rig.path("cache"),
    )
    .await
    .unwrap()
    .unwrap();
    let texts: Vec<&str> = audio.words.iter().map(|w| w.text.as_str()).collect();
    assert_eq!(texts, ["Bonjour", "tout", "le", "monde."]);
    // An English voice keeps its timing on the same build.
    let speech = voice
        .synthesize(
            &request("Hello world.", "af_heart", ScriptLanguage::En),
            &out,
        )
        .await
        .unwrap();
    assert_eq!(speech.alignment.map(|w| w.len()), Some(2));
}

#[tokio::test]
async fn unknown_voices_cut_streams_and_a_dead_server_are_typed() {
    let rig = rig(false).await;
    let voice = OpenAiSpeechVoice::kokoro(&rig.env);
    let out = rig.path("x.wav");
    let err = voice
        .synthesize(&request("Bonjour.", "zz_nobody", ScriptLanguage::Fr), &out)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            VoiceError::Refused {
                refusal: VoiceRefusal::InvalidRequest,
                status: 400,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("not found"), "{err}");

    rig.fake
        .arm(Route::Create, Fault::CutBody { bytes: 300 }, 1);
    let err = voice
        .synthesize(
            &request(
                "Bonjour tout le monde. Encore.",
                "ff_siwis",
                ScriptLanguage::Fr,
            ),
            &out,
        )
        .await
        .unwrap_err();
    assert!(matches!(err, VoiceError::TruncatedAudio { .. }), "{err}");

    rig.env
        .endpoints
        .set("kokoro", Some("http://127.0.0.1:9/v1".to_owned()));
    let err = voice
        .synthesize(&request("Bonjour.", "ff_siwis", ScriptLanguage::Fr), &out)
        .await
        .unwrap_err();
    assert!(matches!(err, VoiceError::Unreachable { .. }), "{err}");
    assert_eq!(err.code(), ErrorCode::Network);
}
