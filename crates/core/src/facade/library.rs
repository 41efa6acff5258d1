//! Library files of the [`Core`] facade: importing reference images ([`Core::import_asset`]),
//! attaching them to a segment ([`Core::set_segment_references`]) and finding the file behind
//! a media id for the shell's preview server ([`Core::media_file`]).
//!
//! Imports and lookups keep to one rule: a file is reached by id only, and only if it really lies inside the
//! data folder's `library` or `exports` folder once every symlink is resolved. The database,
//! the locks and anything else in the data folder cannot be named.

use super::image_check::{self, ImageInfo, ImageRefusal};
use super::{Core, EXPORTS_DIR, LIBRARY_DIR};
use crate::error::{CoreError, CoreResult};
use crate::storage::{self, assets, assets::AssetRecord, jobs, segments, takes};
use crate::time::now_ms;
use reelforge_protocol::{
    ActivityEntry, AssetId, JobDetail, JobId, MediaRef, SetSegmentReferencesRequest, TakeId,
};
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Folder of the library holding imported assets.
pub const ASSETS_DIR: &str = "assets";
/// Most reference images one segment takes.
pub const MAX_REFERENCES: usize = 4;
/// Largest file [`Core::import_asset`] accepts.
pub const MAX_IMPORT_BYTES: u64 = reelforge_protocol::limits::IMAGE_FILE_MAX_BYTES;

/// A library file the preview server may send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaFile {
    /// Canonical path, inside the library or the exports folder.
    pub path: PathBuf,
    pub content_type: &'static str,
}

/// An image [`Core::import_asset`] put in the library (or found there already).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedImage {
    pub id: AssetId,
    pub width: u32,
    pub height: u32,
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> CoreError + '_ {
    move |source| CoreError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Whether `id` can be an engine id (UUID-like); anything else names nothing.
fn plausible_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// The content type of a library file, from its extension (the engine names every file).
pub(super) fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    match ext.as_deref() {
        Some("mp4" | "m4v") => "video/mp4",
        Some("mov") => "video/quicktime",
        Some("webm") => "video/webm",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("png") => "image/png",
        Some("webp") => "image/webp",
        Some("wav") => "audio/wav",
        _ => "application/octet-stream",
    }
}

impl Core {
    /// The canonical library and exports folders (those that exist).
    fn media_roots(&self) -> Vec<PathBuf> {
        [LIBRARY_DIR, EXPORTS_DIR]
            .iter()
            .filter_map(|dir| self.data_dir().join(dir).canonicalize().ok())
            .collect()
    }

    /// `path` resolved (symlinks included) if it is a regular file inside the library or the
    /// exports folder; `None` otherwise.
    fn contained(&self, path: &Path) -> Option<PathBuf> {
        let real = path.canonicalize().ok()?;
        let inside = self.media_roots().iter().any(|root| real.starts_with(root));
        (inside && real.metadata().ok()?.is_file()).then_some(real)
    }

    /// The file behind `media`, for the preview server. `not_found` for an unknown id, a
    /// file not made yet, or one that resolves outside the library and exports folders.
    pub async fn media_file(&self, media: &MediaRef) -> CoreResult<MediaFile> {
        let (route, id) = media.route();
        let missing = || CoreError::not_found("media", format!("{route}/{id}"));
        if !plausible_id(id) {
            return Err(missing());
        }
        let candidate = match media {
            MediaRef::Take { take_id } => self.take_file(take_id).await?,
            MediaRef::TakeThumbnail { take_id } => self
                .take_file(take_id)
                .await?
                .map(|p| sibling(&p, "thumb.jpg")),
            MediaRef::TakePreview { take_id } => self
                .take_file(take_id)
                .await?
                .map(|p| sibling(&p, "preview.mp4")),
            MediaRef::FinalVideo { job_id } => self.final_video(job_id).await?,
            MediaRef::Narration { key } => Some(
                self.data_dir()
                    .join(LIBRARY_DIR)
                    .join(super::narration::NARRATION_CACHE_DIR)
                    .join(format!("{key}.wav")),
            ),
            MediaRef::CaptionFrame { key } => Some(
                self.data_dir()
                    .join(LIBRARY_DIR)
                    .join(super::voice_preview::CAPTION_PREVIEW_DIR)
                    .join(format!("{key}.jpg")),
            ),
            MediaRef::Asset { asset_id } => {
                let mut conn = self.db().reader().acquire().await?;
                match assets::get(&mut conn, asset_id).await {
                    Ok(asset) => Some(self.data_dir().join(LIBRARY_DIR).join(asset.path)),
                    Err(CoreError::NotFound { .. }) => None,
                    Err(other) => return Err(other),
                }
            }
        };
        let path = candidate
            .and_then(|p| self.contained(&p))
            .ok_or_else(missing)?;
        Ok(MediaFile {
            content_type: content_type(&path),
            path,
        })
    }

