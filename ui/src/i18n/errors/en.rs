//! English texts of errors.

use super::ErrorStrings;

pub static STRINGS: ErrorStrings = ErrorStrings {
    validation: "Invalid request",
    not_found: "Not found",
    conflict: "Conflict",
    storage: "Storage error",
    internal: "Internal error",
    keychain_unavailable: "No usable keychain",
    keychain_locked: "Keychain locked",
    key_missing: "No API key",
    network: "Network error",
    provider_rejected: "Refused by the service",
    moderation: "Refused by moderation",
    budget_exceeded: "Over the budget cap",
    engine_busy: "Engine busy",
    ffmpeg_missing: "ffmpeg not found",
    ffmpeg_failed: "ffmpeg failed",
    disk_full: "Disk full",
    newer_database: "Database from a newer version",
    cancelled: "Cancelled",
    limit_exceeded: "Over a limit",
    window_only: "Only in the app's window",
    unauthorized: "Refused: no valid token",
    chain_start_unsupported: "A chained segment's provider cannot start from the previous clip's last frame: turn chaining off for it or choose a provider that takes a start frame",
    segment_busy: "This segment is being generated: wait for its take or cancel it before editing",
    clip_empty: "The video file is empty",
    clip_unreadable: "This file is not a video Reelforge can read (damaged, or an unknown format)",
    clip_trim_invalid: "The in and out points must make a span inside the clip",
    limit: |l| {
        use reelforge_protocol::Limit;
        let bytes = |b| super::size(b, ["bytes", "KB", "MB", "GB"]);
        let (value, max) = (l.value, l.maximum);
        match l.limit {
            Limit::TemplatePillar => {
                format!("The content pillar has {value} characters; at most {max} are accepted.")
            }
            Limit::TemplateBeat => {
                format!("A beat name has {value} characters; at most {max} are accepted.")
            }
            Limit::TemplateText => format!(
                "A description or style text has {value} characters; at most {max} are accepted."
            ),
            Limit::TemplateFile => format!(
                "The template file is {}; at most {} is accepted.",
                bytes(value),
                bytes(max)
            ),
            Limit::JsonDepth => {
                format!("The file is nested {value} levels deep; at most {max} are accepted.")
            }
            Limit::DownloadSize => format!(
                "The provider sent more than {}, the most a clip may weigh.",
                bytes(max)
            ),
            Limit::ImagePixels => format!(
                "The image has {} megapixels; at most {} are accepted.",
                super::megapixels(value),
                super::megapixels(max)
            ),
            Limit::ClipDuration => format!(
                "The video lasts {}; clips up to {} are accepted.",
                super::minutes(value),
                super::minutes(max)
            ),
            Limit::ClipFileSize => format!(
                "The video file is {}; at most {} is accepted.",
                bytes(value),
                bytes(max)
            ),
            Limit::ClipPixels => format!(
                "The video's frames have {} megapixels; at most {} (4K) are accepted.",
                super::megapixels(value),
                super::megapixels(max)
            ),
        }
    },
    voice_missing: "The offline voice (espeak-ng) is not installed: install the espeak-ng package",
    voice_failed: "The voice could not speak the narration",
    voice_language_unsupported: "This voice does not speak the video's language: choose another voice",

    take_moderation: |p| {
        format!("Refused by {p}'s moderation: reword the prompt or change the reference images.")
    },
    take_invalid_input: |p| {
        format!("{p} refused the request: check the prompt, duration, aspect ratio and references.")
    },
    take_insufficient_credits: |p| {
        format!("Your {p} account has no credits left: top it up, then retry.")
    },
    take_bad_key: |p| format!("{p} refused the API key, or none is set: check it in Providers."),
    take_no_key: |p| format!("No API key is set for {p}: add one in Providers."),
    take_keychain_locked: "The system keychain is locked: unlock it, then retry.",
    take_unsupported: |p| format!("{p} cannot make this clip as configured."),
    take_ffmpeg_missing: "ffmpeg was not found: install it, or choose where it is in Settings.",
    take_timed_out: |p| format!("{p} did not finish the clip in time."),
    take_output_invalid: |p| format!("The clip {p} returned is not a usable video."),
    take_download_failed: |p| format!("The clip could not be downloaded from {p}."),
    take_output_expired: |p| format!("The link to {p}'s clip expired before it was downloaded."),
    take_no_output: |p| format!("{p} finished without returning a clip."),
    take_network: |p| format!("{p} could not be reached: check the connection."),
    take_rate_limited: |p| format!("{p} is refusing more requests for now (rate limit)."),
    take_request_timeout: |p| format!("{p} did not answer in time."),
    take_server_error: |p| format!("{p} had a server error."),
    take_malformed_response: |p| format!("{p} answered with something Reelforge cannot read."),
    take_provider_failed: |p| format!("{p} could not generate this clip."),
    take_generation_lost: |p| {
        format!("{p} no longer knows this generation (it restarted, or it was removed).")
    },
    take_out_of_memory: |p| format!("{p} ran out of memory: free some, or ask for less."),
    take_disk: "The clip could not be written to disk: check the free space and the library folder.",
    take_disk_full: "The disk is full: nothing was kept of the clip. Free some space, then retry.",
    take_cancelled: "The generation was cancelled.",
    take_abandoned: |p| format!("Abandoned on your decision: check {p}'s dashboard for a charge."),
    take_submit_unknown: |p| {
        format!("The connection failed after the take was sent to {p}: it may be generating it.")
    },
    take_internal: "Reelforge could not prepare the request.",
    take_other: |p| format!("The generation on {p} failed."),
    details: "Details",
};
