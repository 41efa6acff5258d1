//! The ElevenLabs voice adapter against its fake over HTTP: speech with word timing rebuilt
//! from the per-character alignment, the key in `xi-api-key` and `output_format` in the query;
//! the doc's refusals typed (401 bad key, 401 quota, 403 tier, 429 retried within a bound,
//! 5xx, a cut answer, a key echoed back redacted); the narration cache: changing one
//! segment's narration re-synthesizes that segment only; continuity: each phrase sent with the
//! phrases around it as `previous_text` / `next_text`; and a text over the model's limit
//! spoken in chunks joined on one timeline, a word over it refused before anything is sent
//! (the fake itself counts only `text` against the limit).

use reelforge_core::voice::elevenlabs::{ElevenLabsVoice, MAX_REQUEST_CHARS};
use reelforge_core::voice::hosted::MAX_ATTEMPTS;
use reelforge_core::voice::spoken_text::{phrases, spoken_text};
use reelforge_core::voice::text_chunks::CONTEXT_MAX_CHARS;
use reelforge_core::voice::{
    SpeechContext, VoiceError, VoiceProvider, VoiceRefusal, VoiceSettings, narrate_segment,
};
use reelforge_protocol::{ErrorCode, ScriptLanguage};
use reelforge_tests::fakes::elevenlabs::Syntheses;
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

/// A rig whose fake keeps each synthesis it makes, with a fresh account.
async fn recording_rig() -> (VoiceRig, Arc<SpeechAccount>, Arc<Syntheses>) {
    let (account, syntheses) = (Arc::<SpeechAccount>::default(), Arc::<Syntheses>::default());
    let (a, s) = (account.clone(), syntheses.clone());
    let rig = VoiceRig::start("elevenlabs", "", Some(FAKE_KEY), async |port, dir| {
        elevenlabs::start_recording(port, dir, a, s).await
    })
    .await;
    (rig, account, syntheses)
}

fn george_in(language: ScriptLanguage) -> VoiceSettings {
    VoiceSettings {
        voice: GEORGE.to_owned(),
        language,
        speed_percent: 100,
    }
}

