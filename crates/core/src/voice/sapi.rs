//! [`SapiVoice`]: Windows's own voices (SAPI) through Windows PowerShell's `System.Speech`,
//! **run as a program** like espeak-ng: offline, no key, synthetic. PowerShell runs a fixed
//! script given as `-EncodedCommand` (so it is one argument and never parsed from text); the
//! narration is never part of it: the script reads it from stdin as UTF-8, and takes the
//! voice, rate and output path from environment variables, so no text of a person's ever
//! becomes PowerShell code. The WAV is 22,050 Hz, 16-bit, mono (`SpeechAudioFormatInfo`),
//! checked on return and refused otherwise ([`VoiceError::BadAudio`]).
//!
//! The French and English voices are those `GetInstalledVoices` lists (enabled ones, asked
//! once per process), printed by the listing script as `name<TAB>culture` lines. Registered
//! only on Windows, when PowerShell is there (see [`registry`](super::registry)); the
//! arguments, the listing's parsing and the rate are plain functions tested everywhere.

use super::local_program::{VoiceProgram, check_wav, chosen_voice, listed_voices, run_with_text};
use super::{Speech, SpeechRequest, VoiceDescriptor, VoiceError, VoiceOption, VoiceProvider};
use base64::Engine as _;
use reelforge_protocol::ScriptLanguage;
use std::path::{Path, PathBuf};

/// The provider id.
pub const SAPI_ID: &str = "windows-sapi";
/// The program; it comes with Windows.
const PROGRAM: VoiceProgram = VoiceProgram {
    name: "powershell",
    package: "Windows PowerShell",
};
/// The environment variables the speaking script reads.
pub const VOICE_VAR: &str = "REELFORGE_SAPI_VOICE";
pub const RATE_VAR: &str = "REELFORGE_SAPI_RATE";
pub const OUT_VAR: &str = "REELFORGE_SAPI_OUT";
/// The cultures whose voices come first, before the other French and English ones.
const PRIMARY_CULTURES: [&str; 2] = ["fr-FR", "en-US"];

/// Speaks stdin (UTF-8) with the voice, rate and output file named in the environment.
pub const SPEAK_SCRIPT: &str = r#"$ErrorActionPreference = 'Stop'
try {
  Add-Type -AssemblyName System.Speech
  $buffer = New-Object System.IO.MemoryStream
  [Console]::OpenStandardInput().CopyTo($buffer)
  $text = [System.Text.Encoding]::UTF8.GetString($buffer.ToArray())
  $synth = New-Object System.Speech.Synthesis.SpeechSynthesizer
  $synth.SelectVoice($env:REELFORGE_SAPI_VOICE)
  $synth.Rate = [int]$env:REELFORGE_SAPI_RATE
  $format = New-Object System.Speech.AudioFormat.SpeechAudioFormatInfo(22050, [System.Speech.AudioFormat.AudioBitsPerSample]::Sixteen, [System.Speech.AudioFormat.AudioChannel]::Mono)
  $synth.SetOutputToWaveFile($env:REELFORGE_SAPI_OUT, $format)
  $synth.Speak($text)
  $synth.Dispose()
} catch {
  [Console]::Error.WriteLine($_.Exception.Message)
  exit 1
}
"#;

/// Prints each enabled voice as `name<TAB>culture`, UTF-8.
pub const LIST_SCRIPT: &str = r#"$ErrorActionPreference = 'Stop'
try {
  Add-Type -AssemblyName System.Speech
  $synth = New-Object System.Speech.Synthesis.SpeechSynthesizer
  $lines = foreach ($voice in $synth.GetInstalledVoices()) {
    if ($voice.Enabled) { $voice.VoiceInfo.Name + "`t" + $voice.VoiceInfo.Culture.Name + "`n" }
  }
  $bytes = [System.Text.Encoding]::UTF8.GetBytes(-join $lines)
  [Console]::OpenStandardOutput().Write($bytes, 0, $bytes.Length)
} catch {
  [Console]::Error.WriteLine($_.Exception.Message)
  exit 1
}
"#;

/// Windows PowerShell at a set path, or found on `PATH`, with the SAPI voices it lists.
#[derive(Debug, Clone)]
pub struct SapiVoice {
    descriptor: VoiceDescriptor,
    /// The program (or its folder) when set; `None`: found on `PATH`.
    location: Option<PathBuf>,
}

