//! Job actions of the [`Core`] facade: create (from a template or from scratch), configure
//! segments in bulk, the dashboard list, the job detail (deleting is in `job_removal`).

use super::Core;
use crate::domain::config::{resolve, validate_overrides};
use crate::domain::job_state::JobEvent;
use crate::domain::template::{validate_duration, validate_provider_id, validate_segment_count};
use crate::error::{CoreError, CoreResult};
use crate::job_transition;
use crate::storage::jobs::JobRecord;
use crate::storage::segments::SegmentRecord;
use crate::storage::{self, activity, dashboard, job_references, jobs, segments, takes, templates};
use crate::time::now_ms;
use reelforge_protocol::{
    ActivityEntry, AssetId, ConfigureSegmentsRequest, CreateJobRequest, EngineEvent,
    GenerationMode, JobDetail, JobId, JobListQuery, JobPage, JobStatus, JobSummary, SegmentDto,
    SegmentField, SegmentId, SegmentPatch, TakeStatus,
};
use sqlx::SqliteConnection;

const TITLE_MAX_CHARS: usize = 200;
const TEXT_MAX_CHARS: usize = 4_000;

impl Core {
    /// Creates a job. With a template, its segments are materialised from the template (count,
    /// beats, duration, provider, mode) under the job's overrides; without one, `segment_count`
    /// is required and the built-in defaults apply. The job starts as a draft.
    pub async fn create_job(&self, req: CreateJobRequest) -> CoreResult<JobDetail> {
        let title = req.title.trim().to_owned();
        if title.is_empty() {
            return Err(CoreError::validation("title", "must not be empty"));
        }
        check_len("title", &title, TITLE_MAX_CHARS)?;
        check_len("subject", &req.subject, TEXT_MAX_CHARS)?;
        validate_overrides(&req.config)?;
        if req.budget_cap_micros.is_some_and(|cap| cap < 0) {
            return Err(CoreError::validation("budget_cap", "must not be negative"));
        }

        let mut tx = self.db().begin_write().await?;
        let template = match &req.template_id {
            Some(id) => {
                if !templates::is_live(&mut tx, id).await? {
                    return Err(CoreError::not_found("template", id.as_str()));
                }
                Some(templates::get(&mut tx, id).await?)
            }
            None => None,
        };
        let count = match (req.segment_count, &template) {
            (Some(n), _) => n,
            (None, Some(t)) => t.input.segment_count,
            (None, None) => {
                return Err(CoreError::validation(
                    "segment_count",
                    "required when the job has no template",
                ));
            }
        };
        validate_segment_count(count)?;
        let config = resolve(&req.config, template.as_ref().map(|t| &t.input));

        let now = now_ms();
        let job = JobRecord {
            id: JobId(storage::new_id()),
            title,
            subject: req.subject.trim().to_owned(),
            template_id: template.as_ref().map(|t| t.id.clone()),
            overrides: req.config.clone(),
            status: JobStatus::Draft,
            budget_cap_micros: req.budget_cap_micros,
            estimated_cost_micros: 0,
            actual_cost_micros: 0,
            created_at: now,
            updated_at: now,
        };
        jobs::insert(&mut tx, &job).await?;
        for index in 0..count {
            let beat = template
                .as_ref()
                .and_then(|t| t.input.beats.get(index as usize).cloned())
                .unwrap_or_default();
            let segment = SegmentRecord {
                id: SegmentId(storage::new_id()),
                job_id: job.id.clone(),
                index,
                beat,
                prompt: String::new(),
                narration: String::new(),
                mode: config.mode,
                provider: config.provider.clone(),
                model: config.model.clone(),
                duration_s: config.segment_duration_s,
                selected_take: None,
            };
            segments::insert(&mut tx, &segment, now).await?;
        }
        let created = ActivityEntry::Created {
            template: template.as_ref().map(|t| t.input.name.clone()),
            segments: count,
        };
        activity::append(&mut tx, &job.id, now, &created).await?;
        let detail = load_detail(&mut tx, &job.id).await?;
        tx.commit().await?;
        Ok(detail)
    }

