//! Two-pass loudness normalisation: a first, audio-only ffmpeg run measures the final mix
//! with `ebur128` (BS.1770 integrated loudness, range and true peak; its summary on stderr,
//! [`parse_ebur128_summary`]), and the encode then applies the one linear gain that brings it
//! to the target ([`LoudnessPass::Apply`]: a `volume` filter). The target is the platforms'
//! delivery level: −14 LUFS integrated, −1.5 dBTP.
//!
//! `ebur128` measures what `loudnorm`'s first pass measures at about a third of its cost
//! (`loudnorm` works at 192 kHz and also prepares its dynamic mode), and a linear gain is what
//! `loudnorm`'s linear second pass applies, without resampling the mix to 192 kHz.
//!
//! One linear gain only fits when the mix's peaks leave room for it; a short, spiky mix (a
//! synthetic voice over a quiet bed: −27 LUFS with peaks at −7 dBTP) would need its peaks above
//! the ceiling. Such a mix is raised past the target and its peaks held by a limiter
//! (`alimiter`, [`limiter_stage`]); that limited mix is measured again and the second pass
//! lowers it linearly to the target. A mix that cannot be measured (silence) is left to
//! `loudnorm`'s one-pass dynamic mode.

use super::args::FfmpegArgs;
use super::error::MediaResult;
use super::runner::{RunOptions, run_ffmpeg_stderr};
use super::tools::MediaTools;

/// A loudness target: integrated level (LUFS) and true-peak ceiling (dBTP), in hundredths.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoudnessTarget {
    pub integrated: i32,
    pub true_peak: i32,
}

/// The loudness every export is normalised to unless its format says otherwise.
pub const TARGET: LoudnessTarget = LoudnessTarget {
    integrated: -1400,
    true_peak: -150,
};

impl LoudnessTarget {
    /// The target as `loudnorm` options, with the delivery loudness range.
    pub fn loudnorm_options(self) -> String {
        let level = |v: i32| {
            let text = format!("{:.2}", f64::from(v) / 100.0);
            let text = text.trim_end_matches('0').trim_end_matches('.');
            text.to_owned()
        };
        format!("I={}:TP={}:LRA=11", level(self.integrated), level(self.true_peak))
    }
}

impl std::fmt::Display for LoudnessTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.loudnorm_options())
    }
}

/// How far past the target a spiky mix is raised before the limiter (hundredths of dB): the
/// limiter takes some loudness off, and the linear pass then only lowers it.
const LIMITER_HEADROOM: i32 = 300;
/// The limiter's ceiling (linear, −2 dBFS): under the true-peak ceiling with room for the
/// peaks between samples.
const LIMITER_CEILING: &str = "0.794";
/// The measuring filter: loudness and true peak, its summary only (no line per 100 ms).
const MEASURE_FILTER: &str = "ebur128=peak=true:framelog=verbose";

/// The gain then limiter put before the measure or the gain when `pre_gain` (hundredths of
/// dB) is not 0.
pub fn limiter_stage(pre_gain: i32) -> Option<String> {
    (pre_gain != 0).then(|| {
        format!(
            "volume={:.2}dB,alimiter=limit={LIMITER_CEILING}:level=disabled:latency=1",
            f64::from(pre_gain) / 100.0
        )
    })
}

/// A target from a format's integrated level and true-peak ceiling (tenths of LUFS and dBTP):
/// `target(-140, -15)` is [`TARGET`].
pub fn target(lufs_tenths: i32, true_peak_tenths: i32) -> LoudnessTarget {
    LoudnessTarget {
        integrated: lufs_tenths * 10,
        true_peak: true_peak_tenths * 10,
    }
}

/// What the first pass measured, in hundredths (LUFS, dBTP, LU, dB).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct MeasuredLoudness {
    pub integrated: i32,
    pub true_peak: i32,
    pub range: i32,
    pub threshold: i32,
    /// The gain (hundredths of dB) of the limiter stage measured before the gain
    /// ([`limiter_stage`]); 0 when the mix is normalised as it is.
    #[serde(default)]
    pub pre_gain: i32,
}

impl MeasuredLoudness {
    /// Whether one linear gain to the target would push the peaks past the ceiling.
    fn needs_limiter(&self) -> bool {
        self.true_peak + (TARGET.integrated - self.integrated) > TARGET.true_peak
    }

    /// The linear gain (hundredths of dB) to `target`, lowered when it would lift the peaks
    /// past the target's ceiling.
    pub fn gain_to(&self, target: LoudnessTarget) -> i32 {
        (target.integrated - self.integrated).min(target.true_peak - self.true_peak)
    }
}

/// How the graph normalises its loudness.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LoudnessPass {
    /// No normalisation.
    #[default]
    Off,
    /// `loudnorm` in one pass (dynamic): used when the mix could not be measured.
    SinglePass,
    /// The first of two passes: measure and report.
    Measure,
    /// Measure again after the limiter stage of this gain (hundredths of dB).
    MeasureLimited(i32),
    /// The second: one linear gain from the first pass's figures.
    Apply(MeasuredLoudness),
}

impl LoudnessPass {
    /// The filter of this pass for [`TARGET`]; `None` when off.
    pub fn filter(self) -> Option<String> {
        self.filter_to(TARGET)
    }

