//! `reelforge jobs clip JOB SEG FILE [--in S] [--out S]`: a person's own video as a
//! segment's take. The file is checked and imported into the library, then the span between
//! the in and out points (seconds) becomes the segment's selected take, without a provider
//! call and at no cost. Its arguments live here rather than in `args.rs`.

use crate::control::segment_ref;
use crate::output::{self, Output};
use clap::Args;
use reelforge_core::Core;
use reelforge_protocol::{ApiError, ErrorCode, UseClipRequest};
use std::path::PathBuf;

/// `jobs clip`'s arguments.
#[derive(Debug, Args)]
pub struct ClipArgs {
    pub job: String,
    /// 1-based segment number.
    pub segment: u32,
    /// The video file (MP4, MOV, WebM, MKV…; at most 10 minutes, 4K and 2 GiB).
    pub file: PathBuf,
    /// Where the take starts in the clip, in seconds.
    #[arg(long = "in", default_value_t = 0.0)]
    pub in_s: f64,
    /// Where it ends, in seconds; by default the segment's duration after --in (or the
    /// clip's end).
    #[arg(long = "out")]
    pub out_s: Option<f64>,
}

/// Seconds as whole milliseconds; refused when negative or not a number.
fn millis(flag: &str, seconds: f64) -> Result<u64, ApiError> {
    if !seconds.is_finite() || seconds < 0.0 {
        return Err(ApiError::new(
            ErrorCode::ClipTrimInvalid,
            format!("{flag} must be a number of seconds, 0 or more"),
        ));
    }
    Ok((seconds * 1000.0).round() as u64)
}

pub async fn run(core: &Core, args: ClipArgs, out: &Output) -> Result<(), ApiError> {
    let segment = segment_ref(&args.job, args.segment)?;
    let in_ms = millis("--in", args.in_s)?;
    let out_ms = args.out_s.map(|s| millis("--out", s)).transpose()?;
    let clip = core.import_clip(&args.file).await?;
    let job = core
        .use_segment_clip(&UseClipRequest {
            segment,
            asset_id: clip.asset_id,
            in_ms,
            out_ms,
        })
        .await?;
    out.emit(&job, output::job);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_become_milliseconds_and_negatives_are_refused() {
        assert_eq!(millis("--in", 1.5).unwrap(), 1_500);
        assert_eq!(millis("--in", 0.0).unwrap(), 0);
        let refused = millis("--out", -1.0).unwrap_err();
        assert_eq!(refused.code, ErrorCode::ClipTrimInvalid);
        assert!(millis("--out", f64::NAN).is_err());
    }
}
