//! The texts of the platform export formats and of a job's exported files, in English and
//! French. Same rule as [`super::Strings`]: both languages fill every field.

mod en;
mod fr;

use super::Lang;

#[derive(Debug)]
pub struct ExportFormatStrings {
    pub title: &'static str,
    /// The format's name by its id (`reels` → "Instagram Reels").
    pub name: fn(&str) -> &'static str,
    /// "1080×1920 · 30 fps · up to 8 Mbit/s · −14 LUFS".
    pub spec: fn(u32, u32, u32, u32, i32) -> String,
    pub hint: &'static str,
    pub files_title: &'static str,
    /// A file's size in MB.
    pub megabytes: fn(f64) -> String,
}

pub fn export_formats(lang: Lang) -> &'static ExportFormatStrings {
    match lang {
        Lang::En => &en::STRINGS,
        Lang::Fr => &fr::STRINGS,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_is_named_in_both_languages() {
        for format in reelforge_protocol::EXPORT_FORMATS {
            for lang in [Lang::En, Lang::Fr] {
                assert!(
                    !(export_formats(lang).name)(format.id).is_empty(),
                    "{}",
                    format.id
                );
            }
        }
        assert_eq!(
            (export_formats(Lang::Fr).name)("feed45"),
            "Fil Instagram 4:5"
        );
        assert_eq!((export_formats(Lang::Fr).megabytes)(2.5), "2,5 Mo");
        for sidecar in ["metadata", "metadata-text"] {
            let (en, fr) = (
                (export_formats(Lang::En).name)(sidecar),
                (export_formats(Lang::Fr).name)(sidecar),
            );
            assert!(
                en.starts_with("Title") && fr.starts_with("Titre"),
                "{sidecar}"
            );
        }
    }
}
