//! `/jobs/:id`: fetches the job (again on every job update, never by polling), raises running
//! takes' progress from live progress events, and runs the screen's actions: generate (after
//! the engine's estimate is confirmed), pause, resume, cancel (confirmed), cancel or retry a
//! segment (a paid retry is confirmed) and the `submit_unknown` decisions (a resubmission is
//! confirmed: it may be charged twice), "Use this take" (`select_take`), and the assembly
//! (`assemble_job` with the music bed and voice-over chosen through `pick_audio_file`, then
//! the final video and "Copy path").
//!
//! Voice & captions: the voices (`list_voices`), the choice stored on the job, its previews
//! and each segment's measured narration (see [`super::voice_section`]); the stored choice
//! starts the assembly form, and each new choice is mirrored in it.
//!
//! Own clips: "Use my video…" and videos dropped on a card ([`super::job_clips`]), then
//! `use_segment_clip` with the chosen span.
//!
//! Crop focus (issue 18): `get_segment_focus`, and `set_segment_focus` when the marker is
//! dragged on a take's preview.
//!
//! Storyboard (issue 19): keyframes per segment, their options, approval and "Animate" (then
//! the launch after its estimate), see [`super::job_storyboard`].
//!
//! Media: the preview-server URL of every succeeded take's thumbnail, preview and clip, and of
//! the final video, is asked once (`preview_url`) and kept for the life of the screen.

use super::job_chain::run_chain_event;
use super::voice_section::{
    fallback_language, handle_voice_event, stored_choice, use_music_tracks,
};
use crate::api;
use crate::clock::Clock;
use crate::dom;
use crate::i18n::use_lang;
use crate::job_events::{apply_live_progress, use_job_revision, use_live_progress};
use crate::remote::Remote;
use crate::route::Route;
use crate::views::JobView;
use crate::views::job::{
    AssemblyForm, AssemblyState, AudioSlot, ChainEvent, JobAction, JobConfirm, confirmation_for,
    media_needed,
};
use crate::views::player::MediaUrls;
use crate::views::voice::{VoiceEvent, VoiceState, frame_segment, segment_lines};
use dioxus::prelude::*;
use reelforge_protocol::{
    ApiError, DecideRequest, DuplicateJobRequest, EditSegmentRequest, ErrorCode, JobDetail, JobId,
    JobStatus, MediaRef, PromotionRequest, SegmentRef, SelectTakeRequest, SetJobReferencesRequest,
    SetSegmentFocusRequest, UseClipRequest,
};
use std::collections::HashSet;

/// The most reference images a job's set holds (the engine refuses more).
const MAX_JOB_REFERENCES: usize = 4;

/// Duplicates or deletes job `id`; where to go next (the copy, or the dashboard).
async fn leave_job(id: JobId, action: JobAction) -> Result<Route, ApiError> {
    match action {
        JobAction::Duplicate { with_takes } => {
            let copy = api::duplicate_job(DuplicateJobRequest {
                job_id: id,
                with_takes,
            })
            .await?;
            Ok(Route::Job {
                id: copy.summary.id.to_string(),
            })
        }
        _ => {
            api::delete_job(id).await?;
            Ok(Route::Dashboard {})
        }
    }
}