impl SapiVoice {
    /// PowerShell at `location` (`None`: on `PATH`) with its French and English SAPI `voices`
    /// (defaults first, see [`parse_voice_list`]).
    pub fn with_voices(location: Option<PathBuf>, voices: Vec<VoiceOption>) -> Self {
        let languages = [ScriptLanguage::Fr, ScriptLanguage::En]
            .into_iter()
            .filter(|l| voices.iter().any(|v| v.language == *l))
            .collect();
        Self {
            descriptor: VoiceDescriptor {
                id: SAPI_ID.to_owned(),
                display_name: "Windows voices".to_owned(),
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

    /// PowerShell at `location` (`None`: on `PATH`) with the SAPI voices it lists, when it
    /// is there and has a French or English voice.
    pub fn installed(location: Option<PathBuf>) -> Option<Self> {
        let program = PROGRAM.locate(location.as_deref()).ok()?;
        let voices = listed_voices(&program, &script_args(LIST_SCRIPT), parse_voice_list)?;
        (!voices.is_empty()).then(|| Self::with_voices(location, voices))
    }

    /// The program to run.
    pub fn program(&self) -> Result<PathBuf, VoiceError> {
        PROGRAM.locate(self.location.as_deref())
    }

    /// The environment the speaking script reads for `request` writing to `out` (the text is
    /// not in it: it goes on stdin).
    pub fn env(request: &SpeechRequest, out: &Path) -> Vec<(&'static str, String)> {
        vec![
            (VOICE_VAR, request.voice.clone()),
            (RATE_VAR, sapi_rate(request.speed_percent).to_string()),
            (OUT_VAR, out.display().to_string()),
        ]
    }
}

/// PowerShell's arguments to run `script`: no profile, no prompt, the script as
/// `-EncodedCommand` (base64 of its UTF-16LE text).
pub fn script_args(script: &str) -> Vec<String> {
    let utf16: Vec<u8> = script.encode_utf16().flat_map(u16::to_le_bytes).collect();
    vec![
        "-NoProfile".to_owned(),
        "-NonInteractive".to_owned(),
        "-EncodedCommand".to_owned(),
        base64::engine::general_purpose::STANDARD.encode(utf16),
    ]
}

/// SAPI's rate (−10 to 10, 0 normal) for a speed in percent of normal: SAPI's rate 10 speaks
/// about three times as fast, −10 a third as fast, so the rate is 10·log₃(speed/100).
pub fn sapi_rate(speed_percent: u16) -> i8 {
    let factor = f64::from(speed_percent.max(1)) / 100.0;
    (10.0 * factor.ln() / 3f64.ln()).round().clamp(-10.0, 10.0) as i8
}

/// The French and English voices in what [`LIST_SCRIPT`] prints (`name<TAB>culture` lines,
/// cultures such as `fr-FR`, `en-GB`): those of France and the US first, then the rest in
/// listed order; a language's first is its default.
pub fn parse_voice_list(listing: &str) -> Vec<VoiceOption> {
    let mut voices: Vec<(bool, VoiceOption)> = listing
        .lines()
        .filter_map(|line| {
            let (name, culture) = line.split_once('\t')?;
            let (name, culture) = (name.trim(), culture.trim());
            let language = match culture.split('-').next()? {
                "fr" => ScriptLanguage::Fr,
                "en" => ScriptLanguage::En,
                _ => return None,
            };
            if name.is_empty() {
                return None;
            }
            let short = name.strip_prefix("Microsoft ").unwrap_or(name);
            let short = short.strip_suffix(" Desktop").unwrap_or(short);
            let option = VoiceOption {
                id: name.to_owned(),
                label: format!("{short}, {culture}"),
                language,
            };
            Some((!PRIMARY_CULTURES.contains(&culture), option))
        })
        .collect();
    voices.sort_by_key(|(later, _)| *later);
    voices.into_iter().map(|(_, option)| option).collect()
}

#[async_trait::async_trait]
impl VoiceProvider for SapiVoice {
    fn descriptor(&self) -> &VoiceDescriptor {
        &self.descriptor
    }

    async fn synthesize(&self, request: &SpeechRequest, out: &Path) -> Result<Speech, VoiceError> {
        chosen_voice(&self.descriptor, request)?;
        let program = self.program()?;
        let args = script_args(SPEAK_SCRIPT);
        run_with_text(&program, &args, &Self::env(request, out), &request.text).await?;
        check_wav(out)?;
        Ok(Speech { alignment: None })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::voice::stand_in_program::{recorded_args, recorded_stdin, tools};
    use crate::voice::wav::Pcm;

    /// What [`LIST_SCRIPT`] prints on a Windows with a French and extra voices (one line
    /// ended the Windows way).
    const LISTING: &str = "Microsoft David Desktop\ten-US\n\
        Microsoft Hazel Desktop\ten-GB\r\n\
        Microsoft Hedda Desktop\tde-DE\n\
        Microsoft Hortense Desktop\tfr-FR\n\
        Microsoft Zira Desktop\ten-US\n";

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
    fn the_listing_keeps_french_and_english_voices_france_and_us_first() {
        let voices = parse_voice_list(LISTING);
        let ids: Vec<&str> = voices.iter().map(|v| v.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "Microsoft David Desktop",
                "Microsoft Hortense Desktop",
                "Microsoft Zira Desktop",
                "Microsoft Hazel Desktop"
            ]
        );
        assert_eq!(voices[1].label, "Hortense, fr-FR");
        assert_eq!(voices[3].label, "Hazel, en-GB");
        assert_eq!(voices[3].language, ScriptLanguage::En);
        assert!(parse_voice_list("no tab here\n\tfr-FR\n").is_empty());
        let sapi = SapiVoice::with_voices(None, voices);
        let d = sapi.descriptor();
        assert!(d.robotic_offline && !d.needs_key && !d.word_alignment);
        assert_eq!(d.languages, [ScriptLanguage::Fr, ScriptLanguage::En]);
        let fr = d.default_voice(ScriptLanguage::Fr).unwrap();
        assert_eq!(fr.id, "Microsoft Hortense Desktop");
        let en = d.default_voice(ScriptLanguage::En).unwrap();
        assert_eq!(en.id, "Microsoft David Desktop");
    }

    #[test]
    fn speed_maps_to_sapi_rates_from_minus_ten_to_ten() {
        assert_eq!(sapi_rate(100), 0);
        assert_eq!(sapi_rate(300), 10);
        assert_eq!(sapi_rate(1000), 10);
        assert_eq!(sapi_rate(33), -10);
        assert_eq!(sapi_rate(0), -10);
        assert_eq!(sapi_rate(150), 4);
        assert_eq!(sapi_rate(80), -2);
        let rates: Vec<i8> = (10..=400).step_by(10).map(sapi_rate).collect();
        assert!(rates.windows(2).all(|w| w[0] <= w[1]), "{rates:?}");
    }

    #[test]
    fn the_script_is_fixed_and_the_text_is_neither_an_argument_nor_code() {
        let text = "'; Remove-Item C:\\ -Recurse; '";
        let request = request("Microsoft Hortense Desktop", ScriptLanguage::Fr, text);
        let args = script_args(SPEAK_SCRIPT);
        assert_eq!(
            args[..3],
            ["-NoProfile", "-NonInteractive", "-EncodedCommand"]
        );
        assert_eq!(args.len(), 4);
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(&args[3])
            .unwrap();
        let utf16: Vec<u16> = decoded
            .chunks_exact(2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
            .collect();
        assert_eq!(String::from_utf16(&utf16).unwrap(), SPEAK_SCRIPT);
        for script in [SPEAK_SCRIPT, LIST_SCRIPT] {
            assert!(!script.contains("Remove-Item"));
        }
        let env = SapiVoice::env(&request, Path::new("C:/w/x.wav"));
        assert_eq!(
            env,
            [
                (VOICE_VAR, "Microsoft Hortense Desktop".to_owned()),
                (RATE_VAR, "0".to_owned()),
                (OUT_VAR, "C:/w/x.wav".to_owned()),
            ]
        );
        assert!(!env.iter().any(|(_, v)| v.contains("Remove-Item")));
        for var in [VOICE_VAR, RATE_VAR, OUT_VAR] {
            assert!(SPEAK_SCRIPT.contains(&format!("$env:{var}")), "{var}");
        }
    }

    #[tokio::test]
    async fn a_missing_program_and_a_voice_of_another_language_are_typed_errors() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("x.wav");
        let nowhere = Some(dir.path().join("no/powershell"));
        let sapi = SapiVoice::with_voices(nowhere.clone(), parse_voice_list(LISTING));
        let hortense = "Microsoft Hortense Desktop";
        let err = sapi
            .synthesize(&request(hortense, ScriptLanguage::Fr, "Bonjour"), &out)
            .await
            .unwrap_err();
        assert!(
            matches!(
                err,
                VoiceError::ProgramMissing {
                    program: "powershell",
                    ..
                }
            ),
            "{err}"
        );
        let err = sapi
            .synthesize(&request(hortense, ScriptLanguage::En, "Hello"), &out)
            .await
            .unwrap_err();
        assert!(
            matches!(err, VoiceError::LanguageUnsupported { .. }),
            "{err}"
        );
        assert_eq!(
            err.code(),
            reelforge_protocol::ErrorCode::VoiceLanguageUnsupported
        );
        assert!(SapiVoice::installed(nowhere).is_none());
    }

    /// Runs [`SapiVoice`] against a **stand-in** `powershell` (a `sh` script speaking with
    /// espeak-ng), since the real Windows PowerShell and SAPI cannot run here: it accepts
    /// only the two fixed scripts, records the environment and stdin, and fails on purpose
    /// for the fault cases (a non-zero exit, an output that is not audio).
    #[tokio::test]
    async fn against_a_stand_in_powershell_it_lists_speaks_and_refuses_faults() {
        let Some(tools) = tools("the SAPI stand-in test") else {
            return;
        };
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("listing.txt"), LISTING).unwrap();
        let check = format!(
            r#"printf '%s\n' "$@" > "$HERE/args.txt"
if [ "$1 $2 $3 $#" != "-NoProfile -NonInteractive -EncodedCommand 4" ]; then
  echo "stand-in powershell: unexpected arguments" >&2; exit 2
fi
if [ "$4" = "{list}" ]; then cat "$HERE/listing.txt"; exit 0; fi
if [ "$4" != "{speak}" ]; then echo "stand-in powershell: unexpected script" >&2; exit 2; fi
printf '%s\n' "$REELFORGE_SAPI_VOICE" "$REELFORGE_SAPI_RATE" > "$HERE/env.txt"
cat > "$HERE/stdin.txt""#,
            list = script_args(LIST_SCRIPT)[3],
            speak = script_args(SPEAK_SCRIPT)[3],
        );
        let speaking = tools.write_script(
            dir.path(),
            "powershell",
            &format!("{check}\n\"$ESPEAK\" -v fr -w \"$REELFORGE_SAPI_OUT\" --stdin < \"$HERE/stdin.txt\""),
        );
        let sapi = SapiVoice::installed(Some(speaking)).expect("the stand-in lists voices");
        assert_eq!(sapi.descriptor().voices.len(), 4);
        let text = "C’est l’été'; Remove-Item C:\\ -Recurse; '";
        let hortense = "Microsoft Hortense Desktop";
        let out = dir.path().join("x.wav");
        let mut fast = request(hortense, ScriptLanguage::Fr, text);
        fast.speed_percent = 150;
        sapi.synthesize(&fast, &out).await.unwrap();
        assert_eq!(recorded_stdin(dir.path()), text);
        let env = std::fs::read_to_string(dir.path().join("env.txt")).unwrap();
        assert_eq!(env, format!("{hortense}\n4\n"));
        assert!(
            !recorded_args(dir.path())
                .iter()
                .any(|a| a.contains("Remove"))
        );
        let pcm = Pcm::read(&out).unwrap();
        assert!(pcm.speech_bounds().is_some(), "the WAV holds speech");

        let garbage = tools.write_script(
            dir.path(),
            "powershell",
            &format!("{check}\necho 'not a wav' > \"$REELFORGE_SAPI_OUT\""),
        );
        let sapi = SapiVoice::with_voices(Some(garbage), parse_voice_list(LISTING));
        let err = sapi.synthesize(&fast, &out).await.unwrap_err();
        assert!(matches!(err, VoiceError::BadAudio { .. }), "{err}");

        let failing = tools.write_script(
            dir.path(),
            "powershell",
            &format!(
                "{check}\necho 'Cannot set voice. No matching voice is installed.' >&2; exit 1"
            ),
        );
        let sapi = SapiVoice::with_voices(Some(failing), parse_voice_list(LISTING));
        let err = sapi.synthesize(&fast, &out).await.unwrap_err();
        let VoiceError::Failed { stderr, .. } = &err else {
            panic!("{err}");
        };
        assert_eq!(stderr, "Cannot set voice. No matching voice is installed.");
    }
}
