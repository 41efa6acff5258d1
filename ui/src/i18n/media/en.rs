//! English texts of the players, assembly, references and shortcuts.

use super::MediaStrings;

pub static STRINGS: MediaStrings = MediaStrings {
    use_take: "Use this take",
    in_use: "In the video",
    take_player: |n| format!("Take {n} preview"),
    video_unsupported: "This video cannot be played here.",

    preset: "Export",
    preset_full: |ratio, size| format!("1080p · {ratio} ({size})"),
    preset_draft: |size| format!("Draft 720p ({size}), fast"),
    transition: "Transition",
    transition_cut: "Cut",
    transition_crossfade: "Crossfade",
    transition_dip: "Dip to black",
    caption_style: "Captions in the picture",
    caption_bold_pop: "Bold pop: the spoken word pops",
    caption_karaoke: "Karaoke highlight",
    caption_clean: "Clean subtitle",
    caption_none: "None",
    caption_platform: "Keep clear of",
    platform_all: "Every platform's buttons",
    platform_tiktok: "TikTok's buttons",
    platform_reels: "Instagram Reels' buttons",
    platform_shorts: "YouTube Shorts' buttons",
    burn_captions_hint: "A .srt and a styled .ass file are written beside the video either way.",
    narrate: "Speak the narration (with the voice chosen under Voice & captions)",
    assemble: "Assemble video",
    assemble_again: "Assemble again",
    assembling: "Assembling…",
    assembling_hint: "Joining the selected takes with ffmpeg; this takes a moment.",
    assembly_failed: "Assembly failed",
    assembly_needs_takes: "Every segment needs a ready take before assembling.",
    assembly_needs_review: "Assembly opens once generation is over.",
    final_video: "Final video",
    final_summary: |preset, width, height, duration| {
        format!("{preset} · {width}×{height} · {duration}")
    },
    output_path: "Saved to",
    captions_file: "Captions",
    copy_path: "Copy path",
    copied: "Copied",
    copy_failed: "Could not copy: select the path and copy it by hand.",
    reveal_in_folder: "Show in folder",
    music_bed: "Music bed",
    voice_over: "Voice-over",
    no_audio: "None",
    choose_audio: "Choose…",
    remove_audio: "Remove",
    audio_hint: "The music is lowered under the voice-over; both are imported into the library.",
    audio_failed: "This audio file was not added",

    drop_target: "Drops go here",
    drop_arm_hint: "Click this card, then drop images on the window",
    remove_reference: |n| format!("Remove image {n}"),
    reference_n: |n| format!("Reference image {n}"),
    rejected_title: |n| {
        if n == 1 {
            "1 file not imported".to_owned()
        } else {
            format!("{n} files not imported")
        }
    },
    saving_references: "Saving images…",
    choose_files: "Choose files…",
    choose_files_hint: "Pick images with the system's file dialog",

    shortcuts_title: "Keyboard shortcuts",
    shortcuts_button: "Shortcuts",
    shortcut_play: "Play or pause the video you played last",
    shortcut_new_job: "New job",
    shortcut_generate: "Generate (new job wizard)",
    shortcut_sheet: "Show this list",
    shortcut_close: "Close a dialog",
    shortcuts_typing_note: "While you type in a field, only Ctrl/Cmd + Enter works.",
    close: "Close",
    key_space: "Space",
    key_escape: "Esc",
    key_enter: "Enter",
};
