//! `reelforge export JOB --format reels,feed45,youtube …`: one video per platform format in
//! one run (reframed by crop or blurred fill, never over an earlier export unless
//! `--overwrite`), with timelines for editors on `--timeline otio,fcpxml,edl`, and `reelforge focus JOB SEGMENT X,Y`: where a segment is cropped around.

use crate::args::{ExportArgs, FocusArgs, ReframeKind, TransitionKind};
use crate::output::Output;
use reelforge_core::{AssembleOptions, Core, ExportOptions, Reframe, transition_for};
use reelforge_protocol::{
    ApiError, AssemblyResult, CaptionStyle, JobId, NarrationChoice, TransitionChoice,
};

pub async fn run(core: &Core, args: ExportArgs, out: &Output) -> Result<(), ApiError> {
    let assembly = AssembleOptions {
        transition: transition_for(match args.transition {
            TransitionKind::Cut => TransitionChoice::Cut,
            TransitionKind::Crossfade => TransitionChoice::Crossfade,
            TransitionKind::Dip => TransitionChoice::Dip,
        }),
        music: args.music,
        voice: args.voice_over,
        burn_captions: args.captions != Some(CaptionStyle::None),
        caption_style: args.captions.unwrap_or_default(),
        narration: NarrationChoice {
            enabled: !args.no_narration,
            ..NarrationChoice::default()
        },
        ..AssembleOptions::default()
    };
    let options = ExportOptions {
        formats: args.format,
        reframe: match args.reframe {
            ReframeKind::Crop => Reframe::Crop,
            ReframeKind::Blur => Reframe::Blur,
        },
        out_dir: args.out_dir,
        overwrite: args.overwrite,
        timelines: args.timeline,
        cover_title: args.cover_title,
        assembly,
    };
    let result = core.export_job(&JobId(args.job), options).await?;
    out.emit(&result, print_result);
    Ok(())
}

fn print_result(result: &AssemblyResult) {
    for file in &result.exports {
        if ["otio", "fcpxml", "edl"].contains(&file.format.as_str()) {
            println!("Timeline {} ({})", file.path, file.format);
            continue;
        }
        if file.format.starts_with("metadata") {
            println!("Title, description and hashtags {}", file.path);
            continue;
        }
        println!(
            "Exported {} ({}, {}×{}, {:.1} MB)",
            file.path,
            file.format,
            file.width,
            file.height,
            file.bytes as f64 / 1_000_000.0
        );
    }
}

pub async fn focus(core: &Core, args: FocusArgs, out: &Output) -> Result<(), ApiError> {
    let (x, y) = args.at;
    core.set_segment_focus(&JobId(args.job.clone()), args.segment, x, y)
        .await?;
    let text = format!(
        "Segment {} of {} is cropped around {x},{y} (thousandths of the picture)",
        args.segment, args.job
    );
    out.emit(
        &serde_json::json!({"segment": args.segment, "x": x, "y": y}),
        |_| {
            println!("{text}");
        },
    );
    Ok(())
}

/// `X,Y` in thousandths of the picture (0–1000 each).
pub fn parse_focus(value: &str) -> Result<(u16, u16), String> {
    let parse = |v: &str| v.trim().parse::<u16>().ok().filter(|v| *v <= 1000);
    value
        .split_once(',')
        .and_then(|(x, y)| Some((parse(x)?, parse(y)?)))
        .ok_or_else(|| format!("`{value}`: expected X,Y in thousandths of the picture, 0 to 1000 each (500,500 is the centre)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_focus_is_two_thousandths() {
        assert_eq!(parse_focus("300, 500"), Ok((300, 500)));
        assert!(parse_focus("1200,0").is_err());
        assert!(parse_focus("middle").is_err());
    }
}