    /// Applies one patch to several segments of a job (all of them when `indexes` is empty);
    /// refused with [`CoreError::SegmentBusy`] when a take of one of them is being generated.
    /// A job whose every segment has what its mode needs becomes `configured` (see
    /// [`reconfigure`]).
    pub async fn configure_segments(&self, req: ConfigureSegmentsRequest) -> CoreResult<JobDetail> {
        validate_patch(&req.patch)?;
        let mut tx = self.db().begin_write().await?;
        let job = jobs::get(&mut tx, &req.job_id).await?;
        let all = segments::list_for_job(&mut tx, &job.id).await?;
        let targets: Vec<&SegmentRecord> = if req.indexes.is_empty() {
            all.iter().collect()
        } else {
            let mut picked = Vec::with_capacity(req.indexes.len());
            for index in &req.indexes {
                let seg = all.iter().find(|s| s.index == *index).ok_or_else(|| {
                    CoreError::validation(
                        "indexes",
                        format!("segment {index} does not exist (the job has {})", all.len()),
                    )
                })?;
                picked.push(seg);
            }
            picked
        };
        let active = takes::queue::active_for_job(&mut tx, &job.id).await?;
        if let Some(busy) = targets
            .iter()
            .find(|seg| active.iter().any(|take| take.segment_id == seg.id))
        {
            return Err(CoreError::SegmentBusy { index: busy.index });
        }
        let now = now_ms();
        for seg in &targets {
            segments::apply_patch(&mut tx, &seg.id, &req.patch, now).await?;
        }

        let edited = ActivityEntry::SegmentsEdited {
            indexes: targets.iter().map(|s| s.index).collect(),
            fields: patch_fields(&req.patch),
        };
        let update = reconfigure(&mut tx, &job, &edited, now).await?;
        let detail = load_detail(&mut tx, &job.id).await?;
        tx.commit().await?;
        self.emit(update);
        Ok(detail)
    }

    /// A page of the job history with the whole-history stats.
    pub async fn list_jobs(&self, query: JobListQuery) -> CoreResult<JobPage> {
        let mut tx = self.db().reader().begin().await?;
        let (items, total_matching) = dashboard::page(&mut tx, &query).await?;
        let stats = dashboard::stats(&mut tx).await?;
        tx.commit().await?;
        Ok(JobPage {
            items,
            total_matching,
            page: query.page,
            page_size: query.page_size.clamp(1, dashboard::MAX_PAGE_SIZE),
            stats,
        })
    }

    /// Everything the job screen shows.
    pub async fn get_job(&self, id: &JobId) -> CoreResult<JobDetail> {
        let mut tx = self.db().reader().begin().await?;
        let detail = load_detail(&mut tx, id).await?;
        tx.commit().await?;
        Ok(detail)
    }
}

fn check_len(field: &'static str, text: &str, max: usize) -> CoreResult<()> {
    if text.chars().count() > max {
        Err(CoreError::validation(
            field,
            format!("must be at most {max} characters"),
        ))
    } else {
        Ok(())
    }
}

pub(super) fn validate_patch(patch: &SegmentPatch) -> CoreResult<()> {
    for (field, text) in [
        ("prompt", &patch.prompt),
        ("narration", &patch.narration),
        ("beat", &patch.beat),
    ] {
        if let Some(text) = text {
            check_len(field, text, TEXT_MAX_CHARS)?;
        }
    }
    if let Some(provider) = &patch.provider {
        validate_provider_id("provider", provider)?;
    }
    if let Some(seconds) = patch.duration_s {
        validate_duration("duration_s", seconds)?;
    }
    if patch == &SegmentPatch::default() {
        return Err(CoreError::validation("patch", "sets no field"));
    }
    Ok(())
}

pub(super) fn patch_fields(patch: &SegmentPatch) -> Vec<SegmentField> {
    [
        (SegmentField::Beat, patch.beat.is_some()),
        (SegmentField::Prompt, patch.prompt.is_some()),
        (SegmentField::Narration, patch.narration.is_some()),
        (SegmentField::Mode, patch.mode.is_some()),
        (SegmentField::Provider, patch.provider.is_some()),
        (SegmentField::Model, patch.model.is_some()),
        (SegmentField::Duration, patch.duration_s.is_some()),
    ]
    .into_iter()
    .filter_map(|(field, set)| set.then_some(field))
    .collect()
}

