//! `/jobs/new?template=ID`: the new job wizard.
//!
//! Step 1 → 2 creates the draft job (`create_job`; going back and changing step 1 replaces that
//! draft, keeping the texts already written). "Generate" saves each changed segment
//! (`configure_segments`), asks the engine for its estimate (`estimate_job`) and shows it in
//! the cost confirmation; confirming launches the job (`launch_job`) and opens its screen.
//!
//! Voice & captions (step 2): the choice is stored on the draft job as it changes (again on a
//! replaced draft), with "Listen" and each segment's voice measured against its clip (see
//! [`super::voice_section`]).
//!
//! Reference images: files dropped on the window arrive imported (`files_dropped`, see
//! [`crate::drops`]); in step 2 they go to the card under the drop point, else to the armed
//! card, and are saved at once (`set_segment_references`, the draft job exists by then), as is
//! the removal of one. A card's "Choose files…" opens the OS file dialog
//! (`pick_reference_files`), whose files the shell imports as it does drops. Ctrl/Cmd+Enter pressed outside the wizard's own handler comes through
//! [`crate::shortcuts::use_generate_requests`].

use super::voice_section::{
    fallback_language, handle_voice_event, measure, use_choice_on_draft, use_music_tracks,
};
use crate::api;
use crate::dom;
use crate::drops::use_latest_drop;
use crate::i18n::use_lang;
use crate::remote::Remote;
use crate::route::Route;
use crate::shortcuts::use_generate_requests;
use crate::views::NewJobView;
use crate::views::new_job::draft_lines;
use crate::views::new_job::{
    CARD_SELECTOR, ReferenceState, SegmentDraft, SetupForm, WizardBusy, WizardStep, drafts_for,
};
use crate::views::voice::{VoiceEvent, VoiceState};
use dioxus::prelude::*;
use reelforge_protocol::{
    ApiError, AssetId, ConfigureSegmentsRequest, CostEstimate, ImportedAsset, JobDetail, MediaRef,
    ProviderDescriptor, RejectedFile, SegmentRef, SetSegmentReferencesRequest, TemplateId,
};

/// Shows the top of the new step: the screen scrolls in the shell's main area.
fn scroll_to_top() {
    #[cfg(target_arch = "wasm32")]
    if let Some(main) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("main-area"))
    {
        main.set_scroll_top(0);
    }
}

fn template_of(query: &str) -> Option<TemplateId> {
    (!query.is_empty()).then(|| TemplateId::from(query))
}

