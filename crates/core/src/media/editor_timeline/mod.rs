//! Timelines for editors (pure text): the assembled job as OpenTimelineIO JSON ([`to_otio`]),
//! a CMX 3600 EDL ([`to_edl`]) and FCPXML 1.8 ([`to_fcpxml`]), pointing at copies of the media
//! beside them. Each clip keeps its in/out points; the voice and the music are audio tracks;
//! the captions are markers. A clip held past its end (its narration runs longer) is followed
//! by a gap of that length. A crossfade or a dip between clips is written as each format's
//! transition ([`VideoItem::Transition`]): it starts at the edit and runs into the outgoing
//! clip's handle (its hold first, then the clip trimmed by the transition's length), as CMX
//! 3600 dissolves do, so the edit is as long as the assembled video.

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

/// How clips give way to each other in the edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransitionKind {
    /// The pictures blend (OTIO `SMPTE_Dissolve`, FCPXML Cross Dissolve, EDL `D`).
    Dissolve,
    /// The picture fades through black (FCPXML Fade To Color).
    DipToBlack,
}

/// The transition between every two neighbouring clips, with the length the assembly used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EditorTransition {
    pub kind: TransitionKind,
    pub length: Duration,
}

/// One item of the video track, in frames.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VideoItem {
    /// Clip `index` from its start for `frames` (its media has `media` frames).
    Clip { index: usize, frames: u64, media: u64 },
    /// A hold (black in an editor) of `frames`.
    Gap { frames: u64 },
    /// A transition from the edit point into the previous item's handle; takes no time.
    Transition { frames: u64 },
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
    /// `None`: cuts.
    pub transition: Option<EditorTransition>,
}

impl EditorTimeline {
    /// `d` in whole frames at the edit's rate.
    pub fn frames(&self, d: Duration) -> u64 {
        (d.as_secs_f64() * f64::from(self.fps)).round() as u64
    }

    /// The edit's length in frames (clips and holds end to end, transitions overlapping).
    pub fn total_frames(&self) -> u64 {
        self.video_items()
            .iter()
            .map(|item| match item {
                VideoItem::Clip { frames, .. } | VideoItem::Gap { frames } => *frames,
                VideoItem::Transition { .. } => 0,
            })
            .sum()
    }

    /// The video track: each clip, its hold, and the transition into the next clip, whose
    /// length is taken from the hold first, then from the clip's end.
    pub fn video_items(&self) -> Vec<VideoItem> {
        let fade = self
            .transition
            .map_or(0, |t| self.frames(t.length))
            .min(self.clips.iter().map(|c| self.frames(c.length)).min().unwrap_or(0));
        let mut items = Vec::with_capacity(self.clips.len() * 3);
        for (index, c) in self.clips.iter().enumerate() {
            let (media, held) = (self.frames(c.length), self.frames(c.held));
            let last = index + 1 == self.clips.len();
            let fade = if last { 0 } else { fade };
            let from_hold = fade.min(held);
            items.push(VideoItem::Clip {
                index,
                frames: media - (fade - from_hold),
                media,
            });
            if held > from_hold {
                items.push(VideoItem::Gap {
                    frames: held - from_hold,
                });
            }
            if fade > 0 {
                items.push(VideoItem::Transition { frames: fade });
            }
        }
        items
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
        transition: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_transition_runs_into_the_hold_then_the_clip_and_keeps_the_assembled_length() {
        let mut t = sample();
        assert_eq!(t.total_frames(), 120);
        t.transition = Some(EditorTransition {
            kind: TransitionKind::Dissolve,
            length: Duration::from_millis(500),
        });
        assert_eq!(
            t.video_items(),
            [
                VideoItem::Clip { index: 0, frames: 45, media: 60 },
                VideoItem::Transition { frames: 15 },
                VideoItem::Clip { index: 1, frames: 45, media: 45 },
                VideoItem::Gap { frames: 15 },
            ]
        );
        // Two clips overlapping by 0.5 s: 4 s − 0.5 s, as the assembly lays them.
        assert_eq!(t.total_frames(), 105);
        t.clips.swap(0, 1);
        let items = t.video_items();
        assert_eq!(items[0], VideoItem::Clip { index: 0, frames: 45, media: 45 });
        assert_eq!(items[1], VideoItem::Transition { frames: 15 }, "the hold is used up first");
    }
}
