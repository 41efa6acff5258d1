//! [`SayVoice`]: macOS's own voices through its `say` program, **run as a program** like
//! espeak-ng: offline, no key, synthetic. Its French and English voices are those `say -v '?'`
//! lists (asked once per process). One run per text: the text goes on stdin (`-f -`, never
//! in the arguments), the WAV to a file (`-o`, `--file-format=WAVE`,
//! `--data-format=LEI16@22050`: 16-bit little-endian PCM at 22,050 Hz). What `say` wrote is
//! checked to be a mono 16-bit PCM WAV and refused otherwise ([`VoiceError::BadAudio`]):
//! nothing is converted. It gives no word timing: callers measure phrases.
//!
//! Registered only on macOS, when `say` is there (see [`registry`](super::registry)); the
//! arguments, the listing's parsing and the rate are plain functions tested everywhere.

use super::local_program::{VoiceProgram, check_wav, chosen_voice, listed_voices, run_with_text};
use super::{Speech, SpeechRequest, VoiceDescriptor, VoiceError, VoiceOption, VoiceProvider};
use reelforge_protocol::ScriptLanguage;
use std::path::{Path, PathBuf};

/// The provider id.
pub const SAY_ID: &str = "macos-say";
/// The program; it comes with macOS.
const PROGRAM: VoiceProgram = VoiceProgram {
    name: "say",
    package: "macOS say",
};
/// `say`'s normal rate in words per minute, and the range kept to.
const NORMAL_WPM: u32 = 175;
const WPM_RANGE: (u32, u32) = (90, 450);
/// The voices heard first when a language's voice is not chosen: the usual system voices.
const PREFERRED_VOICES: [&str; 3] = ["Thomas", "Samantha", "Alex"];
/// The regions whose voices come next, before the other French and English ones.
const PRIMARY_LOCALES: [&str; 2] = ["fr_FR", "en_US"];

/// macOS `say` at a set path, or found on `PATH`, with the voices it lists.
#[derive(Debug, Clone)]
pub struct SayVoice {
    descriptor: VoiceDescriptor,
    /// The program (or its folder) when set; `None`: found on `PATH`.
    location: Option<PathBuf>,
}

impl SayVoice {
    /// `say` at `location` (`None`: on `PATH`) with its French and English `voices`
    /// (defaults first, see [`parse_voice_list`]).
    pub fn with_voices(location: Option<PathBuf>, voices: Vec<VoiceOption>) -> Self {
        let languages = [ScriptLanguage::Fr, ScriptLanguage::En]
            .into_iter()
            .filter(|l| voices.iter().any(|v| v.language == *l))
            .collect();
        Self {
            descriptor: VoiceDescriptor {
                id: SAY_ID.to_owned(),
                display_name: "macOS voices".to_owned(),
                label: "Offline system voice: no key, no network, sounds synthetic".to_owned(),
                robotic_offline: true,
                languages,
                voices,
                needs_key: false,
                price_per_1k_chars_micro_usd: 0,
                word_alignment: false,
            },
            location,
        }
    }

    /// `say` at `location` (`None`: on `PATH`) with the voices it lists, when it is there and
    /// has a French or English voice.
    pub fn installed(location: Option<PathBuf>) -> Option<Self> {
        let program = PROGRAM.locate(location.as_deref()).ok()?;
        let voices = listed_voices(&program, &list_args(), parse_voice_list)?;
        (!voices.is_empty()).then(|| Self::with_voices(location, voices))
    }

    /// The program to run.
    pub fn program(&self) -> Result<PathBuf, VoiceError> {
        PROGRAM.locate(self.location.as_deref())
    }

    /// The command-line arguments for `request` writing to `out` (the text is not among
    /// them: it goes on stdin).
    pub fn args(request: &SpeechRequest, out: &Path) -> Vec<String> {
        vec![
            "-v".to_owned(),
            request.voice.clone(),
            "-r".to_owned(),
            words_per_minute(request.speed_percent).to_string(),
            "-o".to_owned(),
            out.display().to_string(),
            "--file-format=WAVE".to_owned(),
            "--data-format=LEI16@22050".to_owned(),
            "-f".to_owned(),
            "-".to_owned(),
        ]
    }
}

/// The arguments that make `say` list its voices.
pub fn list_args() -> Vec<String> {
    vec!["-v".to_owned(), "?".to_owned()]
}

/// `say`'s rate for a speed in percent of normal.
pub fn words_per_minute(speed_percent: u16) -> u32 {
    (NORMAL_WPM * u32::from(speed_percent) / 100).clamp(WPM_RANGE.0, WPM_RANGE.1)
}

