//! [`probe`]: what a media file holds, read from ffprobe's JSON (`-show_streams -show_format`),
//! with clear errors for missing, empty and unreadable files.

use super::error::{MediaError, MediaResult};
use super::runner::{spawn_error, tail};
use super::tools::MediaTools;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// A rational number as ffprobe writes it (`30000/1001`, `1:1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Ratio {
    pub num: u32,
    pub den: u32,
}

impl Ratio {
    pub const ONE: Ratio = Ratio { num: 1, den: 1 };

    /// Parse `a/b` or `a:b`; `None` for `0/0`, `N/A` and the like.
    pub fn parse(text: &str) -> Option<Self> {
        let (num, den) = text.split_once(['/', ':'])?;
        let (num, den) = (num.trim().parse().ok()?, den.trim().parse().ok()?);
        (num > 0 && den > 0).then_some(Self { num, den })
    }

    pub fn as_f64(self) -> f64 {
        f64::from(self.num) / f64::from(self.den)
    }
}

impl fmt::Display for Ratio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.num, self.den)
    }
}

/// The first video stream of a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VideoStream {
    pub codec: String,
    pub profile: Option<String>,
    pub width: u32,
    pub height: u32,
    /// Frame rate (`r_frame_rate`).
    pub fps: Ratio,
    pub pix_fmt: String,
    pub time_base: Ratio,
    /// Sample aspect ratio; 1:1 when the file does not say.
    pub sar: Ratio,
    /// The stream's own duration, when the container gives one.
    pub duration: Option<Duration>,
}

/// The first audio stream of a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AudioStream {
    pub codec: String,
    pub sample_rate: u32,
    pub channels: u32,
    pub channel_layout: Option<String>,
}

/// What [`probe`] found in a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediaInfo {
    pub path: PathBuf,
    pub duration: Duration,
    pub size_bytes: u64,
    pub format_name: String,
    pub video: Option<VideoStream>,
    pub audio: Option<AudioStream>,
}

impl MediaInfo {
    /// How long the clip shows: its video stream's duration, else the container's.
    pub fn clip_duration(&self) -> Duration {
        self.video
            .as_ref()
            .and_then(|v| v.duration)
            .unwrap_or(self.duration)
    }

    /// The video stream, or an error naming the file when it has none.
    pub fn require_video(&self) -> MediaResult<&VideoStream> {
        self.video
            .as_ref()
            .ok_or_else(|| MediaError::InputUnreadable {
                path: self.path.clone(),
                reason: "it has no video stream".to_owned(),
            })
    }
}

#[derive(Deserialize)]
struct ProbeJson {
    #[serde(default)]
    streams: Vec<StreamJson>,
    format: Option<FormatJson>,
}

#[derive(Deserialize)]
struct StreamJson {
    codec_type: Option<String>,
    codec_name: Option<String>,
    profile: Option<String>,
    width: Option<u32>,
    height: Option<u32>,
    pix_fmt: Option<String>,
    r_frame_rate: Option<String>,
    avg_frame_rate: Option<String>,
    time_base: Option<String>,
    sample_aspect_ratio: Option<String>,
    sample_rate: Option<String>,
    channels: Option<u32>,
    channel_layout: Option<String>,
    duration: Option<String>,
}

#[derive(Deserialize)]
struct FormatJson {
    duration: Option<String>,
    size: Option<String>,
    format_name: Option<String>,
}

/// Read what `path` holds with ffprobe, off the async runtime.
pub async fn probe(tools: &MediaTools, path: &Path) -> MediaResult<MediaInfo> {
    probe_with(tools, path, false).await
}

/// Read only the container's header: streams, codecs, sizes, rates and durations, without
/// decoding a frame, so the pixel format and profile stay unknown. About half the time of
/// [`probe`] on an MP4 whose moov comes first.
pub async fn probe_header(tools: &MediaTools, path: &Path) -> MediaResult<MediaInfo> {
    probe_with(tools, path, true).await
}

async fn probe_with(tools: &MediaTools, path: &Path, header_only: bool) -> MediaResult<MediaInfo> {
    let ffprobe = tools.ffprobe().to_owned();
    let path = path.to_owned();
    tokio::task::spawn_blocking(move || probe_blocking(&ffprobe, &path, header_only))
        .await
        .map_err(|e| MediaError::ToolFailed {
            tool: "ffprobe",
            status: "worker panicked".to_owned(),
            stderr_tail: e.to_string(),
        })?
}

