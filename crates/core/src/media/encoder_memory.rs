//! Remembering which H.264 encoder works on this machine. [`detect_video_encoder`] runs up to
//! five probe encodes (about 3 s on 2 cores, most of a re-assembly's fixed cost); each CLI run
//! is a new process, so the answer is kept in a small JSON file keyed by the ffmpeg program
//! (path, size, modification time) and the GPU device nodes present. A new ffmpeg, a new or
//! removed GPU node, or an unreadable file means probing again.

use super::encoder::{VideoEncoder, detect_video_encoder};
use super::tools::MediaTools;
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::time::UNIX_EPOCH;

/// What the file holds.
#[derive(Debug, Serialize, Deserialize)]
struct Remembered {
    machine: String,
    encoder: VideoEncoder,
}

/// The encoder for `tools`: the one remembered in `file` for this machine, else the one
/// detected now (then remembered; a file that cannot be written only costs probing again).
pub async fn remembered_video_encoder(tools: &MediaTools, file: &Path) -> VideoEncoder {
    let machine = machine_key(tools.ffmpeg());
    if let Some(encoder) = remembered(file, &machine) {
        return encoder;
    }
    let encoder = detect_video_encoder(tools).await;
    if let Err(error) = remember(file, &machine, encoder) {
        tracing::debug!("could not remember the video encoder in {}: {error}", file.display());
    }
    encoder
}

/// What the detection depends on: the ffmpeg program and the GPU device nodes.
pub fn machine_key(ffmpeg: &Path) -> String {
    let (len, modified) = std::fs::metadata(ffmpeg)
        .map(|m| {
            let modified = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            (m.len(), modified)
        })
        .unwrap_or_default();
    let mut devices: Vec<String> = Vec::new();
    for (dir, prefix) in [("/dev/dri", ""), ("/dev", "nvidia")] {
        if let Ok(entries) = std::fs::read_dir(dir) {
            devices.extend(
                entries
                    .flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|name| name.starts_with(prefix)),
            );
        }
    }
    devices.sort();
    format!(
        "{}|{len}|{modified}|{}",
        ffmpeg.display(),
        devices.join(",")
    )
}

/// The encoder remembered in `file` for `machine`, if any.
pub fn remembered(file: &Path, machine: &str) -> Option<VideoEncoder> {
    let text = std::fs::read_to_string(file).ok()?;
    let stored: Remembered = serde_json::from_str(&text).ok()?;
    (stored.machine == machine).then_some(stored.encoder)
}

/// Remember `encoder` for `machine` in `file` (written whole, durably: [`crate::durable`]).
pub fn remember(file: &Path, machine: &str, encoder: VideoEncoder) -> std::io::Result<()> {
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let stored = Remembered {
        machine: machine.to_owned(),
        encoder,
    };
    let text = serde_json::to_string(&stored).map_err(std::io::Error::other)?;
    crate::durable::write_durably(file, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_answer_is_kept_for_the_same_ffmpeg_and_devices_only() {
        let dir = tempfile::tempdir().unwrap();
        let ffmpeg = dir.path().join("ffmpeg");
        std::fs::write(&ffmpeg, b"v1").unwrap();
        let file = dir.path().join("cache/video-encoder.json");
        let machine = machine_key(&ffmpeg);
        assert_eq!(remembered(&file, &machine), None, "nothing remembered yet");
        remember(&file, &machine, VideoEncoder::Vaapi).unwrap();
        assert_eq!(remembered(&file, &machine), Some(VideoEncoder::Vaapi));
        assert_eq!(machine_key(&ffmpeg), machine, "stable while nothing changes");

        // Another ffmpeg build (another size) is probed again.
        std::fs::write(&ffmpeg, b"v2 longer").unwrap();
        assert_ne!(machine_key(&ffmpeg), machine);
        assert_eq!(remembered(&file, &machine_key(&ffmpeg)), None);

        std::fs::write(&file, b"{not json").unwrap();
        assert_eq!(remembered(&file, &machine), None, "a damaged file is ignored");
    }
}
