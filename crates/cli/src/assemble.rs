//! `reelforge assemble JOB …`: the job's selected takes → the final video and its .srt, one
//! facade call; prints the paths for people or the `AssemblyResult` as JSON.

use crate::args::{AssembleArgs, TransitionKind};
use crate::output::Output;
use reelforge_core::media::Transition;
use reelforge_core::{AssembleOptions, Core};
use reelforge_protocol::{ApiError, AssemblyResult, JobId};
use std::time::Duration;

/// How long a crossfade or a dip to black lasts.
const TRANSITION_LENGTH: Duration = Duration::from_millis(500);

fn transition(kind: TransitionKind) -> Transition {
    match kind {
        TransitionKind::Cut => Transition::Cut,
        TransitionKind::Crossfade => Transition::Crossfade {
            duration: TRANSITION_LENGTH,
        },
        TransitionKind::Dip => Transition::DipToBlack {
            duration: TRANSITION_LENGTH,
        },
    }
}

pub async fn run(core: &Core, args: AssembleArgs, out: &Output) -> Result<(), ApiError> {
    let options = AssembleOptions {
        out: args.out,
        preset: args.preset,
        transition: transition(args.transition),
        music: args.music,
        voice: args.voice,
        burn_captions: args.burn_captions,
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
}

#[cfg(test)]
mod tests {
    use super::*;

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
