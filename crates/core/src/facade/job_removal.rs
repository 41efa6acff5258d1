//! Deleting jobs with their files, one or a batch at a time: the rows go in one write
//! transaction (a job with something under way is refused: it must be cancelled first), then
//! the files only the deleted jobs owned — each take's output with its thumbnail, preview and
//! any leftover partial download, unless another take still points at the same file; and the
//! job's exports in the exports folder (`<title slug>-<short id>…`), unless a job that stays
//! has the same short id. Files the person exported elsewhere are theirs and stay.
//! A crash between the commit and the file removal leaves files without rows (never rows
//! without files).

use super::{Core, EXPORTS_DIR, LIBRARY_DIR};
use crate::error::{CoreError, CoreResult};
use crate::pipeline::chain::frame_path;
use crate::storage::bulk_selection::{self, SelectedJob};
use crate::storage::takes::job_files;
use reelforge_protocol::{BulkRefusalReason, BulkSummary, JobId, JobStatus};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Characters of a job id an export's file name carries (see `default_file_name`).
const SHORT_ID_CHARS: usize = 8;
/// Job ids read at a time when checking which jobs stay.
const ID_SCAN_BATCH: u32 = 10_000;

/// The short id an export file name carries for `job`.
fn short_id(job: &JobId) -> String {
    job.as_str()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(SHORT_ID_CHARS)
        .collect()
}

/// The short ids a file name in the exports folder may carry: `-<8 letters or digits>`
/// followed by `.` or `-`.
fn shorts_in_name(name: &str) -> Vec<&str> {
    let bytes = name.as_bytes();
    let mut found = Vec::new();
    for (i, b) in bytes.iter().enumerate() {
        let end = i + 1 + SHORT_ID_CHARS;
        if *b == b'-'
            && end < bytes.len()
            && bytes[i + 1..end].iter().all(u8::is_ascii_alphanumeric)
            && matches!(bytes[end], b'.' | b'-')
        {
            found.push(&name[i + 1..end]);
        }
    }
    found
}

/// Removes a file, a missing one being already removed.
fn remove_if_there(path: &Path) -> std::io::Result<bool> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}

/// A take's output and the files made beside it.
fn take_files(output: &Path) -> [PathBuf; 4] {
    let mut part = output.as_os_str().to_owned();
    part.push(".part");
    [
        output.to_owned(),
        output.with_extension("thumb.jpg"),
        output.with_extension("preview.mp4"),
        PathBuf::from(part),
    ]
}

impl Core {
    /// Deletes a job with its segments, takes, log and files. A job with something under way
    /// (generating, assembling, a take at a provider) must be cancelled first.
    pub async fn delete_job(&self, id: &JobId) -> CoreResult<()> {
        let mut summary = BulkSummary::default();
        let selected = {
            let mut conn = self.db().reader().acquire().await?;
            bulk_selection::by_ids(&mut conn, std::slice::from_ref(id)).await?
        };
        if selected.is_empty() {
            return Err(CoreError::not_found("job", id.as_str()));
        }
        self.delete_batch(selected, &mut summary).await?;
        match summary.refused.pop().map(|r| r.reason) {
            None => Ok(()),
            Some(BulkRefusalReason::UnderWay { status }) => Err(CoreError::Conflict(format!(
                "the job is {} with something under way: cancel it before deleting it",
                status.as_str()
            ))),
            Some(BulkRefusalReason::NotFound) => Err(CoreError::not_found("job", id.as_str())),
            Some(other) => Err(CoreError::Conflict(format!(
                "the job was not deleted: {other:?}"
            ))),
        }
    }

    /// Deletes a batch of jobs and then their files, counting each deleted one as done and
    /// refusing (in `summary`) those with something under way.
    pub(super) async fn delete_batch(
        &self,
        batch: Vec<SelectedJob>,
        summary: &mut BulkSummary,
    ) -> CoreResult<()> {
        let mut tx = self.db().begin_write().await?;
        let ids: Vec<JobId> = batch.iter().map(|j| j.id.clone()).collect();
        // Read again inside the write transaction: the status may have changed since.
        let current = bulk_selection::by_ids(&mut tx, &ids).await?;
        let under_way = job_files::jobs_under_way(&mut tx, &ids).await?;
        let mut doomed = Vec::with_capacity(current.len());
        for job in &batch {
            let Some(now) = current.iter().find(|c| c.id == job.id) else {
                summary.refuse(
                    job.id.clone(),
                    job.title.clone(),
                    BulkRefusalReason::NotFound,
                );
                continue;
            };
            let busy = matches!(now.status, JobStatus::Generating | JobStatus::Assembling);
            if busy || under_way.contains(&now.id) {
                let reason = BulkRefusalReason::UnderWay { status: now.status };
                summary.refuse(now.id.clone(), now.title.clone(), reason);
            } else {
                doomed.push(now.id.clone());
            }
        }
        let outputs = job_files::output_paths_for_jobs(&mut tx, &doomed).await?;
        let chain_frames: Vec<PathBuf> = job_files::take_ids_for_jobs(&mut tx, &doomed)
            .await?
            .iter()
            .map(|take| frame_path(&self.data_dir().join(LIBRARY_DIR), take))
            .collect();
        summary.done += bulk_selection::delete_many(&mut tx, &doomed).await?;
        let mut orphaned = Vec::with_capacity(outputs.len());
        for path in outputs {
            if !job_files::output_path_in_use(&mut tx, &path).await? {
                orphaned.push(path);
            }
        }
        tx.commit().await?;
        self.remove_files_of(orphaned, chain_frames, &doomed).await
    }

