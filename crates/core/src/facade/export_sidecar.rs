//! The metadata sidecar of a multi-format export: `<title slug>-<short id>.json` (title,
//! description, hashtags, language, the writer, and each format's file names) and
//! `<…>.txt` (the same words ready to paste), beside the videos. The words are written by
//! the configured script writer in the job's language ([`Core::write_post`]); a chat writer
//! that fails falls back to the offline writer, which the sidecar's `writer` says. Never
//! written over an earlier sidecar unless asked (`-2`, `-3` … instead), and each file is
//! written beside under a temporary name then renamed, so no partial file is left.

use super::Core;
use super::narration::job_language;
use crate::error::{CoreError, CoreResult};
use crate::media::FormatsExport;
use crate::script::post::{PostBrief, PostText, write_post_offline};
use crate::script::{OfflineWriter, ScriptWriter};
use reelforge_protocol::{ExportFormat, ExportedFile, JobDetail, ScriptLanguage};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The [`ExportedFile::format`] of the JSON sidecar.
pub const SIDECAR_JSON: &str = "metadata";
/// The [`ExportedFile::format`] of the text sidecar.
pub const SIDECAR_TEXT: &str = "metadata-text";

/// The words of the post and who wrote them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenPost {
    pub post: PostText,
    pub language: ScriptLanguage,
    /// The writer's name (`offline`, `chat:<model>`).
    pub writer: String,
}

/// The JSON sidecar.
#[derive(Debug, Serialize)]
struct Sidecar<'a> {
    title: &'a str,
    description: &'a str,
    hashtags: &'a [String],
    language: ScriptLanguage,
    writer: &'a str,
    /// Format id → its files' names (`video`, `cover`).
    formats: BTreeMap<String, BTreeMap<&'static str, String>>,
}

/// The post as pasted: the title, a blank line, the description, a blank line, the hashtags.
pub fn paste_text(post: &PostText) -> String {
    format!(
        "{}\n\n{}\n\n{}\n",
        post.title,
        post.description,
        post.hashtags.join(" ")
    )
}

/// `<stem>.json` and `<stem>.txt` in `dir`, or `<stem>-2.…` … when either is taken and
/// overwriting was not asked.
pub fn sidecar_names(dir: &Path, stem: &str, overwrite: bool) -> (PathBuf, PathBuf) {
    let pair = |name: String| {
        (
            dir.join(format!("{name}.json")),
            dir.join(format!("{name}.txt")),
        )
    };
    let first = pair(stem.to_owned());
    if overwrite || (!first.0.exists() && !first.1.exists()) {
        return first;
    }
    (2..)
        .map(|n| pair(format!("{stem}-{n}")))
        .find(|(json, text)| !json.exists() && !text.exists())
        .unwrap_or(first)
}

