//! One async function per shell command of [`reelforge_protocol::commands`], for the views.
//!
//! Each is [`crate::bridge::call`] of its declared command: its argument is the command's
//! request type and its answer the command's response type (or its [`ApiError`]), both taken
//! from the declaration, so they cannot drift from what the shell handles.

use crate::bridge::call;
use reelforge_protocol::commands::{self, Command};
use reelforge_protocol::{ApiError, ImportAssetRequest, ImportedAsset};

/// `name(arg) => Command;`: a function sending `arg` (or nothing) as `Command`'s request.
macro_rules! calls {
    ($( $name:ident($($arg:ident)?) => $command:ident; )*) => {
        $(
            #[doc = concat!(
                "Calls [`", stringify!($command), "`](commands::", stringify!($command), ")."
            )]
            pub async fn $name(
                $($arg: <commands::$command as Command>::Request)?
            ) -> Result<<commands::$command as Command>::Response, ApiError> {
                call::<commands::$command>(calls!(@req $($arg)?)).await
            }
        )*
    };
    (@req) => { () };
    (@req $arg:ident) => { $arg };
}

calls! {
    app_info() => AppInfo;
    list_templates() => ListTemplates;
    get_template(id) => GetTemplate;
    create_template(input) => CreateTemplate;
    update_template(req) => UpdateTemplate;
    delete_template(id) => DeleteTemplate;
    list_jobs(query) => ListJobs;
    get_job(id) => GetJob;
    create_job(req) => CreateJob;
    configure_segments(req) => ConfigureSegments;
    delete_job(id) => DeleteJob;
    list_providers() => ListProviders;
    list_voices() => ListVoices;
    get_music_library() => GetMusicLibrary;
    set_music_folder(req) => SetMusicFolder;
    estimate_job(id) => EstimateJob;
    launch_job(id) => LaunchJob;
    pause_job(id) => PauseJob;
    resume_job(id) => ResumeJob;
    cancel_job(id) => CancelJob;
    cancel_segment(segment) => CancelSegment;
    retry_segment(segment) => RetrySegment;
    decide_submit_unknown(req) => DecideSubmitUnknown;
    write_script(req) => WriteScript;
    start_quick(req) => StartQuick;
    get_writer_settings() => GetWriterSettings;
    set_writer_settings(settings) => SetWriterSettings;
    list_provider_status() => ListProviderStatus;
    set_provider_key(req) => SetProviderKey;
    test_provider_key(provider) => TestProviderKey;
    remove_provider_key(provider) => RemoveProviderKey;
    update_provider_settings(req) => UpdateProviderSettings;
    preview_url(media) => PreviewUrl;
    set_segment_references(req) => SetSegmentReferences;
    assemble_job(req) => AssembleJob;
    select_take(req) => SelectTake;
    get_app_settings() => GetAppSettings;
    set_app_settings(settings) => SetAppSettings;
    ffmpeg_info() => FfmpegInfo;
    set_ffmpeg_location(location) => SetFfmpegLocation;
    pick_reference_files() => PickReferenceFiles;
    reveal_job_output(id) => RevealJobOutput;
    pick_audio_file() => PickAudioFile;
    set_job_voice(req) => SetJobVoice;
    preview_voice(req) => PreviewVoice;
    plan_narration(req) => PlanNarration;
    preview_captions(req) => PreviewCaptions;
    // The automation API's Settings switch.
    get_api_state() => GetApiState;
    turn_on_api(req) => TurnOnApi;
    turn_off_api() => TurnOffApi;
    rotate_api_token() => RotateApiToken;
    // Continuity chaining (issue 17)
    get_chain_status(id) => GetChainStatus;
    set_chaining(req) => SetChaining;
    regenerate_stale(id) => RegenerateStale;
    // Draft → final promotion (issue 17).
    estimate_promotion(req) => EstimatePromotion;
    promote_segments(req) => PromoteSegments;
    // Issue 17, segment editing and the job's reference set:
    edit_segment(req) => EditSegment;
    set_job_references(req) => SetJobReferences;
    // Own clips as segments (issue 17)
    use_segment_clip(req) => UseSegmentClip;
    pick_video_file() => PickVideoFile;
    // Issue 17 — duplicate, re-run, bulk actions.
    duplicate_job(req) => DuplicateJob;
    rerun_job(id) => RerunJob;
    bulk_jobs(req) => BulkJobs;
    // Storyboard keyframes (issue 19)
    list_image_providers() => ListImageProviders;
    // Issue 18 — the per-segment focus point dragged on the preview.
    get_segment_focus(id) => GetSegmentFocus;
    set_segment_focus(req) => SetSegmentFocus;
    // Storyboard (issue 19)
    get_storyboard(id) => GetStoryboard;
    set_storyboard_options(req) => SetStoryboardOptions;
    generate_keyframes(req) => GenerateKeyframes;
    select_keyframe(req) => SelectKeyframe;
    approve_keyframes(req) => ApproveKeyframes;
    animate_storyboard(id) => AnimateStoryboard;
}