    /// [`LoudnessPass::filter`] normalising to `target`.
    pub fn filter_to(self, target: LoudnessTarget) -> Option<String> {
        match self {
            Self::Off => None,
            Self::SinglePass => Some(format!("loudnorm={target}")),
            Self::Measure => Some(MEASURE_FILTER.to_owned()),
            Self::MeasureLimited(gain) => Some(format!(
                "{},{MEASURE_FILTER}",
                limiter_stage(gain).unwrap_or_default()
            )),
            Self::Apply(m) => Some(format!(
                "{}volume={:.2}dB",
                limiter_stage(m.pre_gain).map(|s| s + ",").unwrap_or_default(),
                f64::from(m.gain_to(target)) / 100.0
            )),
        }
    }
}

/// The figures of the last `ebur128` summary in ffmpeg's stderr: integrated loudness and its
/// gating threshold, loudness range and true peak. `None` when there is none or the mix is
/// silent (−70 LUFS, a peak of −inf).
pub fn parse_ebur128_summary(stderr: &str) -> Option<MeasuredLoudness> {
    let summary = &stderr[stderr.rfind("Summary:")?..];
    // Each figure is the first number after its label, from where its section starts.
    let figure = |section: &str, label: &str| -> Option<i32> {
        let from = summary.find(section)?;
        let rest = &summary[from..];
        let at = rest.find(label)? + label.len();
        let value: f64 = rest[at..].split_whitespace().next()?.parse().ok()?;
        value.is_finite().then(|| (value * 100.0).round() as i32)
    };
    let integrated = figure("Integrated loudness:", "I:")?;
    let measured = MeasuredLoudness {
        integrated,
        threshold: figure("Integrated loudness:", "Threshold:")?,
        range: figure("Loudness range:", "LRA:")?,
        true_peak: figure("True peak:", "Peak:")?,
        pre_gain: 0,
    };
    (integrated > -7000).then_some(measured)
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
    let pre_gain = TARGET.integrated - plain.integrated + LIMITER_HEADROOM;
    let limited = measured(tools, measure(LoudnessPass::MeasureLimited(pre_gain))).await?;
    Ok(LoudnessPass::Apply(limited.map_or(plain, |m| MeasuredLoudness { pre_gain, ..m })))
}

/// Run one measuring command and read its report.
async fn measured(tools: &MediaTools, mut args: FfmpegArgs) -> MediaResult<Option<MeasuredLoudness>> {
    // The summary is printed at the info level, which the global options leave out.
    args.args(["-loglevel", "level+info"]);
    let stderr = run_ffmpeg_stderr(tools, args, RunOptions::default()).await?;
    Ok(parse_ebur128_summary(&stderr))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The summary ffmpeg 5.1's `ebur128` prints (a voice over a music bed, 30 s).
    const SUMMARY: &str = "[info] size=N/A time=00:00:30.03 bitrate=N/A speed=59.9x\n\
        [Parsed_ebur128_9 @ 0x557c6bc77e40] [info] Summary:\n\n  Integrated loudness:\n    \
        I:         -21.4 LUFS\n    Threshold: -34.6 LUFS\n\n  Loudness range:\n    LRA:         \
        9.1 LU\n    Threshold: -44.7 LUFS\n    LRA low:   -31.4 LUFS\n    LRA high:  -22.3 LUFS\n\n  \
        True peak:\n    Peak:       -4.7 dBFS\n";

    #[test]
    fn a_format_target_is_written_as_loudnorm_takes_it() {
        assert_eq!(target(-140, -15), TARGET);
        assert_eq!(TARGET.loudnorm_options(), "I=-14:TP=-1.5:LRA=11");
        assert_eq!(
            LoudnessPass::SinglePass.filter_to(target(-160, -10)).unwrap(),
            "loudnorm=I=-16:TP=-1:LRA=11"
        );
    }

    #[test]
    fn the_summary_is_read_and_becomes_one_linear_gain() {
        let measured = parse_ebur128_summary(SUMMARY).unwrap();
        assert_eq!(
            measured,
            MeasuredLoudness {
                integrated: -2140,
                true_peak: -470,
                range: 910,
                threshold: -3460,
                pre_gain: 0,
            }
        );
        // −21.4 LUFS to −14: +7.4 dB, peaks to +2.7 dBTP: over the ceiling, so the gain
        // stops at the ceiling (a mix like this one is limited first, see below).
        assert_eq!(measured.gain_to(TARGET), 320);
        let calm = MeasuredLoudness {
            true_peak: -1000,
            ..measured
        };
        assert_eq!(LoudnessPass::Apply(calm).filter().unwrap(), "volume=7.40dB");
        assert_eq!(
            LoudnessPass::Apply(calm).filter_to(target(-160, -10)).unwrap(),
            "volume=5.40dB"
        );
        let silent = SUMMARY
            .replace("-21.4 LUFS", "-70.0 LUFS")
            .replace("-4.7 dBFS", "-inf dBFS");
        assert_eq!(parse_ebur128_summary(&silent), None);
        assert_eq!(parse_ebur128_summary("no summary"), None);
        assert_eq!(LoudnessPass::Off.filter(), None);
        assert_eq!(
            LoudnessPass::Measure.filter().unwrap(),
            "ebur128=peak=true:framelog=verbose"
        );
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
             ebur128=peak=true:framelog=verbose"
        );
        // Measured after the limiter at −11 LUFS, −2.1 dBTP: lowered 3 dB to the target.
        let limited = MeasuredLoudness {
            integrated: -1100,
            true_peak: -210,
            pre_gain: 1590,
            ..calm
        };
        assert_eq!(
            LoudnessPass::Apply(limited).filter().unwrap(),
            "volume=15.90dB,alimiter=limit=0.794:level=disabled:latency=1,volume=-3.00dB"
        );
    }
}
