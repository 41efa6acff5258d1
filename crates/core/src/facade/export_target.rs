//! Where an assembly goes: the export preset (the job's shape at 1080p, a named shape, a
//! draft or a preset id) and the default output file name (`<title slug>-<short id>.mp4`).

use crate::error::{CoreError, CoreResult};
use crate::media::ExportPreset;
use reelforge_protocol::{AspectRatio, JobId};
use std::path::{Path, PathBuf};

/// Longest title slug in a default output name.
const SLUG_MAX_CHARS: usize = 60;
/// Characters of the job id in a default output name.
const SHORT_ID_CHARS: usize = 8;

/// The 1080p preset of the job's shape (4:5 feed posts at 1080×1350).
pub fn default_preset(aspect: AspectRatio) -> ExportPreset {
    match aspect {
        AspectRatio::Portrait => ExportPreset::Vertical1080,
        AspectRatio::Feed => ExportPreset::Feed1080,
        AspectRatio::Landscape => ExportPreset::Landscape1080,
        AspectRatio::Square => ExportPreset::Square1080,
    }
}

/// The fast 720p draft of the job's shape, as [`default_preset`] picks the 1080p one: 9:16
/// → 720×1280, 4:5 → 720×900, 16:9 → 1280×720, 1:1 → 720×720.
pub fn draft_preset(aspect: AspectRatio) -> ExportPreset {
    match aspect {
        AspectRatio::Portrait => ExportPreset::DraftVertical720,
        AspectRatio::Feed => ExportPreset::DraftFeed720,
        AspectRatio::Landscape => ExportPreset::DraftLandscape720,
        AspectRatio::Square => ExportPreset::DraftSquare720,
    }
}

/// The preset a person names: a shape (`9x16` or `9:16`, `16x9`, `1x1`, `4x5`), `draft`
/// (720p in the job's shape), `draft-9x16`, `draft-16x9`, `draft-1x1`, `draft-4x5`, or a preset id such as
/// `vertical-1080`.
pub fn preset_named(name: &str, aspect: AspectRatio) -> CoreResult<ExportPreset> {
    let name = name.trim().to_ascii_lowercase().replace(':', "x");
    let preset = match name.as_str() {
        "9x16" | "vertical" => Some(ExportPreset::Vertical1080),
        "16x9" | "landscape" => Some(ExportPreset::Landscape1080),
        "1x1" | "square" => Some(ExportPreset::Square1080),
        "4x5" | "feed" => Some(ExportPreset::Feed1080),
        "draft" => Some(draft_preset(aspect)),
        "draft-9x16" => Some(ExportPreset::DraftVertical720),
        "draft-16x9" => Some(ExportPreset::DraftLandscape720),
        "draft-1x1" => Some(ExportPreset::DraftSquare720),
        "draft-4x5" => Some(ExportPreset::DraftFeed720),
        other => ExportPreset::from_id(other),
    };
    preset.ok_or_else(|| {
        let ids: Vec<&str> = ExportPreset::ALL.iter().map(|p| p.id()).collect();
        CoreError::validation(
            "preset",
            format!(
                "unknown preset `{name}` (expected 9x16, 16x9, 1x1, 4x5, draft, draft-9x16, \
                 draft-16x9, draft-1x1, draft-4x5 or one of {})",
                ids.join(", ")
            ),
        )
    })
}

/// The default output name of an assembly to `preset`: `<title slug>-<short id>.mp4` in the
/// job's own shape, `<title slug>-<short id>-<preset id>.mp4` in any other, so an export to
/// another shape never replaces the job's video.
pub(super) fn preset_file_name(
    title: &str,
    id: &JobId,
    preset: ExportPreset,
    aspect: AspectRatio,
) -> String {
    let name = default_file_name(title, id);
    match preset == default_preset(aspect) {
        true => name,
        false => format!("{}-{}.mp4", name.trim_end_matches(".mp4"), preset.id()),
    }
}

