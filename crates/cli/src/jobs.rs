//! `reelforge jobs …`.

use crate::args::{ConfigureJob, CreateJob, JobsCommand};
use crate::job_copies;
use crate::output::{self, Output};
use crate::templates;
use reelforge_core::Core;
use reelforge_protocol::{
    ApiError, ConfigureSegmentsRequest, CreateJobRequest, JobConfig, JobId, JobListQuery,
};

pub async fn run(core: &Core, cmd: JobsCommand, out: &Output) -> Result<(), ApiError> {
    match cmd {
        JobsCommand::Create(args) => {
            let req = create_request(core, args).await?;
            let job = core.create_job(req).await?;
            out.emit(&job, output::job);
        }
        JobsCommand::List {
            status,
            search,
            page,
            page_size,
        } => {
            let query = JobListQuery {
                status,
                search,
                page,
                page_size,
            };
            let page = core.list_jobs(query).await?;
            out.emit(&page, output::jobs_page);
        }
        JobsCommand::Show { job } => {
            let job = core.get_job(&JobId(job)).await?;
            out.emit(&job, output::job);
        }
        JobsCommand::Configure(args) => {
            let req = configure_request(args)?;
            let job = core.configure_segments(req).await?;
            out.emit(&job, output::job);
        }
        JobsCommand::Promote(args) => crate::promote::run(core, args, out).await?,
        JobsCommand::Edit(args) => crate::segment_edit::edit(core, args, out).await?,
        JobsCommand::References(args) => crate::segment_edit::references(core, args, out).await?,
        JobsCommand::Clip(args) => crate::own_clip::run(core, args, out).await?,
        JobsCommand::Delete(args) => job_copies::delete(core, args, out).await?,
        JobsCommand::Duplicate(args) => job_copies::duplicate(core, args, out).await?,
        JobsCommand::Rerun { job } => job_copies::rerun(core, job, out).await?,
    }
    Ok(())
}

async fn create_request(core: &Core, a: CreateJob) -> Result<CreateJobRequest, ApiError> {
    let template_id = match &a.template {
        Some(key) => Some(templates::find(core, key).await?.id),
        None => None,
    };
    Ok(CreateJobRequest {
        title: a.title,
        subject: a.subject,
        template_id,
        segment_count: a.segments,
        config: JobConfig {
            aspect_ratio: a.aspect,
            provider: a.provider,
            model: a.model,
            mode: a.mode,
            segment_duration_s: a.duration,
            fallback_providers: a.fallback,
            allow_fallback: a.allow_fallback,
            voice: None,
        },
        budget_cap_micros: a.budget,
    })
}

fn configure_request(a: ConfigureJob) -> Result<ConfigureSegmentsRequest, ApiError> {
    let indexes = a
        .segments
        .iter()
        .map(|&n| crate::control::segment_index(n))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ConfigureSegmentsRequest {
        job_id: JobId(a.job),
        indexes,
        patch: a.fields.patch(a.beat),
    })
}
