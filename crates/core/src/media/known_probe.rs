//! [`KnownProbe`]: an ffprobe summary read earlier — when a take's thumbnail and preview were
//! made, then stored with the take — together with the [`FileStamp`] (size and modification
//! time) of the file it describes. Assembly uses it instead of running ffprobe again while the
//! file still has that stamp; any change to the file makes it stale and the clip is probed
//! ([`probe_clips`]).

use super::error::{MediaError, MediaResult};
use super::probe::{MediaInfo, probe};
use super::tools::MediaTools;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

/// What identifies one version of a file cheaply: its size and modification time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FileStamp {
    pub size_bytes: u64,
    /// Modification time in nanoseconds since the Unix epoch (negative before it).
    pub modified_ns: i64,
}

impl FileStamp {
    /// The stamp `path` has now.
    pub fn of(path: &Path) -> std::io::Result<Self> {
        let meta = std::fs::metadata(path)?;
        let modified = meta.modified()?;
        let modified_ns = match modified.duration_since(UNIX_EPOCH) {
            Ok(after) => i64::try_from(after.as_nanos()).unwrap_or(i64::MAX),
            Err(before) => -i64::try_from(before.duration().as_nanos()).unwrap_or(i64::MAX),
        };
        Ok(Self {
            size_bytes: meta.len(),
            modified_ns,
        })
    }
}

/// An ffprobe summary and the stamp of the file when it was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KnownProbe {
    pub info: MediaInfo,
    pub stamp: FileStamp,
}

impl KnownProbe {
    /// The summary, as describing `path`, when `path` still has the stamp it was read at;
    /// `None` when the file changed, moved away or cannot be read.
    pub fn still_valid_for(&self, path: &Path) -> Option<MediaInfo> {
        let now = FileStamp::of(path).ok()?;
        (now == self.stamp).then(|| MediaInfo {
            path: path.to_owned(),
            ..self.info.clone()
        })
    }
}

/// Probe one input, naming `label` on failure; clips must have video.
pub(crate) async fn probe_labelled(
    tools: &MediaTools,
    path: &Path,
    label: &str,
    video: bool,
) -> MediaResult<MediaInfo> {
    let info = probe(tools, path)
        .await
        .map_err(|e| match e {
            MediaError::InputUnreadable { path, reason } if !video => {
                MediaError::AudioUnreadable { path, reason }
            }
            other => other,
        })
        .map_err(|e| e.for_clip(label))?;
    if video {
        info.require_video().map_err(|e| e.for_clip(label))?;
    }
    Ok(info)
}

/// Probe every clip whose known probe is missing or stale, concurrently (process start-up
/// dominates a probe); the first failing clip in timeline order names the error. Returns the
/// summaries in clip order and the fresh ones as known probes (stamped before probing, so a
/// file changed meanwhile reads as stale next time), for the caller to store.
pub(crate) async fn probe_clips(
    tools: &MediaTools,
    clips: &[super::assembly::Clip],
    known: &HashMap<PathBuf, KnownProbe>,
) -> MediaResult<(Vec<MediaInfo>, Vec<KnownProbe>)> {
    let mut results: Vec<Option<MediaResult<MediaInfo>>> = clips.iter().map(|_| None).collect();
    let mut probes = tokio::task::JoinSet::new();
    for (index, clip) in clips.iter().enumerate() {
        let still_valid = known
            .get(&clip.path)
            .and_then(|k| k.still_valid_for(&clip.path))
            .filter(|info| info.video.is_some());
        if let Some(info) = still_valid {
            results[index] = Some(Ok(info));
            continue;
        }
        let (tools, clip) = (tools.clone(), clip.clone());
        probes.spawn(async move {
            let stamp = FileStamp::of(&clip.path).ok();
            let info = probe_labelled(&tools, &clip.path, &clip.label, true).await;
            (index, stamp, info)
        });
    }
    let mut fresh = Vec::new();
    while let Some(joined) = probes.join_next().await {
        let (index, stamp, info) = joined.map_err(|e| MediaError::ToolFailed {
            tool: "ffprobe",
            status: "worker panicked".to_owned(),
            stderr_tail: e.to_string(),
        })?;
        if let (Some(stamp), Ok(info)) = (stamp, &info) {
            fresh.push((
                index,
                KnownProbe {
                    info: info.clone(),
                    stamp,
                },
            ));
        }
        results[index] = Some(info);
    }
    let infos = results.into_iter().flatten().collect::<MediaResult<_>>()?;
    fresh.sort_by_key(|(index, _)| *index);
    Ok((infos, fresh.into_iter().map(|(_, known)| known).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reelforge_protocol::ErrorCode;
    use std::time::Duration;

    /// A music bed ffprobe cannot read is refused as audio, never called a video.
    #[tokio::test]
    async fn an_unreadable_sound_file_is_refused_as_audio_not_video() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bed.mp3");
        std::fs::write(&path, b"not really audio").unwrap();
        let tools = MediaTools::resolve(None).unwrap();
        let err = probe_labelled(&tools, &path, "music", false)
            .await
            .unwrap_err();
        let message = err.to_string();
        assert!(message.starts_with("music: "), "{message}");
        assert!(message.contains("not a readable audio file"), "{message}");
        assert!(!message.contains("video"), "{message}");
        assert_eq!(err.code(), ErrorCode::Validation);
    }

    #[test]
    fn a_known_probe_is_valid_until_the_file_changes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.mp4");
        std::fs::write(&path, b"0123456789").unwrap();
        let stamp = FileStamp::of(&path).unwrap();
        assert_eq!(stamp.size_bytes, 10);
        let known = KnownProbe {
            info: MediaInfo {
                path: "/elsewhere/a.mp4".into(),
                duration: Duration::from_secs(2),
                size_bytes: 10,
                format_name: "mov,mp4".into(),
                video: None,
                audio: None,
            },
            stamp,
        };
        let info = known.still_valid_for(&path).expect("unchanged");
        assert_eq!(
            info.path, path,
            "the summary describes the file asked about"
        );
        assert_eq!(info.duration, Duration::from_secs(2));

        std::fs::write(&path, b"01234567890").unwrap();
        assert_eq!(known.still_valid_for(&path), None, "a new size");
        let same_size = KnownProbe {
            stamp: FileStamp {
                modified_ns: stamp.modified_ns - 1,
                ..FileStamp::of(&path).unwrap()
            },
            ..known.clone()
        };
        assert_eq!(same_size.still_valid_for(&path), None, "a new mtime");
        assert_eq!(known.still_valid_for(&dir.path().join("gone.mp4")), None);
    }
}
