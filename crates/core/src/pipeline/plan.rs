//! Planning takes from descriptors: the next take of each segment, its request (style
//! defaults, references, the provider's model) and its cost; the pre-launch estimate; and
//! queueing planned takes under the job's budget cap.

use super::Runner;
use super::chain::{ChainStart, JobChains, chained_mode, frame_path, takes_start_frame};
use super::outcome::job_config;
use crate::storage::takes::queue::{self, NewQueued};
use crate::error::{CoreError, CoreResult};
use crate::providers::GenerationRequest;
use crate::providers::capability::{SegmentNeeds, clip_cost_micros};
use crate::storage::jobs::JobRecord;
use crate::storage::segments::SegmentRecord;
use crate::storage::{
    assets, chain, encode_json, job_references, jobs, segments, takes, templates,
};
use reelforge_protocol::{
    CostEstimate, EngineEvent, GenerationMode, ImageInputKind, JobId, ModelDescriptor,
    SegmentEstimate, StyleDefaults, TakeStatus,
};
use sqlx::SqliteConnection;

/// A seed for a provider that takes one: random, within the 53 bits JSON numbers keep.
pub(super) fn new_seed() -> u64 {
    (uuid::Uuid::new_v4().as_u128() as u64) & ((1 << 53) - 1)
}

/// The take a segment would get next, and its cost.
#[derive(Debug, Clone)]
pub struct PlannedTake {
    pub segment: SegmentRecord,
    pub request: Option<GenerationRequest>,
    pub micros: i64,
    /// Why the segment cannot be generated as configured.
    pub problem: Option<String>,
    /// How it starts: continuity chaining (see [`super::chain`]).
    pub chain: ChainStart,
    /// The problem is a chain into a model that takes no start frame.
    pub chain_refused: bool,
    /// The job's reference set cannot be sent with this segment's take.
    pub job_references_unsent: bool,
}

/// The estimate of taking `plans` for `job`, which has `spent` already: per segment, in total,
/// and against the job's budget cap (launch and promotion alike).
pub(super) fn cost_estimate(job: &JobRecord, plans: Vec<PlannedTake>, spent: i64) -> CostEstimate {
    let total: i64 = plans.iter().map(|p| p.micros).sum();
    CostEstimate {
        job_id: job.id.clone(),
        segments: plans
            .into_iter()
            .map(|p| SegmentEstimate {
                segment_id: p.segment.id,
                index: p.segment.index,
                provider: p.segment.provider,
                model: p.request.map(|r| r.model),
                duration_s: p.segment.duration_s,
                micros: p.micros,
                problem: p.problem,
                job_references_unsent: p.job_references_unsent,
            })
            .collect(),
        total_micros: total,
        spent_micros: spent,
        budget_cap_micros: job.budget_cap_micros,
        within_budget: job.budget_cap_micros.is_none_or(|cap| spent + total <= cap),
    }
}

/// The prompt sent for a segment: the template's style defaults first, then its own prompt.
pub(super) fn styled_prompt(style: Option<&StyleDefaults>, prompt: &str) -> String {
    style
        .iter()
        .flat_map(|s| [&s.visual_style, &s.character, &s.scene])
        .map(String::as_str)
        .chain(std::iter::once(prompt))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(". ")
}

