//! Continuity chaining inside the pipeline: a chained segment (its own switch, or the job's
//! "chain all") starts from the last frame of the previous segment's selected take.
//!
//! Planning ([`Runner::plan`]) asks [`JobChains::start_for`] how a segment starts: unchained,
//! from a succeeded take (its last frame, `<library>/chain_frames/<take>.png`, becomes the
//! first image of an image-to-video request), waiting (the previous segment's take is still
//! to come: nothing is queued and the segment's row says `waiting`, so the wait survives a
//! restart and nothing is paid before its frame exists), or impossible. A chain into a model
//! without a first-frame input is refused before launch
//! ([`crate::CoreError::ChainStartUnsupported`]).
//!
//! When a take is selected (it succeeded, or the person chose it), [`Runner::after_selection`]
//! queues the next segment if it was waiting, or marks it stale when its take started from
//! another take. The frame itself is extracted just before the create call
//! ([`Runner::ensure_start_frames`]): a retry or a fallback reuses it.

use super::Runner;
use crate::error::CoreResult;
use crate::media::MediaError;
use crate::media::last_frame::extract_last_frame;
use crate::providers::{ErrorClass, GenerationRequest, ProviderError, TerminalReason};
use crate::storage::chain::{self, SegmentChain};
use crate::storage::segments::{self, SegmentRecord};
use crate::storage::takes;
use reelforge_protocol::{
    EngineEvent, GenerationMode, ImageInputKind, JobId, ModelDescriptor, SegmentId, TakeDto,
    TakeErrorCode, TakeId, TakeStatus,
};
use sqlx::SqliteConnection;
use std::path::{Path, PathBuf};

/// The library folder holding extracted start frames, one `<take id>.png` per source take.
pub const FRAMES_DIR: &str = "chain_frames";

/// How a planned take starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainStart {
    /// Not chained: the segment's own settings.
    Off,
    /// From the last frame of this (succeeded, selected) take of the previous segment.
    From(TakeId),
    /// The previous segment's take is under way or planned with this one: wait for it.
    Waiting,
    /// The previous segment has no take and none is coming.
    NoSource,
}

/// A job's chain switches and rows, read once per planning.
#[derive(Debug, Default)]
pub struct JobChains {
    pub chain_all: bool,
    pub rows: Vec<(SegmentId, SegmentChain)>,
}

impl JobChains {
    pub async fn load(conn: &mut SqliteConnection, job: &JobId) -> CoreResult<Self> {
        Ok(Self {
            chain_all: chain::chain_all(&mut *conn, job).await?,
            rows: chain::for_job(&mut *conn, job).await?,
        })
    }

    /// The segment's row (defaults without one).
    pub fn row(&self, seg: &SegmentId) -> SegmentChain {
        self.rows
            .iter()
            .find(|(id, _)| id == seg)
            .map(|(_, r)| r.clone())
            .unwrap_or_default()
    }

    /// Whether `seg` starts from the previous segment (the first one never does).
    pub fn is_chained(&self, seg: &SegmentRecord) -> bool {
        seg.index > 0 && (self.chain_all || self.row(&seg.id).chained)
    }

    /// How `seg` starts, given the job's segments and takes and whether its previous
    /// segment is planned in the same batch.
    pub fn start_for(
        &self,
        seg: &SegmentRecord,
        segs: &[SegmentRecord],
        all_takes: &[TakeDto],
        previous_planned: bool,
    ) -> ChainStart {
        if !self.is_chained(seg) {
            return ChainStart::Off;
        }
        let Some(prev) = segs.iter().find(|s| s.index + 1 == seg.index) else {
            return ChainStart::Off;
        };
        let busy = all_takes
            .iter()
            .any(|t| t.segment_id == prev.id && !t.status.is_terminal());
        if previous_planned || busy {
            return ChainStart::Waiting;
        }
        match ready_take(prev, all_takes) {
            Some(take) => ChainStart::From(take),
            None => ChainStart::NoSource,
        }
    }
}

/// The segment's selected take when it succeeded.
fn ready_take(seg: &SegmentRecord, all_takes: &[TakeDto]) -> Option<TakeId> {
    let selected = seg.selected_take.as_ref()?;
    all_takes
        .iter()
        .any(|t| t.id == *selected && t.status == TakeStatus::Succeeded)
        .then(|| selected.clone())
}

/// The mode a chained segment is generated in: its first image is the start frame.
pub fn chained_mode(mode: GenerationMode) -> GenerationMode {
    match mode {
        GenerationMode::FirstLastFrame => GenerationMode::FirstLastFrame,
        _ => GenerationMode::ImageToVideo,
    }
}

