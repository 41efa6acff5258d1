//! Quick mode on the [`Core`] facade: subject → script → a real job → generated → assembled.
//!
//! - [`Core::write_script`] writes (or, given a reviewed one, re-finishes) the script with the
//!   configured writer: durations snapped to the chosen model, shared style in every prompt.
//! - [`Core::create_quick_job`] turns a script into an ordinary job (no template) with one
//!   configured segment per beat, so it shows in the dashboard history like any other.
//! - [`Core::run_quick`] does everything in one call (script, create, launch, wait, assemble
//!   with the platform preset, captions from the narration), reporting each
//!   [`QuickPhase`] to a [`QuickReporter`]. Whoever calls it runs the engine (the CLI starts
//!   it; in the app it always runs), so several quick runs share the providers' concurrency.
//! - [`Core::start_quick`] is the app's version: it returns once the job is created and
//!   launched, and waits and assembles in the background.
//!
//! The writer's settings and the configured writer are in `script_writer`.

use super::{AssembleOptions, Core};
use crate::error::{CoreError, CoreResult};
use crate::pipeline::events::EventStream;
use crate::script::finish::finish_script;
use crate::script::{ScriptBrief, ScriptWriter, beats_for, guess_language, segment_count_for};
use crate::storage::activity;
use crate::time::now_ms;
use reelforge_protocol::{
    ActivityEntry, AssemblyResult, CaptionPlatform, CaptionStyle, ConfigureSegmentsRequest,
    CreateJobRequest, GenerationMode, JobConfig, JobDetail, JobId, JobStatus, JobStatusReport,
    ModelDescriptor, ProviderId, QuickPhase, QuickProgress, QuickRequest, ScriptDto, SegmentPatch,
    TakeStatus, VoiceAndCaptions,
};
use serde::Serialize;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// The provider quick mode uses when the request names none.
const DEFAULT_PROVIDER: ProviderId = ProviderId::LOCAL;
/// Shortest and longest video quick mode makes.
const TARGET_RANGE: std::ops::RangeInclusive<u32> = 3..=600;
/// How often the job is re-read while waiting even without an event (events do not cross
/// processes: the engine may run in the desktop app).
const RECHECK: Duration = Duration::from_secs(2);
/// Longest job title.
const TITLE_MAX_CHARS: usize = 200;

/// Called at each phase of a quick run and as segments finish.
pub type QuickReporter = Arc<dyn Fn(&QuickProgress) + Send + Sync>;

/// What a finished quick run produced.
#[derive(Debug, Clone, Serialize)]
pub struct QuickOutcome {
    pub script: ScriptDto,
    /// The job as it ends (completed).
    pub job: JobDetail,
    pub assembly: AssemblyResult,
}

fn report(
    reporter: Option<&QuickReporter>,
    phase: QuickPhase,
    job: Option<&JobId>,
    done: u32,
    count: u32,
) {
    if let Some(reporter) = reporter {
        reporter(&QuickProgress {
            phase,
            job_id: job.cloned(),
            segments_done: done,
            segment_count: count,
        });
    }
}

impl Core {
    /// Writes the script of `req` with the configured writer (or finishes `req.script`).
    pub async fn write_script(&self, req: &QuickRequest) -> CoreResult<ScriptDto> {
        let writer = self.script_writer().await?;
        self.write_script_with(req, writer.as_ref()).await
    }

    /// Writes the script of `req` with `writer`, then snaps its durations to the chosen model
    /// and prepends the shared style to every prompt. A reviewed `req.script` is finished the
    /// same way without writing a new one.
    pub async fn write_script_with(
        &self,
        req: &QuickRequest,
        writer: &dyn ScriptWriter,
    ) -> CoreResult<ScriptDto> {
        let model = self.quick_model(req)?;
        let allowed = model.durations_s.clone();
        let draft = match &req.script {
            Some(script) => {
                if script.segments.is_empty() {
                    return Err(CoreError::validation("script", "has no segments"));
                }
                script.clone()
            }
            None => {
                let count = segment_count_for(req.target_duration_s, &allowed);
                let brief = ScriptBrief {
                    subject: req.subject.trim().to_owned(),
                    pillar: req.pillar.trim().to_owned(),
                    language: req.language.unwrap_or_else(|| guess_language(&req.subject)),
                    target_duration_s: req.target_duration_s,
                    aspect_ratio: req.aspect_ratio,
                    beats: beats_for(count),
                    allowed_durations_s: allowed.clone(),
                    style: req.style.clone(),
                };
                writer.write(&brief).await?
            }
        };
        Ok(finish_script(
            draft,
            &allowed,
            req.target_duration_s,
            &req.style,
        ))
    }