impl Runner {
    /// The next take of each segment of `job` (those without a succeeded take and none under
    /// way, or only the segment at `only`).
    pub(super) async fn plan(
        &self,
        conn: &mut SqliteConnection,
        job: &JobRecord,
        only: Option<u32>,
    ) -> CoreResult<Vec<PlannedTake>> {
        let config = job_config(conn, job).await?;
        let style = match &job.template_id {
            Some(id) => Some(templates::get(&mut *conn, id).await?.input.style),
            None => None,
        };
        let all_takes = takes::list_for_job(&mut *conn, &job.id).await?;
        let references = segments::references_for_job(&mut *conn, &job.id).await?;
        let mut job_reference_paths = Vec::new();
        for asset in job_references::list(&mut *conn, &job.id).await? {
            let stored = assets::get(&mut *conn, &asset).await?.path;
            job_reference_paths.push(self.inner.library.join(stored).display().to_string());
        }
        let chains = JobChains::load(&mut *conn, &job.id).await?;
        let segs = segments::list_for_job(&mut *conn, &job.id).await?;
        let mut plans: Vec<PlannedTake> = Vec::new();
        for seg in segs.clone() {
            let mine = || all_takes.iter().filter(|t| t.segment_id == seg.id);
            let wanted = match only {
                Some(index) => seg.index == index,
                None => {
                    let done = mine().any(|t| {
                        t.status == TakeStatus::Succeeded
                            && seg.selected_take.as_ref() == Some(&t.id)
                    });
                    let busy = mine().any(|t| !t.status.is_terminal());
                    !done && !busy
                }
            };
            if !wanted {
                continue;
            }
            let mut reference_paths = Vec::new();
            for (_, asset) in references.iter().filter(|(s, _)| *s == seg.id) {
                let stored = assets::get(&mut *conn, asset).await?.path;
                reference_paths.push(self.inner.library.join(stored).display().to_string());
            }
            let prompt = styled_prompt(style.as_ref(), &seg.prompt);
            let previous_planned = plans.last().is_some_and(|p| p.segment.index + 1 == seg.index);
            let chain = chains.start_for(&seg, &segs, &all_takes, previous_planned);
            let mode = match chain {
                ChainStart::Off => seg.mode,
                _ => chained_mode(seg.mode),
            };
            if let ChainStart::From(take) = &chain {
                let frame = frame_path(&self.inner.library, take);
                reference_paths.insert(0, frame.display().to_string());
            }
            let needs = SegmentNeeds {
                model: seg.model.as_deref(),
                mode,
                duration_s: seg.duration_s,
                aspect_ratio: config.aspect_ratio,
                prompt: Some(&prompt),
            };
            let provider = self.registry().get(&seg.provider);
            let seed = provider.as_ref().is_some_and(|p| p.takes_seed()).then(new_seed);
            let checked = match provider {
                None => Err(format!("provider `{}` is not available", seg.provider)),
                Some(p) => self.supporting_model_for(p.descriptor(), &needs),
            };
            let chain_refused = chain != ChainStart::Off
                && checked
                    .as_ref()
                    .map_or(true, |model| !takes_start_frame(model, mode));
            let checked = if chain_refused {
                let why = checked.as_ref().err();
                Err(super::chain::no_start_frame(seg.provider.as_str(), why))
            } else {
                checked
            };
            plans.push(match checked {
                Ok(model) => {
                    // After chaining: a chained take already starts from its frame.
                    let (mode, reference_paths) = with_job_references(
                        &model,
                        mode,
                        reference_paths,
                        &job_reference_paths,
                    );
                    let job_references_unsent = !job_reference_paths.is_empty()
                        && !job_reference_paths
                            .iter()
                            .any(|p| reference_paths.contains(p));
                    PlannedTake {
                        job_references_unsent,
                    micros: clip_cost_micros(&model, seg.duration_s),
                    request: Some(GenerationRequest {
                        model: model.id,
                        mode,
                        prompt,
                        duration_s: seg.duration_s,
                        aspect_ratio: config.aspect_ratio,
                        reference_paths,
                        seed,
                    }),
                    problem: None,
                    segment: seg,
                    chain,
                    chain_refused,
                }
                }
                Err(problem) => PlannedTake {
                    segment: seg,
                    request: None,
                    micros: 0,
                    problem: Some(problem),
                    chain,
                    chain_refused,
                    job_references_unsent: false,
                },
            });
        }
        Ok(plans)
    }

    /// What launching `job` would cost, from the providers' descriptors.
    pub async fn estimate(&self, job_id: &JobId) -> CoreResult<CostEstimate> {
        let mut tx = self.inner.db.reader().begin().await?;
        let job = jobs::get(&mut tx, job_id).await?;
        let plans = self.plan(&mut tx, &job, None).await?;
        let spent = queue::committed_micros(&mut tx, job_id).await?;
        tx.commit().await?;
        Ok(cost_estimate(&job, plans, spent))
    }

    pub(super) async fn enqueue_plans(
        &self,
        conn: &mut SqliteConnection,
        job: &JobRecord,
        plans: Vec<PlannedTake>,
        now: i64,
        events: &mut Vec<EngineEvent>,
    ) -> CoreResult<i64> {
        let total: i64 = plans.iter().map(|p| p.micros).sum();
        let committed = queue::committed_micros(&mut *conn, &job.id).await?;
        if let Some(cap) = job.budget_cap_micros
            && committed + total > cap
        {
            return Err(CoreError::BudgetExceeded {
                estimate_micros: total,
                committed_micros: committed,
                cap_micros: cap,
            });
        }
        for plan in plans {
            if plan.chain_refused {
                return Err(CoreError::ChainStartUnsupported {
                    segment: plan.segment.index + 1,
                    provider: plan.segment.provider.to_string(),
                    reason: plan.problem.unwrap_or_default(),
                });
            }
            match &plan.chain {
                ChainStart::Waiting => {
                    chain::set_waiting(&mut *conn, &plan.segment.id, true).await?;
                    continue;
                }
                ChainStart::NoSource => {
                    return Err(CoreError::Conflict(format!(
                        "segment {} starts from the last frame of segment {}, which has no \
                         take: generate segment {} first",
                        plan.segment.index + 1,
                        plan.segment.index,
                        plan.segment.index
                    )));
                }
                ChainStart::From(take) => {
                    chain::planned_from(&mut *conn, &plan.segment.id, take).await?;
                }
                ChainStart::Off => {}
            }
            let (Some(request), None) = (plan.request, plan.problem.as_ref()) else {
                return Err(CoreError::validation(
                    "segments",
                    format!(
                        "segment {}: {}",
                        plan.segment.index + 1,
                        plan.problem.unwrap_or_default()
                    ),
                ));
            };
            let take_id = queue::enqueue(
                &mut *conn,
                NewQueued {
                    job_id: job.id.clone(),
                    segment_id: plan.segment.id.clone(),
                    provider: plan.segment.provider.clone(),
                    model: Some(request.model.clone()),
                    request_json: encode_json(&request),
                    estimated_cost_micros: plan.micros,
                    attempt: 1,
                    not_before: now,
                },
                now,
            )
            .await?;
            events.push(EngineEvent::SegmentUpdated {
                job_id: job.id.clone(),
                segment_id: plan.segment.id,
                take_id,
                status: TakeStatus::Queued,
            });
        }
        jobs::set_estimated_cost(&mut *conn, &job.id, committed + total, now).await?;
        Ok(total)
    }
}

