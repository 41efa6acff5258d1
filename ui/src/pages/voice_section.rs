//! The page side of the Voice & captions section, shared by the wizard and the job screen:
//! stores each changed choice on the job (`set_job_voice`), speaks the sample and each
//! segment's narration (`preview_voice`, through the engine's narration cache, so measuring
//! costs nothing the assembly would not pay once anyway) and draws a caption frame on a take
//! (`preview_captions`), turning every answer into a preview-server URL (`preview_url`).

use crate::api;
use crate::i18n::Lang;
use crate::i18n::voice::sample_sentence;
use crate::views::voice::{SegmentLine, SegmentVoice, VoiceEvent, VoiceState, unmeasured};
use dioxus::prelude::*;
use reelforge_protocol::{
    ActivityEntry, ApiError, CaptionPreviewRequest, JobDetail, JobId, MediaRef, NarrationChoice,
    ScriptLanguage, SetJobVoiceRequest, VoiceAndCaptions, VoicePreviewRequest,
};

/// The narration's language when the choice names none: the job's script language (from its
/// log), else the language of the screen.
pub fn fallback_language(detail: Option<&JobDetail>, lang: Lang) -> ScriptLanguage {
    let written = detail.and_then(|d| {
        d.activity.iter().rev().find_map(|a| match a.entry {
            ActivityEntry::ScriptWritten { language, .. } => Some(language),
            _ => None,
        })
    });
    written.unwrap_or(match lang {
        Lang::En => ScriptLanguage::En,
        Lang::Fr => ScriptLanguage::Fr,
    })
}

/// The voice and captions stored on the job (the defaults when none were chosen).
pub fn stored_choice(detail: &JobDetail) -> VoiceAndCaptions {
    detail.overrides.voice.clone().unwrap_or_default()
}

/// Loads the music library's tracks into the section once (none when it cannot be read).
pub fn use_music_tracks(mut voice: Signal<VoiceState>) {
    use_future(move || async move {
        match api::get_music_library().await {
            Ok(library) => voice.write().music_tracks = library.tracks,
            Err(e) => dioxus::logger::tracing::warn!("could not read the music library: {e}"),
        }
    });
}

/// Stores the wizard's voice choice on each new draft job (a draft replaced by going back to
/// step 1 gets it again); the choice itself is stored as it changes.
pub fn use_choice_on_draft(job: Signal<Option<JobDetail>>, voice: Signal<VoiceState>) {
    let mut stored_on = use_signal(|| None::<JobId>);
    use_effect(move || {
        let Some(id) = job.read().as_ref().map(|j| j.summary.id.clone()) else {
            return;
        };
        if stored_on.peek().as_ref() == Some(&id) {
            return;
        }
        stored_on.set(Some(id.clone()));
        let choice = voice.peek().choice.clone();
        if choice != VoiceAndCaptions::default() {
            spawn(async move {
                let stored = api::set_job_voice(SetJobVoiceRequest { job_id: id, choice }).await;
                if let Err(e) = stored {
                    dioxus::logger::tracing::warn!("could not store the voice choice: {e}");
                }
            });
        }
    });
}

/// The choice as sent to the engine: the language filled in.
fn spoken_with(narration: &NarrationChoice, language: ScriptLanguage) -> NarrationChoice {
    NarrationChoice {
        language: Some(narration.language.unwrap_or(language)),
        ..narration.clone()
    }
}

async fn url_of(media: Option<MediaRef>) -> Result<Option<String>, ApiError> {
    match media {
        Some(media) => api::preview_url(media).await.map(Some),
        None => Ok(None),
    }
}

