//! The app's Voice & captions previews on a real engine: the choice stored on the job, a
//! voice spoken by espeak-ng into the narration cache (served as WAV, the same entry the
//! assembly then reuses instead of synthesizing again), and a caption style drawn by libass
//! on a still of a real local take, in the job's frame.

#[path = "job_wait/mod.rs"]
mod job_wait;
#[path = "local_jobs/mod.rs"]
mod local_jobs;

use job_wait::until_reviewed;
use local_jobs::{LocalJob, create_local_job};
use reelforge_core::Core;
use reelforge_core::media::{MediaTools, probe};
use reelforge_protocol::{
    AspectRatio, AssembleRequest, CaptionPlatform, CaptionPreviewRequest, CaptionStyle, ErrorCode,
    JobId, JobStatus, MediaRef, NarrationChoice, ScriptLanguage, SetJobVoiceRequest,
    VoiceAndCaptions, VoicePreviewRequest,
};

const NARRATION: &str = "Bonjour à tous, voici trois astuces Python.";

async fn square_job(core: &Core) -> JobId {
    let job = LocalJob {
        title: "Astuces",
        segments: 1,
        aspect_ratio: AspectRatio::Square,
        prompt: "Python tips",
        narration: Some(NARRATION),
        budget_cap_micros: None,
    };
    create_local_job(core, job).await
}

fn french() -> NarrationChoice {
    NarrationChoice {
        language: Some(ScriptLanguage::Fr),
        ..NarrationChoice::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_choice_is_stored_on_the_job_and_bad_ones_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let core = Core::open_with(dir.path(), Default::default())
        .await
        .unwrap();
    let id = square_job(&core).await;
    assert_eq!(core.get_job(&id).await.unwrap().overrides.voice, None);
    let choice = VoiceAndCaptions {
        narration: NarrationChoice {
            speed_percent: 130,
            ..french()
        },
        caption_style: CaptionStyle::Karaoke,
        caption_platform: CaptionPlatform::Reels,
        music: reelforge_protocol::MusicChoice::Track("bed.m4a".to_owned()),
    };
    let stored = core
        .set_job_voice(SetJobVoiceRequest {
            job_id: id.clone(),
            choice: choice.clone(),
        })
        .await
        .unwrap();
    assert_eq!(stored.overrides.voice.as_ref(), Some(&choice));
    assert_eq!(
        core.get_job(&id).await.unwrap().overrides.voice,
        Some(choice.clone())
    );

    let too_fast = VoiceAndCaptions {
        narration: NarrationChoice {
            speed_percent: 400,
            ..french()
        },
        ..choice.clone()
    };
    let unknown = VoiceAndCaptions {
        narration: NarrationChoice {
            provider: Some("nobody".into()),
            ..french()
        },
        ..choice.clone()
    };
    for bad in [too_fast, unknown] {
        let refused = core
            .set_job_voice(SetJobVoiceRequest {
                job_id: id.clone(),
                choice: bad,
            })
            .await
            .unwrap_err();
        assert_eq!(refused.code(), ErrorCode::Validation);
    }
    assert_eq!(
        core.get_job(&id).await.unwrap().overrides.voice,
        Some(choice)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_heard_voice_and_a_drawn_caption_style_come_from_the_real_engine() {
    let dir = tempfile::tempdir().unwrap();
    let core = Core::open_with(dir.path(), Default::default())
        .await
        .unwrap();
    let id = square_job(&core).await;

    // Heard: a WAV in the narration cache, served by key, as long as the speech.
    let request = VoicePreviewRequest {
        narration: french(),
        text: NARRATION.into(),
    };
    let heard = core.preview_narration(&request).await.unwrap();
    assert_eq!(heard.provider, "espeak-ng");
    let media = heard.media.clone().expect("something was said");
    assert!(matches!(media, MediaRef::Narration { .. }));
    assert!(
        (1_000..10_000).contains(&heard.duration_ms),
        "{} ms",
        heard.duration_ms
    );
    let file = core.media_file(&media).await.unwrap();
    assert_eq!(file.content_type, "audio/wav");
    let modified = std::fs::metadata(&file.path).unwrap().modified().unwrap();
    // Asked again: the same entry, not made again.
    let again = core.preview_narration(&request).await.unwrap();
    assert_eq!(again, heard);
    assert_eq!(
        std::fs::metadata(&file.path).unwrap().modified().unwrap(),
        modified
    );
    // Only stage directions: nothing to hear.
    let silent = core
        .preview_narration(&VoicePreviewRequest {
            narration: french(),
            text: "[plan large]".into(),
        })
        .await
        .unwrap();
    assert_eq!((silent.media, silent.duration_ms), (None, 0));

    // Drawn: needs a finished take first.
    let frame_request = |style| CaptionPreviewRequest {
        job_id: id.clone(),
        segment_index: 0,
        style,
        platform: CaptionPlatform::All,
    };
    let early = core
        .preview_captions(&frame_request(CaptionStyle::BoldPop))
        .await
        .unwrap_err();
    assert_eq!(early.code(), ErrorCode::Validation);

    let shutdown = tokio_util::sync::CancellationToken::new();
    let mut events = core.subscribe();
    let engine = core
        .start_engine(shutdown.clone(), reelforge_core::LockWait::Refuse)
        .unwrap();
    core.launch_job(&id).await.unwrap();
    assert_eq!(until_reviewed(&mut events).await, JobStatus::Review);
    shutdown.cancel();
    engine.await.unwrap().unwrap();

    let tools = MediaTools::resolve(None).unwrap();
    let mut frames = Vec::new();
    for style in [CaptionStyle::BoldPop, CaptionStyle::None] {
        let media = core.preview_captions(&frame_request(style)).await.unwrap();
        assert!(matches!(media, MediaRef::CaptionFrame { .. }));
        let file = core.media_file(&media).await.unwrap();
        assert_eq!(file.content_type, "image/jpeg");
        let info = probe(&tools, &file.path).await.unwrap();
        let video = info.require_video().unwrap();
        assert_eq!((video.width, video.height), (1080, 1080), "the job's frame");
        frames.push(std::fs::read(&file.path).unwrap());
    }
    assert_ne!(frames[0], frames[1], "the captions are drawn on the still");

    // The assembly speaks the same narration from the cache the preview filled.
    let mut assemble = AssembleRequest::new(id.clone());
    assemble.preset = Some("draft".into());
    assemble.narration = french();
    let result = core.assemble_request(&assemble).await.unwrap();
    let narration = result.narration.expect("narrated");
    assert_eq!((narration.synthesized, narration.reused), (0, 1));
}
