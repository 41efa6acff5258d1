//! Copies of a job: duplicating it (its settings, segments and references; with its
//! selected takes and selected storyboard keyframes when asked, each take's files copied so that no file is shared between two
//! jobs and deleting one never takes the other's media), and re-running a finished or failed
//! job (a new take for every segment from its current settings).

use super::jobs::{load_detail, segment_is_ready};
use super::{Core, LIBRARY_DIR};
use crate::durable::copy_durably;
use crate::error::{CoreError, CoreResult};
use crate::storage::jobs::JobRecord;
use crate::storage::segments::SegmentRecord;
use crate::storage::takes::job_files;
use crate::storage::{
    self, activity, chain, job_references, jobs, segment_focus, segments, storyboard, takes,
};
use crate::time::now_ms;
use reelforge_protocol::{
    ActivityEntry, DuplicateJobRequest, JobDetail, JobId, JobStatus, SegmentId, TakeId, TakeStatus,
};
use std::path::{Path, PathBuf};

/// A selected take to copy onto the new job.
struct TakeCopy {
    from: TakeId,
    to: TakeId,
    /// Library path of the copy's output.
    relative: String,
    source: PathBuf,
    target: PathBuf,
}

/// A segment's selected keyframe to copy onto the new job, and whether it was approved.
struct KeyframeCopy {
    index: u32,
    take: TakeCopy,
    approved: bool,
}

/// The copy of take `from`, whose output is at `relative` in `library`, under a new id.
fn take_copy(library: &Path, from: &TakeId, relative: &str) -> TakeCopy {
    let to = TakeId(storage::new_id());
    let old = Path::new(relative);
    let ext = old
        .extension()
        .map_or("mp4".into(), |e| e.to_string_lossy());
    let new_relative = old
        .with_file_name(format!("{}.{ext}", to.as_str()))
        .to_string_lossy()
        .into_owned();
    TakeCopy {
        from: from.clone(),
        source: library.join(relative),
        target: library.join(&new_relative),
        relative: new_relative,
        to,
    }
}

/// The output and the files made beside it (thumbnail, preview), as (source, target) pairs
/// of those that exist.
fn files_to_copy(copy: &TakeCopy) -> Vec<(PathBuf, PathBuf)> {
    ["", "thumb.jpg", "preview.mp4"]
        .into_iter()
        .map(|ext| match ext {
            "" => (copy.source.clone(), copy.target.clone()),
            ext => (
                copy.source.with_extension(ext),
                copy.target.with_extension(ext),
            ),
        })
        .filter(|(source, _)| source.is_file())
        .collect()
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> CoreError + '_ {
    move |source| CoreError::Io {
        path: path.display().to_string(),
        source,
    }
}

impl Core {
    /// A new job with `req.job_id`'s title, subject, template, overrides, budget cap,
    /// segments, references and focus points; with `with_takes`, each segment's selected
    /// succeeded take too (files copied, cost zero: the copy paid nothing). A job whose every
    /// segment got a take is ready for review; otherwise it is configured or a draft as its
    /// segments say, and launching it generates only the segments without a take.
    pub async fn duplicate_job(&self, req: DuplicateJobRequest) -> CoreResult<JobDetail> {
        let (source, record, references, focus, outputs) = {
            let mut tx = self.db().reader().begin().await?;
            let detail = load_detail(&mut tx, &req.job_id).await?;
            let record = jobs::get(&mut tx, &req.job_id).await?;
            let references = segments::references_for_job(&mut tx, &req.job_id).await?;
            let focus = segment_focus::for_job(&mut tx, &req.job_id).await?;
            let outputs = takes::output_paths_for_job(&mut tx, &req.job_id).await?;
            tx.commit().await?;
            (detail, record, references, focus, outputs)
        };
        let library = self.data_dir().join(LIBRARY_DIR);
        let mut copies: Vec<(u32, TakeCopy)> = Vec::new();
        if req.with_takes {
            for seg in &source.segments {
                let Some(selected) = &seg.selected_take else {
                    continue;
                };
                let succeeded = seg
                    .takes
                    .iter()
                    .any(|t| t.id == *selected && t.status == TakeStatus::Succeeded);
                let stored = outputs.iter().find(|(id, _)| id == selected);
                let (true, Some((_, relative))) = (succeeded, stored) else {
                    continue;
                };
                copies.push((seg.index, take_copy(&library, selected, relative)));
            }
        }
        // Each segment's selected storyboard keyframe (and its approval) goes along.
        let mut keyframes: Vec<KeyframeCopy> = Vec::new();
        if req.with_takes {
            let board = self.get_storyboard(&req.job_id).await?;
            for frame in &board.segments {
                let Some(selected) = &frame.selected_keyframe else {
                    continue;
                };
                if let Some((_, relative)) = outputs.iter().find(|(id, _)| id == selected) {
                    keyframes.push(KeyframeCopy {
                        index: frame.index,
                        take: take_copy(&library, selected, relative),
                        approved: frame.approved,
                    });
                }
            }
        }
        // Files first, under their own names; rows only once every copy is in place.
        let mut written: Vec<PathBuf> = Vec::new();
        let all_copies = copies.iter().map(|(_, c)| c);
        for copy in all_copies.chain(keyframes.iter().map(|k| &k.take)) {
            for (from, to) in files_to_copy(copy) {
                if let Err(e) = copy_durably(&from, &to).map_err(io_error(&from)) {
                    remove_all(&written);
                    return Err(e);
                }
                written.push(to);
            }
        }
        let recorded = self
            .record_duplicate(&record, &source, &references, &focus, &copies, &keyframes)
            .await;
        if recorded.is_err() {
            remove_all(&written);
        }
        recorded
    }

