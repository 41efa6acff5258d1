//! The limits on what enters Reelforge, stated once: each a named constant with the reason
//! for its value, and [`LimitExceeded`], the one error every entry (the CLI, the IPC
//! commands, file imports, provider downloads) returns when a value is over its limit.
//!
//! The engine enforces them; the UI reads them from here to say them before a person types
//! too much, and words a [`LimitExceeded`] from its structure (which [`Limit`], the value
//! found, the maximum) in its own language. Values are counted in the [`LimitUnit`] of their
//! limit: characters (Unicode scalar values, not bytes), bytes, nesting levels or pixels.

use serde::{Deserialize, Serialize};

/// Longest content pillar of a template ("tips", "education", "behind the scenes"): a label
/// shown in lists and tables, so a few words. A 50 MB pillar was once stored and then printed
/// by every `templates list`.
pub const TEMPLATE_PILLAR_MAX_CHARS: u64 = 60;

/// Longest beat name of a template ("hook", "call to action"): a label per segment.
pub const TEMPLATE_BEAT_MAX_CHARS: u64 = 60;

/// Longest free text of a template (its description and each style default): they are
/// prepended to every prompt, and providers take 1,000 to 6,000 characters of prompt.
pub const TEMPLATE_TEXT_MAX_CHARS: u64 = 2_000;

/// Largest template file `templates import` and the import command read: a template with
/// every text at its maximum is under 20 KB of JSON; anything far larger is not a template.
pub const TEMPLATE_FILE_MAX_BYTES: u64 = 256 * 1024;

/// Deepest nesting of arrays and objects in an imported JSON file, unknown fields included
/// (they are skipped, but the parser still walks them): a template is three levels deep,
/// and a file nested thousands of levels deep exists only to exhaust the stack.
pub const JSON_MAX_DEPTH: u64 = 32;

/// Largest output file a provider may send for one clip: a 10 s 4K clip at 100 Mb/s is
/// about 125 MB, so 1 GiB leaves ample room while a body that never ends stops there.
pub const DOWNLOAD_MAX_BYTES: u64 = 1024 * 1024 * 1024;

/// Most pixels a reference image may have: 8192 × 8192 (67 Mpx, larger than any camera
/// photo). Its decoded RGBA frame is 256 MiB; a 16384² image (268 Mpx, 1 GiB decoded) can
/// be a 1 MB file, a decompression bomb for the thumbnailer and every provider upload.
pub const IMAGE_MAX_PIXELS: u64 = 8192 * 8192;

/// Largest reference image imported (a drop, a file dialog, an upload to the automation
/// API): 50 MiB, more than any camera photo; an image is read whole to be checked.
pub const IMAGE_FILE_MAX_BYTES: u64 = 50 * 1024 * 1024;

/// Largest audio file uploaded to the automation API (a music bed, a voice-over): 200 MiB,
/// about 20 minutes of uncompressed stereo WAV, far more than a short video's sound; an
/// upload is held in memory before it is written to the work folder.
pub const AUDIO_UPLOAD_MAX_BYTES: u64 = 200 * 1024 * 1024;

/// Longest video imported as a segment's own clip: 10 minutes. A segment lasts seconds; a
/// longer file is a whole recording, trimmed here only at the cost of copying it whole.
pub const CLIP_MAX_SECONDS: u64 = 10 * 60;

/// Largest video file imported as a segment's own clip: 2 GiB, about 10 minutes of 4K at
/// 25 Mb/s; the file is copied into the library before it is trimmed.
pub const CLIP_FILE_MAX_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// Most pixels in one frame of an imported clip: DCI 4K (4096 × 2160), in either
/// orientation. An 8K frame (33 Mpx) is four times as much to decode for a 1080p video.
pub const CLIP_MAX_PIXELS: u64 = 4096 * 2160;

/// Largest video uploaded to the automation API as a clip: 512 MiB. An upload is held in
/// memory before it is written to the work folder, so far less than [`CLIP_FILE_MAX_BYTES`];
/// a larger clip is imported from the window or the CLI, which read the file in place.
pub const CLIP_UPLOAD_MAX_BYTES: u64 = 512 * 1024 * 1024;

/// Which limit a value is over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Limit {
    /// [`TEMPLATE_PILLAR_MAX_CHARS`]
    TemplatePillar,
    /// [`TEMPLATE_BEAT_MAX_CHARS`]
    TemplateBeat,
    /// [`TEMPLATE_TEXT_MAX_CHARS`]
    TemplateText,
    /// [`TEMPLATE_FILE_MAX_BYTES`]
    TemplateFile,
    /// [`JSON_MAX_DEPTH`]
    JsonDepth,
    /// [`DOWNLOAD_MAX_BYTES`]
    DownloadSize,
    /// [`IMAGE_MAX_PIXELS`]
    ImagePixels,
    /// [`CLIP_MAX_SECONDS`]
    ClipDuration,
    /// [`CLIP_FILE_MAX_BYTES`]
    ClipFileSize,
    /// [`CLIP_MAX_PIXELS`]
    ClipPixels,
}

/// What a limit's values count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum LimitUnit {
    Characters,
    Bytes,
    Levels,
    Pixels,
    Seconds,
}

impl Limit {
    /// Every limit, in declaration order.
    pub const ALL: [Limit; 10] = [
        Self::TemplatePillar,
        Self::TemplateBeat,
        Self::TemplateText,
        Self::TemplateFile,
        Self::JsonDepth,
        Self::DownloadSize,
        Self::ImagePixels,
        Self::ClipDuration,
        Self::ClipFileSize,
        Self::ClipPixels,
    ];