/// `<title slug>-<short id>.mp4`.
pub(super) fn default_file_name(title: &str, id: &JobId) -> String {
    let short: String = id
        .as_str()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(SHORT_ID_CHARS)
        .collect();
    format!("{}-{short}.mp4", title_slug(title))
}

/// Lowercase ASCII letters and digits, runs of anything else as one `-`; `video` when
/// nothing is left.
fn title_slug(title: &str) -> String {
    let mut slug = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            if slug.len() >= SLUG_MAX_CHARS {
                break;
            }
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "video".to_owned()
    } else {
        slug.to_owned()
    }
}

/// `path` made absolute against the current directory.
pub(super) fn absolute(path: &Path) -> CoreResult<PathBuf> {
    std::path::absolute(path).map_err(|source| CoreError::Io {
        path: path.display().to_string(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_preset_follows_the_job_shape() {
        assert_eq!(
            default_preset(AspectRatio::Portrait),
            ExportPreset::Vertical1080
        );
        assert_eq!(
            default_preset(AspectRatio::Landscape),
            ExportPreset::Landscape1080
        );
        assert_eq!(
            default_preset(AspectRatio::Square),
            ExportPreset::Square1080
        );
        assert_eq!(default_preset(AspectRatio::Feed), ExportPreset::Feed1080);
        assert_eq!(ExportPreset::Feed1080.size(), (1080, 1350));
    }

    #[test]
    fn presets_are_named_by_shape_draft_or_id() {
        let square = AspectRatio::Square;
        assert_eq!(
            preset_named("9x16", square).unwrap(),
            ExportPreset::Vertical1080
        );
        assert_eq!(
            preset_named("16:9", square).unwrap(),
            ExportPreset::Landscape1080
        );
        assert_eq!(
            preset_named(" 1X1 ", square).unwrap(),
            ExportPreset::Square1080
        );
        assert_eq!(
            preset_named("draft", AspectRatio::Landscape).unwrap(),
            ExportPreset::DraftLandscape720
        );
        assert_eq!(
            preset_named("draft", AspectRatio::Portrait).unwrap(),
            ExportPreset::DraftVertical720
        );
        let draft_square = preset_named("draft", square).unwrap();
        assert_eq!(draft_square, ExportPreset::DraftSquare720);
        assert_eq!(draft_square.size(), (720, 720));
        assert_eq!(
            preset_named("draft", AspectRatio::Feed).unwrap().size(),
            (720, 900)
        );
        assert_eq!(
            preset_named("draft-1x1", AspectRatio::Portrait).unwrap(),
            ExportPreset::DraftSquare720
        );
        for preset in ExportPreset::ALL {
            assert_eq!(preset_named(preset.id(), square).unwrap(), preset);
        }
        let err = preset_named("4k", square).unwrap_err();
        assert!(err.to_string().contains("unknown preset `4k`"), "{err}");
    }

    #[test]
    fn default_names_are_a_title_slug_and_a_short_id() {
        let id = JobId("0f3a9c2e-1b2c-4d5e-8f90-123456789abc".to_owned());
        assert_eq!(
            default_file_name("3 astuces Python — vite !", &id),
            "3-astuces-python-vite-0f3a9c2e.mp4"
        );
        assert_eq!(default_file_name("¡¿!", &id), "video-0f3a9c2e.mp4");
        let portrait = AspectRatio::Portrait;
        assert_eq!(
            preset_file_name("Cats", &id, ExportPreset::Vertical1080, portrait),
            "cats-0f3a9c2e.mp4"
        );
        assert_eq!(
            preset_file_name("Cats", &id, ExportPreset::Landscape1080, portrait),
            "cats-0f3a9c2e-landscape-1080.mp4"
        );
        assert!(title_slug(&"a".repeat(500)).len() <= SLUG_MAX_CHARS);
    }
}