    /// Checks `req` and returns the chosen provider's model.
    fn quick_model(&self, req: &QuickRequest) -> CoreResult<ModelDescriptor> {
        if req.subject.trim().is_empty() {
            return Err(CoreError::validation("subject", "must not be empty"));
        }
        reelforge_protocol::Limit::TemplatePillar
            .check_chars(&req.pillar)
            .map_err(|over| CoreError::limit("pillar", over))?;
        if !TARGET_RANGE.contains(&req.target_duration_s) {
            return Err(CoreError::validation(
                "target_duration_s",
                format!(
                    "{} s is out of range: quick mode makes {} to {} s videos",
                    req.target_duration_s,
                    TARGET_RANGE.start(),
                    TARGET_RANGE.end()
                ),
            ));
        }
        let provider = req.providers.first().cloned().unwrap_or(DEFAULT_PROVIDER);
        let descriptors = self.list_providers();
        let descriptor = descriptors
            .iter()
            .find(|d| d.id == provider)
            .ok_or_else(|| {
                let known: Vec<&str> = descriptors.iter().map(|d| d.id.as_str()).collect();
                CoreError::validation(
                    "providers",
                    format!(
                        "unknown provider `{provider}` (available: {})",
                        known.join(", ")
                    ),
                )
            })?;
        descriptor
            .model(req.model.as_deref())
            .cloned()
            .ok_or_else(|| {
                CoreError::validation(
                    "model",
                    format!(
                        "{} has no model `{}`",
                        descriptor.display_name,
                        req.model.as_deref().unwrap_or_default()
                    ),
                )
            })
    }

    /// Creates the job of `script`: no template, one segment per script segment (beat,
    /// prompt, narration, duration), the request's provider chain, aspect ratio and budget
    /// cap. It is `configured`, ready to launch, and in the dashboard history.
    pub async fn create_quick_job(
        &self,
        req: &QuickRequest,
        script: &ScriptDto,
    ) -> CoreResult<JobDetail> {
        if script.segments.is_empty() {
            return Err(CoreError::validation("script", "has no segments"));
        }
        let mut providers = req.providers.clone();
        if providers.is_empty() {
            providers.push(DEFAULT_PROVIDER);
        }
        let fallback = providers.split_off(1);
        let title = match script.title.trim() {
            "" => req.subject.trim(),
            t => t,
        };
        let title: String = title.chars().take(TITLE_MAX_CHARS).collect();
        let created = self
            .create_job(CreateJobRequest {
                title,
                subject: req.subject.trim().to_owned(),
                template_id: None,
                segment_count: Some(u32::try_from(script.segments.len()).unwrap_or(u32::MAX)),
                config: JobConfig {
                    aspect_ratio: Some(req.aspect_ratio),
                    provider: providers.pop(),
                    model: req.model.clone(),
                    mode: Some(GenerationMode::TextToVideo),
                    segment_duration_s: script.segments.first().map(|s| s.duration_s),
                    allow_fallback: Some(!fallback.is_empty()),
                    fallback_providers: (!fallback.is_empty()).then_some(fallback),
                    voice: Some(VoiceAndCaptions {
                        narration: req.narration.clone(),
                        caption_style: req.caption_style,
                        caption_platform: req.caption_platform,
                        // Quick mode's bed is always picked from the library by length.
                        music: reelforge_protocol::MusicChoice::Auto,
                    }),
                },
                budget_cap_micros: req.budget_cap_micros,
            })
            .await?;
        let id = created.summary.id.clone();
        for (index, segment) in script.segments.iter().enumerate() {
            // Quick mode has no reference images: every segment is generated from its prompt.
            self.configure_segments(ConfigureSegmentsRequest {
                job_id: id.clone(),
                indexes: vec![u32::try_from(index).unwrap_or(u32::MAX)],
                patch: SegmentPatch {
                    beat: Some(segment.beat.clone()),
                    prompt: Some(segment.prompt.clone()),
                    narration: Some(segment.narration.clone()),
                    duration_s: Some(segment.duration_s),
                    ..SegmentPatch::default()
                },
            })
            .await?;
        }
        let mut tx = self.db().begin_write().await?;
        let written = ActivityEntry::ScriptWritten {
            writer: script.writer.clone(),
            segments: u32::try_from(script.segments.len()).unwrap_or(u32::MAX),
            duration_s: script.total_duration_s(),
            language: script.language,
        };
        activity::append(&mut tx, &id, now_ms(), &written).await?;
        tx.commit().await?;
        self.get_job(&id).await
    }

