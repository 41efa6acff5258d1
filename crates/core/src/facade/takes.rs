//! Take choice and app-side assembly requests of the [`Core`] facade: which succeeded take
//! of a segment goes into the final video, and [`AssembleRequest`] (the IPC form) turned into
//! [`AssembleOptions`].

use super::{AssembleOptions, Core};
use crate::error::{CoreError, CoreResult};
use crate::media::Transition;
use crate::storage::{activity, segments, takes};
use crate::time::now_ms;
use reelforge_protocol::{
    ActivityEntry, AssembleRequest, AssemblyResult, EngineEvent, JobDetail, MusicChoice,
    SelectTakeRequest, TakeStatus, TransitionChoice,
};
use std::time::Duration;

/// How long a crossfade or a dip to black lasts.
pub const TRANSITION_LENGTH: Duration = Duration::from_millis(500);

/// The media transition for a choice.
pub fn transition_for(choice: TransitionChoice) -> Transition {
    match choice {
        TransitionChoice::Cut => Transition::Cut,
        TransitionChoice::Crossfade => Transition::Crossfade {
            duration: TRANSITION_LENGTH,
        },
        TransitionChoice::Dip => Transition::DipToBlack {
            duration: TRANSITION_LENGTH,
        },
    }
}

impl Core {
    /// Makes a succeeded take of a segment the one its assembly uses; refused for a take of
    /// another segment or job, or one that did not succeed.
    pub async fn select_take(&self, req: &SelectTakeRequest) -> CoreResult<JobDetail> {
        let now = now_ms();
        let mut tx = self.db().begin_write().await?;
        let take = takes::get(&mut tx, &req.take_id).await?;
        let job_of_segment = segments::job_of(&mut tx, &req.segment_id).await?;
        if take.segment_id != req.segment_id || job_of_segment.as_ref() != Some(&req.job_id) {
            return Err(CoreError::validation(
                "take_id",
                "this take belongs to another segment",
            ));
        }
        if take.status != TakeStatus::Succeeded {
            return Err(CoreError::validation(
                "take_id",
                format!(
                    "only a succeeded take can be used; this one is {}",
                    take.status.as_str()
                ),
            ));
        }
        segments::select_take(&mut tx, &req.segment_id, Some(&req.take_id), now).await?;
        let mut chained = Vec::new();
        let (job, seg, id) = (&req.job_id, &req.segment_id, &req.take_id);
        self.runner()
            .after_selection(&mut tx, job, seg, id, now, &mut chained)
            .await?;
        let selected = ActivityEntry::TakeSelected {
            take_id: req.take_id.clone(),
        };
        activity::append(&mut tx, &req.job_id, now, &selected).await?;
        tx.commit().await?;
        self.emit(chained);
        self.runner().wake();
        let detail = self.get_job(&req.job_id).await?;
        self.emit(vec![EngineEvent::JobUpdated {
            job_id: req.job_id.clone(),
            status: detail.summary.status,
        }]);
        Ok(detail)
    }

    /// Assembles a job as the app asks: into `<data dir>/exports`, with the request's preset,
    /// transition and captions choice, and the imported music bed and voice-over named by
    /// their audio ids (an unknown id is `not_found`, one that is not an id a `validation`
    /// error, before anything runs); without an imported bed, the library's music the request
    /// names (by length, or a track by name).
    pub async fn assemble_request(&self, req: &AssembleRequest) -> CoreResult<AssemblyResult> {
        let options = AssembleOptions {
            preset: req.preset.clone(),
            transition: transition_for(req.transition),
            burn_captions: req.burn_captions,
            caption_style: req.caption_style,
            caption_platform: req.caption_platform,
            narration: req.narration.clone(),
            music: match (&req.music, &req.library_music) {
                (Some(id), _) => Some(self.audio_path(id)?),
                (None, MusicChoice::Track(name)) => Some(self.library_track(name).await?),
                (None, _) => None,
            },
            music_from_library: req.library_music == MusicChoice::Auto,
            voice: req
                .voice
                .as_ref()
                .map(|id| self.audio_path(id))
                .transpose()?,
            ..AssembleOptions::default()
        };
        self.assemble_job(&req.job_id, options).await
    }
}