/// Runs `event` for job `job_id`: `on_choice` receives each new choice once it is shown
/// (the job screen mirrors it in the assembly form) and `on_stored` the job as stored.
pub fn handle_voice_event(
    event: VoiceEvent,
    job_id: JobId,
    mut state: Signal<VoiceState>,
    segments: Vec<SegmentLine>,
    language: ScriptLanguage,
    mut on_stored: impl FnMut(JobDetail) + 'static,
) {
    match event {
        VoiceEvent::Choice(next) => {
            let redraw = {
                let mut s = state.write();
                let style_changed = s.choice.caption_style != next.caption_style
                    || s.choice.caption_platform != next.caption_platform;
                s.choice = next.clone();
                s.error = None;
                if style_changed {
                    s.frame_url = None;
                }
                style_changed.then_some(s.frame_segment).flatten()
            };
            let stored_id = job_id.clone();
            spawn(async move {
                match api::set_job_voice(SetJobVoiceRequest {
                    job_id: stored_id,
                    choice: next,
                })
                .await
                {
                    Ok(detail) => on_stored(detail),
                    Err(e) => state.write().error = Some(e),
                }
            });
            if let Some(index) = redraw {
                draw(job_id, state, index);
            }
        }
        VoiceEvent::Listen => {
            let narration = spoken_with(&state.peek().choice.narration, language);
            let text = sample_sentence(narration.language.unwrap_or(language)).to_owned();
            {
                let mut s = state.write();
                s.listening = true;
                s.error = None;
            }
            spawn(async move {
                let heard = match api::preview_voice(VoicePreviewRequest { narration, text }).await
                {
                    Ok(preview) => url_of(preview.media).await,
                    Err(e) => Err(e),
                };
                let mut s = state.write();
                s.listening = false;
                match heard {
                    Ok(url) => s.sample_url = url,
                    Err(e) => s.error = Some(e),
                }
            });
        }
        VoiceEvent::Measure => {
            spawn(measure(state, segments, language));
        }
        VoiceEvent::DrawCaptions(index) => draw(job_id, state, index),
    }
}

/// Speaks each segment whose narration is not measured for its current text and voice, in
/// order, into the narration cache; stops at the first refusal (shown in the section).
pub async fn measure(
    mut state: Signal<VoiceState>,
    segments: Vec<SegmentLine>,
    language: ScriptLanguage,
) {
    let wanted = unmeasured(&state.peek(), &segments);
    let chosen = state.peek().choice.narration.clone();
    if wanted.is_empty() || !chosen.enabled {
        return;
    }
    {
        let mut s = state.write();
        s.measuring = true;
        s.error = None;
    }
    for segment in wanted {
        let request = VoicePreviewRequest {
            narration: spoken_with(&chosen, language),
            text: segment.narration.clone(),
        };
        let spoken = match api::preview_voice(request).await {
            Ok(preview) => url_of(preview.media.clone())
                .await
                .map(|url| (preview.duration_ms, url)),
            Err(e) => Err(e),
        };
        match spoken {
            Ok((duration_ms, url)) => {
                state.write().spoken.insert(
                    segment.index,
                    SegmentVoice {
                        text: segment.narration,
                        narration: chosen.clone(),
                        duration_ms,
                        url,
                    },
                );
            }
            Err(e) => {
                state.write().error = Some(e);
                break;
            }
        }
    }
    state.write().measuring = false;
}

/// Draws the chosen caption style on segment `index`'s take.
fn draw(job_id: JobId, mut state: Signal<VoiceState>, index: u32) {
    let (style, platform) = {
        let s = state.peek();
        (s.choice.caption_style, s.choice.caption_platform)
    };
    {
        let mut s = state.write();
        s.drawing = true;
        s.error = None;
    }
    spawn(async move {
        let drawn = match api::preview_captions(CaptionPreviewRequest {
            job_id,
            segment_index: index,
            style,
            platform,
        })
        .await
        {
            Ok(media) => api::preview_url(media).await,
            Err(e) => Err(e),
        };
        let mut s = state.write();
        s.drawing = false;
        // A newer style was chosen meanwhile: this frame is not its picture.
        if (s.choice.caption_style, s.choice.caption_platform) != (style, platform) {
            return;
        }
        match drawn {
            Ok(url) => s.frame_url = Some(url),
            Err(e) => s.error = Some(e),
        }
    });
}