#[component]
pub fn NewJob(template: String) -> Element {
    let lang = use_lang();
    let navigator = use_navigator();
    let mut templates = use_resource(api::list_templates);
    let mut providers = use_resource(api::list_providers);
    let mut form = use_signal(|| SetupForm::new(template_of(&template)));
    // A template card clicked while the wizard is open changes the query, not the component.
    use_effect(use_reactive!(|template| {
        let wanted = template_of(&template);
        if form.peek().template_id != wanted {
            form.write().template_id = wanted;
        }
    }));
    let mut step = use_signal(WizardStep::default);
    let mut job = use_signal(|| None::<JobDetail>);
    // The step 1 form the current draft job was created from.
    let mut created_from = use_signal(|| None::<SetupForm>);
    let mut drafts = use_signal(Vec::<SegmentDraft>::new);
    let mut busy = use_signal(|| None::<WizardBusy>);
    let mut error = use_signal(|| None::<ApiError>);
    let mut confirm = use_signal(|| None::<CostEstimate>);
    let mut references = use_signal(ReferenceState::default);
    let voices = use_resource(api::list_voices);
    let voice = use_signal(VoiceState::default);
    use_choice_on_draft(job, voice);
    use_music_tracks(voice);
    let voice_language = fallback_language(job.read().as_ref(), lang());
    let on_voice = move |event: VoiceEvent| {
        let Some(id) = job.peek().as_ref().map(|j| j.summary.id.clone()) else {
            return;
        };
        let lines = draft_lines(&drafts.peek());
        handle_voice_event(event, id, voice, lines, voice_language, |_| {});
    };

    let descriptors = move || -> Vec<ProviderDescriptor> {
        providers
            .read()
            .as_ref()
            .and_then(|r| r.as_ref().ok())
            .cloned()
            .unwrap_or_default()
    };

    let on_continue = move |_: ()| {
        let current = form();
        let Ok(request) = current.to_request() else {
            return;
        };
        if busy.peek().is_some() {
            return;
        }
        if job.peek().is_some() && created_from.peek().as_ref() == Some(&current) {
            step.set(WizardStep::Segments);
            scroll_to_top();
            return;
        }
        busy.set(Some(WizardBusy::Creating));
        error.set(None);
        spawn(async move {
            // The draft of an earlier pass through step 1: nothing was generated on it.
            let old = job.peek().as_ref().map(|j| j.summary.id.clone());
            if let Some(old) = old
                && let Err(e) = api::delete_job(old).await
            {
                dioxus::logger::tracing::warn!("could not delete the replaced draft: {e}");
            }
            match api::create_job(request).await {
                Ok(detail) => {
                    let next = drafts_for(&detail, &descriptors(), &drafts.peek());
                    drafts.set(next);
                    // A new draft job: the first card is armed again, nothing is refused.
                    {
                        let mut state = references.write();
                        state.armed = None;
                        state.rejected = None;
                    }
                    job.set(Some(detail));
                    created_from.set(Some(current));
                    step.set(WizardStep::Segments);
                    scroll_to_top();
                }
                Err(e) => {
                    job.set(None);
                    error.set(Some(e));
                }
            }
            busy.set(None);
        });
    };

    let on_generate = move |_: ()| {
        if busy.peek().is_some() || confirm.peek().is_some() || *step.peek() != WizardStep::Segments
        {
            return;
        }
        let Some(detail) = job() else {
            return;
        };
        let current = drafts();
        let list = descriptors();
        let aspect = detail.config.aspect_ratio;
        // The button is disabled then, but Ctrl/Cmd+Enter is not.
        if current.is_empty() || current.iter().any(|d| !d.is_ready(&list, aspect)) {
            return;
        }
        busy.set(Some(WizardBusy::Saving));
        error.set(None);
        spawn(async move {
            let id = detail.summary.id.clone();
            let mut latest = detail.clone();
            for draft in &current {
                let Some(segment) = detail.segments.iter().find(|s| s.index == draft.index) else {
                    continue;
                };
                let Some(patch) = draft.patch_for(segment) else {
                    continue;
                };
                let request = ConfigureSegmentsRequest {
                    job_id: id.clone(),
                    indexes: vec![draft.index],
                    patch,
                };
                match api::configure_segments(request).await {
                    Ok(saved) => latest = saved,
                    Err(e) => {
                        error.set(Some(e));
                        busy.set(None);
                        return;
                    }
                }
            }
            job.set(Some(latest));
            // Each narration measured against its clip before the confirmation, which warns
            // when a voice outlasts its clip (cached: the assembly reuses it).
            measure(voice, draft_lines(&current), voice_language).await;
            match api::estimate_job(id).await {
                Ok(estimate) => confirm.set(Some(estimate)),
                Err(e) => error.set(Some(e)),
            }
            busy.set(None);
        });
    };

    let on_confirm = move |_: ()| {
        let Some(detail) = job() else {
            return;
        };
        if busy.peek().is_some() {
            return;
        }
        busy.set(Some(WizardBusy::Launching));
        spawn(async move {
            let id = detail.summary.id.clone();
            let result = api::launch_job(id.clone()).await;
            confirm.set(None);
            busy.set(None);
            match result {
                Ok(_) => {
                    navigator.push(Route::Job { id: id.to_string() });
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };

    // Saves a card's reference images (replacing them), then shows them.
    let mut save_references = move |index: u32, assets: Vec<AssetId>| {
        let Some(detail) = job.peek().clone() else {
            return;
        };
        references.write().saving = Some(index);
        spawn(async move {
            let request = SetSegmentReferencesRequest {
                segment: SegmentRef {
                    job_id: detail.summary.id.clone(),
                    index,
                },
                assets: assets.clone(),
            };
            match api::set_segment_references(request).await {
                Ok(saved) => {
                    if let Some(slot) = drafts.write().iter_mut().find(|d| d.index == index) {
                        slot.reference_assets = assets;
                    }
                    job.set(Some(saved));
                }
                Err(e) => error.set(Some(e)),
            }
            references.write().saving = None;
        });
    };

    // Imported files join card `index`'s references (saved at once); refused ones are shown
    // on that card. Drops and the file dialog both end here.
    let mut add_references =
        move |index: u32, imported: Vec<ImportedAsset>, rejected: Vec<RejectedFile>| {
            {
                let mut state = references.write();
                state.armed = Some(index);
                for asset in &imported {
                    state.urls.insert(asset.asset_id.clone(), asset.url.clone());
                }
                state.rejected = (!rejected.is_empty()).then_some((index, rejected));
            }
            if !imported.is_empty() {
                let mut assets = drafts
                    .peek()
                    .iter()
                    .find(|d| d.index == index)
                    .map(|d| d.reference_assets.clone())
                    .unwrap_or_default();
                assets.extend(imported.iter().map(|a| a.asset_id.clone()));
                save_references(index, assets);
            }
        };

    // Files dropped on the window (imported by the shell) go to the card under the drop
    // point, else to the armed one; only in step 2.
    let latest_drop = use_latest_drop();
    let mut drops_seen = use_signal(|| latest_drop.peek().as_ref().map(|(n, _)| *n));
    use_effect(move || {
        let Some((n, dropped)) = latest_drop.read().clone() else {
            return;
        };
        if *drops_seen.peek() == Some(n) {
            return;
        }
        drops_seen.set(Some(n));
        if *step.peek() != WizardStep::Segments || job.peek().is_none() {
            return;
        }
        let first = drafts.peek().first().map(|d| d.index);
        let Some(index) = dom::segment_at(dropped.x, dropped.y, CARD_SELECTOR)
            .or(references.peek().armed)
            .or(first)
        else {
            return;
        };
        add_references(index, dropped.imported, dropped.rejected);
    });

    // "Choose files…" on a card: the OS file dialog, imported by the shell as drops are.
    let on_pick_references = move |index: u32| {
        if references.peek().saving.is_some() || job.peek().is_none() {
            return;
        }
        spawn(async move {
            match api::pick_reference_files().await {
                Ok(picked) => {
                    if !picked.imported.is_empty() || !picked.rejected.is_empty() {
                        add_references(index, picked.imported, picked.rejected);
                    }
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };

    // References a draft has but whose URL is not known yet (a job's stored ones).
    use_effect(move || {
        let wanted: Vec<AssetId> = drafts
            .read()
            .iter()
            .flat_map(|d| d.reference_assets.iter().cloned())
            .filter(|a| !references.peek().urls.contains_key(a))
            .collect();
        for asset_id in wanted {
            spawn(async move {
                let media = MediaRef::Asset {
                    asset_id: asset_id.clone(),
                };
                if let Ok(url) = api::preview_url(media).await {
                    references.write().urls.insert(asset_id, url);
                }
            });
        }
    });

    // Ctrl/Cmd+Enter pressed where the wizard's own handler does not see it.
    let generate_requests = use_generate_requests();
    let mut generate_seen = use_signal(|| *generate_requests.peek());
    let mut on_generate_again = on_generate;
    use_effect(move || {
        let n = generate_requests();
        if n != *generate_seen.peek() {
            generate_seen.set(n);
            on_generate_again(());
        }
    });

    let templates_now = Remote::from_result(templates.read().as_ref());
    let providers_now = Remote::from_result(providers.read().as_ref());
    rsx! {
        NewJobView {
            lang: lang(),
            templates: templates_now,
            providers: providers_now,
            step: step(),
            form: form(),
            job: job(),
            drafts: drafts(),
            busy: busy(),
            error: error(),
            confirm: confirm(),
            on_form: move |next: SetupForm| form.set(next),
            on_continue,
            on_back: move |_: ()| {
                step.set(WizardStep::Setup);
                scroll_to_top();
            },
            on_draft: move |next: SegmentDraft| {
                if let Some(slot) = drafts.write().iter_mut().find(|d| d.index == next.index) {
                    *slot = next;
                }
            },
            on_generate,
            on_confirm,
            on_dismiss: move |_: ()| {
                if busy.peek().is_none() {
                    confirm.set(None);
                }
            },
            on_dismiss_error: move |_: ()| error.set(None),
            references: references(),
            voices: voices.read().as_ref().and_then(|r| r.as_ref().ok()).cloned().unwrap_or_default(),
            voice: Some(voice()),
            voice_language,
            on_voice,
            on_arm: move |index: u32| {
                if references.peek().armed != Some(index) {
                    references.write().armed = Some(index);
                }
            },
            on_remove_reference: move |(index, asset): (u32, AssetId)| {
                if references.peek().saving.is_some() {
                    return;
                }
                let assets: Vec<AssetId> = drafts
                    .peek()
                    .iter()
                    .find(|d| d.index == index)
                    .map(|d| d.reference_assets.iter().filter(|a| **a != asset).cloned().collect())
                    .unwrap_or_default();
                save_references(index, assets);
            },
            on_dismiss_rejected: move |_: ()| references.write().rejected = None,
            on_pick_references,
            on_retry: move |_: ()| {
                templates.restart();
                providers.restart();
            },
        }
    }
}