/// The mode and images of a segment's take once the job's reference set (`job`) is added:
/// after the segment's own images where its model takes reference images (as many as that
/// kind allows); as the start frame of a text-to-video segment without images whose model
/// takes no reference images but a first frame (sent image-to-video). Otherwise the set is
/// not sent: that model takes no image that could carry it.
pub(super) fn with_job_references(
    model: &ModelDescriptor,
    mode: GenerationMode,
    mut own: Vec<String>,
    job: &[String],
) -> (GenerationMode, Vec<String>) {
    let Some(first) = job.first() else {
        return (mode, own);
    };
    let takes = |kind| model.image_inputs.iter().find(|spec| spec.kind == kind);
    if let Some(spec) = takes(ImageInputKind::Reference) {
        let room = usize::try_from(spec.max_count)
            .unwrap_or(usize::MAX)
            .saturating_sub(own.len());
        own.extend(job.iter().take(room).cloned());
        return (mode, own);
    }
    if mode == GenerationMode::TextToVideo
        && own.is_empty()
        && takes(ImageInputKind::FirstFrame).is_some()
        && model.modes.contains(&GenerationMode::ImageToVideo)
    {
        return (GenerationMode::ImageToVideo, vec![first.clone()]);
    }
    (mode, own)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reelforge_protocol::{ImageInputSpec, Pricing};

    fn model(kinds: &[ImageInputKind], modes: &[GenerationMode]) -> ModelDescriptor {
        ModelDescriptor {
            id: "m".into(),
            display_name: "m".into(),
            modes: modes.to_vec(),
            durations_s: vec![5],
            aspect_ratios: Vec::new(),
            resolutions: Vec::new(),
            image_inputs: kinds
                .iter()
                .map(|&kind| ImageInputSpec {
                    kind,
                    max_count: 2,
                    max_bytes: 1,
                    formats: Vec::new(),
                })
                .collect(),
            pricing: Pricing::PerClip { micros: 0 },
            requires: Vec::new(),
        }
    }

    fn paths(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| (*n).to_owned()).collect()
    }

    #[test]
    fn the_job_set_follows_the_segments_images_as_far_as_the_model_takes_references() {
        use GenerationMode::*;
        let refs = model(&[ImageInputKind::Reference], &[TextToVideo]);
        let job = paths(&["j1", "j2", "j3"]);
        assert_eq!(
            with_job_references(&refs, TextToVideo, Vec::new(), &job),
            (TextToVideo, paths(&["j1", "j2"]))
        );
        assert_eq!(
            with_job_references(&refs, TextToVideo, paths(&["own"]), &job),
            (TextToVideo, paths(&["own", "j1"]))
        );
        // A first-frame-only model gets the set's first image as the start frame of a
        // text-to-video segment without images, and nothing otherwise.
        let frames = model(&[ImageInputKind::FirstFrame], &[TextToVideo, ImageToVideo]);
        assert_eq!(
            with_job_references(&frames, TextToVideo, Vec::new(), &job),
            (ImageToVideo, paths(&["j1"]))
        );
        assert_eq!(
            with_job_references(&frames, ImageToVideo, paths(&["own"]), &job),
            (ImageToVideo, paths(&["own"]))
        );
        let text_only = model(&[], &[TextToVideo]);
        assert_eq!(
            with_job_references(&text_only, TextToVideo, Vec::new(), &job),
            (TextToVideo, Vec::new())
        );
        assert_eq!(
            with_job_references(&refs, TextToVideo, paths(&["own"]), &[]),
            (TextToVideo, paths(&["own"]))
        );
    }
}
