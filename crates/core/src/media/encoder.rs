//! [`VideoEncoder`]: the H.264 encoder an export uses. Hardware encoders (NVENC, Quick Sync,
//! VideoToolbox, AMF) are used only when a one-frame probe encode succeeds on this machine;
//! libx264 otherwise. (VAAPI needs an explicit device and upload filter and is not tried.)

use super::args::FfmpegArgs;
use super::runner::{RunOptions, run_ffmpeg};
use super::tools::MediaTools;
use serde::{Deserialize, Serialize};

/// An H.264 encoder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VideoEncoder {
    #[default]
    Libx264,
    Nvenc,
    Qsv,
    VideoToolbox,
    Amf,
}

impl VideoEncoder {
    /// Hardware encoders in the order they are tried.
    pub const HARDWARE: [VideoEncoder; 4] = [Self::Nvenc, Self::Qsv, Self::VideoToolbox, Self::Amf];

    /// ffmpeg's name for the encoder.
    pub fn codec_name(self) -> &'static str {
        match self {
            Self::Libx264 => "libx264",
            Self::Nvenc => "h264_nvenc",
            Self::Qsv => "h264_qsv",
            Self::VideoToolbox => "h264_videotoolbox",
            Self::Amf => "h264_amf",
        }
    }

    /// `-c:v` and the encoder's speed setting (fastest for drafts).
    pub fn codec_args(self, draft: bool) -> Vec<&'static str> {
        let speed: &[&'static str] = match (self, draft) {
            (Self::Libx264, true) => &["-preset", "ultrafast"],
            (Self::Libx264, false) => &["-preset", "veryfast"],
            (Self::Nvenc, true) => &["-preset", "p1"],
            (Self::Nvenc, false) => &["-preset", "p4"],
            (Self::Qsv, true) => &["-preset", "veryfast"],
            (Self::Qsv, false) => &["-preset", "faster"],
            (Self::VideoToolbox, _) => &["-realtime", "1"],
            (Self::Amf, true) => &["-quality", "speed"],
            (Self::Amf, false) => &["-quality", "balanced"],
        };
        let mut args = vec!["-c:v", self.codec_name()];
        args.extend_from_slice(speed);
        args
    }
}

/// A one-frame encode with `encoder` to the null muxer.
pub fn probe_encode_args(encoder: VideoEncoder) -> FfmpegArgs {
    let mut args = FfmpegArgs::new();
    args.lavfi_input("color=c=black:s=256x256:r=30:d=0.1")
        .args(["-frames:v", "1", "-pix_fmt", "yuv420p"])
        .args(encoder.codec_args(false))
        .args(["-f", "null", "-"]);
    args
}

/// The first hardware encoder whose probe encode succeeds, else libx264.
pub async fn detect_video_encoder(tools: &MediaTools) -> VideoEncoder {
    for encoder in VideoEncoder::HARDWARE {
        if run_ffmpeg(tools, probe_encode_args(encoder), RunOptions::default())
            .await
            .is_ok()
        {
            return encoder;
        }
    }
    VideoEncoder::Libx264
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoder_arguments() {
        assert_eq!(
            VideoEncoder::Libx264.codec_args(false),
            ["-c:v", "libx264", "-preset", "veryfast"]
        );
        assert_eq!(VideoEncoder::Nvenc.codec_args(true)[1], "h264_nvenc");
        let line = probe_encode_args(VideoEncoder::Qsv).to_command_line();
        assert!(
            line.contains("-c:v h264_qsv") && line.ends_with("-f null -"),
            "{line}"
        );
    }
}
