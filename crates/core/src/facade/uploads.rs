//! Imports from bytes rather than from a path: what the automation API receives as an
//! upload. The bytes are first written durably into this process's work folder, under the
//! name the caller gave (reduced to a plain file name), then imported through the very path
//! the window's imports take ([`Core::import_asset`], [`Core::import_audio_file`]): the same
//! checks, the same refusals, the same library ids. The written file is removed afterwards,
//! whatever the outcome.

use super::{Core, ImportedImage};
use crate::error::{CoreError, CoreResult};
use reelforge_protocol::ImportedAudio;
use reelforge_protocol::limits::{AUDIO_UPLOAD_MAX_BYTES, IMAGE_FILE_MAX_BYTES};
use std::path::PathBuf;

/// Sub-folder of the work folder holding uploads while they are imported.
const UPLOADS_DIR: &str = "uploads";

impl Core {
    /// Imports `bytes` as a reference image, as [`Core::import_asset`] imports a file named
    /// `name` (at most [`IMAGE_FILE_MAX_BYTES`]).
    pub async fn import_asset_bytes(
        &self,
        name: &str,
        bytes: Vec<u8>,
    ) -> CoreResult<ImportedImage> {
        let upload = self.write_upload(name, bytes, IMAGE_FILE_MAX_BYTES).await?;
        let imported = self.import_asset(&upload.0).await;
        imported.map_err(|error| upload.hide_path(error))
    }

    /// Imports `bytes` as a music bed or a voice-over, as [`Core::import_audio_file`]
    /// imports a file named `name` (at most [`AUDIO_UPLOAD_MAX_BYTES`]).
    pub async fn import_audio_bytes(
        &self,
        name: &str,
        bytes: Vec<u8>,
    ) -> CoreResult<ImportedAudio> {
        let upload = self
            .write_upload(name, bytes, AUDIO_UPLOAD_MAX_BYTES)
            .await?;
        let imported = self.import_audio_file(&upload.0).await;
        imported.map_err(|error| upload.hide_path(error))
    }

    /// Writes `bytes` durably to `work/<process>/uploads/<unique>/<name>`.
    pub(super) async fn write_upload(
        &self,
        name: &str,
        bytes: Vec<u8>,
        max: u64,
    ) -> CoreResult<Upload> {
        let name = upload_name(name);
        if bytes.len() as u64 > max {
            return Err(CoreError::validation(
                "file",
                format!(
                    "{name}: is larger than the {} MB accepted",
                    max / (1024 * 1024)
                ),
            ));
        }
        let work = self
            .inner
            .provider_env
            .work
            .dir()
            .map_err(|source| CoreError::Io {
                path: "work folder".to_owned(),
                source,
            })?;
        let unique = uuid::Uuid::new_v4().simple().to_string();
        let dir = work.join(UPLOADS_DIR).join(unique);
        let path = dir.join(&name);
        let written = {
            let (dir, path) = (dir.clone(), path.clone());
            tokio::task::spawn_blocking(move || {
                std::fs::create_dir_all(&dir)?;
                crate::durable::write_durably(&path, &bytes)
            })
        };
        let upload = Upload(path, dir);
        written
            .await
            .map_err(|e| std::io::Error::other(e.to_string()))
            .and_then(|written| written)
            .map_err(|source| CoreError::Io {
                path: name.clone(),
                source,
            })?;
        Ok(upload)
    }
}

/// An upload's file and its own folder, removed when dropped.
pub(super) struct Upload(PathBuf, PathBuf);

impl Upload {
    /// The written file.
    pub(super) fn file(&self) -> &std::path::Path {
        &self.0
    }

    /// `error` without the upload's path in the work folder (ffprobe names its input): the
    /// file's name instead, so no answer names a path outside the library.
    pub(super) fn hide_path(&self, error: CoreError) -> CoreError {
        let path = self.0.display().to_string();
        let name = self
            .0
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match error {
            CoreError::Validation { field, message } => CoreError::Validation {
                field,
                message: message.replace(&path, &name),
            },
            CoreError::Io {
                path: shown,
                source,
            } => CoreError::Io {
                path: shown.replace(&path, &name),
                source,
            },
            CoreError::Clip {
                name: shown,
                refusal,
            } => CoreError::Clip {
                name: shown.replace(&path, &name),
                refusal,
            },
            other => other,
        }
    }
}

impl Drop for Upload {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.1);
    }
}

/// `name` reduced to a plain file name: its last component, without control characters,
/// at most 120 characters; `upload` when nothing usable is left.
fn upload_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = last
        .chars()
        .filter(|c| !c.is_control() && *c != ':')
        .take(120)
        .collect();
    let clean = clean.trim().trim_start_matches('.').to_owned();
    if clean.is_empty() || crate::durable::is_temporary(&clean) {
        "upload".to_owned()
    } else {
        clean
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_upload_name_is_a_plain_file_name() {
        assert_eq!(upload_name("../../etc/passwd"), "passwd");
        assert_eq!(upload_name("C:\\photos\\cat.png"), "cat.png");
        assert_eq!(upload_name(".."), "upload");
        assert_eq!(upload_name(""), "upload");
        assert_eq!(upload_name("a\nb.png"), "ab.png");
        assert_eq!(upload_name(&"x".repeat(500)).len(), 120);
    }

    #[tokio::test]
    async fn an_uploaded_image_is_imported_and_its_upload_removed() {
        let dir = tempfile::tempdir().unwrap();
        let core = Core::open(dir.path()).await.unwrap();
        let png = crate::facade::image_check::tests::png_bytes(4, 3);
        let image = core.import_asset_bytes("../cat.png", png).await.unwrap();
        assert_eq!((image.width, image.height), (4, 3));
        let refused = core
            .import_asset_bytes("x.png", b"not a png".to_vec())
            .await;
        assert!(
            matches!(refused, Err(CoreError::Validation { .. })),
            "{refused:?}"
        );
        let uploads = core
            .inner
            .provider_env
            .work
            .dir()
            .unwrap()
            .join(UPLOADS_DIR);
        let left = std::fs::read_dir(&uploads)
            .map(Iterator::count)
            .unwrap_or(0);
        assert_eq!(left, 0, "nothing is left in {}", uploads.display());
    }
}
