//! `reelforge assemble JOB …`: the job's selected takes → the final video and its .srt, one
//! facade call; prints the paths for people or the `AssemblyResult` as JSON.

use crate::args::{AssembleArgs, TransitionKind, VoiceSpec};
use crate::output::Output;
use reelforge_core::{AssembleOptions, Core, Transition, transition_for};
use reelforge_protocol::money::format_usd;
use reelforge_protocol::{
    ApiError, AssemblyResult, CaptionStyle, ErrorCode, JobId, NarrationChoice, TransitionChoice,
};
use std::path::PathBuf;
use std::time::Duration;

/// The media transition for the command-line choice.
fn transition(kind: TransitionKind) -> Transition {
    transition_for(match kind {
        TransitionKind::Cut => TransitionChoice::Cut,
        TransitionKind::Crossfade => TransitionChoice::Crossfade,
        TransitionKind::Dip => TransitionChoice::Dip,
    })
}

/// What `--voice` names: a voice provider (`PROVIDER[:VOICE]`), or, as it did before
/// voices had providers, a voice-over file.
#[derive(Debug, PartialEq, Eq)]
enum VoiceArg {
    Provider(VoiceSpec),
    File(PathBuf),
}

fn voice_arg(core: &Core, value: &str) -> Result<VoiceArg, ApiError> {
    let known: Vec<String> = core.list_voices().into_iter().map(|d| d.id).collect();
    if let Ok(spec) = value.parse::<VoiceSpec>()
        && known.contains(&spec.provider)
    {
        return Ok(VoiceArg::Provider(spec));
    }
    let path = PathBuf::from(value);
    if path.is_file() {
        eprintln!("note: --voice FILE is now --voice-over FILE; taking {value} as the voice-over");
        return Ok(VoiceArg::File(path));
    }
    Err(ApiError::new(
        ErrorCode::Validation,
        format!(
            "--voice {value}: no voice provider of that name (known: {}) and no such file",
            known.join(", ")
        ),
    ))
}

pub async fn run(core: &Core, args: AssembleArgs, out: &Output) -> Result<(), ApiError> {
    let mut narration = NarrationChoice {
        enabled: !args.no_narration,
        voice: args.narration_voice,
        speed_percent: args.narration_speed,
        ..NarrationChoice::default()
    };
    let mut voice_over = args.voice_over;
    match args
        .voice
        .as_deref()
        .map(|v| voice_arg(core, v))
        .transpose()?
    {
        Some(VoiceArg::Provider(spec)) => {
            narration.provider = Some(spec.provider);
            narration.voice = spec.voice;
        }
        Some(VoiceArg::File(file)) => voice_over = voice_over.or(Some(file)),
        None => {}
    }
    let (music, music_from_library) = match args.music.as_deref() {
        None | Some("none") => (None, false),
        Some("auto") => (None, true),
        Some(file) => (Some(PathBuf::from(file)), false),
    };
    let options = AssembleOptions {
        out: args.out,
        music_from_library,
        transcribe_voice_over: args.transcribe,
        preset: args.preset,
        transition: transition(args.transition),
        music,
        voice: voice_over,
        burn_captions: !args.no_burn_captions,
        caption_style: match args.no_burn_captions {
            true => CaptionStyle::None,
            false => args.captions.unwrap_or_default(),
        },
        caption_platform: args.platform.unwrap_or_default(),
        narration,
    };
    let result = core.assemble_job(&JobId(args.job), options).await?;
    out.emit(&result, print_result);
    Ok(())
}

fn print_result(result: &AssemblyResult) {
    println!(
        "Assembled {} ({}, {}×{}, {:.1} s)",
        result.output,
        result.preset,
        result.width,
        result.height,
        Duration::from_millis(result.duration_ms).as_secs_f64()
    );
    if let Some(srt) = &result.srt {
        println!("Captions: {srt}");
    }
    if let Some(ass) = &result.ass {
        println!("Styled captions: {ass}");
    }
    if let Some(voice) = &result.narration {
        println!(
            "Narration: {} voice {} ({} synthesized, {} reused; {} characters, {})",
            voice.provider,
            voice.voice,
            voice.synthesized,
            voice.reused,
            voice.characters_synthesized,
            format_usd(voice.cost_micro_usd)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reelforge_core::TRANSITION_LENGTH;

    #[tokio::test]
    async fn voice_names_a_provider_or_as_before_a_voice_over_file() {
        let dir = tempfile::tempdir().unwrap();
        let core = Core::open(&dir.path().join("data")).await.unwrap();
        assert_eq!(
            voice_arg(&core, "kokoro:ff_siwis").unwrap(),
            VoiceArg::Provider(VoiceSpec {
                provider: "kokoro".into(),
                voice: Some("ff_siwis".into()),
            })
        );
        let file = dir.path().join("voice-over.wav");
        std::fs::write(&file, b"RIFF").unwrap();
        assert_eq!(
            voice_arg(&core, file.to_str().unwrap()).unwrap(),
            VoiceArg::File(file)
        );
        let err = voice_arg(&core, "nope:x").unwrap_err();
        assert_eq!(err.code, ErrorCode::Validation);
        assert!(err.message.contains("espeak-ng, kokoro"), "{}", err.message);
        core.close().await;
    }

    #[test]
    fn transitions_map_to_the_media_ones() {
        assert_eq!(transition(TransitionKind::Cut), Transition::Cut);
        assert_eq!(
            transition(TransitionKind::Dip),
            Transition::DipToBlack {
                duration: TRANSITION_LENGTH
            }
        );
        assert!(matches!(
            transition(TransitionKind::Crossfade),
            Transition::Crossfade { .. }
        ));
    }
}
