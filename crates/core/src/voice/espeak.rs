//! [`EspeakVoice`]: the offline default voice, espeak-ng **run as a program** (it is
//! GPL-3.0-or-later, so it is never linked). Robotic but free, with no key and no network;
//! French and English. One run per text: the text goes on stdin (`--stdin`, so nothing in it
//! is read as an option), the WAV (mono 16-bit, 22,050 Hz) to a file (`-w`). It gives no word
//! timing on the command line: callers measure phrases instead (see
//! [`word_timing`](super::word_timing)).

use super::local_program::{VoiceProgram, chosen_voice, run_with_text};
use super::{Speech, SpeechRequest, VoiceDescriptor, VoiceError, VoiceOption, VoiceProvider};
use reelforge_protocol::ScriptLanguage;
use std::path::{Path, PathBuf};

/// The provider id.
pub const ESPEAK_ID: &str = "espeak-ng";
/// The program, installed by the Debian/Ubuntu/Homebrew package of the same name.
const PROGRAM: VoiceProgram = VoiceProgram {
    name: "espeak-ng",
    package: "espeak-ng",
};
/// espeak-ng's normal rate in words per minute, and the range it accepts.
const NORMAL_WPM: u32 = 175;
const WPM_RANGE: (u32, u32) = (80, 450);

/// espeak-ng at a configured path, or found on `PATH`.
#[derive(Debug, Clone)]
pub struct EspeakVoice {
    descriptor: VoiceDescriptor,
    /// The program (or its folder) when set; `None`: found on `PATH`.
    location: Option<PathBuf>,
}

fn voice(id: &str, label: &str, language: ScriptLanguage) -> VoiceOption {
    VoiceOption {
        id: id.to_owned(),
        label: label.to_owned(),
        language,
    }
}

impl EspeakVoice {
    /// espeak-ng at `location` (the program or its folder), or on `PATH` when `None`.
    pub fn located(location: Option<PathBuf>) -> Self {
        Self {
            descriptor: VoiceDescriptor {
                id: ESPEAK_ID.to_owned(),
                display_name: "espeak-ng".to_owned(),
                label: "Offline robotic voice: no key, no network, sounds synthetic".to_owned(),
                robotic_offline: true,
                languages: vec![ScriptLanguage::Fr, ScriptLanguage::En],
                voices: vec![
                    voice("fr", "French (France)", ScriptLanguage::Fr),
                    voice("fr-be", "French (Belgium)", ScriptLanguage::Fr),
                    voice("en-us", "English (America)", ScriptLanguage::En),
                    voice("en-gb", "English (Great Britain)", ScriptLanguage::En),
                ],
                needs_key: false,
                price_per_1k_chars_micro_usd: 0,
                word_alignment: false,
            },
            location,
        }
    }

    /// The program to run.
    pub fn program(&self) -> Result<PathBuf, VoiceError> {
        PROGRAM.locate(self.location.as_deref())
    }

    /// The command-line arguments for `request` writing to `out`.
    pub fn args(request: &SpeechRequest, out: &Path) -> Vec<String> {
        let wpm =
            (NORMAL_WPM * u32::from(request.speed_percent) / 100).clamp(WPM_RANGE.0, WPM_RANGE.1);
        vec![
            "-v".to_owned(),
            request.voice.clone(),
            "-s".to_owned(),
            wpm.to_string(),
            "-w".to_owned(),
            out.display().to_string(),
            "--stdin".to_owned(),
        ]
    }
}

#[async_trait::async_trait]
impl VoiceProvider for EspeakVoice {
    fn descriptor(&self) -> &VoiceDescriptor {
        &self.descriptor
    }

    async fn synthesize(&self, request: &SpeechRequest, out: &Path) -> Result<Speech, VoiceError> {
        chosen_voice(&self.descriptor, request)?;
        let program = self.program()?;
        run_with_text(&program, &Self::args(request, out), &[], &request.text).await?;
        Ok(Speech { alignment: None })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(voice: &str, language: ScriptLanguage, speed_percent: u16) -> SpeechRequest {
        SpeechRequest {
            text: "Bonjour".to_owned(),
            voice: voice.to_owned(),
            language,
            speed_percent,
            context: Default::default(),
        }
    }

    #[test]
    fn the_descriptor_is_honest_and_speaks_both_languages() {
        let espeak = EspeakVoice::located(None);
        let d = espeak.descriptor();
        assert!(d.robotic_offline && !d.needs_key);
        assert_eq!(d.default_voice(ScriptLanguage::Fr).unwrap().id, "fr");
        assert_eq!(d.default_voice(ScriptLanguage::En).unwrap().id, "en-us");
    }

    #[test]
    fn speed_maps_to_words_per_minute_within_range() {
        let out = Path::new("/tmp/x.wav");
        let args = EspeakVoice::args(&request("fr", ScriptLanguage::Fr, 100), out);
        assert_eq!(
            args,
            ["-v", "fr", "-s", "175", "-w", "/tmp/x.wav", "--stdin"]
        );
        let fast = EspeakVoice::args(&request("fr", ScriptLanguage::Fr, 1000), out);
        assert_eq!(fast[3], "450");
        let slow = EspeakVoice::args(&request("fr", ScriptLanguage::Fr, 10), out);
        assert_eq!(slow[3], "80");
    }

    #[tokio::test]
    async fn a_missing_program_and_a_wrong_voice_are_typed_errors() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("x.wav");
        let nowhere = EspeakVoice::located(Some(dir.path().join("no/espeak-ng")));
        let err = nowhere
            .synthesize(&request("fr", ScriptLanguage::Fr, 100), &out)
            .await
            .unwrap_err();
        assert!(
            matches!(
                err,
                VoiceError::ProgramMissing {
                    package: "espeak-ng",
                    ..
                }
            ),
            "{err}"
        );
        assert_eq!(err.code(), reelforge_protocol::ErrorCode::VoiceMissing);
        assert!(
            err.to_string().contains("install the `espeak-ng` package"),
            "{err}"
        );
        let err = nowhere
            .synthesize(&request("fr", ScriptLanguage::En, 100), &out)
            .await
            .unwrap_err();
        assert!(
            matches!(err, VoiceError::LanguageUnsupported { .. }),
            "{err}"
        );
        let err = nowhere
            .synthesize(&request("de", ScriptLanguage::En, 100), &out)
            .await
            .unwrap_err();
        assert!(matches!(err, VoiceError::UnknownVoice { .. }), "{err}");
    }
}
