//! [`Transition`] and [`Timeline`]: where each clip sits in the assembled video once
//! transitions overlap neighbouring clips. Captions, filter offsets and output validation all
//! read their times from here.

use serde::{Deserialize, Serialize};
use std::time::Duration;

/// How one clip gives way to the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Transition {
    #[default]
    Cut,
    /// The clips overlap and blend (video `xfade=fade`, audio `acrossfade`).
    Crossfade { duration: Duration },
    /// The picture fades through black (video `xfade=fadeblack`, audio `acrossfade`).
    DipToBlack { duration: Duration },
}

impl Transition {
    /// The requested overlap between neighbouring clips.
    pub fn requested_overlap(self) -> Duration {
        match self {
            Self::Cut => Duration::ZERO,
            Self::Crossfade { duration } | Self::DipToBlack { duration } => duration,
        }
    }

    /// The `xfade` transition name, `None` for a cut.
    pub fn xfade_name(self) -> Option<&'static str> {
        match self {
            Self::Cut => None,
            Self::Crossfade { .. } => Some("fade"),
            Self::DipToBlack { .. } => Some("fadeblack"),
        }
    }
}

/// One clip's place on the output timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClipSpan {
    pub start: Duration,
    pub end: Duration,
}

/// The assembled video's timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    pub spans: Vec<ClipSpan>,
    /// The overlap actually used: the requested one, at most half the shortest clip.
    pub overlap: Duration,
    pub total: Duration,
}

impl Timeline {
    /// Lay clips of the given durations end to end, overlapping by the transition.
    pub fn new(durations: &[Duration], transition: Transition) -> Self {
        let shortest = durations.iter().min().copied().unwrap_or_default();
        let overlap = if durations.len() < 2 {
            Duration::ZERO
        } else {
            transition.requested_overlap().min(shortest / 2)
        };
        let mut spans = Vec::with_capacity(durations.len());
        let mut start = Duration::ZERO;
        for &duration in durations {
            spans.push(ClipSpan {
                start,
                end: start + duration,
            });
            start = (start + duration).saturating_sub(overlap);
        }
        let total = spans.last().map(|s| s.end).unwrap_or_default();
        Self {
            spans,
            overlap,
            total,
        }
    }

    /// The `xfade`/`acrossfade` offset of the transition into clip `index` (≥ 1): where that
    /// clip starts on the timeline.
    pub fn transition_offset(&self, index: usize) -> Duration {
        self.spans[index].start
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(s: f64) -> Duration {
        Duration::from_secs_f64(s)
    }

    #[test]
    fn cuts_lay_clips_end_to_end_and_transitions_overlap() {
        let d = [secs(2.0), secs(1.5), secs(3.0)];
        let cut = Timeline::new(&d, Transition::Cut);
        assert_eq!(cut.total, secs(6.5));
        assert_eq!(cut.spans[2].start, secs(3.5));

        let fade = Timeline::new(
            &d,
            Transition::Crossfade {
                duration: secs(0.5),
            },
        );
        assert_eq!(fade.overlap, secs(0.5));
        assert_eq!(fade.spans[1].start, secs(1.5));
        assert_eq!(fade.spans[2].start, secs(2.5));
        assert_eq!(fade.total, secs(5.5));
        assert_eq!(fade.transition_offset(2), secs(2.5));

        let long = Timeline::new(
            &d,
            Transition::DipToBlack {
                duration: secs(5.0),
            },
        );
        assert_eq!(
            long.overlap,
            secs(0.75),
            "clamped to half the shortest clip"
        );
        let single = Timeline::new(
            &d[..1],
            Transition::Crossfade {
                duration: secs(1.0),
            },
        );
        assert_eq!((single.overlap, single.total), (Duration::ZERO, secs(2.0)));
    }
}
