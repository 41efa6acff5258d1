//! The editor hand-off of a multi-format export (`--timeline otio,fcpxml,edl`): a
//! `<title slug>-<short id>-timeline` folder holding copies of the takes, the narration track
//! and the music under `media/`, and the edit as OpenTimelineIO, FCPXML and CMX 3600 EDL
//! pointing at them, with the assembly's transitions (see [`editor_timeline`](crate::media::editor_timeline)).

use crate::error::{CoreError, CoreResult};
use crate::media::FormatsExport;
use crate::media::editor_timeline::{
    EditorAudio, EditorCaption, EditorClip, EditorTimeline, EditorTransition, TransitionKind,
    to_edl, to_fcpxml, to_otio,
};
use crate::media::timeline::Transition;
use reelforge_protocol::ExportedFile;
use std::path::{Path, PathBuf};

/// The timeline formats an editor can open.
pub const TIMELINE_KINDS: [&str; 3] = ["otio", "fcpxml", "edl"];

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> CoreError + '_ {
    move |source| CoreError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// The timeline kinds named (`otio`, `fcpxml`, `edl`), in order, once each.
pub fn timelines_named(names: &[String]) -> CoreResult<Vec<&'static str>> {
    let mut kinds = Vec::new();
    for name in names
        .iter()
        .flat_map(|n| n.split(','))
        .map(str::trim)
        .filter(|n| !n.is_empty())
    {
        let name = name.to_ascii_lowercase();
        let kind = TIMELINE_KINDS
            .into_iter()
            .find(|k| *k == name)
            .ok_or_else(|| {
                CoreError::validation(
                    "timeline",
                    format!(
                        "unknown timeline `{name}` (expected {})",
                        TIMELINE_KINDS.join(", ")
                    ),
                )
            })?;
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    Ok(kinds)
}

/// A new `<stem>-timeline` folder in `dir` (`-timeline-2` … when taken, unless
/// `overwrite`), with its `media` folder.
pub fn handoff_folder(dir: &Path, stem: &str, overwrite: bool) -> CoreResult<PathBuf> {
    let first = dir.join(format!("{stem}-timeline"));
    let folder = match overwrite || !first.exists() {
        true => first,
        false => (2..)
            .map(|n| dir.join(format!("{stem}-timeline-{n}")))
            .find(|p| !p.exists())
            .unwrap_or(first),
    };
    let media = folder.join("media");
    std::fs::create_dir_all(&media).map_err(io(&media))?;
    Ok(folder)
}

/// What the hand-off is made of.
pub struct Handoff<'a> {
    pub folder: &'a Path,
    pub stem: &'a str,
    pub title: &'a str,
    pub kinds: &'a [&'static str],
    /// Each segment's take, in order.
    pub takes: &'a [PathBuf],
    pub music: Option<&'a Path>,
    pub size: (u32, u32),
    pub fps: u32,
    /// The assembly's transition (its length as used: the timeline's overlap).
    pub transition: Transition,
}

/// Copies the media into the folder and writes each timeline; returns the files written.
pub fn write_handoff(h: &Handoff<'_>, export: &FormatsExport) -> CoreResult<Vec<ExportedFile>> {
    let media = h.folder.join("media");
    let mut clips = Vec::with_capacity(h.takes.len());
    for (i, (take, (length, held))) in h.takes.iter().zip(&export.clip_lengths).enumerate() {
        let ext = take.extension().and_then(|e| e.to_str()).unwrap_or("mp4");
        let name = format!("{:02}-segment-{}.{ext}", i + 1, i + 1);
        let copy = media.join(&name);
        crate::durable::copy_durably(take, &copy).map_err(io(&copy))?;
        clips.push(EditorClip {
            name: format!("segment {}", i + 1),
            file: format!("media/{name}"),
            length: *length,
            held: *held,
        });
    }
    let total = export.timeline.total;
    let music = match h.music {
        Some(music) => {
            let ext = music.extension().and_then(|e| e.to_str()).unwrap_or("m4a");
            let name = format!("music.{ext}");
            let copy = media.join(&name);
            crate::durable::copy_durably(music, &copy).map_err(io(&copy))?;
            Some(EditorAudio {
                name: "music".into(),
                file: format!("media/{name}"),
                length: total,
            })
        }
        None => None,
    };
    let voice = export.voice.as_ref().map(|path| EditorAudio {
        name: "voice".into(),
        file: format!(
            "media/{}",
            path.file_name().unwrap_or_default().to_string_lossy()
        ),
        length: total,
    });
    let timeline = EditorTimeline {
        title: h.title.to_owned(),
        fps: h.fps,
        width: h.size.0,
        height: h.size.1,
        clips,
        voice,
        music,
        captions: export
            .captions
            .iter()
            .map(|c| EditorCaption {
                start: c.start,
                end: c.end,
                text: c.text.clone(),
            })
            .collect(),
        transition: match h.transition {
            _ if export.timeline.overlap.is_zero() => None,
            Transition::Cut => None,
            Transition::Crossfade { .. } => Some(TransitionKind::Dissolve),
            Transition::DipToBlack { .. } => Some(TransitionKind::DipToBlack),
        }
        .map(|kind| EditorTransition {
            kind,
            length: export.timeline.overlap,
        }),
    };
    let base_url = format!("file://{}/", h.folder.display());
    let mut written = Vec::new();
    for kind in h.kinds {
        let text = match *kind {
            "otio" => to_otio(&timeline),
            "fcpxml" => to_fcpxml(&timeline, &base_url),
            _ => to_edl(&timeline),
        };
        let path = h.folder.join(format!("{}.{kind}", h.stem));
        crate::durable::write_durably(&path, text.as_bytes()).map_err(io(&path))?;
        written.push(ExportedFile {
            format: (*kind).to_owned(),
            path: path.display().to_string(),
            width: h.size.0,
            height: h.size.1,
            bytes: text.len() as u64,
        });
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timelines_are_named_once_each() {
        let names = vec!["otio,EDL".to_owned(), "otio".to_owned()];
        assert_eq!(timelines_named(&names).unwrap(), ["otio", "edl"]);
        assert!(timelines_named(&["aaf".to_owned()]).is_err());
    }
}