    /// Removes the deleted jobs' take files (`orphaned`, library paths no take points at)
    /// and their exports that no remaining job could claim.
    async fn remove_files_of(
        &self,
        orphaned: Vec<String>,
        chain_frames: Vec<PathBuf>,
        deleted: &[JobId],
    ) -> CoreResult<()> {
        let library = self.data_dir().join(LIBRARY_DIR);
        let exports_dir = self.data_dir().join(EXPORTS_DIR);
        let deleted_shorts: HashSet<String> = deleted.iter().map(short_id).collect();
        let exports = exports_of(&exports_dir, &deleted_shorts);
        let mut claimed = HashSet::new();
        if !exports.is_empty() {
            // A job that stays with the same short id may own these: keep its files.
            let wanted: HashSet<&str> = exports
                .iter()
                .flat_map(|(_, s)| s.iter().map(String::as_str))
                .collect();
            let mut after = 0;
            loop {
                let mut conn = self.db().reader().acquire().await?;
                let ids = bulk_selection::ids_after(&mut conn, after, ID_SCAN_BATCH).await?;
                let Some((last, _)) = ids.last() else { break };
                after = *last;
                for (_, id) in &ids {
                    let short = short_id(id);
                    if wanted.contains(short.as_str()) {
                        claimed.insert(short);
                    }
                }
            }
        }
        let doomed_exports: Vec<PathBuf> = exports
            .into_iter()
            .filter(|(_, shorts)| shorts.iter().all(|s| !claimed.contains(s)))
            .map(|(path, _)| path)
            .collect();
        let removing = tokio::task::spawn_blocking(move || -> std::io::Result<()> {
            for relative in orphaned {
                for file in take_files(&library.join(relative)) {
                    remove_if_there(&file)?;
                }
            }
            for file in chain_frames.into_iter().chain(doomed_exports) {
                remove_if_there(&file)?;
            }
            Ok(())
        });
        removing
            .await
            .map_err(|e| CoreError::Io {
                path: self.data_dir().display().to_string(),
                source: std::io::Error::other(e.to_string()),
            })?
            .map_err(|source| CoreError::Io {
                path: self.data_dir().display().to_string(),
                source,
            })
    }
}

/// The files of the exports folder whose name carries one of `shorts`, with every short id
/// each name carries (a file is kept when any of them is a remaining job's).
fn exports_of(dir: &Path, shorts: &HashSet<String>) -> Vec<(PathBuf, Vec<String>)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let carried = shorts_in_name(&name);
            carried.iter().any(|s| shorts.contains(*s)).then(|| {
                (
                    entry.path(),
                    carried.into_iter().map(str::to_owned).collect(),
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_names_give_their_short_ids() {
        assert_eq!(shorts_in_name("my-video-1a2b3c4d.mp4"), vec!["1a2b3c4d"]);
        assert_eq!(
            shorts_in_name("my-video-1a2b3c4d-tiktok.mp4"),
            vec!["1a2b3c4d"]
        );
        assert_eq!(shorts_in_name("my-video-1a2b3c4d.srt"), vec!["1a2b3c4d"]);
        assert!(shorts_in_name("video-1a2b3c4.mp4").is_empty());
        assert!(shorts_in_name("notes.txt").is_empty());
    }

    #[test]
    fn a_take_owns_its_thumbnail_preview_and_partial_download() {
        let files = take_files(Path::new("/lib/takes/t1.mp4"));
        assert_eq!(
            files.map(|p| p.display().to_string()),
            [
                "/lib/takes/t1.mp4",
                "/lib/takes/t1.thumb.jpg",
                "/lib/takes/t1.preview.mp4",
                "/lib/takes/t1.mp4.part"
            ]
        );
    }
}