    /// The limit's value.
    pub fn maximum(self) -> u64 {
        match self {
            Self::TemplatePillar => TEMPLATE_PILLAR_MAX_CHARS,
            Self::TemplateBeat => TEMPLATE_BEAT_MAX_CHARS,
            Self::TemplateText => TEMPLATE_TEXT_MAX_CHARS,
            Self::TemplateFile => TEMPLATE_FILE_MAX_BYTES,
            Self::JsonDepth => JSON_MAX_DEPTH,
            Self::DownloadSize => DOWNLOAD_MAX_BYTES,
            Self::ImagePixels => IMAGE_MAX_PIXELS,
            Self::ClipDuration => CLIP_MAX_SECONDS,
            Self::ClipFileSize => CLIP_FILE_MAX_BYTES,
            Self::ClipPixels => CLIP_MAX_PIXELS,
        }
    }

    pub fn unit(self) -> LimitUnit {
        match self {
            Self::TemplatePillar | Self::TemplateBeat | Self::TemplateText => LimitUnit::Characters,
            Self::TemplateFile | Self::DownloadSize | Self::ClipFileSize => LimitUnit::Bytes,
            Self::JsonDepth => LimitUnit::Levels,
            Self::ImagePixels | Self::ClipPixels => LimitUnit::Pixels,
            Self::ClipDuration => LimitUnit::Seconds,
        }
    }

    /// What the limit bounds, in English (logs, the CLI, `message`).
    pub fn subject(self) -> &'static str {
        match self {
            Self::TemplatePillar => "a template's content pillar",
            Self::TemplateBeat => "a template's beat name",
            Self::TemplateText => "a template's description or style text",
            Self::TemplateFile => "a template file",
            Self::JsonDepth => "the nesting of a JSON file",
            Self::DownloadSize => "a provider's output file",
            Self::ImagePixels => "a reference image",
            Self::ClipDuration => "the length of an imported clip",
            Self::ClipFileSize => "an imported clip's file",
            Self::ClipPixels => "the frame size of an imported clip",
        }
    }

    /// `value` checked against this limit.
    pub fn check(self, value: u64) -> Result<(), LimitExceeded> {
        if value > self.maximum() {
            Err(LimitExceeded {
                limit: self,
                value,
                maximum: self.maximum(),
            })
        } else {
            Ok(())
        }
    }

    /// `text`'s length in characters checked against this limit.
    pub fn check_chars(self, text: &str) -> Result<(), LimitExceeded> {
        self.check(text.chars().count() as u64)
    }
}

impl LimitUnit {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Characters => "characters",
            Self::Bytes => "bytes",
            Self::Levels => "levels",
            Self::Pixels => "pixels",
            Self::Seconds => "seconds",
        }
    }
}

/// A value over its limit: which limit, the value found (at least; a reader may stop
/// counting once past the maximum) and the maximum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[error(
    "{} is over its limit: {value} {unit}, at most {maximum} accepted",
    limit.subject(),
    unit = limit.unit().as_str()
)]
pub struct LimitExceeded {
    pub limit: Limit,
    pub value: u64,
    pub maximum: u64,
}

/// A JSON file's body checked before it is parsed: at most [`TEMPLATE_FILE_MAX_BYTES`], and
/// nested at most [`JSON_MAX_DEPTH`] deep (brackets inside strings do not count; the text
/// need not be valid JSON, the parser says what else is wrong).
pub fn check_json_file(text: &str) -> Result<(), LimitExceeded> {
    Limit::TemplateFile.check(text.len() as u64)?;
    Limit::JsonDepth.check(json_depth(text))
}

/// The deepest nesting of arrays and objects in `text`.
pub fn json_depth(text: &str) -> u64 {
    let (mut depth, mut deepest) = (0u64, 0u64);
    let (mut in_string, mut escaped) = (false, false);
    for byte in text.bytes() {
        if in_string {
            match (escaped, byte) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_at_the_maximum_passes_and_one_over_is_refused_with_its_structure() {
        assert_eq!(Limit::ImagePixels.check(8192 * 8192), Ok(()));
        let err = Limit::ImagePixels.check(16384 * 16384).unwrap_err();
        assert_eq!(
            err,
            LimitExceeded {
                limit: Limit::ImagePixels,
                value: 268_435_456,
                maximum: 67_108_864
            }
        );
        assert_eq!(
            err.to_string(),
            "a reference image is over its limit: 268435456 pixels, at most 67108864 accepted"
        );
        assert_eq!(
            serde_json::to_value(err).unwrap(),
            serde_json::json!({"limit": "image_pixels", "value": 268_435_456u64, "maximum": 67_108_864u64})
        );
        assert!(Limit::TemplatePillar.check_chars(&"é".repeat(60)).is_ok());
        assert!(Limit::TemplatePillar.check_chars(&"é".repeat(61)).is_err());
    }

    #[test]
    fn json_depth_counts_brackets_outside_strings_only() {
        assert_eq!(json_depth(r#"{"a": [1, {"b": "]]]{{{"}]}"#), 3);
        assert_eq!(json_depth(r#"{"a": "\\\"[["}"#), 1);
        assert_eq!(json_depth("plain"), 0);
        let deep = format!("{}{}", "[".repeat(33), "]".repeat(33));
        assert_eq!(
            check_json_file(&deep).unwrap_err(),
            LimitExceeded {
                limit: Limit::JsonDepth,
                value: 33,
                maximum: 32
            }
        );
        let big = format!("\"{}\"", "x".repeat(300 * 1024));
        assert_eq!(
            check_json_file(&big).unwrap_err().limit,
            Limit::TemplateFile
        );
    }

    #[test]
    fn every_limit_has_its_own_subject() {
        let subjects: std::collections::HashSet<&str> =
            Limit::ALL.iter().map(|l| l.subject()).collect();
        assert_eq!(subjects.len(), Limit::ALL.len());
    }
}
