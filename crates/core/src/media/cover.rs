//! [`write_cover`]: a cover image for an exported video, one frame of it as a JPEG of the
//! video's own size, with the title drawn near the top when asked, written under a temporary
//! name and renamed when complete.

use super::args::FfmpegArgs;
use super::captions::escape_filter_value;
use super::error::{MediaError, MediaResult};
use super::runner::{RunOptions, run_ffmpeg};
use super::tools::MediaTools;
use std::path::Path;
use std::time::Duration;

/// The frame a cover shows: one second in, or the middle of a shorter video.
pub fn cover_time(total: Duration) -> Duration {
    Duration::from_secs(1).min(total / 2)
}

/// The longest title drawn whole; a longer one ends with `…`.
const TITLE_MAX_CHARS: usize = 48;

/// Writes the frame of `video` at `at` to `out` (a `.jpg`), with `title` drawn across its
/// upper part on a dark band when given.
pub async fn write_cover(
    tools: &MediaTools,
    video: &Path,
    at: Duration,
    out: &Path,
    title: Option<&str>,
) -> MediaResult<()> {
    let temp = crate::durable::temporary_path_for(out);
    let mut args = FfmpegArgs::new();
    args.args(["-ss", &format!("{:.3}", at.as_secs_f64())])
        .input(video)
        .args(["-frames:v", "1"]);
    if let Some(filter) = title.and_then(title_filter) {
        args.args(["-vf", &filter]);
    }
    args.args(["-q:v", "3", "-f", "image2"]).output(&temp);
    let result = run_ffmpeg(tools, args, RunOptions::default()).await;
    if let Err(error) = result {
        let _ = std::fs::remove_file(&temp);
        return Err(error);
    }
    crate::durable::persist_file(&temp, out).map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        MediaError::io(out, e)
    })
}

/// The `drawtext` filter drawing `title` centred at a tenth of the height, sized to fit the
/// width (at most a fourteenth of the height); `None` for a blank title. The text is taken
/// literally (no `%{…}` expansion).
fn title_filter(title: &str) -> Option<String> {
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.is_empty() {
        return None;
    }
    let title = match title.chars().count() > TITLE_MAX_CHARS {
        true => {
            let kept: String = title.chars().take(TITLE_MAX_CHARS - 1).collect();
            format!("{}…", kept.trim_end())
        }
        false => title,
    };
    let chars = title.chars().count() + 2;
    Some(format!(
        "drawtext=text={}:expansion=none:fontcolor=white:fontsize=min(h/14\\,w*1.6/{chars})\
         :box=1:boxcolor=black@0.55:boxborderw=18:x=(w-text_w)/2:y=h/10",
        escape_filter_value(&title)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cover_is_a_second_in_or_the_middle() {
        assert_eq!(cover_time(Duration::from_secs(30)), Duration::from_secs(1));
        assert_eq!(cover_time(Duration::from_millis(1200)), Duration::from_millis(600));
    }

    #[test]
    fn a_title_is_drawn_literally_and_a_blank_one_not_at_all() {
        assert_eq!(title_filter("  \n "), None);
        let filter = title_filter("3 astuces: 100% Python").unwrap();
        assert!(filter.starts_with("drawtext=text=3 astuces\\\\: 100% Python:expansion=none:"));
        let long = title_filter(&"a".repeat(60)).unwrap();
        assert!(long.contains(&format!("{}…", "a".repeat(TITLE_MAX_CHARS - 1))));
    }
}
