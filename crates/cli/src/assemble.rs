//! `reelforge assemble JOB …`: the job's selected takes → the final video and its .srt, one
//! facade call; prints the paths for people or the `AssemblyResult` as JSON.

use crate::args::{AssembleArgs, TransitionKind};
use crate::output::Output;
use reelforge_core::{AssembleOptions, Core, Transition, transition_for};
use reelforge_protocol::{
    ApiError, AssemblyResult, CaptionStyle, JobId, NarrationChoice, TransitionChoice,
};
use std::time::Duration;

/// The media transition for the command-line choice.
fn transition(kind: TransitionKind) -> Transition {
    transition_for(match kind {
        TransitionKind::Cut => TransitionChoice::Cut,
        TransitionKind::Crossfade => TransitionChoice::Crossfade,
        TransitionKind::Dip => TransitionChoice::Dip,
    })
}

pub async fn run(core: &Core, args: AssembleArgs, out: &Output) -> Result<(), ApiError> {
    let options = AssembleOptions {
        out: args.out,
        preset: args.preset,
        transition: transition(args.transition),
        music: args.music,
        voice: args.voice,
        burn_captions: !args.no_burn_captions,
        caption_style: match args.no_burn_captions {
            true => CaptionStyle::None,
            false => args.captions.unwrap_or_default(),
        },
        caption_platform: args.platform.unwrap_or_default(),
        narration: NarrationChoice {
            enabled: !args.no_narration,
            voice: args.narration_voice,
            speed_percent: args.narration_speed,
            ..NarrationChoice::default()
        },
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
            "Narration: {} voice {} ({} synthesized, {} reused)",
            voice.provider, voice.voice, voice.synthesized, voice.reused
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reelforge_core::TRANSITION_LENGTH;

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
