//! FCPXML 1.8 (Final Cut Pro, also read by DaVinci Resolve): one asset per media file, the
//! clips on the project's spine with gaps for holds, the voice and music connected below the
//! first clip (lanes −1, −2), the captions as markers on the clips they fall in, and
//! transitions as `<transition>`s (Cross Dissolve, or Fade To Color for a dip) from the edit
//! into the outgoing clip's handle.

use super::{EditorTimeline, TransitionKind, VideoItem};
use std::fmt::Write as _;

/// Every asset holds an (empty) `metadata` element: OpenTimelineIO's FCPXML reader tests an
/// asset element's truth, which is false for an element without children, and would take an
/// audio-only asset for a video one.
const ASSET_BODY: &str = "<metadata/></asset>";

/// Final Cut's built-in transition effects: (name, uid).
const CROSS_DISSOLVE: (&str, &str) = ("Cross Dissolve", "FxPlug:4731E73A-8DAC-4113-9A30-AE85B1761265");
const FADE_TO_COLOR: (&str, &str) = (
    "Fade To Color",
    ".../Transitions.localized/Dissolves.localized/Fade To Color.localized/Fade To Color.motn",
);

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
    let effect = tl.transition.map(|t| match t.kind {
        TransitionKind::Dissolve => CROSS_DISSOLVE,
        TransitionKind::DipToBlack => FADE_TO_COLOR,
    });
    if let Some((name, uid)) = effect {
        let _ = writeln!(
            x,
            "    <effect id=\"fx0\" name=\"{name}\" uid=\"{}\"/>",
            escape(uid)
        );
    }
    let title = escape(&tl.title);
    let _ = writeln!(
        x,
        "  </resources>\n  <library>\n    <event name=\"{title}\">\n      <project name=\"{title}\">\n        <sequence format=\"r0\" duration=\"{}\" tcStart=\"0s\" tcFormat=\"NDF\" audioLayout=\"stereo\" audioRate=\"48k\">\n          <spine>",
        t(tl.total_frames(), fps)
    );
    let mut offset = 0;
    for item in tl.video_items() {
        let (i, length) = match item {
            VideoItem::Clip { index, frames, .. } => (index, frames),
            VideoItem::Gap { frames } => {
                let _ = writeln!(
                    x,
                    "            <gap name=\"Gap\" offset=\"{}\" start=\"0s\" duration=\"{}\"/>",
                    t(offset, fps),
                    t(frames, fps)
                );
                offset += frames;
                continue;
            }
            VideoItem::Transition { frames } => {
                let (name, _) = effect.unwrap_or(CROSS_DISSOLVE);
                let _ = writeln!(
                    x,
                    "            <transition name=\"{name}\" offset=\"{}\" duration=\"{}\">\n              <filter-video ref=\"fx0\" name=\"{name}\"/>\n            </transition>",
                    t(offset, fps),
                    t(frames, fps)
                );
                continue;
            }
        };
        let c = &tl.clips[i];
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
        assert!(!xml.contains("<transition"), "cuts only: {xml}");
    }

    #[test]
    fn a_dissolve_starts_at_the_edit_and_the_outgoing_clip_is_trimmed() {
        let mut tl = super::super::sample();
        tl.transition = Some(super::super::EditorTransition {
            kind: TransitionKind::Dissolve,
            length: std::time::Duration::from_millis(500),
        });
        let xml = to_fcpxml(&tl, "file:///x/");
        assert!(xml.contains("<effect id=\"fx0\" name=\"Cross Dissolve\""), "{xml}");
        assert!(xml.contains("<asset-clip name=\"segment 1\" ref=\"c0\" offset=\"0s\" start=\"0s\" duration=\"45/30s\""), "{xml}");
        assert!(xml.contains("<transition name=\"Cross Dissolve\" offset=\"45/30s\" duration=\"15/30s\">"), "{xml}");
        assert!(xml.contains("<asset-clip name=\"segment 2\" ref=\"c1\" offset=\"45/30s\""), "{xml}");
        assert!(xml.contains("<sequence format=\"r0\" duration=\"105/30s\""), "{xml}");
    }
}