    /// The app's quick action: writes the script (or uses the reviewed `req.script`), creates
    /// the job, and unless `req.review` launches it and waits and assembles in the background
    /// (the app's engine generates it; job events tell the UI how it goes).
    pub async fn start_quick(&self, req: QuickRequest) -> CoreResult<JobDetail> {
        let script = self.write_script(&req).await?;
        let job = self.create_quick_job(&req, &script).await?;
        if req.review {
            return Ok(job);
        }
        let id = job.summary.id.clone();
        if req.storyboard_first {
            // The keyframes first (the app's engine makes them); run on in the background.
            let core = self.clone();
            tokio::spawn(async move {
                if let Err(error) = core.quick_storyboard_then_finish(&id, &req).await {
                    tracing::warn!(job = %id, "quick mode's storyboard stopped: {error}");
                }
            });
            return Ok(job);
        }
        let events = self.subscribe();
        let launched = self.launch_job(&id).await?;
        let core = self.clone();
        let narration = req.narration.clone();
        tokio::spawn(async move {
            let captions = (req.caption_style, req.caption_platform);
            if let Err(error) = core
                .finish_quick(&id, events, None, narration, captions, None)
                .await
            {
                tracing::warn!(job = %id, "quick mode did not finish: {error}");
            }
        });
        Ok(launched)
    }

    /// The whole quick flow in one call: script (unless `req.script` is given), job,
    /// generation, assembly to `out` (default: the exports folder) with the aspect ratio's
    /// preset and captions from the narration. The engine must be running (see the module
    /// docs). With `req.review` it stops after creating the job and fails with a conflict
    /// telling how to go on.
    pub async fn run_quick(
        &self,
        req: QuickRequest,
        out: Option<PathBuf>,
        reporter: Option<QuickReporter>,
    ) -> CoreResult<QuickOutcome> {
        let reporter = reporter.as_ref();
        report(reporter, QuickPhase::Script, None, 0, 0);
        let script = self.write_script(&req).await?;
        let count = u32::try_from(script.segments.len()).unwrap_or(u32::MAX);
        report(reporter, QuickPhase::Create, None, 0, count);
        let job = self.create_quick_job(&req, &script).await?;
        let id = job.summary.id.clone();
        if req.review {
            return Err(CoreError::Conflict(format!(
                "job {id} is ready for review: launch it to generate"
            )));
        }
        if req.storyboard_first {
            self.quick_storyboard(&id, req.storyboard_run_on).await?;
            if !req.storyboard_run_on {
                return Err(CoreError::Conflict(format!(
                    "job {id}'s storyboard is ready for review: approve and animate it, then \
                     launch it to generate"
                )));
            }
        }
        report(reporter, QuickPhase::Generate, Some(&id), 0, count);
        let events = self.subscribe();
        self.launch_job(&id).await?;
        let captions = (req.caption_style, req.caption_platform);
        let assembly = self
            .finish_quick(&id, events, out, req.narration.clone(), captions, reporter)
            .await?;
        let job = self.get_job(&id).await?;
        report(reporter, QuickPhase::Done, Some(&id), count, count);
        Ok(QuickOutcome {
            script,
            job,
            assembly,
        })
    }

