//! CMX 3600 EDL: one video event per clip (reel `SEGnn`, source in/out, record in/out), the
//! voice and music as audio events on channels A and A2, each with its clip name and file in
//! `* FROM CLIP NAME:` / `* FROM CLIP:` comments; captions as `* LOC:` markers. A
//! transition is a dissolve event: a zero-length cut of the outgoing reel (`BL`, black, after
//! a hold) at the edit, then the incoming clip's `D nnn` line with its length in frames (a dip
//! to black is written as a dissolve: CMX 3600 has no dip).

use super::{EditorTimeline, VideoItem};
use std::fmt::Write as _;

/// `HH:MM:SS:FF` of `frames` at `fps` (non-drop).
fn timecode(frames: u64, fps: u32) -> String {
    let fps = u64::from(fps);
    let (s, f) = (frames / fps, frames % fps);
    format!("{:02}:{:02}:{:02}:{f:02}", s / 3600, s / 60 % 60, s % 60)
}

/// Titles and clip names on one line, without what would end or confuse an EDL line.
fn one_line(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// Starts an event line (`NNN  REEL     `) in `out`.
fn out_line_prefix<'a>(out: &'a mut String, event: u32, reel: &str) -> &'a mut String {
    let _ = write!(out, "{event:03}  {reel:<8} ");
    out
}

/// The edit as a CMX 3600 `.edl`.
pub fn to_edl(t: &EditorTimeline) -> String {
    let fps = t.fps;
    let tc = |f: u64| timecode(f, fps);
    let mut out = format!("TITLE: {}\nFCM: NON-DROP FRAME\n\n", one_line(&t.title));
    let mut event = 0;
    let mut record = 0;
    // The outgoing reel and source out of a pending transition, and its length.
    let mut outgoing: Option<(String, u64)> = None;
    let mut dissolve: Option<u64> = None;
    for item in t.video_items() {
        let (index, length) = match item {
            VideoItem::Clip { index, frames, .. } => (index, frames),
            VideoItem::Gap { frames } => {
                outgoing = Some(("BL".to_owned(), 0));
                record += frames;
                continue;
            }
            VideoItem::Transition { frames } => {
                dissolve = Some(frames);
                continue;
            }
        };
        let clip = &t.clips[index];
        event += 1;
        let reel = format!("SEG{:02}", index + 1);
        match (dissolve.take(), &outgoing) {
            (Some(frames), Some((from, from_out))) => {
                let _ = writeln!(
                    out_line_prefix(&mut out, event, from),
                    "V     C        {} {} {} {}",
                    tc(*from_out),
                    tc(*from_out),
                    tc(record),
                    tc(record)
                );
                let _ = writeln!(
                    out_line_prefix(&mut out, event, &reel),
                    "V     D {frames:03}    {} {} {} {}",
                    tc(0),
                    tc(length),
                    tc(record),
                    tc(record + length)
                );
            }
            _ => {
                let _ = writeln!(
                    out_line_prefix(&mut out, event, &reel),
                    "V     C        {} {} {} {}",
                    tc(0),
                    tc(length),
                    tc(record),
                    tc(record + length)
                );
            }
        }
        let _ = writeln!(out, "* FROM CLIP NAME: {}", one_line(&clip.name));
        let _ = writeln!(out, "* FROM CLIP: {}", one_line(&clip.file));
        if event == 1 {
            for caption in &t.captions {
                let _ = writeln!(
                    out,
                    "* LOC: {} YELLOW  {}",
                    tc(t.frames(caption.start)),
                    one_line(&caption.text)
                );
            }
        }
        out.push('\n');
        record += length;
        outgoing = Some((reel, length));
    }
    for (audio, channel) in t.audio().zip(["A ", "A2"]) {
        event += 1;
        let length = t.frames(audio.length);
        let _ = writeln!(
            out,
            "{event:03}  AX       {channel}    C        {} {} {} {}",
            tc(0),
            tc(length),
            tc(0),
            tc(length)
        );
        let _ = writeln!(out, "* FROM CLIP NAME: {}", one_line(&audio.name));
        let _ = writeln!(out, "* FROM CLIP: {}\n", one_line(&audio.file));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_carry_source_and_record_timecodes() {
        let edl = to_edl(&super::super::sample());
        assert!(edl.starts_with("TITLE: Cats & dogs\nFCM: NON-DROP FRAME\n"), "{edl}");
        assert!(
            edl.contains("001  SEG01    V     C        00:00:00:00 00:00:02:00 00:00:00:00 00:00:02:00"),
            "{edl}"
        );
        // Segment 2 starts after segment 1; its hold follows it.
        assert!(
            edl.contains("002  SEG02    V     C        00:00:00:00 00:00:01:15 00:00:02:00 00:00:03:15"),
            "{edl}"
        );
        assert!(edl.contains("* FROM CLIP: media/02-segment-2.mp4"), "{edl}");
        assert!(edl.contains("003  AX       A     C        00:00:00:00 00:00:03:27"), "{edl}");
        assert!(edl.contains("* LOC: 00:00:00:03 YELLOW  Hello there"), "{edl}");
        assert_eq!(timecode(30 * 3661 + 2, 30), "01:01:01:02");
    }

    #[test]
    fn a_transition_is_a_dissolve_event_from_the_outgoing_reel() {
        let mut t = super::super::sample();
        t.transition = Some(super::super::EditorTransition {
            kind: super::super::TransitionKind::Dissolve,
            length: std::time::Duration::from_millis(500),
        });
        let edl = to_edl(&t);
        assert!(
            edl.contains("001  SEG01    V     C        00:00:00:00 00:00:01:15 00:00:00:00 00:00:01:15"),
            "{edl}"
        );
        assert!(
            edl.contains(
                "002  SEG01    V     C        00:00:01:15 00:00:01:15 00:00:01:15 00:00:01:15\n\
                 002  SEG02    V     D 015    00:00:00:00 00:00:01:15 00:00:01:15 00:00:03:00"
            ),
            "{edl}"
        );
        // After a hold longer than the dissolve, the dissolve comes from black.
        t.clips[0].held = std::time::Duration::from_secs(1);
        let edl = to_edl(&t);
        assert!(
            edl.contains(
                "002  BL       V     C        00:00:00:00 00:00:00:00 00:00:02:15 00:00:02:15\n\
                 002  SEG02    V     D 015    00:00:00:00 00:00:01:15 00:00:02:15 00:00:04:00"
            ),
            "{edl}"
        );
    }
}