/// Imports a file the OS offered (dropped on the window or chosen in a file dialog). Drops
/// are imported by the shell itself and arrive as the `files_dropped` event.
pub async fn import_asset(path: String) -> Result<ImportedAsset, ApiError> {
    call::<commands::ImportAsset>(ImportAssetRequest { path }).await
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use commands::UpdateTemplateRequest;
    use reelforge_protocol::{
        ConfigureSegmentsRequest, CreateJobRequest, DecideRequest, JobListQuery, SegmentRef,
        TemplateInput,
    };
    use std::collections::BTreeSet;
    use std::future::Future;
    use std::task::{Context, Poll, Waker};

    /// Natively every call fails at once, so one poll finishes it.
    fn finish<T>(call: impl Future<Output = Result<T, ApiError>>) -> ApiError {
        let mut call = std::pin::pin!(call);
        match call.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
            Poll::Ready(Err(error)) => error,
            Poll::Ready(Ok(_)) => panic!("a native call succeeded"),
            Poll::Pending => panic!("a native call is pending"),
        }
    }

    /// The command named in the native "no desktop shell (<command>)" error.
    fn command_of(error: ApiError) -> String {
        assert_eq!(error.code, reelforge_protocol::ErrorCode::Internal);
        let inner = error
            .message
            .strip_prefix(crate::bridge::NO_SHELL)
            .and_then(|rest| rest.trim().strip_prefix('('))
            .and_then(|rest| rest.strip_suffix(')'))
            .unwrap_or_else(|| panic!("unexpected message {:?}", error.message));
        inner.to_owned()
    }

    fn template_input() -> TemplateInput {
        TemplateInput {
            name: "t".into(),
            description: String::new(),
            pillar: String::new(),
            segment_count: 1,
            segment_duration_s: 5,
            aspect_ratio: reelforge_protocol::AspectRatio::Portrait,
            provider: "fal".into(),
            model: None,
            mode: reelforge_protocol::GenerationMode::TextToVideo,
            fallback_providers: Vec::new(),
            allow_fallback: false,
            beats: Vec::new(),
            style: Default::default(),
            model_tiers: Vec::new(),
        }
    }

    fn promotion() -> reelforge_protocol::PromotionRequest {
        reelforge_protocol::PromotionRequest {
            job_id: "j".into(),
            segments: vec![0],
        }
    }

    fn segment() -> SegmentRef {
        SegmentRef {
            job_id: "j".into(),
            index: 0,
        }
    }

    #[test]
    fn every_command_has_exactly_one_function() {
        let called = vec![
            command_of(finish(app_info())),
            command_of(finish(list_templates())),
            command_of(finish(get_template("t".into()))),
            command_of(finish(create_template(template_input()))),
            command_of(finish(update_template(UpdateTemplateRequest {
                id: "t".into(),
                input: template_input(),
            }))),
            command_of(finish(delete_template("t".into()))),
            command_of(finish(list_jobs(JobListQuery::default()))),
            command_of(finish(get_job("j".into()))),
            command_of(finish(create_job(CreateJobRequest {
                title: "j".into(),
                subject: String::new(),
                template_id: None,
                segment_count: Some(1),
                config: Default::default(),
                budget_cap_micros: None,
            }))),
            command_of(finish(configure_segments(ConfigureSegmentsRequest {
                job_id: "j".into(),
                indexes: Vec::new(),
                patch: Default::default(),
            }))),
            command_of(finish(delete_job("j".into()))),
            command_of(finish(list_providers())),
            command_of(finish(list_voices())),
            command_of(finish(get_music_library())),
            command_of(finish(set_music_folder(Default::default()))),
            command_of(finish(estimate_job("j".into()))),
            command_of(finish(launch_job("j".into()))),
            command_of(finish(pause_job("j".into()))),
            command_of(finish(resume_job("j".into()))),
            command_of(finish(cancel_job("j".into()))),
            command_of(finish(cancel_segment(segment()))),
            command_of(finish(retry_segment(segment()))),
            command_of(finish(decide_submit_unknown(DecideRequest {
                segment: segment(),
                decision: reelforge_protocol::SubmitUnknownDecision::Resubmit,
                take_id: None,
            }))),
            command_of(finish(write_script(reelforge_protocol::QuickRequest::new(
                "s",
            )))),
            command_of(finish(list_provider_status())),
            command_of(finish(set_provider_key(
                reelforge_protocol::SetProviderKeyRequest {
                    provider: "fal".into(),
                    key: "k".into(),
                    session_only: false,
                },
            ))),
            command_of(finish(test_provider_key("fal".into()))),
            command_of(finish(remove_provider_key("fal".into()))),
            command_of(finish(update_provider_settings(
                reelforge_protocol::UpdateProviderSettingsRequest {
                    provider: "fal".into(),
                    settings: Default::default(),
                },
            ))),
            command_of(finish(start_quick(reelforge_protocol::QuickRequest::new(
                "s",
            )))),
            command_of(finish(get_writer_settings())),
            command_of(finish(set_writer_settings(Default::default()))),
            command_of(finish(preview_url(reelforge_protocol::MediaRef::Take {
                take_id: "t".into(),
            }))),
            command_of(finish(import_asset("/x.png".into()))),
            command_of(finish(set_segment_references(
                reelforge_protocol::SetSegmentReferencesRequest {
                    segment: segment(),
                    assets: Vec::new(),
                },
            ))),
            command_of(finish(assemble_job(
                reelforge_protocol::AssembleRequest::new("j".into()),
            ))),
            command_of(finish(select_take(reelforge_protocol::SelectTakeRequest {
                job_id: "j".into(),
                segment_id: "s".into(),
                take_id: "t".into(),
            }))),
            command_of(finish(get_app_settings())),
            command_of(finish(set_app_settings(Default::default()))),
            command_of(finish(ffmpeg_info())),
            command_of(finish(set_ffmpeg_location(None))),
            command_of(finish(pick_reference_files())),
            command_of(finish(reveal_job_output("j".into()))),
            command_of(finish(pick_audio_file())),
            command_of(finish(set_job_voice(
                reelforge_protocol::SetJobVoiceRequest {
                    job_id: "j".into(),
                    choice: Default::default(),
                },
            ))),
            command_of(finish(preview_voice(
                reelforge_protocol::VoicePreviewRequest {
                    narration: Default::default(),
                    text: "Bonjour".into(),
                },
            ))),
            command_of(finish(plan_narration(
                reelforge_protocol::NarrationPlanRequest {
                    job_id: "j".into(),
                    narration: Default::default(),
                },
            ))),
            command_of(finish(preview_captions(
                reelforge_protocol::CaptionPreviewRequest {
                    job_id: "j".into(),
                    segment_index: 0,
                    style: Default::default(),
                    platform: Default::default(),
                },
            ))),
            // The automation API's Settings switch.
            command_of(finish(get_api_state())),
            command_of(finish(turn_on_api(Default::default()))),
            command_of(finish(turn_off_api())),
            command_of(finish(rotate_api_token())),
            // Continuity chaining (issue 17)
            command_of(finish(get_chain_status("j".into()))),
            command_of(finish(set_chaining(
                reelforge_protocol::SetChainingRequest {
                    job_id: "j".into(),
                    chain_all: Some(true),
                    segments: Vec::new(),
                },
            ))),
            command_of(finish(regenerate_stale("j".into()))),
            // Draft → final promotion (issue 17).
            command_of(finish(estimate_promotion(promotion()))),
            command_of(finish(promote_segments(promotion()))),
            // Issue 17, segment editing and the job's reference set:
            command_of(finish(edit_segment(
                reelforge_protocol::EditSegmentRequest {
                    job_id: "j".into(),
                    index: 0,
                    patch: Default::default(),
                    references: None,
                },
            ))),
            command_of(finish(set_job_references(
                reelforge_protocol::SetJobReferencesRequest {
                    job_id: "j".into(),
                    assets: Vec::new(),
                },
            ))),
            command_of(finish(use_segment_clip(
                reelforge_protocol::UseClipRequest {
                    segment: segment(),
                    asset_id: "a".into(),
                    in_ms: 0,
                    out_ms: None,
                },
            ))),
            command_of(finish(pick_video_file())),
            // Issue 17 — duplicate, re-run, bulk actions.
            command_of(finish(duplicate_job(
                reelforge_protocol::DuplicateJobRequest {
                    job_id: "j".into(),
                    with_takes: false,
                },
            ))),
            command_of(finish(rerun_job("j".into()))),
            command_of(finish(bulk_jobs(reelforge_protocol::BulkJobsRequest {
                selection: reelforge_protocol::BulkSelection::Ids {
                    ids: vec!["j".into()],
                },
                action: reelforge_protocol::BulkAction::Pause,
            }))),
            // Storyboard keyframes (issue 19)
            command_of(finish(list_image_providers())),
            // Issue 18 — the per-segment focus point dragged on the preview.
            command_of(finish(get_segment_focus("j".into()))),
            command_of(finish(set_segment_focus(
                reelforge_protocol::SetSegmentFocusRequest {
                    segment: segment(),
                    x_permille: 500,
                    y_permille: 500,
                },
            ))),
            // Storyboard (issue 19)
            command_of(finish(get_storyboard("j".into()))),
            command_of(finish(set_storyboard_options(
                reelforge_protocol::StoryboardOptionsRequest {
                    job_id: "j".into(),
                    image_provider: "local".into(),
                    image_model: None,
                    same_character: true,
                },
            ))),
            command_of(finish(generate_keyframes(
                reelforge_protocol::GenerateKeyframesRequest {
                    job_id: "j".into(),
                    segments: Vec::new(),
                },
            ))),
            command_of(finish(select_keyframe(
                reelforge_protocol::SelectKeyframeRequest {
                    job_id: "j".into(),
                    take_id: "t".into(),
                },
            ))),
            command_of(finish(approve_keyframes(
                reelforge_protocol::ApproveKeyframesRequest {
                    job_id: "j".into(),
                    segments: Vec::new(),
                    approved: true,
                },
            ))),
            command_of(finish(animate_storyboard("j".into()))),
        ];
        let unique: BTreeSet<&str> = called.iter().map(String::as_str).collect();
        assert_eq!(
            unique.len(),
            called.len(),
            "a command is called twice: {called:?}"
        );
        let all: BTreeSet<&str> = commands::ALL.iter().copied().collect();
        assert_eq!(unique, all);
    }

    #[test]
    fn requests_are_wrapped_in_req() {
        let args = commands::Args { req: () };
        assert_eq!(
            serde_json::to_value(&args).unwrap(),
            serde_json::json!({ "req": null })
        );
    }
}
