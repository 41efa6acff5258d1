//! [`SegmentBars`]: one indicatif progress bar per segment of a job, on stderr, while
//! `reelforge generate --wait` runs. Hidden with `--json` (and by indicatif when stderr is not
//! a terminal), so scripts only ever see the final JSON.

use crate::output::take_status;
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use reelforge_protocol::{JobStatusReport, SegmentId, TakeStatus};
use std::collections::HashMap;

const TEMPLATE: &str = "{prefix:>4} [{bar:32}] {pos:>3}% {msg}";

/// The bars of one job's segments, keyed by segment id.
pub struct SegmentBars {
    _group: MultiProgress,
    bars: HashMap<SegmentId, ProgressBar>,
}

impl SegmentBars {
    /// A bar per segment of `report`; nothing is drawn when `hidden`.
    pub fn new(report: &JobStatusReport, hidden: bool) -> Self {
        let group = if hidden {
            MultiProgress::with_draw_target(ProgressDrawTarget::hidden())
        } else {
            MultiProgress::new()
        };
        let style = ProgressStyle::with_template(TEMPLATE)
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        let bars = report
            .segments
            .iter()
            .map(|seg| {
                let bar = group.add(
                    ProgressBar::new(100)
                        .with_style(style.clone())
                        .with_prefix(format!("#{}", seg.number)),
                );
                (seg.segment_id.clone(), bar)
            })
            .collect();
        let bars = Self {
            _group: group,
            bars,
        };
        bars.show(report);
        bars
    }

    /// Shows every segment's status and progress from a fresh report.
    pub fn show(&self, report: &JobStatusReport) {
        for seg in &report.segments {
            if let Some(bar) = self.bars.get(&seg.segment_id) {
                bar.set_position(u64::from(seg.progress));
                let message = match (seg.status, seg.error.as_deref()) {
                    (Some(TakeStatus::Succeeded), _) | (_, None) => {
                        format!("{} {}", take_status(seg.status), seg.provider)
                    }
                    (status, Some(why)) => format!("{}: {why}", take_status(status)),
                };
                bar.set_message(message);
            }
        }
    }

    /// Moves one segment's bar to `progress` percent (a throttled engine progress event).
    pub fn progress(&self, segment: &SegmentId, progress: u8) {
        if let Some(bar) = self.bars.get(segment) {
            bar.set_position(u64::from(progress.min(100)));
        }
    }

    /// Leaves the bars on screen as they are.
    pub fn finish(&self) {
        for bar in self.bars.values() {
            bar.abandon();
        }
    }
}
