//! Timelines for editors (pure text): the assembled job as OpenTimelineIO JSON ([`to_otio`]),
//! a CMX 3600 EDL ([`to_edl`]) and FCPXML 1.8 ([`to_fcpxml`]), pointing at copies of the media
//! beside them. Each clip keeps its in/out points; the voice and the music are audio tracks;
//! the captions are markers. A clip held past its end (its narration runs longer) is followed
//! by a gap of that length. Transitions are written as cuts.

mod edl;
mod fcpxml;
mod otio;

pub use edl::to_edl;
pub use fcpxml::to_fcpxml;
pub use otio::to_otio;

use std::time::Duration;

/// One clip of the edit, its media at `file` (relative to the timeline file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditorClip {
    pub name: String,
    pub file: String,
    /// The length of the media (its out point; the in point is its start).
    pub length: Duration,
    /// How long the clip's last frame is held after it on the assembled video.
    pub held: Duration,
}

/// A whole audio file laid from the start of the edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditorAudio {
    pub name: String,
    pub file: String,
    pub length: Duration,
}

/// A caption shown from `start` to `end`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditorCaption {
    pub start: Duration,
    pub end: Duration,
    pub text: String,
}

/// The edit handed to an editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditorTimeline {
    pub title: String,
    pub fps: u32,
    pub width: u32,
    pub height: u32,
    pub clips: Vec<EditorClip>,
    pub voice: Option<EditorAudio>,
    pub music: Option<EditorAudio>,
    pub captions: Vec<EditorCaption>,
}

impl EditorTimeline {
    /// `d` in whole frames at the edit's rate.
    pub fn frames(&self, d: Duration) -> u64 {
        (d.as_secs_f64() * f64::from(self.fps)).round() as u64
    }

    /// The edit's length in frames (clips and holds end to end).
    pub fn total_frames(&self) -> u64 {
        self.clips
            .iter()
            .map(|c| self.frames(c.length) + self.frames(c.held))
            .sum()
    }

    /// The audio tracks: voice, then music.
    fn audio(&self) -> impl Iterator<Item = &EditorAudio> {
        self.voice.iter().chain(self.music.iter())
    }
}

#[cfg(test)]
pub(crate) fn sample() -> EditorTimeline {
    EditorTimeline {
        title: "Cats & dogs".into(),
        fps: 30,
        width: 1080,
        height: 1920,
        clips: vec![
            EditorClip {
                name: "segment 1".into(),
                file: "media/01-segment-1.mp4".into(),
                length: Duration::from_millis(2000),
                held: Duration::ZERO,
            },
            EditorClip {
                name: "segment 2".into(),
                file: "media/02-segment-2.mp4".into(),
                length: Duration::from_millis(1500),
                held: Duration::from_millis(500),
            },
        ],
        voice: Some(EditorAudio {
            name: "voice".into(),
            file: "media/voice.wav".into(),
            length: Duration::from_millis(3900),
        }),
        music: None,
        captions: vec![EditorCaption {
            start: Duration::from_millis(100),
            end: Duration::from_millis(1200),
            text: "Hello there".into(),
        }],
    }
}
