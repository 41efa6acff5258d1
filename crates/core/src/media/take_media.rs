//! Per-take media: a JPEG thumbnail and a 720p preview proxy (H.264 with a keyframe every
//! half second and `+faststart`, so the webview seeks it quickly), plus the ffprobe summary
//! and the file's stamp, stored with the take (see [`KnownProbe`]). Each file is written under a temporary name and renamed when
//! complete.

use super::args::FfmpegArgs;
use super::error::{MediaError, MediaResult};
use super::known_probe::{FileStamp, KnownProbe};
use super::probe::MediaInfo;
use super::runner::{RunOptions, run_ffmpeg};
use super::tools::MediaTools;
use crate::durable::PendingFile;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The short side of a preview proxy.
pub const PROXY_SHORT_SIDE: u32 = 720;

/// What was made for one take.
#[derive(Debug, Clone, PartialEq)]
pub struct TakeMedia {
    pub info: MediaInfo,
    /// The take's size and modification time when `info` was read.
    pub stamp: FileStamp,
    pub thumbnail: PathBuf,
    pub proxy: PathBuf,
}

/// The proxy's size for a `width`×`height` source: short side 720 (never upscaled), even
/// dimensions, aspect ratio kept.
pub fn proxy_size(width: u32, height: u32) -> (u32, u32) {
    let short = width.min(height).max(1);
    let target = PROXY_SHORT_SIDE.min(short);
    let scale = |side: u32| {
        let scaled = (f64::from(side) * f64::from(target) / f64::from(short)).round() as u32;
        (scaled / 2 * 2).max(2)
    };
    (scale(width), scale(height))
}

/// Where the thumbnail is taken: a third into the clip, at most one second in.
pub fn thumbnail_time(duration: Duration) -> Duration {
    (duration / 3).min(Duration::from_secs(1))
}

/// Arguments writing one JPEG frame at `at`, `width` wide.
pub fn thumbnail_args(input: &Path, at: Duration, width: u32, output: &Path) -> FfmpegArgs {
    let mut args = FfmpegArgs::new();
    let seek = format!("{:.3}", at.as_secs_f64());
    args.input_with(&["-ss", &seek], input)
        .args(["-frames:v", "1", "-vf"])
        .arg(format!("scale={width}:-2"))
        .args(["-q:v", "3", "-f", "image2", "-c:v", "mjpeg"])
        .output(output);
    args
}

/// Arguments writing the preview proxy.
pub fn proxy_args(input: &Path, size: (u32, u32), has_audio: bool, output: &Path) -> FfmpegArgs {
    let mut args = FfmpegArgs::new();
    args.input(input)
        .args(["-map", "0:v:0", "-vf"])
        .arg(format!("scale={}:{},setsar=1,fps=30", size.0, size.1))
        .args(["-c:v", "libx264", "-preset", "veryfast", "-crf", "26"])
        .args(["-pix_fmt", "yuv420p", "-g", "15", "-keyint_min", "15"]);
    if has_audio {
        args.args(["-map", "0:a:0", "-c:a", "aac", "-b:a", "96k", "-ac", "2"]);
    }
    args.args(["-movflags", "+faststart", "-f", "mp4"])
        .output(output);
    args
}

/// Runs ffmpeg into `pending`'s temporary file, then flushes it and renames it into place;
/// the folder is flushed by the engine once for the batch of takes, before they are recorded.
/// On failure (or when dropped) nothing is left under the temporary name.
async fn run_to(
    tools: &MediaTools,
    args: FfmpegArgs,
    pending: PendingFile,
    run: RunOptions,
) -> MediaResult<()> {
    run_ffmpeg(tools, args, run).await?;
    let dest = pending.target().to_owned();
    pending
        .commit_file()
        .map(drop)
        .map_err(|e| MediaError::io(&dest, e))
}

/// Probe a take and write `<stem>.thumb.jpg` and `<stem>.preview.mp4` into `dir`.
pub async fn prepare_take_media(
    tools: &MediaTools,
    input: &Path,
    dir: &Path,
    run: RunOptions,
) -> MediaResult<TakeMedia> {
    // Stamped before probing: a change during the probe leaves the summary stale, not wrong.
    let stamp = FileStamp::of(input).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => MediaError::InputMissing {
            path: input.to_owned(),
        },
        _ => MediaError::io(input, e),
    })?;
    let info = super::probe::probe(tools, input).await?;
    let video = info.require_video()?;
    let stem = input
        .file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let thumbnail = dir.join(format!("{stem}.thumb.jpg"));
    let proxy = dir.join(format!("{stem}.preview.mp4"));
    let pending_thumb = PendingFile::new(&thumbnail).map_err(|e| MediaError::io(dir, e))?;
    let pending_proxy = PendingFile::new(&proxy).map_err(|e| MediaError::io(dir, e))?;

    let size = proxy_size(video.width, video.height);
    let at = thumbnail_time(info.clip_duration());
    let thumb_args = thumbnail_args(input, at, size.0.min(480), pending_thumb.path());
    let quiet = RunOptions {
        cancel: run.cancel.clone(),
        ..RunOptions::default()
    };
    run_to(tools, thumb_args, pending_thumb, quiet).await?;
    let proxy_run = RunOptions {
        total: Some(info.clip_duration()),
        ..run
    };
    let args = proxy_args(input, size, info.audio.is_some(), pending_proxy.path());
    run_to(tools, args, pending_proxy, proxy_run).await?;
    Ok(TakeMedia {
        info,
        stamp,
        thumbnail,
        proxy,
    })
}

impl TakeMedia {
    /// The summary to store with the take.
    pub fn known_probe(&self) -> KnownProbe {
        KnownProbe {
            info: self.info.clone(),
            stamp: self.stamp,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proxy_keeps_aspect_with_a_720_short_side_and_never_upscales() {
        assert_eq!(proxy_size(1080, 1920), (720, 1280));
        assert_eq!(proxy_size(1920, 1080), (1280, 720));
        assert_eq!(proxy_size(1081, 1919), (720, 1278));
        assert_eq!(proxy_size(320, 240), (320, 240));
        assert_eq!(
            thumbnail_time(Duration::from_secs(6)),
            Duration::from_secs(1)
        );
        assert_eq!(
            thumbnail_time(Duration::from_millis(900)),
            Duration::from_millis(300)
        );
    }

    #[test]
    fn take_media_arguments() {
        let t = thumbnail_args(
            Path::new("/l/t.mp4"),
            Duration::from_millis(1500),
            480,
            Path::new("/l/x.jpg"),
        );
        let line = t.to_command_line();
        assert!(
            line.contains("-ss 1.500 -protocol_whitelist file -i file:/l/t.mp4 -frames:v 1"),
            "{line}"
        );
        let p = proxy_args(
            Path::new("/l/t.mp4"),
            (720, 1280),
            false,
            Path::new("/l/p.mp4"),
        );
        let line = p.to_command_line();
        assert!(
            line.contains("scale=720:1280,setsar=1") && line.contains("-g 15"),
            "{line}"
        );
        assert!(
            !line.contains("0:a:0") && line.contains("+faststart"),
            "{line}"
        );
    }
}