/// Writes `bytes` to `path` through a `.<name>.part` file beside it (removed on failure).
fn write_whole(path: &Path, bytes: &[u8]) -> CoreResult<()> {
    let io = |source| CoreError::Io {
        path: path.display().to_string(),
        source,
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let part = path.with_file_name(format!(".{}.part", name.unwrap_or_default()));
    let written = std::fs::write(&part, bytes).and_then(|()| std::fs::rename(&part, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&part);
    }
    written.map_err(io)
}

/// Writes the sidecar pair for the exported `files` and lists them.
pub fn write_sidecar(
    dir: &Path,
    stem: &str,
    overwrite: bool,
    written: &WrittenPost,
    files: &[ExportedFile],
) -> CoreResult<Vec<ExportedFile>> {
    let (json_path, text_path) = sidecar_names(dir, stem, overwrite);
    let mut formats: BTreeMap<String, BTreeMap<&'static str, String>> = BTreeMap::new();
    for file in files {
        let name = Path::new(&file.path)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (format, kind) = match file.format.strip_suffix("-cover") {
            Some(format) => (format, "cover"),
            None => (file.format.as_str(), "video"),
        };
        formats
            .entry(format.to_owned())
            .or_default()
            .insert(kind, name);
    }
    let sidecar = Sidecar {
        title: &written.post.title,
        description: &written.post.description,
        hashtags: &written.post.hashtags,
        language: written.language,
        writer: &written.writer,
        formats,
    };
    let json =
        serde_json::to_vec_pretty(&sidecar).map_err(|e| CoreError::Corrupt(e.to_string()))?;
    write_whole(&json_path, &json)?;
    write_whole(&text_path, paste_text(&written.post).as_bytes())?;
    Ok([(SIDECAR_JSON, json_path), (SIDECAR_TEXT, text_path)]
        .into_iter()
        .map(|(format, path)| ExportedFile {
            format: format.to_owned(),
            bytes: std::fs::metadata(&path).map_or(0, |m| m.len()),
            path: path.display().to_string(),
            width: 0,
            height: 0,
        })
        .collect())
}

impl Core {
    /// Writes the sidecar of an export of `formats` (its videos and covers) to `dir`.
    pub(super) async fn export_sidecar(
        &self,
        detail: &JobDetail,
        dir: &Path,
        stem: &str,
        formats: &[ExportFormat],
        (export, covers): (&FormatsExport, &[PathBuf]),
        overwrite: bool,
    ) -> CoreResult<Vec<ExportedFile>> {
        let written = self.write_post(detail).await?;
        let mut files = Vec::new();
        for ((format, file), cover) in formats.iter().zip(&export.files).zip(covers) {
            for (id, path) in [
                (format.id.to_owned(), &file.output),
                (format!("{}-cover", format.id), cover),
            ] {
                files.push(ExportedFile {
                    format: id,
                    path: path.display().to_string(),
                    width: 0,
                    height: 0,
                    bytes: 0,
                });
            }
        }
        write_sidecar(dir, stem, overwrite, &written, &files)
    }

    /// The post of the job (title, description, hashtags) by the configured writer in the
    /// job's language; the offline writer's when the configured one fails.
    pub async fn write_post(&self, detail: &JobDetail) -> CoreResult<WrittenPost> {
        let language = job_language(detail);
        let brief = PostBrief {
            title: detail.summary.title.clone(),
            subject: detail.summary.subject.clone(),
            pillar: String::new(),
            language,
            narration: detail
                .segments
                .iter()
                .map(|s| s.narration.trim().to_owned())
                .filter(|n| !n.is_empty())
                .collect(),
        };
        let writer = self.script_writer().await?;
        let (post, name) = match writer.write_post(&brief).await {
            Ok(post) => (post, writer.name()),
            Err(error) => {
                tracing::warn!(writer = %writer.name(), "the post falls back to the offline writer: {error}");
                (write_post_offline(&brief), OfflineWriter.name())
            }
        };
        Ok(WrittenPost {
            post,
            language,
            writer: name,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written() -> WrittenPost {
        WrittenPost {
            post: PostText {
                title: "Cats".into(),
                description: "Cats, explained.".into(),
                hashtags: vec!["#cats".into(), "#tips".into()],
            },
            language: ScriptLanguage::En,
            writer: "offline".into(),
        }
    }

    fn file(format: &str, path: &str) -> ExportedFile {
        ExportedFile {
            format: format.into(),
            path: path.into(),
            width: 1080,
            height: 1920,
            bytes: 1,
        }
    }

    #[test]
    fn the_sidecar_names_each_formats_files_and_never_overwrites_unless_asked() {
        let dir = tempfile::tempdir().unwrap();
        let files = [
            file("reels", "/x/cats-0f3a-reels.mp4"),
            file("reels-cover", "/x/cats-0f3a-reels.jpg"),
        ];
        let first = write_sidecar(dir.path(), "cats-0f3a", false, &written(), &files).unwrap();
        assert_eq!(first[0].format, SIDECAR_JSON);
        assert_eq!(
            first[0].path,
            dir.path().join("cats-0f3a.json").display().to_string()
        );
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&first[0].path).unwrap()).unwrap();
        assert_eq!(json["hashtags"][1], "#tips");
        assert_eq!(json["language"], "en");
        assert_eq!(json["formats"]["reels"]["video"], "cats-0f3a-reels.mp4");
        assert_eq!(json["formats"]["reels"]["cover"], "cats-0f3a-reels.jpg");
        let text = std::fs::read_to_string(&first[1].path).unwrap();
        assert_eq!(text, "Cats\n\nCats, explained.\n\n#cats #tips\n");

        let again = write_sidecar(dir.path(), "cats-0f3a", false, &written(), &files).unwrap();
        assert_eq!(
            again[0].path,
            dir.path().join("cats-0f3a-2.json").display().to_string()
        );
        assert_eq!(
            again[1].path,
            dir.path().join("cats-0f3a-2.txt").display().to_string()
        );
        assert_eq!(std::fs::read_to_string(&first[1].path).unwrap(), text);
        let over = write_sidecar(dir.path(), "cats-0f3a", true, &written(), &files).unwrap();
        assert_eq!(over[0].path, first[0].path);
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 4, "no temporary file is left");
    }
}
