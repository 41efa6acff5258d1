//! OpenTimelineIO JSON (`Timeline.1` of `Track.1`s of `Clip.1`s and `Gap.1`s, captions as
//! `Marker.2`s on the video track, transitions as `Transition.1`s whose `out_offset` runs into
//! the outgoing clip's handle), as the `opentimelineio` package reads it.

use super::{EditorAudio, EditorTimeline, TransitionKind, VideoItem};
use serde_json::{Value, json};

fn time(frames: u64, fps: u32) -> Value {
    json!({"OTIO_SCHEMA": "RationalTime.1", "rate": f64::from(fps), "value": frames as f64})
}

fn range(start: u64, duration: u64, fps: u32) -> Value {
    json!({"OTIO_SCHEMA": "TimeRange.1", "start_time": time(start, fps), "duration": time(duration, fps)})
}

fn clip(name: &str, file: &str, frames: u64, media: u64, fps: u32) -> Value {
    json!({
        "OTIO_SCHEMA": "Clip.1",
        "name": name,
        "metadata": {},
        "effects": [],
        "markers": [],
        "source_range": range(0, frames, fps),
        "media_reference": {
            "OTIO_SCHEMA": "ExternalReference.1",
            "name": name,
            "metadata": {},
            "available_range": range(0, media, fps),
            "target_url": file,
        },
    })
}

fn gap(frames: u64, fps: u32) -> Value {
    json!({
        "OTIO_SCHEMA": "Gap.1", "name": "", "metadata": {}, "effects": [], "markers": [],
        "source_range": range(0, frames, fps),
    })
}

/// A transition from the edit point for `frames` into the outgoing item's handle.
fn transition(t: &EditorTimeline, frames: u64) -> Value {
    let (name, kind) = match t.transition.map(|t| t.kind) {
        Some(TransitionKind::DipToBlack) => ("Dip to black", "Custom_Transition"),
        _ => ("Cross dissolve", "SMPTE_Dissolve"),
    };
    json!({
        "OTIO_SCHEMA": "Transition.1", "name": name, "metadata": {},
        "transition_type": kind,
        "in_offset": time(0, t.fps),
        "out_offset": time(frames, t.fps),
    })
}

fn track(name: &str, kind: &str, children: Vec<Value>, markers: Vec<Value>) -> Value {
    json!({
        "OTIO_SCHEMA": "Track.1", "name": name, "kind": kind, "metadata": {}, "effects": [],
        "markers": markers, "source_range": null, "children": children,
    })
}

/// The edit as an `.otio` document.
pub fn to_otio(t: &EditorTimeline) -> String {
    let fps = t.fps;
    let video: Vec<Value> = t
        .video_items()
        .into_iter()
        .map(|item| match item {
            VideoItem::Clip {
                index,
                frames,
                media,
            } => {
                let c = &t.clips[index];
                clip(&c.name, &c.file, frames, media, fps)
            }
            VideoItem::Gap { frames } => gap(frames, fps),
            VideoItem::Transition { frames } => transition(t, frames),
        })
        .collect();
    let markers: Vec<Value> = t
        .captions
        .iter()
        .map(|c| {
            let start = t.frames(c.start);
            json!({
                "OTIO_SCHEMA": "Marker.2", "name": c.text, "comment": c.text, "color": "YELLOW",
                "metadata": {"reelforge": {"caption": true}},
                "marked_range": range(start, t.frames(c.end).saturating_sub(start), fps),
            })
        })
        .collect();
    let audio = |a: &EditorAudio| {
        let frames = t.frames(a.length);
        let audio_clip = clip(&a.name, &a.file, frames, frames, fps);
        track(&a.name, "Audio", vec![audio_clip], Vec::new())
    };
    let mut tracks = vec![track("Video", "Video", video, markers)];
    tracks.extend(t.audio().map(audio));
    let doc = json!({
        "OTIO_SCHEMA": "Timeline.1",
        "name": t.title,
        "metadata": {"reelforge": {"width": t.width, "height": t.height}},
        "global_start_time": null,
        "tracks": {
            "OTIO_SCHEMA": "Stack.1", "name": "tracks", "metadata": {}, "effects": [],
            "markers": [], "source_range": null, "children": tracks,
        },
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clips_holds_audio_and_captions_are_written() {
        let doc: Value = serde_json::from_str(&to_otio(&super::super::sample())).unwrap();
        let tracks = doc["tracks"]["children"].as_array().unwrap();
        assert_eq!(tracks.len(), 2);
        let video = tracks[0]["children"].as_array().unwrap();
        let kinds: Vec<&str> = video.iter().map(|c| c["OTIO_SCHEMA"].as_str().unwrap()).collect();
        assert_eq!(kinds, ["Clip.1", "Clip.1", "Gap.1"]);
        assert_eq!(video[1]["source_range"]["duration"]["value"], 45.0);
        assert_eq!(video[1]["media_reference"]["target_url"], "media/02-segment-2.mp4");
        assert_eq!(tracks[0]["markers"][0]["name"], "Hello there");
        assert_eq!(tracks[1]["kind"], "Audio");
    }

    #[test]
    fn transitions_sit_between_the_clips_with_their_offsets() {
        let mut t = super::super::sample();
        t.transition = Some(super::super::EditorTransition {
            kind: TransitionKind::DipToBlack,
            length: std::time::Duration::from_millis(500),
        });
        let doc: Value = serde_json::from_str(&to_otio(&t)).unwrap();
        let video = doc["tracks"]["children"][0]["children"].as_array().unwrap();
        let kinds: Vec<&str> = video.iter().map(|c| c["OTIO_SCHEMA"].as_str().unwrap()).collect();
        assert_eq!(kinds, ["Clip.1", "Transition.1", "Clip.1", "Gap.1"]);
        assert_eq!(video[0]["source_range"]["duration"]["value"], 45.0);
        assert_eq!(video[0]["media_reference"]["available_range"]["duration"]["value"], 60.0);
        assert_eq!(video[1]["out_offset"]["value"], 15.0);
        assert_eq!(video[1]["in_offset"]["value"], 0.0);
        assert_eq!(video[1]["name"], "Dip to black");
    }
}
