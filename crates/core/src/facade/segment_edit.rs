//! Editing one segment of a job at any stage ([`Core::edit_segment`]): its prompt, narration,
//! mode, provider, model, duration and references change for its next take, which
//! [`Core::retry_segment`] makes from the segment's current settings; earlier takes stay (each
//! records the prompt and model it was made with). Refused with
//! [`CoreError::SegmentBusy`] while a take of the segment is queued, under way or waiting for
//! a decision, so a take never runs on settings that no longer say what it is.

use super::Core;
use super::jobs::{load_detail, patch_fields, reconfigure, validate_patch};
use super::library::MAX_REFERENCES;
use crate::error::{CoreError, CoreResult};
use crate::storage::takes::queue;
use crate::storage::{activity, assets, jobs, segments};
use crate::time::now_ms;
use reelforge_protocol::{
    ActivityEntry, EditSegmentRequest, EngineEvent, JobDetail, JobStatus, SegmentPatch,
};

impl Core {
    /// Applies `req` to one segment. Before launch it moves the job between draft and
    /// configured like [`Core::configure_segments`]; after launch the job's status stays and
    /// only the segment's next take is affected. A provider change without a model clears the
    /// model (the new provider's default).
    pub async fn edit_segment(&self, req: &EditSegmentRequest) -> CoreResult<JobDetail> {
        let mut patch = req.patch.clone();
        let sets_fields = patch != SegmentPatch::default();
        if !sets_fields && req.references.is_none() {
            return Err(CoreError::validation("patch", "sets no field"));
        }
        if sets_fields {
            validate_patch(&patch)?;
        }
        if let Some(provider) = &patch.provider
            && self.runner().registry().get(provider).is_none()
        {
            return Err(CoreError::validation(
                "provider",
                format!("provider `{provider}` is not available"),
            ));
        }
        if let Some(refs) = &req.references
            && refs.len() > MAX_REFERENCES
        {
            return Err(CoreError::validation(
                "references",
                format!("a segment takes at most {MAX_REFERENCES} reference images"),
            ));
        }

        let now = now_ms();
        let mut tx = self.db().begin_write().await?;
        let job = jobs::get(&mut tx, &req.job_id).await?;
        let all = segments::list_for_job(&mut tx, &job.id).await?;
        let seg = all.iter().find(|s| s.index == req.index).ok_or_else(|| {
            CoreError::validation(
                "index",
                format!(
                    "segment {} does not exist (the job has {})",
                    req.index + 1,
                    all.len()
                ),
            )
        })?;
        let busy = queue::active_for_job(&mut tx, &job.id)
            .await?
            .iter()
            .any(|take| take.segment_id == seg.id);
        if busy {
            return Err(CoreError::SegmentBusy { index: seg.index });
        }
        if patch.provider.as_ref().is_some_and(|p| *p != seg.provider) && patch.model.is_none() {
            patch.model = Some(None);
        }

        let mut entries = Vec::new();
        if let Some(refs) = &req.references {
            for asset in refs {
                assets::get(&mut tx, asset).await?;
            }
            segments::set_references(&mut tx, &seg.id, refs).await?;
            entries.push(ActivityEntry::ReferencesSet {
                index: seg.index,
                count: u32::try_from(refs.len()).unwrap_or(u32::MAX),
            });
        }
        if sets_fields {
            segments::apply_patch(&mut tx, &seg.id, &patch, now).await?;
            entries.insert(
                0,
                ActivityEntry::SegmentsEdited {
                    indexes: vec![seg.index],
                    fields: patch_fields(&patch),
                },
            );
        }

        let mut events = Vec::new();
        let (last, earlier) = entries.split_last().expect("at least one entry");
        for entry in earlier {
            activity::append(&mut tx, &job.id, now, entry).await?;
        }
        match job.status {
            JobStatus::Draft | JobStatus::Configured => {
                events.extend(reconfigure(&mut tx, &job, last, now).await?);
            }
            status => {
                activity::append(&mut tx, &job.id, now, last).await?;
                events.push(EngineEvent::JobUpdated {
                    job_id: job.id.clone(),
                    status,
                });
            }
        }
        let detail = load_detail(&mut tx, &job.id).await?;
        tx.commit().await?;
        self.emit(events);
        Ok(detail)
    }
}
