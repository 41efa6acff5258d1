//! A segment's narration as audio with word timing: the spoken text (stage directions out)
//! cut into phrases, each phrase synthesized alone with the segment's text around it as
//! context (at most [`CONTEXT_MAX_CHARS`] each side, for voices that use it to keep their
//! intonation from phrase to phrase), its speech measured on its samples and
//! trimmed to it plus a pause that follows its punctuation, the phrases laid end to end; words
//! timed by the provider's alignment when it gives one, else by weight within their phrase.
//! The result is cached by content (provider, voice, language, speed, text) under the
//! library, so re-assembling never synthesizes the same narration twice.

use super::spoken_text::{phrases, spoken_text};
use super::text_chunks::{CONTEXT_MAX_CHARS, words_after, words_before};
use super::wav::Pcm;
use super::word_timing::words_in_span;
use super::{SpeechContext, SpeechRequest, VoiceError, VoiceProvider, WordTiming};
use reelforge_protocol::ScriptLanguage;
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Bumped when the way narration audio is made changes, so old cache entries are not used. A
/// provider that starts speaking the same request differently bumps its own
/// [`VoiceProvider::audio_revision`] instead, so only its narrations are made again.
const FORMAT_VERSION: &str = "narration-v1";
/// Kept before a phrase's first sound.
const LEAD_IN: Duration = Duration::from_millis(20);
/// The pause after a phrase ending a sentence, and after any other phrase.
const SENTENCE_PAUSE: Duration = Duration::from_millis(300);
const CLAUSE_PAUSE: Duration = Duration::from_millis(150);

/// Which voice speaks, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoiceSettings {
    pub voice: String,
    pub language: ScriptLanguage,
    pub speed_percent: u16,
}

/// A segment's narration, ready to place on the timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NarrationAudio {
    /// Mono 16-bit WAV in the cache.
    pub wav: PathBuf,
    pub duration: Duration,
    /// Each spoken word, from the start of `wav`.
    pub words: Vec<WordTiming>,
    /// The text sent to the voice (stage directions removed).
    pub spoken: String,
    /// Made now (`false`: read from the cache).
    pub synthesized: bool,
}

/// What the cache keeps beside each WAV.
#[derive(Debug, Serialize, Deserialize)]
struct CachedTiming {
    duration: Duration,
    words: Vec<WordTiming>,
    spoken: String,
}