    async fn record_duplicate(
        &self,
        record: &JobRecord,
        source: &JobDetail,
        references: &[(SegmentId, reelforge_protocol::AssetId)],
        focus: &[(u32, u16, u16)],
        copies: &[(u32, TakeCopy)],
        keyframes: &[KeyframeCopy],
    ) -> CoreResult<JobDetail> {
        let now = now_ms();
        let copy_of = |index: u32| copies.iter().find(|(i, _)| *i == index).map(|(_, c)| c);
        let ready = source.segments.iter().all(|s| {
            let refs = references.iter().filter(|(id, _)| *id == s.id).count();
            let seg = SegmentRecord {
                id: s.id.clone(),
                job_id: record.id.clone(),
                index: s.index,
                beat: s.beat.clone(),
                prompt: s.prompt.clone(),
                narration: s.narration.clone(),
                mode: s.mode,
                provider: s.provider.clone(),
                model: s.model.clone(),
                duration_s: s.duration_s,
                selected_take: None,
            };
            segment_is_ready(&seg, refs)
        });
        let status = match (
            copies.len() == source.segments.len() && !copies.is_empty(),
            ready,
        ) {
            (true, _) => JobStatus::Review,
            (false, true) => JobStatus::Configured,
            (false, false) => JobStatus::Draft,
        };
        let job = JobRecord {
            id: JobId(storage::new_id()),
            status,
            estimated_cost_micros: 0,
            actual_cost_micros: 0,
            created_at: now,
            updated_at: now,
            ..record.clone()
        };
        let mut tx = self.db().begin_write().await?;
        jobs::insert(&mut tx, &job).await?;
        // The job-wide settings kept outside the job row: its reference set and chaining.
        let job_assets = job_references::list(&mut tx, &record.id).await?;
        if !job_assets.is_empty() {
            job_references::set(&mut tx, &job.id, &job_assets).await?;
        }
        if chain::chain_all(&mut tx, &record.id).await? {
            chain::set_chain_all(&mut tx, &job.id, true).await?;
        }
        if let Some(options) = storyboard::options(&mut tx, &record.id).await? {
            storyboard::set_options(&mut tx, &job.id, &options, now).await?;
        }
        let chained: Vec<SegmentId> = chain::for_job(&mut tx, &record.id)
            .await?
            .into_iter()
            .filter(|(_, c)| c.chained)
            .map(|(id, _)| id)
            .collect();
        for s in &source.segments {
            let copy = copy_of(s.index);
            let seg = SegmentRecord {
                id: SegmentId(storage::new_id()),
                job_id: job.id.clone(),
                index: s.index,
                beat: s.beat.clone(),
                prompt: s.prompt.clone(),
                narration: s.narration.clone(),
                mode: s.mode,
                provider: s.provider.clone(),
                model: s.model.clone(),
                duration_s: s.duration_s,
                selected_take: copy.map(|c| c.to.clone()),
            };
            segments::insert(&mut tx, &seg, now).await?;
            if chained.contains(&s.id) {
                chain::set_chained(&mut tx, &seg.id, true).await?;
            }
            if !s.reference_assets.is_empty() {
                segments::set_references(&mut tx, &seg.id, &s.reference_assets).await?;
            }
            if let Some((_, x, y)) = focus.iter().find(|(i, _, _)| *i == s.index) {
                segment_focus::set(&mut tx, &seg.id, *x, *y).await?;
            }
            if let Some(c) = copy {
                job_files::copy_succeeded(
                    &mut tx,
                    &c.from,
                    &c.to,
                    &seg.id,
                    &job.id,
                    &c.relative,
                    now,
                )
                .await?;
            }
            for k in keyframes.iter().filter(|k| k.index == s.index) {
                let c = &k.take;
                job_files::copy_succeeded(
                    &mut tx,
                    &c.from,
                    &c.to,
                    &seg.id,
                    &job.id,
                    &c.relative,
                    now,
                )
                .await?;
                storyboard::copy_keyframe(&mut tx, &c.from, &c.to, &seg.id, k.approved, now)
                    .await?;
            }
        }
        let entry = ActivityEntry::Duplicated {
            from: record.id.clone(),
            title: record.title.clone(),
            takes: u32::try_from(copies.len()).unwrap_or(u32::MAX),
        };
        activity::append(&mut tx, &job.id, now, &entry).await?;
        let detail = load_detail(&mut tx, &job.id).await?;
        tx.commit().await?;
        Ok(detail)
    }

    /// A new take for every segment of a reviewed, completed, failed or cancelled job, from
    /// each segment's current settings (under the budget cap); earlier takes stay.
    pub async fn rerun_job(&self, id: &JobId) -> CoreResult<JobDetail> {
        self.runner().rerun(id).await?;
        self.get_job(id).await
    }
}

/// Removes files this process just wrote (a copy that will not be recorded).
fn remove_all(paths: &[PathBuf]) {
    for path in paths {
        if let Err(e) = std::fs::remove_file(path) {
            tracing::warn!("could not remove {}: {e}", path.display());
        }
    }
}