/// After an edit of `job`'s segments (stored in this transaction): moves the job between
/// draft and configured as its segments' readiness now says, logging `edit`, and returns the
/// event to send after commit, if the status changed. A job that is generating or assembling
/// refuses edits.
pub(super) async fn reconfigure(
    conn: &mut SqliteConnection,
    job: &JobRecord,
    edit: &ActivityEntry,
    now: i64,
) -> CoreResult<Option<EngineEvent>> {
    let all = segments::list_for_job(&mut *conn, &job.id).await?;
    let references = segments::references_for_job(&mut *conn, &job.id).await?;
    let ready = all.iter().all(|s| {
        let refs = references.iter().filter(|(id, _)| *id == s.id).count();
        segment_is_ready(s, refs)
    });
    let event = if ready {
        JobEvent::Configured
    } else {
        JobEvent::Unconfigured
    };
    job_transition::apply(conn, job, event, edit, now, |_| {
        CoreError::Conflict(format!(
            "the job is {}: pause or cancel it before editing its segments",
            job.status.as_str()
        ))
    })
    .await
}

/// Whether a segment has what its mode needs to be generated.
pub(super) fn segment_is_ready(seg: &SegmentRecord, references: usize) -> bool {
    match seg.mode {
        GenerationMode::TextToVideo => !seg.prompt.trim().is_empty(),
        GenerationMode::ImageToVideo | GenerationMode::UploadedClip => references >= 1,
        GenerationMode::FirstLastFrame => references >= 2,
    }
}

/// Reads a job with its template, segments, takes and log, inside the caller's transaction.
pub(super) async fn load_detail(conn: &mut SqliteConnection, id: &JobId) -> CoreResult<JobDetail> {
    let job = jobs::get(conn, id).await?;
    let template = match &job.template_id {
        Some(tid) => Some(templates::get(conn, tid).await?),
        None => None,
    };
    let config = resolve(&job.overrides, template.as_ref().map(|t| &t.input));
    let records = segments::list_for_job(conn, id).await?;
    let references = segments::references_for_job(conn, id).await?;
    let mut all_takes = takes::list_for_job(conn, id).await?;
    let activity = activity::list(conn, id).await?;
    let job_references = job_references::list(conn, id).await?;
    let last_assembly = jobs::last_assembly(conn, id).await?;

    let mut segments_done = 0;
    let segment_dtos: Vec<SegmentDto> = records
        .into_iter()
        .map(|s| {
            let (mine, rest): (Vec<_>, Vec<_>) =
                all_takes.drain(..).partition(|t| t.segment_id == s.id);
            all_takes = rest;
            let done = s.selected_take.as_ref().is_some_and(|sel| {
                mine.iter()
                    .any(|t| t.id == *sel && t.status == TakeStatus::Succeeded)
            });
            segments_done += u32::from(done);
            SegmentDto {
                reference_assets: references
                    .iter()
                    .filter(|(seg, _)| *seg == s.id)
                    .map(|(_, a)| a.clone())
                    .collect::<Vec<AssetId>>(),
                takes: mine,
                id: s.id,
                index: s.index,
                beat: s.beat,
                prompt: s.prompt,
                narration: s.narration,
                mode: s.mode,
                provider: s.provider,
                model: s.model,
                duration_s: s.duration_s,
                selected_take: s.selected_take,
            }
        })
        .collect();

    Ok(JobDetail {
        summary: JobSummary {
            id: job.id,
            title: job.title,
            subject: job.subject,
            template_id: job.template_id,
            template_name: template.map(|t| t.input.name),
            status: job.status,
            aspect_ratio: config.aspect_ratio,
            segment_count: u32::try_from(segment_dtos.len()).unwrap_or(u32::MAX),
            segments_done,
            estimated_cost_micros: job.estimated_cost_micros,
            actual_cost_micros: job.actual_cost_micros,
            created_at: job.created_at,
            updated_at: job.updated_at,
        },
        overrides: job.overrides,
        config,
        budget_cap_micros: job.budget_cap_micros,
        segments: segment_dtos,
        reference_assets: job_references,
        activity,
        last_assembly,
    })
}
