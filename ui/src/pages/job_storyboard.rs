//! The job screen's storyboard (issue 19): the storyboard (`get_storyboard`, fetched again on
//! every job update, running keyframes' progress raised from live events), the image
//! providers (`list_image_providers`), each keyframe image's preview URL (asked once, into the
//! screen's media), and the panel's actions: `set_storyboard_options`, `generate_keyframes`,
//! `edit_segment` (a keyframe's prompt is its segment's), `select_keyframe`,
//! `approve_keyframes` and `animate_storyboard` (the page then asks to launch).

use crate::api;
use crate::job_events::{use_job_revision, use_live_progress};
use crate::views::job::{StoryboardEvent, StoryboardState, keyframe_media};
use crate::views::player::MediaUrls;
use dioxus::prelude::*;
use reelforge_protocol::{
    AnimateOutcome, ApiError, ApproveKeyframesRequest, DecideRequest, EditSegmentRequest,
    GenerateKeyframesRequest, ImageProviderDescriptor, JobId, MediaRef, SegmentPatch, SegmentRef,
    SelectKeyframeRequest, Storyboard, StoryboardOptionsRequest, TakeId,
};
use std::collections::{HashMap, HashSet};

/// The storyboard panel's data and what re-fetches it.
#[derive(Clone, Copy)]
pub struct StoryboardData {
    board: Resource<Result<Storyboard, ApiError>>,
    providers: Resource<Result<Vec<ImageProviderDescriptor>, ApiError>>,
    animated: Signal<Option<AnimateOutcome>>,
    live: Signal<HashMap<TakeId, u8>>,
}

impl StoryboardData {
    /// What the panel shows, once both the storyboard and the providers are fetched (a job
    /// the engine has no storyboard for shows none).
    pub fn state(&self) -> Option<StoryboardState> {
        let mut board = self.board.read().as_ref()?.as_ref().ok()?.clone();
        let providers = self.providers.read().as_ref()?.as_ref().ok()?.clone();
        let live = self.live.read();
        for take in board
            .segments
            .iter_mut()
            .flat_map(|s| s.keyframes.iter_mut())
            .map(|k| &mut k.take)
        {
            if let Some(&pct) = live.get(&take.id)
                && !take.status.is_terminal()
            {
                take.progress = take.progress.max(pct);
            }
        }
        Some(StoryboardState {
            board,
            providers,
            animated: self.animated.read().clone(),
        })
    }

    /// Fetches the storyboard again (after an action's answer).
    pub fn refresh(&mut self) {
        self.board.restart();
    }

    pub fn set_animated(&mut self, outcome: Option<AnimateOutcome>) {
        self.animated.set(outcome);
    }
}

/// Fetches job `id`'s storyboard (again on every job update) and asks the preview URL of
/// each keyframe image not asked yet, into `media`.
pub fn use_storyboard(
    id: String,
    mut media: Signal<MediaUrls>,
    mut asked: Signal<HashSet<MediaRef>>,
) -> StoryboardData {
    let revision = use_job_revision();
    let board = use_resource(use_reactive!(|id| {
        let _ = revision();
        api::get_storyboard(JobId::from(id))
    }));
    let providers = use_resource(api::list_image_providers);
    let animated = use_signal(|| None::<AnimateOutcome>);
    use_effect(move || {
        let Some(Ok(board)) = board.read().as_ref().cloned() else {
            return;
        };
        for wanted in keyframe_media(&board) {
            if asked.peek().contains(&wanted) {
                continue;
            }
            asked.write().insert(wanted.clone());
            spawn(async move {
                match api::preview_url(wanted.clone()).await {
                    Ok(url) => {
                        media.write().insert(wanted, url);
                    }
                    Err(e) => dioxus::logger::tracing::warn!("no keyframe URL: {e}"),
                }
            });
        }
    });
    StoryboardData {
        board,
        providers,
        animated,
        live: use_live_progress(),
    }
}

/// Runs what the person did in the storyboard of job `id`; "Animate" answers what it did.
pub async fn run_storyboard_event(
    id: JobId,
    event: StoryboardEvent,
) -> Result<Option<AnimateOutcome>, ApiError> {
    match event {
        StoryboardEvent::Options {
            provider,
            model,
            same_character,
        } => {
            api::set_storyboard_options(StoryboardOptionsRequest {
                job_id: id,
                image_provider: provider,
                image_model: model,
                same_character,
            })
            .await?;
        }
        StoryboardEvent::GenerateMissing => generate(id, Vec::new()).await?,
        StoryboardEvent::Regenerate(index) => generate(id, vec![index]).await?,
        StoryboardEvent::EditPrompt { index, prompt } => {
            api::edit_segment(EditSegmentRequest {
                job_id: id,
                index,
                patch: SegmentPatch {
                    prompt: Some(prompt),
                    ..SegmentPatch::default()
                },
                references: None,
            })
            .await?;
        }
        StoryboardEvent::Select(take_id) => {
            api::select_keyframe(SelectKeyframeRequest {
                job_id: id,
                take_id,
            })
            .await?;
        }
        StoryboardEvent::Approve { index, approved } => approve(id, vec![index], approved).await?,
        StoryboardEvent::ApproveAll => approve(id, Vec::new(), true).await?,
        StoryboardEvent::Animate => return api::animate_storyboard(id).await.map(Some),
        StoryboardEvent::Decide {
            index,
            take_id,
            decision,
        } => {
            api::decide_submit_unknown(DecideRequest {
                segment: SegmentRef { job_id: id, index },
                decision,
                take_id: Some(take_id),
            })
            .await?;
        }
    }
    Ok(None)
}

async fn generate(id: JobId, segments: Vec<u32>) -> Result<(), ApiError> {
    api::generate_keyframes(GenerateKeyframesRequest {
        job_id: id,
        segments,
    })
    .await
    .map(drop)
}

async fn approve(id: JobId, segments: Vec<u32>, approved: bool) -> Result<(), ApiError> {
    api::approve_keyframes(ApproveKeyframesRequest {
        job_id: id,
        segments,
        approved,
    })
    .await
    .map(drop)
}

/// The panel's event handler: runs each event (one at a time, under the screen's `busy`),
/// fetches the storyboard again, words a refusal through `error`, and after an "Animate" that
/// switched some segment calls `animated` (the page re-reads the job and asks to launch it).
pub fn storyboard_handler(
    id: JobId,
    mut data: StoryboardData,
    mut busy: Signal<bool>,
    mut error: Signal<Option<ApiError>>,
    animated: impl FnMut() + Clone + 'static,
) -> impl FnMut(StoryboardEvent) + Clone + 'static {
    move |event: StoryboardEvent| {
        if *busy.peek() {
            return;
        }
        let (id, mut animated) = (id.clone(), animated.clone());
        busy.set(true);
        error.set(None);
        spawn(async move {
            let result = run_storyboard_event(id, event).await;
            busy.set(false);
            data.refresh();
            match result {
                Ok(Some(outcome)) => {
                    let any = !outcome.animated.is_empty();
                    data.set_animated(Some(outcome));
                    if any {
                        animated();
                    }
                }
                Ok(None) => {}
                Err(e) => error.set(Some(e)),
            }
        });
    }
}