    /// Waits for the launched job `id`, then assembles it with `narration` and `captions`
    /// (style, platform).
    pub(super) async fn finish_quick(
        &self,
        id: &JobId,
        mut events: EventStream,
        out: Option<PathBuf>,
        narration: reelforge_protocol::NarrationChoice,
        captions: (CaptionStyle, CaptionPlatform),
        reporter: Option<&QuickReporter>,
    ) -> CoreResult<AssemblyResult> {
        self.wait_for_generation(id, &mut events, reporter).await?;
        let count = self.get_job(id).await?.summary.segment_count;
        report(reporter, QuickPhase::Assemble, Some(id), count, count);
        self.assemble_job(
            id,
            AssembleOptions {
                out,
                narration,
                caption_style: captions.0,
                caption_platform: captions.1,
                // A bed from the creator's music library when it has tracks.
                music_from_library: true,
                ..AssembleOptions::default()
            },
        )
        .await
    }

    /// Waits until every segment of the generating job `id` succeeded (`Ok`), or it failed,
    /// was cancelled or paused, or stopped waiting for a decision (`Err` saying why).
    /// `events` must have been subscribed before the launch.
    pub async fn wait_for_generation(
        &self,
        id: &JobId,
        events: &mut EventStream,
        reporter: Option<&QuickReporter>,
    ) -> CoreResult<()> {
        let mut last_done = None;
        loop {
            let detail = self.get_job(id).await?;
            let (done, count) = (detail.summary.segments_done, detail.summary.segment_count);
            if last_done != Some(done) {
                report(reporter, QuickPhase::Generate, Some(id), done, count);
                last_done = Some(done);
            }
            if let Some(end) = generation_end(&detail) {
                return end;
            }
            tokio::select! {
                event = events.recv() => {
                    if event.is_none() {
                        return Err(CoreError::Conflict("the engine stopped".to_owned()));
                    }
                }
                () = tokio::time::sleep(RECHECK) => {}
            }
        }
    }
}

/// `Some` once generation of the job has ended: `Ok` when every segment succeeded.
fn generation_end(detail: &JobDetail) -> Option<CoreResult<()>> {
    let report = JobStatusReport::from_detail(detail, |_| None);
    if report.has_take_under_way() {
        return None;
    }
    let id = &detail.summary.id;
    let problems = || {
        let lines: Vec<String> = report
            .segments
            .iter()
            .filter(|s| s.status != Some(TakeStatus::Succeeded))
            .map(|s| {
                let status = s.status.map_or("not generated", TakeStatus::as_str);
                match &s.error {
                    Some(why) => format!("segment {} is {status} ({why})", s.number),
                    None => format!("segment {} is {status}", s.number),
                }
            })
            .collect();
        lines.join("; ")
    };
    match detail.summary.status {
        JobStatus::Review | JobStatus::Completed => Some(Ok(())),
        JobStatus::Assembling => None,
        JobStatus::Generating => {
            // Queued takes (a retry after a transient failure) are still to come, and a job
            // whose segments all succeeded moves to review in a moment.
            let queued = report
                .segments
                .iter()
                .any(|s| s.status == Some(TakeStatus::Queued));
            let all_done = report
                .segments
                .iter()
                .all(|s| s.status == Some(TakeStatus::Succeeded));
            let waiting = queued || all_done;
            (!waiting).then(|| {
                Err(CoreError::Conflict(format!(
                    "generation of job {id} stopped: {}",
                    problems()
                )))
            })
        }
        JobStatus::Failed => Some(Err(CoreError::Conflict(format!(
            "job {id} failed: {}",
            problems()
        )))),
        other => Some(Err(CoreError::Conflict(format!(
            "job {id} is {} and not generating",
            other.as_str()
        )))),
    }
}
