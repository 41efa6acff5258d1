//! Two-pass loudness normalisation: a first, audio-only ffmpeg run measures the final mix with
//! `loudnorm` (its JSON report on stderr, [`parse_loudnorm_report`]), and the encode then
//! normalises with those figures ([`LoudnessPass::Apply`]), which lands closer to the target
//! than one pass. The target is the platforms' delivery level: −14 LUFS integrated, −1.5 dBTP,
//! LRA 11.

use super::args::FfmpegArgs;
use super::error::MediaResult;
use super::runner::{RunOptions, run_ffmpeg_stderr};
use super::tools::MediaTools;

/// The loudness every export is normalised to.
pub const TARGET: &str = "I=-14:TP=-1.5:LRA=11";

/// A `loudnorm` target from a format's integrated level and true-peak ceiling (tenths of
/// LUFS and dBTP), with the delivery loudness range: `target(-140, -15)` is [`TARGET`].
pub fn target(lufs_tenths: i32, true_peak_tenths: i32) -> String {
    let tenths = |v: i32| {
        let text = format!("{:.1}", f64::from(v) / 10.0);
        text.strip_suffix(".0").map(str::to_owned).unwrap_or(text)
    };
    format!("I={}:TP={}:LRA=11", tenths(lufs_tenths), tenths(true_peak_tenths))
}

/// What the first pass measured, in hundredths (LUFS, dBTP, LU, dB).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct MeasuredLoudness {
    pub integrated: i32,
    pub true_peak: i32,
    pub range: i32,
    pub threshold: i32,
    pub offset: i32,
}

/// How the graph's `loudnorm` runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LoudnessPass {
    /// No normalisation.
    #[default]
    Off,
    /// One pass (dynamic): used when a measurement could not be read.
    SinglePass,
    /// The first of two passes: measure and report.
    Measure,
    /// The second: normalise with the first pass's figures.
    Apply(MeasuredLoudness),
}

impl LoudnessPass {
    /// The `loudnorm` filter of this pass; `None` when off.
    pub fn filter(self) -> Option<String> {
        self.filter_to(TARGET)
    }

    /// [`LoudnessPass::filter`] normalising to `target` (`I=…:TP=…:LRA=…`, see [`target`]).
    pub fn filter_to(self, target: &str) -> Option<String> {
        let hundredths = |v: i32| format!("{:.2}", f64::from(v) / 100.0);
        match self {
            Self::Off => None,
            Self::SinglePass => Some(format!("loudnorm={target}")),
            Self::Measure => Some(format!("loudnorm={target}:print_format=json")),
            Self::Apply(m) => Some(format!(
                "loudnorm={target}:measured_I={}:measured_TP={}:measured_LRA={}:\
                 measured_thresh={}:offset={}:linear=true",
                hundredths(m.integrated),
                hundredths(m.true_peak),
                hundredths(m.range),
                hundredths(m.threshold),
                hundredths(m.offset)
            )),
        }
    }
}

/// The figures of the last `loudnorm` JSON report in ffmpeg's stderr (values are strings).
pub fn parse_loudnorm_report(stderr: &str) -> Option<MeasuredLoudness> {
    let start = stderr.rfind('{')?;
    let end = start + stderr[start..].find('}')?;
    let json: serde_json::Value = serde_json::from_str(&stderr[start..=end]).ok()?;
    let field = |key: &str| -> Option<i32> {
        let value: f64 = json.get(key)?.as_str()?.trim().parse().ok()?;
        // −inf (silence) has no usable figure.
        value.is_finite().then(|| (value * 100.0).round() as i32)
    };
    Some(MeasuredLoudness {
        integrated: field("input_i")?,
        true_peak: field("input_tp")?,
        range: field("input_lra")?,
        threshold: field("input_thresh")?,
        offset: field("target_offset")?,
    })
}

/// The pass the encode should use: [`LoudnessPass::Apply`] with what `measure` (an
/// audio-only run of the same mix with [`LoudnessPass::Measure`]) reports, or one pass when
/// the report cannot be read (silence). `Off` stays off and runs nothing.
pub async fn second_pass(
    tools: &MediaTools,
    wanted: LoudnessPass,
    measure: impl FnOnce() -> FfmpegArgs,
) -> MediaResult<LoudnessPass> {
    if wanted == LoudnessPass::Off {
        return Ok(wanted);
    }
    let mut args = measure();
    // The report is printed at the info level, which the global options leave out.
    args.args(["-loglevel", "level+info"]);
    let stderr = run_ffmpeg_stderr(tools, args, RunOptions::default()).await?;
    Ok(parse_loudnorm_report(&stderr).map_or(LoudnessPass::SinglePass, LoudnessPass::Apply))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_format_target_is_written_as_loudnorm_takes_it() {
        assert_eq!(target(-140, -15), TARGET);
        assert_eq!(
            LoudnessPass::SinglePass.filter_to(&target(-160, -10)).unwrap(),
            "loudnorm=I=-16:TP=-1:LRA=11"
        );
    }

    #[test]
    fn the_report_is_read_and_fed_to_the_second_pass() {
        let stderr = "[Parsed_loudnorm_0 @ 0x55] \n{\n\t\"input_i\" : \"-22.59\",\n\t\"input_tp\" : \"-7.08\",\n\t\"input_lra\" : \"5.70\",\n\t\"input_thresh\" : \"-32.70\",\n\t\"output_i\" : \"-14.74\",\n\t\"output_tp\" : \"-1.50\",\n\t\"output_lra\" : \"4.80\",\n\t\"output_thresh\" : \"-24.84\",\n\t\"normalization_type\" : \"dynamic\",\n\t\"target_offset\" : \"0.74\"\n}\n";
        let measured = parse_loudnorm_report(stderr).unwrap();
        assert_eq!(
            LoudnessPass::Apply(measured).filter().unwrap(),
            "loudnorm=I=-14:TP=-1.5:LRA=11:measured_I=-22.59:measured_TP=-7.08:\
             measured_LRA=5.70:measured_thresh=-32.70:offset=0.74:linear=true"
        );
        let silent = stderr.replace("\"-22.59\"", "\"-inf\"");
        assert_eq!(parse_loudnorm_report(&silent), None);
        assert_eq!(parse_loudnorm_report("no report"), None);
        assert_eq!(LoudnessPass::Off.filter(), None);
    }
}
