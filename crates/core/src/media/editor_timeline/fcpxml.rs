//! FCPXML 1.8 (Final Cut Pro, also read by DaVinci Resolve): one asset per media file, the
//! clips on the project's spine with gaps for holds, the voice and music connected below the
//! first clip (lanes −1, −2), the captions as markers on the clips they fall in.

use super::EditorTimeline;
use std::fmt::Write as _;

/// Every asset holds an (empty) `metadata` element: OpenTimelineIO's FCPXML reader tests an
/// asset element's truth, which is false for an element without children, and would take an
/// audio-only asset for a video one.
const ASSET_BODY: &str = "<metadata/></asset>";

/// `N/fps s`, or `0s`.
fn t(frames: u64, fps: u32) -> String {
    match frames {
        0 => "0s".to_owned(),
        n => format!("{n}/{fps}s"),
    }
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The edit as an `.fcpxml`; each media file is `base_url` followed by its `file` (Final Cut
/// wants absolute `file://` URLs).
pub fn to_fcpxml(tl: &EditorTimeline, base_url: &str) -> String {
    let fps = tl.fps;
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE fcpxml>\n");
    x.push_str("<fcpxml version=\"1.8\">\n  <resources>\n");
    let _ = writeln!(
        x,
        "    <format id=\"r0\" name=\"FFVideoFormatRateUndefined\" frameDuration=\"1/{fps}s\" width=\"{}\" height=\"{}\"/>",
        tl.width, tl.height
    );
    for (i, c) in tl.clips.iter().enumerate() {
        let _ = writeln!(
            x,
            "    <asset id=\"c{i}\" name=\"{}\" src=\"{}\" start=\"0s\" duration=\"{}\" hasVideo=\"1\" hasAudio=\"1\" format=\"r0\" audioSources=\"1\" audioChannels=\"2\" audioRate=\"48000\">{ASSET_BODY}",
            escape(&c.name),
            escape(&format!("{base_url}{}", c.file)),
            t(tl.frames(c.length), fps)
        );
    }
    for (i, a) in tl.audio().enumerate() {
        let _ = writeln!(
            x,
            "    <asset id=\"s{i}\" name=\"{}\" src=\"{}\" start=\"0s\" duration=\"{}\" hasVideo=\"0\" hasAudio=\"1\" audioSources=\"1\" audioChannels=\"2\" audioRate=\"48000\">{ASSET_BODY}",
            escape(&a.name),
            escape(&format!("{base_url}{}", a.file)),
            t(tl.frames(a.length), fps)
        );
    }
    let title = escape(&tl.title);
    let _ = writeln!(
        x,
        "  </resources>\n  <library>\n    <event name=\"{title}\">\n      <project name=\"{title}\">\n        <sequence format=\"r0\" duration=\"{}\" tcStart=\"0s\" tcFormat=\"NDF\" audioLayout=\"stereo\" audioRate=\"48k\">\n          <spine>",
        t(tl.total_frames(), fps)
    );
    let mut offset = 0;
    for (i, c) in tl.clips.iter().enumerate() {
        let length = tl.frames(c.length);
        let _ = writeln!(
            x,
            "            <asset-clip name=\"{}\" ref=\"c{i}\" offset=\"{}\" start=\"0s\" duration=\"{}\" format=\"r0\" tcFormat=\"NDF\">",
            escape(&c.name),
            t(offset, fps),
            t(length, fps)
        );
        if i == 0 {
            for (k, a) in tl.audio().enumerate() {
                let _ = writeln!(
                    x,
                    "              <asset-clip name=\"{}\" ref=\"s{k}\" lane=\"-{}\" offset=\"0s\" start=\"0s\" duration=\"{}\"/>",
                    escape(&a.name),
                    k + 1,
                    t(tl.frames(a.length), fps)
                );
            }
        }
        for caption in &tl.captions {
            let start = tl.frames(caption.start);
            if start >= offset && start < offset + length {
                let _ = writeln!(
                    x,
                    "              <marker start=\"{}\" duration=\"{}\" value=\"{}\"/>",
                    t(start - offset, fps),
                    t(tl.frames(caption.end).saturating_sub(start).max(1), fps),
                    escape(&caption.text)
                );
            }
        }
        x.push_str("            </asset-clip>\n");
        offset += length;
        let held = tl.frames(c.held);
        if held > 0 {
            let _ = writeln!(
                x,
                "            <gap name=\"Gap\" offset=\"{}\" start=\"0s\" duration=\"{}\"/>",
                t(offset, fps),
                t(held, fps)
            );
            offset += held;
        }
    }
    x.push_str("          </spine>\n        </sequence>\n      </project>\n    </event>\n  </library>\n</fcpxml>\n");
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clips_sit_on_the_spine_with_audio_connected_and_captions_marked() {
        let xml = to_fcpxml(&super::super::sample(), "file:///x/");
        assert!(xml.contains("<event name=\"Cats &amp; dogs\">"), "{xml}");
        assert!(xml.contains("src=\"file:///x/media/02-segment-2.mp4\" start=\"0s\" duration=\"45/30s\""), "{xml}");
        assert!(xml.contains("<asset-clip name=\"segment 2\" ref=\"c1\" offset=\"60/30s\" start=\"0s\" duration=\"45/30s\""), "{xml}");
        assert!(xml.contains("<gap name=\"Gap\" offset=\"105/30s\" start=\"0s\" duration=\"15/30s\"/>"), "{xml}");
        assert!(xml.contains("ref=\"s0\" lane=\"-1\""), "{xml}");
        assert!(xml.contains("<marker start=\"3/30s\" duration=\"33/30s\" value=\"Hello there\"/>"), "{xml}");
        assert!(xml.contains("<sequence format=\"r0\" duration=\"120/30s\""), "{xml}");
    }
}