/// The French and English voices in what `say -v '?'` prints, one a line: the name (which
/// may hold spaces and brackets), the locale (`fr_FR`, `en_US`, `en-scotland`…), then `#` and
/// a sample sentence. Usual system voices first, then those of France and the US, then the
/// rest in listed order; a language's first is its default.
pub fn parse_voice_list(listing: &str) -> Vec<VoiceOption> {
    let mut voices: Vec<(u8, VoiceOption)> = listing
        .lines()
        .filter_map(|line| {
            let head = line.split_once('#').map_or(line, |(head, _)| head).trim();
            let (name, locale) = head.rsplit_once(char::is_whitespace)?;
            let name = name.trim();
            let language = match locale.split(['_', '-']).next()? {
                "fr" => ScriptLanguage::Fr,
                "en" => ScriptLanguage::En,
                _ => return None,
            };
            if name.is_empty() {
                return None;
            }
            let rank = if PREFERRED_VOICES.contains(&name) {
                0
            } else if PRIMARY_LOCALES.contains(&locale) {
                1
            } else {
                2
            };
            let option = VoiceOption {
                id: name.to_owned(),
                label: format!("{name}, {locale}"),
                language,
            };
            Some((rank, option))
        })
        .collect();
    voices.sort_by_key(|(rank, _)| *rank);
    voices.into_iter().map(|(_, option)| option).collect()
}

#[async_trait::async_trait]
impl VoiceProvider for SayVoice {
    fn descriptor(&self) -> &VoiceDescriptor {
        &self.descriptor
    }

    async fn synthesize(&self, request: &SpeechRequest, out: &Path) -> Result<Speech, VoiceError> {
        chosen_voice(&self.descriptor, request)?;
        let program = self.program()?;
        run_with_text(&program, &Self::args(request, out), &[], &request.text).await?;
        check_wav(out)?;
        Ok(Speech { alignment: None })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::voice::stand_in_program::{recorded_args, recorded_stdin, tools};
    use crate::voice::wav::Pcm;

    /// What `say -v '?'` prints: macOS 14 names (with spaces and brackets, a curly
    /// apostrophe in the sample) and an older one (`en-scotland`).
    const LISTING: &str = "\
Albert              en_US    # Hello! My name is Albert.
Alice               it_IT    # Ciao! Mi chiamo Alice.
Amélie              fr_CA    # Bonjour! Je m’appelle Amélie.
Bad News            en_US    # Hello! My name is Bad News.
Daniel              en_GB    # Hello! My name is Daniel.
Eddy (Français (France)) fr_FR    # Bonjour, je m’appelle Eddy.
Fiona               en-scotland # Hello, my name is Fiona.
Samantha            en_US    # Hello! My name is Samantha.
Thomas              fr_FR    # Bonjour, je m’appelle Thomas.
";

    fn request(voice: &str, language: ScriptLanguage, text: &str) -> SpeechRequest {
        SpeechRequest {
            text: text.to_owned(),
            voice: voice.to_owned(),
            language,
            speed_percent: 100,
            context: Default::default(),
        }
    }

    #[test]
    fn the_listing_keeps_french_and_english_voices_usual_ones_first() {
        let voices = parse_voice_list(LISTING);
        let ids: Vec<&str> = voices.iter().map(|v| v.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "Samantha",
                "Thomas",
                "Albert",
                "Bad News",
                "Eddy (Français (France))",
                "Amélie",
                "Daniel",
                "Fiona"
            ]
        );
        assert_eq!(voices[5].label, "Amélie, fr_CA");
        assert_eq!(voices[5].language, ScriptLanguage::Fr);
        assert_eq!(voices[7].language, ScriptLanguage::En);
        assert!(parse_voice_list("\n  \nnot a voice line\n").is_empty());
        let say = SayVoice::with_voices(None, voices);
        let d = say.descriptor();
        assert!(d.robotic_offline && !d.needs_key && !d.word_alignment);
        assert_eq!(d.price_per_1k_chars_micro_usd, 0);
        assert_eq!(d.languages, [ScriptLanguage::Fr, ScriptLanguage::En]);
        assert_eq!(d.default_voice(ScriptLanguage::Fr).unwrap().id, "Thomas");
        assert_eq!(d.default_voice(ScriptLanguage::En).unwrap().id, "Samantha");
        let english_only =
            SayVoice::with_voices(None, parse_voice_list(LISTING.lines().next().unwrap()));
        assert_eq!(english_only.descriptor().languages, [ScriptLanguage::En]);
    }

    #[test]
    fn speed_maps_to_a_rate_and_the_text_is_never_an_argument() {
        assert_eq!(words_per_minute(100), 175);
        assert_eq!(words_per_minute(120), 210);
        assert_eq!(words_per_minute(1), 90);
        assert_eq!(words_per_minute(1000), 450);
        let text = "-o /etc/passwd; rm -rf ~";
        let args = SayVoice::args(
            &request("Thomas", ScriptLanguage::Fr, text),
            Path::new("/w/x.wav"),
        );
        assert_eq!(
            args,
            [
                "-v",
                "Thomas",
                "-r",
                "175",
                "-o",
                "/w/x.wav",
                "--file-format=WAVE",
                "--data-format=LEI16@22050",
                "-f",
                "-"
            ]
        );
        assert!(!args.iter().any(|a| a.contains("rm -rf")));
        assert_eq!(list_args(), ["-v", "?"]);
    }

