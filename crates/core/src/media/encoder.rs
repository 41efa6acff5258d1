//! [`VideoEncoder`]: the H.264 encoder an export uses. Hardware encoders (NVENC, Quick Sync,
//! VAAPI, VideoToolbox, AMF) are used only when a one-frame probe encode succeeds on this
//! machine; libx264 otherwise. VAAPI encodes GPU surfaces: its command lines open the render
//! device before the inputs ([`VideoEncoder::device_args`]) and end the video filter chain
//! with an upload ([`VideoEncoder::upload_filter`]).

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
    Vaapi,
    VideoToolbox,
    Amf,
}

/// The DRM render node VAAPI encodes on (the first GPU).
pub const VAAPI_DEVICE: &str = "/dev/dri/renderD128";

impl VideoEncoder {
    /// Hardware encoders in the order they are tried.
    pub const HARDWARE: [VideoEncoder; 5] = [
        Self::Nvenc,
        Self::Qsv,
        Self::Vaapi,
        Self::VideoToolbox,
        Self::Amf,
    ];

    /// ffmpeg's name for the encoder.
    pub fn codec_name(self) -> &'static str {
        match self {
            Self::Libx264 => "libx264",
            Self::Nvenc => "h264_nvenc",
            Self::Qsv => "h264_qsv",
            Self::Vaapi => "h264_vaapi",
            Self::VideoToolbox => "h264_videotoolbox",
            Self::Amf => "h264_amf",
        }
    }

    /// `-c:v` and the encoder's speed setting (fastest for drafts).
    pub fn codec_args(self, draft: bool) -> Vec<&'static str> {
        let speed: &[&'static str] = match (self, draft) {
            (Self::Libx264, true) => &["-preset", "ultrafast"],
            // `superfast` rather than `veryfast`: on 2 cores it encodes a 30 s 1080×1920 timeline
            // in ~0.65 of the time, and at our fixed 8 Mb/s the loss measured against a lossless
            // render of the same timeline is small (SSIM 0.9876 vs 0.9879 on test patterns,
            // 0.9813 vs 0.9834 on grainy motion), level with the seed app's two `fast` CRF 23
            // encodes (0.9841 and 0.9820). Drafts trade more quality for speed.
            (Self::Libx264, false) => &["-preset", "superfast"],
            (Self::Nvenc, true) => &["-preset", "p1"],
            (Self::Nvenc, false) => &["-preset", "p4"],
            (Self::Qsv, true) => &["-preset", "veryfast"],
            (Self::Qsv, false) => &["-preset", "faster"],
            // 1 is the fastest of the driver's levels, higher ones trade speed for quality.
            (Self::Vaapi, true) => &["-compression_level", "1"],
            (Self::Vaapi, false) => &[],
            (Self::VideoToolbox, _) => &["-realtime", "1"],
            (Self::Amf, true) => &["-quality", "speed"],
            (Self::Amf, false) => &["-quality", "balanced"],
        };
        let mut args = vec!["-c:v", self.codec_name()];
        args.extend_from_slice(speed);
        args
    }

    /// Global options opening the encoder's device, placed before the first input.
    pub fn device_args(self) -> &'static [&'static str] {
        match self {
            Self::Vaapi => &["-vaapi_device", VAAPI_DEVICE],
            _ => &[],
        }
    }

    /// The filter that must end the video chain: frames uploaded to the GPU as NV12.
    pub fn upload_filter(self) -> Option<&'static str> {
        match self {
            Self::Vaapi => Some("format=nv12,hwupload"),
            _ => None,
        }
    }

    /// Whether the encoder takes `-pix_fmt yuv420p` (not when frames are GPU surfaces).
    pub fn takes_pix_fmt(self) -> bool {
        self.upload_filter().is_none()
    }
}

/// A one-frame encode with `encoder` to the null muxer.
pub fn probe_encode_args(encoder: VideoEncoder) -> FfmpegArgs {
    let mut args = FfmpegArgs::new();
    args.args(encoder.device_args())
        .lavfi_input("color=c=black:s=256x256:r=30:d=0.1")
        .args(["-frames:v", "1"]);
    match encoder.upload_filter() {
        Some(upload) => args.args(["-vf", upload]),
        None => args.args(["-pix_fmt", "yuv420p"]),
    };
    args.args(encoder.codec_args(false))
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
            ["-c:v", "libx264", "-preset", "superfast"]
        );
        assert_eq!(VideoEncoder::Nvenc.codec_args(true)[1], "h264_nvenc");
        let line = probe_encode_args(VideoEncoder::Qsv).to_command_line();
        assert!(
            line.contains("-c:v h264_qsv") && line.ends_with("-f null -"),
            "{line}"
        );
        assert_eq!(VideoEncoder::Qsv.device_args(), [] as [&str; 0]);
        assert_eq!(VideoEncoder::Qsv.upload_filter(), None);
    }

    #[test]
    fn vaapi_opens_its_device_before_the_inputs_and_uploads_nv12_frames() {
        let vaapi = VideoEncoder::Vaapi;
        assert!(VideoEncoder::HARDWARE.contains(&vaapi));
        let line = probe_encode_args(vaapi).to_command_line();
        let device = line.find("-vaapi_device /dev/dri/renderD128").expect(&line);
        let input = line.find(" -i ").expect(&line);
        assert!(device < input, "{line}");
        assert!(
            line.contains("-vf format=nv12,hwupload -c:v h264_vaapi"),
            "{line}"
        );
        assert!(!line.contains("-pix_fmt"), "{line}");
        assert!(!vaapi.takes_pix_fmt());
        assert_eq!(
            vaapi.codec_args(true),
            ["-c:v", "h264_vaapi", "-compression_level", "1"]
        );
    }
}
