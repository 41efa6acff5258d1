//! Two-pass loudness normalisation: a first, audio-only ffmpeg run measures the final mix with
//! `loudnorm` (its JSON report on stderr, [`parse_loudnorm_report`]), and the encode then
//! normalises with those figures ([`LoudnessPass::Apply`]), which lands closer to the target
//! than one pass. The target is the platforms' delivery level: −14 LUFS integrated, −1.5 dBTP,
//! LRA 11.
//!
//! `loudnorm` can only apply one linear gain when the mix's peaks leave room for it; a short,
//! spiky mix (a synthetic voice over a quiet bed: −27 LUFS with peaks at −7 dBTP) would need
//! its peaks above the ceiling, so `loudnorm` fell back to its dynamic mode and landed about
//! 2 LU short. Such a mix is raised past the target and its peaks held by a limiter
//! (`alimiter`, [`limiter_stage`]); that limited mix is measured again and the second pass
//! normalises it linearly.

use super::args::FfmpegArgs;
use super::error::MediaResult;
use super::runner::{RunOptions, run_ffmpeg_stderr};
use super::tools::MediaTools;

/// The loudness every export is normalised to.
pub const TARGET: &str = "I=-14:TP=-1.5:LRA=11";

/// [`TARGET`]'s integrated level and true-peak ceiling, in hundredths.
const TARGET_INTEGRATED: i32 = -1400;
const TARGET_TRUE_PEAK: i32 = -150;
/// How far past the target a spiky mix is raised before the limiter (hundredths of dB): the
/// limiter takes some loudness off, and the linear pass then only lowers it.
const LIMITER_HEADROOM: i32 = 300;
/// The limiter's ceiling (linear, −2 dBFS): under the true-peak ceiling with room for the
/// peaks between samples.
const LIMITER_CEILING: &str = "0.794";

/// The gain then limiter put before `loudnorm` when `pre_gain` (hundredths of dB) is not 0.
pub fn limiter_stage(pre_gain: i32) -> Option<String> {
    (pre_gain != 0).then(|| {
        format!(
            "volume={:.2}dB,alimiter=limit={LIMITER_CEILING}:level=disabled:latency=1",
            f64::from(pre_gain) / 100.0
        )
    })
}

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
    /// The gain (hundredths of dB) of the limiter stage measured before `loudnorm`
    /// ([`limiter_stage`]); 0 when the mix is normalised as it is.
    #[serde(default)]
    pub pre_gain: i32,
}

impl MeasuredLoudness {
    /// Whether one linear gain to the target would push the peaks past the ceiling.
    fn needs_limiter(&self) -> bool {
        self.true_peak + (TARGET_INTEGRATED - self.integrated) > TARGET_TRUE_PEAK
    }
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
    /// Measure again after the limiter stage of this gain (hundredths of dB).
    MeasureLimited(i32),
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
            Self::MeasureLimited(gain) => Some(format!(
                "{},loudnorm={target}:print_format=json",
                limiter_stage(gain).unwrap_or_default()
            )),
            Self::Apply(m) => Some(format!(
                "{}loudnorm={target}:measured_I={}:measured_TP={}:measured_LRA={}:\
                 measured_thresh={}:offset={}:linear=true",
                limiter_stage(m.pre_gain).map(|s| s + ",").unwrap_or_default(),
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
        pre_gain: 0,
    })
}

/// The pass the encode should use: [`LoudnessPass::Apply`] with what `measure(pass)` (an
/// audio-only run of the same mix with that measuring pass) reports, or one pass when the
/// report cannot be read (silence). A mix too spiky for one linear gain is measured a second
/// time through the limiter stage, which the encode then uses too. `Off` stays off and runs
/// nothing.
pub async fn second_pass(
    tools: &MediaTools,
    wanted: LoudnessPass,
    measure: impl Fn(LoudnessPass) -> FfmpegArgs,
) -> MediaResult<LoudnessPass> {
    if wanted == LoudnessPass::Off {
        return Ok(wanted);
    }
    let Some(plain) = measured(tools, measure(LoudnessPass::Measure)).await? else {
        return Ok(LoudnessPass::SinglePass);
    };
    if !plain.needs_limiter() {
        return Ok(LoudnessPass::Apply(plain));
    }
    let pre_gain = TARGET_INTEGRATED - plain.integrated + LIMITER_HEADROOM;
    let limited = measured(tools, measure(LoudnessPass::MeasureLimited(pre_gain))).await?;
    Ok(LoudnessPass::Apply(limited.map_or(plain, |m| MeasuredLoudness { pre_gain, ..m })))
}

/// Run one measuring command and read its report.
async fn measured(tools: &MediaTools, mut args: FfmpegArgs) -> MediaResult<Option<MeasuredLoudness>> {
    // The report is printed at the info level, which the global options leave out.
    args.args(["-loglevel", "level+info"]);
    let stderr = run_ffmpeg_stderr(tools, args, RunOptions::default()).await?;
    Ok(parse_loudnorm_report(&stderr))
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

    #[test]
    fn a_spiky_mix_is_limited_before_the_linear_pass() {
        // −27 LUFS with peaks at −7 dBTP: +13 dB would put the peaks at +6 dBTP.
        let spiky = MeasuredLoudness {
            integrated: -2690,
            true_peak: -680,
            ..MeasuredLoudness::default()
        };
        assert!(spiky.needs_limiter());
        let calm = MeasuredLoudness {
            integrated: -2000,
            true_peak: -900,
            ..MeasuredLoudness::default()
        };
        assert!(!calm.needs_limiter());
        assert_eq!(
            LoudnessPass::MeasureLimited(1590).filter().unwrap(),
            "volume=15.90dB,alimiter=limit=0.794:level=disabled:latency=1,\
             loudnorm=I=-14:TP=-1.5:LRA=11:print_format=json"
        );
        let limited = MeasuredLoudness {
            pre_gain: 1590,
            ..calm
        };
        let filter = LoudnessPass::Apply(limited).filter().unwrap();
        assert!(
            filter.starts_with("volume=15.90dB,alimiter=limit=0.794:level=disabled:latency=1,loudnorm="),
            "{filter}"
        );
    }
}