    /// A take's stored output (absolute, not yet checked for containment).
    async fn take_file(&self, take: &TakeId) -> CoreResult<Option<PathBuf>> {
        let mut conn = self.db().reader().acquire().await?;
        Ok(takes::output_path(&mut conn, take)
            .await?
            .map(|p| self.data_dir().join(LIBRARY_DIR).join(p)))
    }

    /// The newest default export of `job` (`exports/<slug>-<short id>.mp4`); the slug may
    /// have changed with the title since, so the short id decides.
    async fn final_video(&self, job: &JobId) -> CoreResult<Option<PathBuf>> {
        let mut conn = self.db().reader().acquire().await?;
        if !jobs::exists(&mut conn, job).await? {
            return Ok(None);
        }
        let short: String = job
            .as_str()
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .take(8)
            .collect();
        let suffix = format!("-{short}.mp4");
        let Ok(entries) = std::fs::read_dir(self.data_dir().join(EXPORTS_DIR)) else {
            return Ok(None);
        };
        Ok(entries
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(&suffix))
            .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
            .max()
            .map(|(_, path)| path))
    }

    /// Imports the image at `source` into the library: checked first (at most
    /// [`MAX_IMPORT_BYTES`], PNG/JPEG/WebP by content, see [`image_check`]), then copied
    /// (temporary file, fsync, rename) and recorded. Importing the same content again
    /// returns the existing asset. A refused file leaves nothing behind.
    pub async fn import_asset(&self, source: &Path) -> CoreResult<ImportedImage> {
        let name = source
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let read = {
            let source = source.to_owned();
            tokio::task::spawn_blocking(move || read_checked(&source))
        };
        let (bytes, info) = read.await.map_err(|e| CoreError::Io {
            path: source.display().to_string(),
            source: std::io::Error::other(e.to_string()),
        })??;
        let sha256 = format!("{:x}", Sha256::digest(&bytes));
        let relative = format!("{ASSETS_DIR}/{sha256}.{}", info.format.extension());
        let target = self.data_dir().join(LIBRARY_DIR).join(&relative);
        {
            let target = target.clone();
            tokio::task::spawn_blocking(move || write_atomically(&target, &bytes))
                .await
                .map_err(|e| CoreError::Io {
                    path: relative.clone(),
                    source: std::io::Error::other(e.to_string()),
                })??;
        }
        let record = AssetRecord {
            id: AssetId(storage::new_id()),
            sha256,
            kind: "image".into(),
            path: relative,
            original_name: name,
            mime: info.format.mime().into(),
            width: Some(i64::from(info.width)),
            height: Some(i64::from(info.height)),
            size_bytes: i64::try_from(target.metadata().map_err(io(&target))?.len())
                .unwrap_or(i64::MAX),
            created_at: now_ms(),
        };
        let mut tx = self.db().begin_write().await?;
        let id = assets::insert_or_existing(&mut tx, &record).await?;
        tx.commit().await?;
        Ok(ImportedImage {
            id,
            width: info.width,
            height: info.height,
        })
    }
}