pub(crate) fn probe_blocking(
    ffprobe: &Path,
    path: &Path,
    header_only: bool,
) -> MediaResult<MediaInfo> {
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(MediaError::InputMissing {
                path: path.to_owned(),
            });
        }
        Err(e) => return Err(MediaError::io(path, e)),
    };
    if meta.len() == 0 {
        return Err(MediaError::InputEmpty {
            path: path.to_owned(),
        });
    }
    let header: &[&str] = if header_only {
        &["-probesize", "32", "-analyzeduration", "0"]
    } else {
        &[]
    };
    let mut command = Command::new(ffprobe);
    crate::child_process::die_with_parent(&mut command);
    let output = command
        .args(["-v", "error", "-protocol_whitelist", "file"])
        .args(header)
        .args(["-show_streams", "-show_format", "-of", "json", "-i"])
        .arg(super::args::file_url(path))
        .output()
        .map_err(|e| spawn_error(ffprobe, "ffprobe", e))?;
    let unreadable = |reason: String| MediaError::InputUnreadable {
        path: path.to_owned(),
        reason,
    };
    if !output.status.success() {
        let stderr = tail(&String::from_utf8_lossy(&output.stderr));
        let reason = stderr.lines().last().unwrap_or("ffprobe failed").to_owned();
        return Err(unreadable(reason));
    }
    let parsed: ProbeJson = serde_json::from_slice(&output.stdout)
        .map_err(|e| unreadable(format!("unexpected ffprobe output: {e}")))?;
    media_info_from(path, meta.len(), parsed).map_err(unreadable)
}

fn media_info_from(path: &Path, size: u64, parsed: ProbeJson) -> Result<MediaInfo, String> {
    let format = parsed.format.ok_or("no container format found")?;
    let video_json = parsed
        .streams
        .iter()
        .find(|s| s.codec_type.as_deref() == Some("video"));
    let audio_json = parsed
        .streams
        .iter()
        .find(|s| s.codec_type.as_deref() == Some("audio"));
    let duration = format
        .duration
        .as_deref()
        .or(video_json.and_then(|s| s.duration.as_deref()))
        .and_then(|d| d.parse::<f64>().ok())
        .filter(|d| d.is_finite() && *d > 0.0)
        .ok_or("its duration is unknown")?;
    let video = video_json.map(video_stream).transpose()?;
    let audio = audio_json.map(|s| AudioStream {
        codec: s.codec_name.clone().unwrap_or_default(),
        sample_rate: s
            .sample_rate
            .as_deref()
            .and_then(|r| r.parse().ok())
            .unwrap_or(0),
        channels: s.channels.unwrap_or(0),
        channel_layout: s.channel_layout.clone(),
    });
    Ok(MediaInfo {
        path: path.to_owned(),
        duration: Duration::from_secs_f64(duration),
        size_bytes: format.size.and_then(|s| s.parse().ok()).unwrap_or(size),
        format_name: format.format_name.unwrap_or_default(),
        video,
        audio,
    })
}

fn video_stream(s: &StreamJson) -> Result<VideoStream, String> {
    let (Some(width), Some(height)) = (s.width, s.height) else {
        return Err("its video stream has no size".to_owned());
    };
    let fps = s
        .r_frame_rate
        .as_deref()
        .and_then(Ratio::parse)
        .or_else(|| s.avg_frame_rate.as_deref().and_then(Ratio::parse))
        .ok_or("its video stream has no frame rate")?;
    Ok(VideoStream {
        codec: s.codec_name.clone().unwrap_or_default(),
        profile: s.profile.clone(),
        width,
        height,
        fps,
        pix_fmt: s.pix_fmt.clone().unwrap_or_default(),
        time_base: s
            .time_base
            .as_deref()
            .and_then(Ratio::parse)
            .unwrap_or(Ratio::ONE),
        sar: s
            .sample_aspect_ratio
            .as_deref()
            .and_then(Ratio::parse)
            .unwrap_or(Ratio::ONE),
        duration: s
            .duration
            .as_deref()
            .and_then(|d| d.parse::<f64>().ok())
            .filter(|d| d.is_finite() && *d > 0.0)
            .map(Duration::from_secs_f64),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"{"streams":[
      {"codec_type":"video","codec_name":"h264","profile":"High","width":1080,"height":1920,
       "pix_fmt":"yuv420p","r_frame_rate":"30/1","avg_frame_rate":"30/1","time_base":"1/15360",
       "sample_aspect_ratio":"1:1","duration":"2.000000"},
      {"codec_type":"audio","codec_name":"aac","sample_rate":"48000","channels":2,
       "channel_layout":"stereo","duration":"2.005333"}],
      "format":{"duration":"2.005333","size":"123456","format_name":"mov,mp4,m4a,3gp,3g2,mj2"}}"#;

    #[test]
    fn parses_ffprobe_json() {
        let parsed: ProbeJson = serde_json::from_str(SAMPLE).unwrap();
        let info = media_info_from(Path::new("/x.mp4"), 1, parsed).unwrap();
        let v = info.require_video().unwrap();
        assert_eq!(
            (v.width, v.height, v.fps.num, v.time_base.den),
            (1080, 1920, 30, 15360)
        );
        assert_eq!(v.sar, Ratio::ONE);
        let a = info.audio.unwrap();
        assert_eq!((a.sample_rate, a.channels), (48_000, 2));
        assert_eq!(info.size_bytes, 123_456);
        assert!((info.duration.as_secs_f64() - 2.005333).abs() < 1e-6);
    }

    #[test]
    fn ratios_reject_unknowns() {
        assert_eq!(
            Ratio::parse("30000/1001").unwrap().to_string(),
            "30000/1001"
        );
        assert_eq!(Ratio::parse("1:1"), Some(Ratio::ONE));
        assert_eq!(Ratio::parse("0/0"), None);
        assert_eq!(Ratio::parse("N/A"), None);
    }
}
