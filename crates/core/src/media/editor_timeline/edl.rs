//! CMX 3600 EDL: one video event per clip (reel `SEGnn`, source in/out, record in/out), the
//! voice and music as audio events on channels A and A2, each with its clip name and file in
//! `* FROM CLIP NAME:` / `* FROM CLIP:` comments; captions as `* LOC:` markers.

use super::EditorTimeline;
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

/// The edit as a CMX 3600 `.edl`.
pub fn to_edl(t: &EditorTimeline) -> String {
    let fps = t.fps;
    let tc = |f: u64| timecode(f, fps);
    let mut out = format!("TITLE: {}\nFCM: NON-DROP FRAME\n\n", one_line(&t.title));
    let mut event = 0;
    let mut record = 0;
    for (i, clip) in t.clips.iter().enumerate() {
        event += 1;
        let length = t.frames(clip.length);
        let reel = format!("SEG{:02}", i + 1);
        let _ = writeln!(
            out,
            "{event:03}  {reel:<8} V     C        {} {} {} {}",
            tc(0),
            tc(length),
            tc(record),
            tc(record + length)
        );
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
        record += length + t.frames(clip.held);
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
}
