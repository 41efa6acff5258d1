//! [`Core::plan_narration`]: how a job's narration would fit its clips and what it would cost,
//! before anything is spoken — for the wizard's "voice 4.2 s / clip 5 s" and its warning, and
//! for the voice's share of the estimate before launch. Narration this voice already spoke
//! (the narration cache) is measured and free; the rest is estimated from the language's
//! speaking rate ([`speaking_rate`](crate::voice::speaking_rate)) and priced per character.

use super::Core;
use crate::error::CoreResult;
use crate::voice::cached_narration;
use crate::voice::speaking_rate::estimated_duration;
use crate::voice::spoken_text::spoken_text;
use reelforge_protocol::{NarrationPlan, NarrationPlanRequest, SegmentNarrationFit};

impl Core {
    /// How `req.narration` would speak the job's narration, segment by segment; a voice that
    /// does not speak the job's language is refused (`voice_language_unsupported`), as the
    /// assembly would.
    pub async fn plan_narration(&self, req: NarrationPlanRequest) -> CoreResult<NarrationPlan> {
        let detail = self.get_job(&req.job_id).await?;
        let (provider, settings) = self.resolve_voice(&detail, &req.narration)?;
        let descriptor = provider.descriptor();
        let cache = self.narration_cache();
        let mut segments: Vec<_> = detail.segments.iter().collect();
        segments.sort_by_key(|s| s.index);
        let fits: Vec<SegmentNarrationFit> = segments
            .into_iter()
            .map(|segment| {
                let clip_seconds = f64::from(segment.duration_s);
                let spoken = spoken_text(&segment.narration);
                let cached =
                    cached_narration(provider.as_ref(), &settings, &segment.narration, &cache);
                let (seconds, measured, characters) = match &cached {
                    _ if spoken.is_empty() => (None, false, 0),
                    Some(audio) => (Some(audio.duration.as_secs_f64()), true, 0),
                    None => {
                        let estimate = estimated_duration(
                            &segment.narration,
                            settings.language,
                            settings.speed_percent,
                        );
                        (
                            Some(estimate.as_secs_f64()),
                            false,
                            spoken.chars().count() as u64,
                        )
                    }
                };
                SegmentNarrationFit {
                    index: segment.index,
                    narration_seconds: seconds,
                    measured,
                    clip_seconds,
                    voice_longer_than_clip: seconds.is_some_and(|s| s > clip_seconds),
                    characters_to_synthesize: characters,
                }
            })
            .collect();
        let characters: u64 = fits.iter().map(|f| f.characters_to_synthesize).sum();
        Ok(NarrationPlan {
            job_id: req.job_id,
            provider: descriptor.id.clone(),
            voice: settings.voice,
            language: settings.language,
            segments: fits,
            characters_to_synthesize: characters,
            cost_micro_usd: descriptor.cost_micro_usd(characters),
        })
    }
}
