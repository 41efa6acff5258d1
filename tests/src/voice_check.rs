//! The harness the hosted voice adapter tests share: a [`VoiceRig`] (a fake speech server in a
//! temporary directory, a [`ProviderEnv`] whose endpoint override points at it and whose
//! session store holds the fake key when one is wanted), and the checks on what a voice
//! wrote: a mono 16-bit WAV with speech where its words are.

use crate::fakes::FakeServer;
use reelforge_core::providers::http::ProviderEnv;
use reelforge_core::secrets::{ApiKey, SecretStore, SessionStore};
use reelforge_core::voice::wav::Pcm;
use reelforge_core::voice::{SpeechRequest, WordTiming};
use reelforge_protocol::ScriptLanguage;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// A fake speech server and an environment pointing the voice `provider` at it.
pub struct VoiceRig {
    pub fake: FakeServer,
    pub store: Arc<SessionStore>,
    pub env: ProviderEnv,
    pub dir: tempfile::TempDir,
}

impl VoiceRig {
    /// Starts a fake with `start` (it gets the clip folder) and points `provider` at its
    /// base URL + `suffix`; `key`: the key stored for `provider`.
    pub async fn start(
        provider: &str,
        suffix: &str,
        key: Option<&str>,
        start: impl AsyncFnOnce(u16, &Path) -> std::io::Result<FakeServer>,
    ) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let fake = start(0, &dir.path().join("clips")).await.unwrap();
        let store = Arc::new(SessionStore::new());
        if let Some(key) = key {
            store.set(provider, &ApiKey::new(key).unwrap()).unwrap();
        }
        let env = ProviderEnv::new(store.clone());
        env.endpoints
            .set(provider, Some(format!("{}{suffix}", fake.base_url())));
        Self {
            fake,
            store,
            env,
            dir,
        }
    }

    /// A path in the rig's folder.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

/// What to say, at normal speed.
pub fn request(text: &str, voice: &str, language: ScriptLanguage) -> SpeechRequest {
    SpeechRequest {
        text: text.to_owned(),
        voice: voice.to_owned(),
        language,
        speed_percent: 100,
        context: Default::default(),
    }
}

/// The WAV at `path`: mono 16-bit, at least `min` long.
pub fn read_speech(path: &Path, min: Duration) -> Pcm {
    let pcm = Pcm::read(path).expect("a mono 16-bit WAV");
    assert!(pcm.duration() >= min, "{:?} < {min:?}", pcm.duration());
    pcm
}

/// Peak level of `pcm` from `from` to `to`.
pub fn peak(pcm: &Pcm, from: Duration, to: Duration) -> u16 {
    let at =
        |t: Duration| ((t.as_secs_f64() * f64::from(pcm.rate)) as usize).min(pcm.samples.len());
    pcm.samples[at(from)..at(to)]
        .iter()
        .map(|s| s.unsigned_abs())
        .max()
        .unwrap_or(0)
}

/// Each word is loud in its middle, the words follow each other, and their texts are
/// `expected`.
pub fn assert_words_on_speech(pcm: &Pcm, words: &[WordTiming], expected: &[&str]) {
    let texts: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
    assert_eq!(texts, expected);
    for pair in words.windows(2) {
        assert!(pair[0].end <= pair[1].start, "{pair:?}");
    }
    for w in words {
        assert!(w.start < w.end, "{w:?}");
        let mid = (w.start + w.end) / 2;
        let level = peak(
            pcm,
            mid.saturating_sub(Duration::from_millis(10)),
            mid + Duration::from_millis(10),
        );
        assert!(
            level > 2000,
            "no speech in the middle of {w:?} (peak {level})"
        );
    }
}
