//! The creator's music library: a folder of tracks they chose (Settings, or the CLI's
//! `--music-folder`). [`library_tracks`] lists its audio files (by extension, not in
//! sub-folders) and probes each (header only): a file without an audio stream, or that ffprobe
//! cannot read, is skipped. [`pick_track`] chooses the bed for a video of a given length: the
//! shortest track that lasts the whole video (trimmed, faded out at the end), else the longest
//! (looped); ties go to the name, so the choice is stable. The mix itself (loop, trim, fades,
//! ducking under the voice) is the assembly's graph.

use super::probe::probe_header;
use super::tools::MediaTools;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The file extensions taken as music.
pub const MUSIC_EXTENSIONS: [&str; 8] = ["mp3", "m4a", "aac", "wav", "flac", "ogg", "opus", "oga"];

/// One usable track of the library.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MusicTrack {
    pub path: PathBuf,
    pub duration: Duration,
}

/// The library's usable tracks, by name; an unreadable folder has none.
pub async fn library_tracks(tools: &MediaTools, folder: &Path) -> Vec<MusicTrack> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| MUSIC_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        })
        .collect();
    files.sort();
    let mut tracks = Vec::with_capacity(files.len());
    for path in files {
        match probe_header(tools, &path).await {
            Ok(info) if info.audio.is_some() && !info.duration.is_zero() => {
                tracks.push(MusicTrack {
                    path,
                    duration: info.duration,
                });
            }
            Ok(_) => tracing::debug!("{} has no audio: not music", path.display()),
            Err(error) => tracing::debug!("{} is not readable music: {error}", path.display()),
        }
    }
    tracks
}

/// The bed for a video of `video` length: the shortest track lasting it all, else the
/// longest (it loops); `None` for an empty library.
pub fn pick_track(tracks: &[MusicTrack], video: Duration) -> Option<&MusicTrack> {
    let key = |t: &&MusicTrack| (t.duration, t.path.clone());
    tracks
        .iter()
        .filter(|t| t.duration >= video)
        .min_by_key(key)
        .or_else(|| tracks.iter().max_by_key(|t| (t.duration, std::cmp::Reverse(t.path.clone()))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn track(name: &str, secs: u64) -> MusicTrack {
        MusicTrack {
            path: PathBuf::from(name),
            duration: Duration::from_secs(secs),
        }
    }

    #[test]
    fn the_shortest_track_lasting_the_video_else_the_longest() {
        let tracks = [track("a.mp3", 20), track("b.mp3", 45), track("c.mp3", 35), track("d.mp3", 35)];
        let pick = |secs| pick_track(&tracks, Duration::from_secs(secs)).map(|t| t.path.clone());
        assert_eq!(pick(30), Some(PathBuf::from("c.mp3")), "35 s is enough; c before d");
        assert_eq!(pick(10), Some(PathBuf::from("a.mp3")));
        assert_eq!(pick(60), Some(PathBuf::from("b.mp3")), "none lasts: the longest loops");
        assert_eq!(pick_track(&[], Duration::from_secs(5)), None);
    }
}