    #[tokio::test]
    async fn a_missing_program_and_a_voice_of_another_language_are_typed_errors() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("x.wav");
        let say = SayVoice::with_voices(Some(dir.path().join("no/say")), parse_voice_list(LISTING));
        let err = say
            .synthesize(&request("Thomas", ScriptLanguage::Fr, "Bonjour"), &out)
            .await
            .unwrap_err();
        assert!(
            matches!(err, VoiceError::ProgramMissing { program: "say", .. }),
            "{err}"
        );
        assert_eq!(err.code(), reelforge_protocol::ErrorCode::VoiceMissing);
        let err = say
            .synthesize(&request("Thomas", ScriptLanguage::En, "Hello"), &out)
            .await
            .unwrap_err();
        assert!(
            matches!(err, VoiceError::LanguageUnsupported { .. }),
            "{err}"
        );
        let err = say
            .synthesize(&request("Zarvox", ScriptLanguage::En, "Hello"), &out)
            .await
            .unwrap_err();
        assert!(matches!(err, VoiceError::UnknownVoice { .. }), "{err}");
        assert!(SayVoice::installed(Some(dir.path().join("no/say"))).is_none());
    }

    /// Runs [`SayVoice`] against a **stand-in** `say` (a `sh` script speaking with
    /// espeak-ng), since the real macOS program cannot run here: the listing, the arguments
    /// and stdin it is given, the WAV read back, and the two faults (a non-zero exit, an
    /// output that is not audio).
    #[tokio::test]
    async fn against_a_stand_in_say_it_lists_speaks_and_refuses_faults() {
        let Some(tools) = tools("the say stand-in test") else {
            return;
        };
        let dir = tempfile::tempdir().unwrap();
        let check_args = r#"printf '%s\n' "$@" > "$HERE/args.txt"
if [ "$1 $2" = "-v ?" ]; then cat "$HERE/listing.txt"; exit 0; fi
if [ "$1 $3 $5 $7 $8 $9 ${10} $#" != "-v -r -o --file-format=WAVE --data-format=LEI16@22050 -f - 10" ]; then
  echo "stand-in say: unexpected arguments $*" >&2; exit 2
fi
cat > "$HERE/stdin.txt""#;
        std::fs::write(dir.path().join("listing.txt"), LISTING).unwrap();
        let speaking = tools.write_script(
            dir.path(),
            "say",
            &format!("{check_args}\n\"$ESPEAK\" -v fr -w \"$6\" --stdin < \"$HERE/stdin.txt\""),
        );
        let say = SayVoice::installed(Some(speaking.clone())).expect("the stand-in lists voices");
        assert_eq!(
            say.descriptor()
                .default_voice(ScriptLanguage::Fr)
                .unwrap()
                .id,
            "Thomas"
        );
        assert_eq!(recorded_args(dir.path()), ["-v", "?"]);
        let text = "Bonjour -o /etc/passwd, c’est l’été";
        let out = dir.path().join("x.wav");
        say.synthesize(&request("Thomas", ScriptLanguage::Fr, text), &out)
            .await
            .unwrap();
        assert_eq!(recorded_stdin(dir.path()), text);
        let args = recorded_args(dir.path());
        assert_eq!(args[..4], ["-v", "Thomas", "-r", "175"]);
        assert!(!args.iter().any(|a| a.contains("passwd")), "{args:?}");
        let pcm = Pcm::read(&out).unwrap();
        assert!(pcm.speech_bounds().is_some(), "the WAV holds speech");

        let garbage = tools.write_script(
            dir.path(),
            "say",
            &format!("{check_args}\necho 'not a wav' > \"$6\""),
        );
        let say = SayVoice::with_voices(Some(garbage), parse_voice_list(LISTING));
        let err = say
            .synthesize(&request("Thomas", ScriptLanguage::Fr, text), &out)
            .await
            .unwrap_err();
        assert!(matches!(err, VoiceError::BadAudio { .. }), "{err}");

        let failing = tools.write_script(
            dir.path(),
            "say",
            &format!("{check_args}\necho 'Voice `Thomas` not found.' >&2; exit 1"),
        );
        let say = SayVoice::with_voices(Some(failing), parse_voice_list(LISTING));
        let err = say
            .synthesize(&request("Thomas", ScriptLanguage::Fr, text), &out)
            .await
            .unwrap_err();
        let VoiceError::Failed { stderr, .. } = &err else {
            panic!("{err}");
        };
        assert_eq!(stderr, "Voice `Thomas` not found.");
    }
}