/// Runs `action` on job `id` through its shell command (`detail` names a take's segment).
async fn run(
    id: JobId,
    action: JobAction,
    detail: Option<JobDetail>,
) -> Result<JobDetail, ApiError> {
    let segment = |index| SegmentRef {
        job_id: id.clone(),
        index,
    };
    match action {
        JobAction::Launch => api::launch_job(id.clone()).await,
        JobAction::Pause => api::pause_job(id.clone()).await,
        JobAction::Resume => api::resume_job(id.clone()).await,
        JobAction::Cancel => api::cancel_job(id.clone()).await,
        JobAction::CancelSegment(index) => api::cancel_segment(segment(index)).await,
        JobAction::RetrySegment(index) => api::retry_segment(segment(index)).await,
        JobAction::Decide(index, decision) => {
            api::decide_submit_unknown(DecideRequest {
                segment: segment(index),
                decision,
                take_id: None,
            })
            .await
        }
        JobAction::AskPromotion => api::get_job(id.clone()).await,
        JobAction::Promote(segments) => {
            api::promote_segments(PromotionRequest {
                job_id: id.clone(),
                segments,
            })
            .await
        }
        JobAction::Rerun => api::rerun_job(id.clone()).await,
        // Handled by the page: they leave this job's screen.
        JobAction::Duplicate { .. } | JobAction::Delete => Err(ApiError::new(
            ErrorCode::Internal,
            "this action leaves the job screen",
        )),
        JobAction::UseTake { index, take } => {
            let segment_id = detail
                .as_ref()
                .and_then(|d| d.segments.iter().find(|s| s.index == index))
                .map(|s| s.id.clone())
                .ok_or_else(|| {
                    ApiError::new(
                        ErrorCode::NotFound,
                        format!("segment {} is gone", index + 1),
                    )
                })?;
            api::select_take(SelectTakeRequest {
                job_id: id.clone(),
                segment_id,
                take_id: take,
            })
            .await
        }
        JobAction::PickJobReferences => {
            let picked = api::pick_reference_files().await?;
            if picked.imported.is_empty() {
                return api::get_job(id.clone()).await;
            }
            let mut assets = detail.map(|d| d.reference_assets).unwrap_or_default();
            assets.extend(picked.imported.into_iter().map(|a| a.asset_id));
            assets.dedup();
            assets.truncate(MAX_JOB_REFERENCES);
            api::set_job_references(SetJobReferencesRequest {
                job_id: id.clone(),
                assets,
            })
            .await
        }
        JobAction::ClearJobReferences => {
            api::set_job_references(SetJobReferencesRequest {
                job_id: id.clone(),
                assets: Vec::new(),
            })
            .await
        }
        JobAction::EditSegment { index, patch } => {
            api::edit_segment(EditSegmentRequest {
                job_id: id.clone(),
                index,
                patch,
                references: None,
            })
            .await
        }
        JobAction::UseClip {
            index,
            asset_id,
            in_ms,
            out_ms,
        } => {
            api::use_segment_clip(UseClipRequest {
                segment: segment(index),
                asset_id,
                in_ms,
                out_ms: Some(out_ms),
            })
            .await
        }
        // The page itself handles these (see `super::job_clips`).
        JobAction::PickClip(_) | JobAction::DiscardClip => {
            Err(ApiError::new(ErrorCode::Internal, "handled on the page"))
        }
    }
}