fn chars(text: &str) -> u64 {
    text.chars().count() as u64
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

#[tokio::test]
async fn each_phrase_is_sent_with_the_phrases_around_it() {
    let (rig, _, syntheses) = recording_rig().await;
    let voice = ElevenLabsVoice::new(&rig.env);
    let text = "Trois astuces Python. Utilisez enumerate, pas range.";
    let said = phrases(&spoken_text(text));
    assert_eq!(said.len(), 3);
    let settings = george_in(ScriptLanguage::Fr);
    let cache = rig.path("narration");
    let audio = narrate_segment(&voice, &settings, text, &cache)
        .await
        .unwrap()
        .unwrap();
    let sent = syntheses.all();
    let texts: Vec<&str> = sent.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(texts, said);
    assert_eq!(sent[1].previous_text.as_deref(), Some(said[0].as_str()));
    assert_eq!(sent[1].next_text.as_deref(), Some(said[2].as_str()));
    assert_eq!(sent[0].previous_text, None, "an empty context is not sent");
    assert_eq!(
        sent[0].next_text.as_deref(),
        Some("Utilisez enumerate, pas range.")
    );
    assert_eq!(
        sent[2].previous_text.as_deref(),
        Some("Trois astuces Python. Utilisez enumerate,")
    );
    assert_eq!(sent[2].next_text, None);
    let pcm = read_speech(&audio.wav, audio.duration);
    let expected: Vec<&str> = text.split_whitespace().collect();
    assert_words_on_speech(&pcm, &audio.words, &expected);

    // A voice alone (a preview) has no context: nothing is sent beside its text.
    voice
        .synthesize(
            &request("Bonjour.", GEORGE, ScriptLanguage::Fr),
            &rig.path("x.wav"),
        )
        .await
        .unwrap();
    let last = syntheses.all().pop().unwrap();
    assert_eq!((last.previous_text, last.next_text), (None, None));
}

#[tokio::test]
async fn a_phrase_over_the_limit_is_spoken_in_chunks_on_one_timeline() {
    let (rig, account, syntheses) = recording_rig().await;
    let voice = ElevenLabsVoice::new(&rig.env).with_sample_rate(16_000);
    // 25,000 characters without a punctuation mark: one phrase, cut between words.
    let vocabulary = [
        "python",
        "astuce",
        "liste",
        "boucle",
        "range",
        "code",
        "enumerate",
    ];
    let mut words: Vec<&str> = Vec::new();
    let mut length = 0;
    for word in vocabulary.iter().cycle() {
        if length + 1 + word.len() > 25_000 {
            break;
        }
        length += usize::from(!words.is_empty()) + word.len();
        words.push(word);
    }
    let filler = "x".repeat(25_000 - length - 1);
    words.push(&filler);
    let phrase = words.join(" ");
    assert_eq!(phrase.chars().count(), 25_000);
    assert_eq!(phrases(&phrase).len(), 1, "one phrase");

    let mut say = request(&phrase, GEORGE, ScriptLanguage::Fr);
    say.context = SpeechContext {
        before: "Voici la suite.".to_owned(),
        after: "Fin.".to_owned(),
    };
    let out = rig.path("long.wav");
    let speech = voice.synthesize(&say, &out).await.unwrap();

    let sent = syntheses.all();
    assert_eq!(sent.len(), 3);
    assert!(
        sent.iter()
            .all(|s| chars(&s.text) <= MAX_REQUEST_CHARS as u64)
    );
    let texts: Vec<&str> = sent.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(texts.join(" "), phrase, "cut between words, nothing lost");
    // Each chunk hears its neighbours; the ends hear the request's own context.
    assert_eq!(sent[0].previous_text.as_deref(), Some("Voici la suite."));
    assert_eq!(sent[2].next_text.as_deref(), Some("Fin."));
    for pair in sent.windows(2) {
        let next = pair[0].next_text.as_deref().unwrap();
        let previous = pair[1].previous_text.as_deref().unwrap();
        assert!(pair[1].text.starts_with(&format!("{next} ")), "{next}");
        assert!(
            pair[0].text.ends_with(&format!(" {previous}")),
            "{previous}"
        );
        assert!(chars(next) <= CONTEXT_MAX_CHARS as u64 && chars(next) > 250);
        assert!(chars(previous) <= CONTEXT_MAX_CHARS as u64 && chars(previous) > 250);
    }
    assert_eq!(
        account.billed(),
        sent.iter().map(|s| chars(&s.text)).sum::<u64>(),
        "only the text is paid for, not the context"
    );

    // Words follow each other across the joins, each where the fake said it is once shifted
    // by the audio of the chunks before its own.
    let timed = speech.alignment.expect("ElevenLabs times words");
    let pcm = read_speech(&out, Duration::from_secs(600));
    assert_words_on_speech(&pcm, &timed, &words);
    let mut offset = 0.0;
    let mut expected = Vec::new();
    for chunk in &sent {
        expected.extend(
            chunk
                .words
                .iter()
                .map(|(w, s, e)| (w, s + offset, e + offset)),
        );
        offset += chunk.duration_s;
    }
    assert_eq!(expected.len(), timed.len());
    for (word, (text, start, end)) in timed.iter().zip(&expected) {
        assert_eq!(&word.text, *text);
        let off = |got: Duration, want: f64| (got.as_secs_f64() - want).abs();
        assert!(off(word.start, *start) < 0.080, "{word:?} vs {start}");
        assert!(off(word.end, *end) < 0.080, "{word:?} vs {end}");
    }
    assert!((pcm.duration().as_secs_f64() - offset).abs() < 0.001);
}

#[tokio::test]
async fn a_word_over_the_limit_is_refused_before_anything_is_sent() {
    let (rig, account, syntheses) = recording_rig().await;
    let voice = ElevenLabsVoice::new(&rig.env);
    let word = "a".repeat(MAX_REQUEST_CHARS + 1);
    let text = format!("Bonjour {word} tout le monde.");
    let err = voice
        .synthesize(
            &request(&text, GEORGE, ScriptLanguage::Fr),
            &rig.path("x.wav"),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(err, VoiceError::WordTooLong { characters, maximum, .. }
            if characters == MAX_REQUEST_CHARS + 1 && maximum == MAX_REQUEST_CHARS),
        "{err}"
    );
    assert_eq!(err.code(), ErrorCode::VoiceFailed);
    assert_eq!(rig.fake.calls(Route::Create), 0);
    assert!(syntheses.all().is_empty());
    assert_eq!(account.billed(), 0);
    assert!(!rig.path("x.wav").exists());
}

#[tokio::test]
async fn a_narration_of_five_thousand_characters_is_spoken_phrase_by_phrase_and_paid_as_sent() {
    let (rig, account, syntheses) = recording_rig().await;
    let voice = ElevenLabsVoice::new(&rig.env);
    let mut text = String::new();
    for i in 1.. {
        let sentence = format!("Voici la remarque {i} sur Python, avec un exemple simple. ");
        if text.len() + sentence.len() > 5_000 {
            break;
        }
        text.push_str(&sentence);
    }
    assert!(text.len() > 4_900, "{}", text.len());
    let cache = rig.path("narration");
    let settings = george_in(ScriptLanguage::Fr);
    let audio = narrate_segment(&voice, &settings, &text, &cache)
        .await
        .unwrap()
        .unwrap();
    let said = phrases(&spoken_text(&text));
    let sent = syntheses.all();
    let texts: Vec<&str> = sent.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(texts, said);
    let cost: u64 = said.iter().map(|p| chars(p)).sum();
    assert_eq!(account.billed(), cost, "what was sent, the context unpaid");
    for (k, s) in sent.iter().enumerate().skip(1) {
        let previous = s.previous_text.as_deref().unwrap();
        assert!(chars(previous) <= CONTEXT_MAX_CHARS as u64);
        assert!(previous.ends_with(&said[k - 1]), "{previous}");
    }
    let pcm = read_speech(&audio.wav, audio.duration);
    let expected: Vec<&str> = audio.spoken.split_whitespace().collect();
    assert_words_on_speech(&pcm, &audio.words, &expected);
    let again = narrate_segment(&voice, &settings, &text, &cache)
        .await
        .unwrap()
        .unwrap();
    assert!(!again.synthesized);
    assert_eq!(syntheses.all().len(), sent.len());
}

#[tokio::test]
async fn the_fake_counts_only_the_text_against_its_limit() {
    let (rig, account, _) = recording_rig().await;
    let url = format!(
        "{}/v1/text-to-speech/{GEORGE}/with-timestamps?output_format=pcm_16000",
        rig.fake.base_url()
    );
    let send = async |text: String, around: String| {
        let body = serde_json::json!({"text": text, "previous_text": around, "next_text": around});
        let response = reqwest::Client::new()
            .post(&url)
            .header("xi-api-key", FAKE_KEY)
            .json(&body)
            .send()
            .await
            .unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    };
    let at_limit = "a ".repeat(MAX_REQUEST_CHARS / 2 - 1) + "ab";
    let (status, _) = send(at_limit, "b".repeat(5_000)).await;
    assert_eq!(status, 200, "the text around is not counted");
    assert_eq!(account.billed(), MAX_REQUEST_CHARS as u64);
    let (status, body) = send("a".repeat(MAX_REQUEST_CHARS + 1), String::new()).await;
    assert_eq!(status, 400);
    assert!(body.contains("max_character_limit_exceeded"), "{body}");
    assert_eq!(account.billed(), MAX_REQUEST_CHARS as u64);
}
