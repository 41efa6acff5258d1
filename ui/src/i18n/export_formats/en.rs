//! English texts of the export formats.

use super::ExportFormatStrings;

pub static STRINGS: ExportFormatStrings = ExportFormatStrings {
    title: "Platform formats",
    name: |id| match id {
        "tiktok" => "TikTok",
        "reels" => "Instagram Reels",
        "shorts" => "YouTube Shorts",
        "feed45" => "Instagram feed 4:5",
        "square" => "Square 1:1",
        "youtube" => "YouTube 16:9",
        "draft" => "Fast draft (720p, the job's shape)",
        "metadata" => "Title, description and hashtags (JSON)",
        "metadata-text" => "Title, description and hashtags (text to paste)",
        _ => "Other format",
    },
    spec: |w, h, fps, kbps, lufs_tenths| {
        format!(
            "{w}×{h} · {fps} fps · up to {} Mbit/s · {:.0} LUFS",
            kbps / 1000,
            f64::from(lufs_tenths) / 10.0
        )
    },
    hint: "Export several at once from the command line: reelforge export JOB --format reels,feed45,youtube. Each is cropped, not letterboxed, with its captions kept clear of the platform's buttons.",
    files_title: "Exported files",
    megabytes: |mb| format!("{mb:.1} MB"),
};