/// Whether `model` takes a first-frame image in `mode`.
pub fn takes_start_frame(model: &ModelDescriptor, mode: GenerationMode) -> bool {
    model.modes.contains(&mode)
        && model
            .image_inputs
            .iter()
            .any(|i| i.kind == ImageInputKind::FirstFrame)
}

/// Where the last frame of `take` is kept.
pub fn frame_path(library: &Path, take: &TakeId) -> PathBuf {
    library.join(FRAMES_DIR).join(format!("{}.png", take.as_str()))
}

impl Runner {
    /// After `take` became the selected take of its segment (inside the caller's write
    /// transaction): the next segment, when chained, is queued if it waited for this take,
    /// else marked stale when its take started from another one (fresh again when it started
    /// from this one).
    pub(crate) async fn after_selection(
        &self,
        conn: &mut SqliteConnection,
        job_id: &JobId,
        segment: &SegmentId,
        take: &TakeId,
        now: i64,
        events: &mut Vec<EngineEvent>,
    ) -> CoreResult<()> {
        let segs = segments::list_for_job(&mut *conn, job_id).await?;
        let Some(current) = segs.iter().find(|s| s.id == *segment) else {
            return Ok(());
        };
        let Some(next) = segs.iter().find(|s| s.index == current.index + 1) else {
            return Ok(());
        };
        let chains = JobChains::load(&mut *conn, job_id).await?;
        if !chains.is_chained(next) {
            return Ok(());
        }
        let row = chains.row(&next.id);
        if row.waiting {
            let job = crate::storage::jobs::get(&mut *conn, job_id).await?;
            let plans = self.plan(&mut *conn, &job, Some(next.index)).await?;
            if let Err(err) = self.enqueue_plans(conn, &job, plans, now, events).await {
                // The segment stays without a take; the job's status says it is missing.
                tracing::warn!("chained segment {} not queued: {err}", next.index + 1);
                chain::set_waiting(&mut *conn, &next.id, false).await?;
            }
            return Ok(());
        }
        let generated = takes::list_for_job(&mut *conn, job_id)
            .await?
            .iter()
            .any(|t| t.segment_id == next.id);
        let stale = row.from_take.as_ref() != Some(take);
        if generated && stale != row.stale {
            chain::set_stale(&mut *conn, &next.id, stale).await?;
            events.push(EngineEvent::JobUpdated {
                job_id: job_id.clone(),
                status: crate::storage::jobs::get(&mut *conn, job_id).await?.status,
            });
        }
        Ok(())
    }

    /// Extracts the start frames `request` names under the frames folder that are not there
    /// yet (the source take's last frame), just before its create call.
    pub(super) async fn ensure_start_frames(
        &self,
        request: &GenerationRequest,
    ) -> Result<(), ProviderError> {
        let dir = self.inner.library.join(FRAMES_DIR);
        for path in request.reference_paths.iter().map(Path::new) {
            if path.parent() != Some(dir.as_path()) || path.is_file() {
                continue;
            }
            let failed = |why: String| {
                ProviderError::new(
                    ErrorClass::Terminal(TerminalReason::InvalidInput),
                    TakeErrorCode::InvalidInput,
                    format!("the start frame could not be made from the previous clip: {why}"),
                )
            };
            let take = TakeId::from(
                path.file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            );
            let stored = self.clip_of(&take).await.map_err(|e| failed(e.to_string()))?;
            let clip = self
                .inner
                .library
                .join(stored.ok_or_else(|| failed(format!("take {take} has no clip")))?);
            let tools = self.inner.tools.resolve().map_err(no_tools)?;
            extract_last_frame(&tools, &clip, path)
                .await
                .map_err(|e| failed(e.to_string()))?;
        }
        Ok(())
    }

    /// The library path of a take's clip, read outside any transaction.
    async fn clip_of(&self, take: &TakeId) -> CoreResult<Option<String>> {
        let mut conn = self.inner.db.reader().acquire().await?;
        takes::output_path(&mut conn, take).await
    }
}

/// ffmpeg cannot be run to make a start frame.
fn no_tools(err: MediaError) -> ProviderError {
    let code = match err {
        MediaError::ToolMissing { .. } | MediaError::ConfiguredToolMissing { .. } => {
            TakeErrorCode::FfmpegMissing
        }
        _ => TakeErrorCode::InvalidInput,
    };
    let class = ErrorClass::Terminal(TerminalReason::Unsupported);
    ProviderError::new(class, code, err.to_string())
}

/// Why a chained segment cannot be generated on `provider`: it takes no start frame (for
/// the segment's settings), with the capability check's own reason when there is one.
pub fn no_start_frame(provider: &str, problem: Option<&String>) -> String {
    let base = format!(
        "it starts from the previous clip's last frame, and {provider} takes no start frame \
         for it"
    );
    match problem {
        Some(p) => format!("{base} ({p})"),
        None => base,
    }
}