impl Core {
    /// Replaces the reference images of one segment (in order; at most [`MAX_REFERENCES`]),
    /// then moves the job between draft and configured as its segments' readiness says, like
    /// [`Core::configure_segments`]. Unknown assets are `not_found`; a running job refuses.
    pub async fn set_segment_references(
        &self,
        req: &SetSegmentReferencesRequest,
    ) -> CoreResult<JobDetail> {
        if req.assets.len() > MAX_REFERENCES {
            return Err(CoreError::validation(
                "assets",
                format!("a segment takes at most {MAX_REFERENCES} reference images"),
            ));
        }
        let mut tx = self.db().begin_write().await?;
        for asset in &req.assets {
            assets::get(&mut tx, asset).await?;
        }
        let job_id = &req.segment.job_id;
        let job = jobs::get(&mut tx, job_id).await?;
        let all = segments::list_for_job(&mut tx, job_id).await?;
        let segment = all
            .iter()
            .find(|s| s.index == req.segment.index)
            .ok_or_else(|| {
                CoreError::validation(
                    "segment",
                    format!(
                        "segment {} does not exist (the job has {})",
                        req.segment.index,
                        all.len()
                    ),
                )
            })?;
        segments::set_references(&mut tx, &segment.id, &req.assets).await?;
        let set = ActivityEntry::ReferencesSet {
            index: segment.index,
            count: u32::try_from(req.assets.len()).unwrap_or(u32::MAX),
        };
        let update = super::jobs::reconfigure(&mut tx, &job, &set, now_ms()).await?;
        let detail = super::jobs::load_detail(&mut tx, job_id).await?;
        tx.commit().await?;
        self.emit(update);
        Ok(detail)
    }
}

/// `<dir>/<stem>.<suffix>` beside a take's file.
fn sibling(take: &Path, suffix: &str) -> PathBuf {
    let stem = take.file_stem().unwrap_or_default().to_string_lossy();
    take.with_file_name(format!("{stem}.{suffix}"))
}

/// Reads `source` (a regular file, at most [`MAX_IMPORT_BYTES`]) and checks it is an image.
fn read_checked(source: &Path) -> CoreResult<(Vec<u8>, ImageInfo)> {
    let shown = source
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| source.display().to_string());
    let refuse = |why: String| CoreError::validation("file", format!("{shown}: {why}"));
    let file = std::fs::File::open(source).map_err(|e| refuse(format!("cannot be read ({e})")))?;
    let meta = file.metadata().map_err(io(source))?;
    if !meta.is_file() {
        return Err(refuse("is not a file".into()));
    }
    if meta.len() > MAX_IMPORT_BYTES {
        return Err(refuse(format!(
            "is {} MB; images up to {} MB are accepted",
            meta.len().div_ceil(1024 * 1024),
            MAX_IMPORT_BYTES / (1024 * 1024)
        )));
    }
    let mut bytes = Vec::new();
    // One byte more than the limit tells a file that grew since its metadata was read.
    file.take(MAX_IMPORT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io(source))?;
    if bytes.len() as u64 > MAX_IMPORT_BYTES {
        return Err(refuse("is too large".into()));
    }
    let info = image_check::inspect(&bytes).map_err(|refusal| match refusal {
        ImageRefusal::Invalid(why) => refuse(why),
        ImageRefusal::TooManyPixels(over) => CoreError::limit(shown.clone(), over),
    })?;
    Ok((bytes, info))
}

/// Writes `bytes` durably to `target` ([`crate::durable`]); an existing `target` (same
/// content: the name is its hash) is kept.
fn write_atomically(target: &Path, bytes: &[u8]) -> CoreResult<()> {
    if target.is_file() {
        return Ok(());
    }
    crate::durable::write_durably(target, bytes).map_err(io(target))
}

#[cfg(test)]
mod tests;
