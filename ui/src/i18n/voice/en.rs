//! English texts of the Voice & captions section.

use super::VoiceStrings;

pub static STRINGS: VoiceStrings = VoiceStrings {
    title: "Voice & captions",
    intro: "Who reads each segment's narration, and how the words appear on screen.",
    narrate: "Read the narration aloud",
    provider: "Voice provider",
    robotic_offline: "robotic, offline",
    needs_key: "needs a key",
    robotic_note: "The offline voice runs on this computer for free, and sounds like a robot.",
    voice: "Voice",
    no_voice_for_language: |language| format!("This provider has no {language} voice."),
    language_en: "English",
    language_fr: "French",
    speed: "Speed",
    speed_value: |percent| format!("{percent}%"),
    listen: "Listen",
    listening: "Speaking…",
    sample_player: "Voice sample",
    preview_failed: "The voice could not speak",
    caption_preview: "Caption preview",
    caption_preview_button: "Draw on the take",
    caption_preview_drawing: "Drawing…",
    caption_preview_needs_take: "A preview is drawn on a segment's finished take.",
    caption_preview_alt: |style| format!("A frame of the video with captions in the {style} style"),
    lengths_title: "Voice length per segment",
    lengths_hint: "Each narration is spoken by the chosen voice and measured against its clip.",
    measure: "Measure the voice",
    measuring: "Measuring…",
    voice_vs_clip: |voice, clip| format!("voice {voice} s / clip {clip} s"),
    segment_n: |n| format!("Segment {n}"),
    no_narration: "no narration",
    music: "Music from the library",
    music_none: "No music",
    music_auto: "Picked by the video's length",
    music_track: |name, ms| format!("{name} ({:.1} s)", ms as f64 / 1000.0),
    music_settings_title: "Music",
    music_folder: "Music folder",
    music_folder_help: "The full path of a folder of tracks (MP3, M4A, WAV, FLAC, Ogg…).",
    music_folder_use: "Use",
    music_folder_clear: "No library",
    music_no_tracks: "No usable track in this folder.",
    listen_segment: |n| format!("Listen to segment {n}"),
    too_long: |n| {
        if n == 1 {
            "1 segment's voice is longer than its clip.".to_owned()
        } else {
            format!("{n} segments' voices are longer than their clips.")
        }
    },
    too_long_rule: "At assembly the clip's last frame is held until the voice ends; shorten the narration or lengthen the clip to avoid it.",
    saved: "Saved with the job",
};
