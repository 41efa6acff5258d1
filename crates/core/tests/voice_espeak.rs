//! The offline voice for real: espeak-ng run as a program speaks a segment's narration
//! without its stage directions, in the voice of the narration's language, phrase by phrase;
//! each phrase's first word starts where its speech starts in the audio; a second narration of
//! the same text comes from the cache without running the voice; a missing espeak-ng is a
//! typed error naming the package.

use reelforge_core::protocol::{ErrorCode, ScriptLanguage};
use reelforge_core::voice::espeak::EspeakVoice;
use reelforge_core::voice::spoken_text::phrases;
use reelforge_core::voice::wav::Pcm;
use reelforge_core::voice::{
    Speech, SpeechRequest, VoiceDescriptor, VoiceError, VoiceProvider, VoiceSettings,
    narrate_segment,
};
use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

/// espeak-ng, recording every request it is sent.
#[derive(Debug)]
struct Recording {
    inner: EspeakVoice,
    requests: Mutex<Vec<SpeechRequest>>,
}

impl Recording {
    fn new() -> Self {
        Self {
            inner: EspeakVoice::located(None),
            requests: Mutex::new(Vec::new()),
        }
    }

    fn requests(&self) -> Vec<SpeechRequest> {
        self.requests.lock().unwrap().clone()
    }
}

#[async_trait::async_trait]
impl VoiceProvider for Recording {
    fn descriptor(&self) -> &VoiceDescriptor {
        self.inner.descriptor()
    }

    async fn synthesize(&self, request: &SpeechRequest, out: &Path) -> Result<Speech, VoiceError> {
        self.requests.lock().unwrap().push(request.clone());
        self.inner.synthesize(request, out).await
    }
}

fn settings(voice: &str, language: ScriptLanguage) -> VoiceSettings {
    VoiceSettings {
        voice: voice.to_owned(),
        language,
        speed_percent: 100,
    }
}

/// RMS level in dBFS of `pcm` between `from` and `to`.
fn rms_dbfs(pcm: &Pcm, from: Duration, to: Duration) -> f64 {
    let at =
        |t: Duration| ((t.as_secs_f64() * f64::from(pcm.rate)) as usize).min(pcm.samples.len());
    let window = &pcm.samples[at(from)..at(to)];
    let mean_square =
        window.iter().map(|&s| f64::from(s).powi(2)).sum::<f64>() / window.len().max(1) as f64;
    10.0 * (mean_square.max(1e-9) / f64::from(i16::MAX).powi(2)).log10()
}

const FRENCH: &str = "[Hook] 3 astuces Python : la plupart des gens passent à côté. \
                      (musique) Restez jusqu'au bout, *pause* c'est promis.";