/// The cache key of a narration: every input that changes the audio.
fn cache_key(provider: &dyn VoiceProvider, settings: &VoiceSettings, spoken: &str) -> String {
    let version = match provider.audio_revision() {
        1 => FORMAT_VERSION.to_owned(),
        revision => format!("{FORMAT_VERSION}.r{revision}"),
    };
    let mut hash = Sha256::new();
    for part in [
        version.as_str(),
        &provider.descriptor().id,
        &settings.voice,
        settings.language.as_str(),
        &settings.speed_percent.to_string(),
        spoken,
    ] {
        hash.update(part.as_bytes());
        hash.update([0]);
    }
    hash.finalize()
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn pause_after(phrase: &str) -> Duration {
    if phrase.ends_with(['.', '!', '?', '…']) {
        SENTENCE_PAUSE
    } else {
        CLAUSE_PAUSE
    }
}

/// The narration of one segment as the voice `provider` already spoke it into
/// `cache_dir`; `None` when it has not (or there is nothing to say). Synthesizes nothing.
pub fn cached_narration(
    provider: &dyn VoiceProvider,
    settings: &VoiceSettings,
    narration: &str,
    cache_dir: &Path,
) -> Option<NarrationAudio> {
    let spoken = spoken_text(narration);
    if spoken.is_empty() {
        return None;
    }
    let key = cache_key(provider, settings, &spoken);
    let wav = cache_dir.join(format!("{key}.wav"));
    let text = std::fs::read_to_string(cache_dir.join(format!("{key}.json"))).ok()?;
    let cached = serde_json::from_str::<CachedTiming>(&text).ok()?;
    wav.is_file().then_some(NarrationAudio {
        wav,
        duration: cached.duration,
        words: cached.words,
        spoken: cached.spoken,
        synthesized: false,
    })
}

/// The narration of one segment, from `cache_dir` or synthesized into it; `None` when
/// nothing is left to say once stage directions are removed.
pub async fn narrate_segment(
    provider: &dyn VoiceProvider,
    settings: &VoiceSettings,
    narration: &str,
    cache_dir: &Path,
) -> Result<Option<NarrationAudio>, VoiceError> {
    let spoken = spoken_text(narration);
    if spoken.is_empty() {
        return Ok(None);
    }
    if let Some(cached) = cached_narration(provider, settings, narration, cache_dir) {
        return Ok(Some(cached));
    }
    let key = cache_key(provider, settings, &spoken);
    let wav = cache_dir.join(format!("{key}.wav"));
    let timing_path = cache_dir.join(format!("{key}.json"));
    std::fs::create_dir_all(cache_dir).map_err(|e| VoiceError::io(cache_dir, e))?;
    let token = uuid::Uuid::new_v4().simple().to_string();
    let part = cache_dir.join(format!(".{key}.{token}.part.wav"));
    let mut track: Option<Pcm> = None;
    let mut words = Vec::new();
    let phrases = phrases(&spoken);
    for (i, phrase) in phrases.iter().enumerate() {
        let request = SpeechRequest {
            text: phrase.clone(),
            voice: settings.voice.clone(),
            language: settings.language,
            speed_percent: settings.speed_percent,
            context: SpeechContext {
                before: words_before(&phrases[..i], CONTEXT_MAX_CHARS),
                after: words_after(&phrases[i + 1..], CONTEXT_MAX_CHARS),
            },
        };
        let speech = provider.synthesize(&request, &part).await;
        let pcm = speech.and_then(|speech| Ok((speech, Pcm::read(&part)?)));
        let _ = std::fs::remove_file(&part);
        let (speech, pcm) = pcm?;
        let (start, end) = pcm
            .speech_bounds()
            .unwrap_or((Duration::ZERO, pcm.duration()));
        let keep_from = start.saturating_sub(LEAD_IN);
        let keep_to = (end + pause_after(phrase)).min(pcm.duration());
        let track = track.get_or_insert_with(|| Pcm::silence(pcm.rate, Duration::ZERO));
        if track.rate != pcm.rate {
            return Err(VoiceError::BadAudio {
                path: part.clone(),
                reason: format!("sample rate changed from {} to {} Hz", track.rate, pcm.rate),
            });
        }
        let offset = track.duration();
        let kept = Pcm {
            rate: pcm.rate,
            samples: pcm.samples[sample_at(pcm.rate, keep_from)..]
                [..sample_at(pcm.rate, keep_to - keep_from)]
                .to_vec(),
        };
        let shift = |t: Duration| (offset + t).saturating_sub(keep_from);
        match speech.alignment {
            Some(aligned) => words.extend(aligned.into_iter().map(|w| WordTiming {
                start: shift(w.start),
                end: shift(w.end),
                text: w.text,
            })),
            None => words.extend(words_in_span(phrase, shift(start), shift(end))),
        }
        track.mix_at(&kept, offset);
    }
    let Some(track) = track else {
        return Ok(None);
    };
    let pending_wav =
        crate::durable::PendingFile::new(&wav).map_err(|e| VoiceError::io(&wav, e))?;
    track.write(pending_wav.path())?;
    let cached = CachedTiming {
        duration: track.duration(),
        words,
        spoken,
    };
    let json = serde_json::to_string(&cached).map_err(|e| VoiceError::BadAudio {
        path: timing_path.clone(),
        reason: e.to_string(),
    })?;
    crate::durable::write_durably(&timing_path, json.as_bytes())
        .map_err(|e| VoiceError::io(&timing_path, e))?;
    pending_wav.commit().map_err(|e| VoiceError::io(&wav, e))?;
    Ok(Some(NarrationAudio {
        wav,
        duration: cached.duration,
        words: cached.words,
        spoken: cached.spoken,
        synthesized: true,
    }))
}

fn sample_at(rate: u32, t: Duration) -> usize {
    (t.as_secs_f64() * f64::from(rate)).floor() as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::voice::{Speech, VoiceDescriptor};

    #[derive(Debug)]
    struct Revised(VoiceDescriptor, u32);

    #[async_trait::async_trait]
    impl VoiceProvider for Revised {
        fn descriptor(&self) -> &VoiceDescriptor {
            &self.0
        }
        async fn synthesize(&self, _: &SpeechRequest, _: &Path) -> Result<Speech, VoiceError> {
            unreachable!("keys only")
        }
        fn audio_revision(&self) -> u32 {
            self.1
        }
    }

    #[test]
    fn a_providers_audio_revision_changes_its_keys_only() {
        let descriptor = |id: &str| VoiceDescriptor {
            id: id.to_owned(),
            ..crate::voice::espeak::EspeakVoice::located(None)
                .descriptor()
                .clone()
        };
        let settings = VoiceSettings {
            voice: "fr".to_owned(),
            language: ScriptLanguage::Fr,
            speed_percent: 100,
        };
        let key = |id: &str, revision| {
            cache_key(&Revised(descriptor(id), revision), &settings, "Bonjour.")
        };
        assert_ne!(
            key("a", 1),
            key("a", 2),
            "a new revision makes its narration again"
        );
        assert_eq!(key("a", 2), key("a", 2));
        assert_ne!(key("a", 1), key("b", 1), "providers never share audio");
        // Revision 1 keeps the keys narrations were cached under before revisions existed.
        let mut hash = Sha256::new();
        for part in ["narration-v1", "a", "fr", "fr", "100", "Bonjour."] {
            hash.update(part.as_bytes());
            hash.update([0]);
        }
        let before: String = hash
            .finalize()
            .iter()
            .take(16)
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(key("a", 1), before);
    }
}