#[component]
pub fn Job(id: String) -> Element {
    let lang = use_lang();
    let revision = use_job_revision();
    let live = use_live_progress();
    // The route's id is a prop, not a signal: track it so a new id re-fetches.
    let mut job = use_resource(use_reactive!(|id| {
        let _ = revision();
        api::get_job(JobId::from(id))
    }));
    let providers = use_resource(api::list_providers);
    let voices = use_resource(api::list_voices);
    let mut voice = use_signal(VoiceState::default);
    use_music_tracks(voice);
    // The job whose stored voice choice the section and the assembly form started from.
    let mut voice_of = use_signal(|| None::<JobId>);
    let mut busy = use_signal(|| false);
    let mut error = use_signal(|| None::<ApiError>);
    let mut confirm = use_signal(|| None::<JobConfirm>);
    let mut assembly = use_signal(AssemblyState::default);
    let mut media = use_signal(MediaUrls::new);
    let mut asked = use_signal(HashSet::<MediaRef>::new);
    let storyboard = super::job_storyboard::use_storyboard(id.clone(), media, asked);
    let storyboard_job = JobId::from(id.clone());
    // Continuity chaining: the chain status, again on every job update.
    let mut chain = use_resource(use_reactive!(|id| {
        let _ = revision();
        api::get_chain_status(JobId::from(id))
    }));
    // The per-segment crop focus (issue 18): the stored points, again after each change.
    let mut focus = use_resource(use_reactive!(|id| api::get_segment_focus(JobId::from(id))));
    let on_focus = move |req: SetSegmentFocusRequest| {
        spawn(async move {
            match api::set_segment_focus(req).await {
                Ok(_) => focus.restart(),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let on_chain = {
        let id = JobId::from(id.clone());
        move |event: ChainEvent| {
            if *busy.peek() {
                return;
            }
            let id = id.clone();
            busy.set(true);
            error.set(None);
            spawn(async move {
                let result = run_chain_event(id, event).await;
                busy.set(false);
                if let Err(e) = result {
                    error.set(Some(e));
                }
                chain.restart();
                job.restart();
            });
        }
    };
    let mut pending_clip = super::job_clips::use_pending_clip(error);

    // "Show in folder": the shell finds the final video by the job's id.
    let on_reveal = {
        let id = JobId::from(id.clone());
        move |_: ()| {
            let id = id.clone();
            error.set(None);
            spawn(async move {
                if let Err(e) = api::reveal_job_output(id).await {
                    error.set(Some(e));
                }
            });
        }
    };

    let now = match Remote::from_result(job.read().as_ref()) {
        Remote::Ready(detail) => Remote::Ready(apply_live_progress(detail, &live.read())),
        other => other,
    };
    let descriptors = providers
        .read()
        .as_ref()
        .and_then(|r| r.as_ref().ok())
        .cloned()
        .unwrap_or_default();

    // The stored voice choice starts the section and the assembly form, once per job.
    use_effect(move || {
        let Some(Ok(detail)) = job.read().as_ref().cloned() else {
            return;
        };
        let frame = frame_segment(&detail);
        if voice.peek().frame_segment != frame {
            voice.write().frame_segment = frame;
        }
        if voice_of.peek().as_ref() == Some(&detail.summary.id) {
            return;
        }
        voice_of.set(Some(detail.summary.id.clone()));
        let choice = stored_choice(&detail);
        let form = assembly.peek().form.with_voice(&choice);
        assembly.write().form = form;
        let music_tracks = voice.peek().music_tracks.clone();
        voice.set(VoiceState {
            choice,
            frame_segment: frame,
            music_tracks,
            ..VoiceState::default()
        });
    });
    let voice_language = fallback_language(now.ready(), lang());
    let on_voice = {
        let detail = now.ready().cloned();
        move |event: VoiceEvent| {
            let Some(detail) = detail.clone() else {
                return;
            };
            if let VoiceEvent::Choice(next) = &event {
                let form = assembly.peek().form.with_voice(next);
                assembly.write().form = form;
            }
            handle_voice_event(
                event,
                detail.summary.id.clone(),
                voice,
                segment_lines(&detail),
                voice_language,
                |_| {},
            );
        }
    };

    // Asks the shell for every media URL the job shows and has not asked for yet.
    use_effect(move || {
        let Some(Ok(detail)) = job.read().as_ref().cloned() else {
            return;
        };
        let assembled = assembly.read().result.is_some();
        for wanted in media_needed(&detail, assembled) {
            if !asked.peek().contains(&wanted) {
                asked.write().insert(wanted.clone());
                spawn(async move {
                    match api::preview_url(wanted.clone()).await {
                        Ok(url) => {
                            media.write().insert(wanted, url);
                        }
                        Err(e) => dioxus::logger::tracing::warn!("no preview URL: {e}"),
                    }
                });
            }
        }
    });

    let navigator = use_navigator();
    let mut execute = move |action: JobAction| {
        let job_id = JobId::from(id.clone());
        let detail = job.peek().as_ref().and_then(|r| r.as_ref().ok()).cloned();
        busy.set(true);
        error.set(None);
        if let JobAction::Duplicate { .. } | JobAction::Delete = action {
            spawn(async move {
                let next = leave_job(job_id, action).await;
                busy.set(false);
                confirm.set(None);
                match next {
                    Ok(route) => {
                        navigator.push(route);
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
            return;
        }
        let clip_used = matches!(action, JobAction::UseClip { .. });
        spawn(async move {
            let result = run(job_id, action, detail).await;
            busy.set(false);
            confirm.set(None);
            match result {
                // The events re-fetch too; this shows the answer at once.
                Ok(_) => {
                    if clip_used {
                        pending_clip.set(None);
                    }
                    job.restart()
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };

    let on_action = {
        let detail = now.ready().cloned();
        let descriptors = descriptors.clone();
        let mut execute = execute.clone();
        move |action: JobAction| {
            if *busy.peek() {
                return;
            }
            let Some(detail) = detail.clone() else {
                return;
            };
            match action {
                JobAction::PickClip(index) => {
                    super::job_clips::pick_clip(index, pending_clip, error, busy);
                    return;
                }
                JobAction::DiscardClip => {
                    pending_clip.set(None);
                    return;
                }
                _ => {}
            }
            if action == JobAction::Launch {
                // Confirmed with the engine's own estimate.
                busy.set(true);
                error.set(None);
                let job_id = detail.summary.id.clone();
                spawn(async move {
                    let estimate = api::estimate_job(job_id).await;
                    busy.set(false);
                    match estimate {
                        Ok(estimate) => confirm.set(Some(JobConfirm::Launch(estimate))),
                        Err(e) => error.set(Some(e)),
                    }
                });
                return;
            }
            if action == JobAction::AskPromotion {
                // Confirmed with the engine's promotion estimate.
                busy.set(true);
                error.set(None);
                let job_id = detail.summary.id.clone();
                spawn(async move {
                    let estimate = api::estimate_promotion(PromotionRequest {
                        job_id,
                        segments: Vec::new(),
                    })
                    .await;
                    busy.set(false);
                    match estimate {
                        Ok(estimate) => confirm.set(Some(JobConfirm::Promote(estimate))),
                        Err(e) => error.set(Some(e)),
                    }
                });
                return;
            }
            match confirmation_for(action.clone(), &detail, &descriptors) {
                Some(question) => confirm.set(Some(question)),
                None => execute(action),
            }
        }
    };

    // After "Animate": the job re-read, and launched after its estimate while not yet launched.
    let on_storyboard = {
        let launchable = now
            .ready()
            .is_some_and(|d| matches!(d.summary.status, JobStatus::Draft | JobStatus::Configured));
        let mut on_action = on_action.clone();
        let animated = move || {
            job.restart();
            if launchable {
                on_action(JobAction::Launch);
            }
        };
        super::job_storyboard::storyboard_handler(storyboard_job, storyboard, busy, error, animated)
    };

    // "Choose…" for the music bed or the voice-over: the shell's dialog imports the file and
    // answers its id and name; cancelling changes nothing.
    let on_pick_audio = move |slot: AudioSlot| {
        if assembly.peek().busy {
            return;
        }
        assembly.write().audio_error = None;
        spawn(async move {
            match api::pick_audio_file().await {
                Ok(Some(audio)) => {
                    let mut state = assembly.write();
                    state.form = state.form.with_audio(slot, Some(audio));
                }
                Ok(None) => {}
                Err(e) => assembly.write().audio_error = Some(e),
            }
        });
    };

    let on_assemble = {
        let detail = now.ready().cloned();
        move |_: ()| {
            let Some(detail) = detail.clone() else {
                return;
            };
            if assembly.peek().busy {
                return;
            }
            let request = assembly.peek().form.to_request(detail.summary.id.clone());
            {
                let mut state = assembly.write();
                state.busy = true;
                state.error = None;
                state.copied = None;
            }
            spawn(async move {
                // Returns when the video is written; the job goes `assembling` then
                // `completed` through job events meanwhile.
                let result = api::assemble_job(request).await;
                {
                    let mut state = assembly.write();
                    state.busy = false;
                    match result {
                        Ok(done) => {
                            state.result = Some(done);
                            state.revision += 1;
                        }
                        Err(e) => state.error = Some(e),
                    }
                }
                job.restart();
            });
        }
    };

    rsx! {
        JobView {
            lang: lang(),
            clock: Clock::system(),
            job: now,
            providers: descriptors,
            busy: busy(),
            error: error(),
            confirm: confirm(),
            media: media(),
            assembly: AssemblyState {
                focus: focus.read().as_ref().and_then(|r| r.as_ref().ok()).cloned().unwrap_or_default(),
                ..assembly()
            },
            on_action,
            on_assembly: move |form: AssemblyForm| assembly.write().form = form,
            on_assemble,
            on_copy_path: move |path: String| {
                spawn(async move {
                    let copied = dom::copy_text(&path).await;
                    assembly.write().copied = Some(copied);
                });
            },
            on_reveal,
            on_pick_audio,
            clip: pending_clip(),
            voices: voices.read().as_ref().and_then(|r| r.as_ref().ok()).cloned().unwrap_or_default(),
            voice: Some(voice()),
            voice_language,
            on_voice,
            on_confirm: move |question: JobConfirm| {
                if !*busy.peek() {
                    execute(question.action());
                }
            },
            on_dismiss: move |_: ()| {
                if !*busy.peek() {
                    confirm.set(None);
                }
            },
            on_dismiss_error: move |_: ()| error.set(None),
            chain: chain.read().as_ref().and_then(|r| r.as_ref().ok()).cloned(),
            on_chain,
            on_focus,
            storyboard: storyboard.state(),
            on_storyboard,
            on_retry: move |_: ()| job.restart(),
        }
    }
}