#[tokio::test]
async fn french_narration_is_spoken_phrase_by_phrase_without_stage_directions() {
    let cache = tempfile::tempdir().unwrap();
    let voice = Recording::new();
    let audio = narrate_segment(
        &voice,
        &settings("fr", ScriptLanguage::Fr),
        FRENCH,
        cache.path(),
    )
    .await
    .unwrap()
    .expect("something to say");
    assert!(audio.synthesized);
    assert_eq!(
        audio.spoken,
        "3 astuces Python : la plupart des gens passent à côté. Restez jusqu'au bout, c'est promis."
    );

    // What the voice was sent: the phrases of the spoken text, never a stage direction.
    let sent = voice.requests();
    let texts: Vec<&str> = sent.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(texts, phrases(&audio.spoken));
    for request in &sent {
        assert!(
            !request.text.contains(['[', ']', '(', ')', '*'])
                && !request.text.contains("Hook")
                && !request.text.contains("musique")
                && !request.text.contains("pause"),
            "{request:?}"
        );
        assert_eq!(
            (request.voice.as_str(), request.language),
            ("fr", ScriptLanguage::Fr)
        );
    }

    // Every word, in order, inside the audio.
    let pcm = Pcm::read(&audio.wav).unwrap();
    assert_eq!(pcm.duration(), audio.duration);
    let words: Vec<&str> = audio.words.iter().map(|w| w.text.as_str()).collect();
    let expected: Vec<&str> = audio
        .spoken
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .collect();
    assert_eq!(words, expected);
    for pair in audio.words.windows(2) {
        assert!(
            pair[0].start < pair[0].end && pair[0].end <= pair[1].start,
            "{pair:?}"
        );
    }
    assert!(audio.words.last().unwrap().end <= audio.duration);

    // Each phrase's first word starts where its speech starts: sound right after, silence
    // just before (the pause after the previous phrase).
    let mut first_words = Vec::new();
    let mut index = 0;
    for phrase in phrases(&audio.spoken) {
        first_words.push(&audio.words[index]);
        index += phrase
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count();
    }
    assert_eq!(first_words.len(), 4);
    for (k, word) in first_words.iter().enumerate() {
        let after = rms_dbfs(&pcm, word.start, word.start + Duration::from_millis(80));
        assert!(
            after > -35.0,
            "phrase {k} ({}) starts in silence: {after:.1} dBFS",
            word.text
        );
        if k > 0 {
            let before = rms_dbfs(
                &pcm,
                word.start - Duration::from_millis(100),
                word.start - Duration::from_millis(10),
            );
            assert!(
                before < -50.0,
                "phrase {k} ({}) has sound before its start: {before:.1} dBFS",
                word.text
            );
        }
    }

    // The same narration again: from the cache, the voice is not run.
    let again = narrate_segment(
        &voice,
        &settings("fr", ScriptLanguage::Fr),
        FRENCH,
        cache.path(),
    )
    .await
    .unwrap()
    .unwrap();
    assert!(!again.synthesized);
    assert_eq!(voice.requests().len(), sent.len());
    assert_eq!((again.wav, again.words), (audio.wav, audio.words));

    // Another speed is another narration.
    let mut faster = settings("fr", ScriptLanguage::Fr);
    faster.speed_percent = 150;
    let fast = narrate_segment(&voice, &faster, FRENCH, cache.path())
        .await
        .unwrap()
        .unwrap();
    assert!(fast.synthesized);
    assert!(
        fast.duration < audio.duration,
        "{:?} vs {:?}",
        fast.duration,
        audio.duration
    );
}

#[tokio::test]
async fn english_narration_uses_the_english_voice_and_only_directions_say_nothing() {
    let cache = tempfile::tempdir().unwrap();
    let voice = Recording::new();
    let english = settings("en-us", ScriptLanguage::En);
    let audio = narrate_segment(&voice, &english, "Save this for later (CTA).", cache.path())
        .await
        .unwrap()
        .unwrap();
    let pcm = Pcm::read(&audio.wav).unwrap();
    assert!(rms_dbfs(&pcm, Duration::ZERO, pcm.duration()) > -35.0);
    assert!(
        voice
            .requests()
            .iter()
            .all(|r| r.voice == "en-us" && r.text == "Save this for later.")
    );
    let silent = narrate_segment(&voice, &english, "[B-roll] (music)", cache.path())
        .await
        .unwrap();
    assert_eq!(silent, None);
    // A French voice does not speak English.
    let err = narrate_segment(
        &voice,
        &settings("fr", ScriptLanguage::En),
        "Hello.",
        cache.path(),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(err, VoiceError::LanguageUnsupported { .. }),
        "{err}"
    );
    assert_eq!(err.code(), ErrorCode::VoiceLanguageUnsupported);
}

#[tokio::test]
async fn a_missing_espeak_ng_is_a_typed_error_naming_the_package() {
    let dir = tempfile::tempdir().unwrap();
    let nowhere = EspeakVoice::located(Some(dir.path().join("not-installed/espeak-ng")));
    let err = narrate_segment(
        &nowhere,
        &settings("fr", ScriptLanguage::Fr),
        "Bonjour.",
        dir.path(),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(
            err,
            VoiceError::ProgramMissing {
                program: "espeak-ng",
                package: "espeak-ng",
                ..
            }
        ),
        "{err}"
    );
    assert_eq!(err.code(), ErrorCode::VoiceMissing);
    assert!(err.to_string().contains("not-installed/espeak-ng"), "{err}");
}
