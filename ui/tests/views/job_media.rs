//! JobView's media: the takes' players side by side, choosing a take, and the assembly panel
//! in its idle, busy, failed and completed states (also reopened from the stored assembly).

use crate::job::running_detail;
use crate::support::*;
use dioxus::prelude::*;
use reelforge_protocol::{
    ApiError, AssemblyResult, AudioId, CaptionPlatform, CaptionStyle, ErrorCode, ImportedAudio,
    JobDetail, JobStatus, MediaRef, TakeId, TransitionChoice,
};
use reelforge_ui::i18n::Lang;
use reelforge_ui::remote::Remote;
use reelforge_ui::views::JobView;
use reelforge_ui::views::job::{
    AssemblyForm, AssemblyState, AudioSlot, JobAction, can_assemble, confirmation_for, export_path,
    last_assembly, media_needed,
};
use reelforge_ui::views::player::MediaUrls;

const ORIGIN: &str = "http://127.0.0.1:4242/tok";

/// The preview URLs the page would have fetched for `detail`.
fn urls_for(detail: &JobDetail, assembled: bool) -> MediaUrls {
    media_needed(detail, assembled)
        .into_iter()
        .map(|media| {
            let (route, id) = media.route();
            let url = format!("{ORIGIN}/{route}/{id}");
            (media, url)
        })
        .collect()
}

fn job_with_media(lang: Lang, detail: JobDetail, assembly: AssemblyState) -> String {
    let media = urls_for(&detail, assembly.result.is_some());
    render(move || {
        rsx! {
            JobView {
                lang,
                clock: clock(),
                job: Remote::Ready(detail.clone()),
                providers: providers(),
                media: media.clone(),
                assembly: assembly.clone(),
            }
        }
    })
}

/// The cats job in review: both segments have their takes, segment 1's second take selected.
fn review_detail() -> JobDetail {
    let mut detail = cats_detail();
    detail.summary.status = JobStatus::Review;
    detail.summary.segment_count = 2;
    detail.segments[0].selected_take = Some(TakeId::from("take-0-1"));
    detail.segments[1].selected_take = Some(TakeId::from("take-1-0"));
    detail
}

#[test]
fn takes_play_in_app_side_by_side_with_thumbnail_posters() {
    let detail = review_detail();
    let needed = media_needed(&detail, false);
    // Thumbnail, preview and clip of each of the three succeeded takes; no final video yet.
    assert_eq!(needed.len(), 9);
    assert!(
        !needed
            .iter()
            .any(|m| matches!(m, MediaRef::FinalVideo { .. }))
    );

    let html = job_with_media(Lang::En, detail, AssemblyState::default());
    assert_eq!(html.matches(r#"data-testid="player""#).count(), 3);
    assert!(html.contains(r#"id="player-take-0-1""#));
    assert!(html.contains(r#"preload="metadata""#));
    assert!(html.contains("controls"));
    assert!(html.contains(&format!(r#"poster="{ORIGIN}/thumb/take-0-1""#)));
    // The 720p proxy first, the original clip as the fallback.
    let preview = html
        .find(&format!(r#"src="{ORIGIN}/preview/take-0-1""#))
        .expect("preview source");
    let clip = html
        .find(&format!(r#"src="{ORIGIN}/take/take-0-1""#))
        .expect("clip source");
    assert!(preview < clip);
    // The segment's poster is the thumbnail of the take in use.
    assert!(html.contains(&format!(
        r#"class="poster-image" src="{ORIGIN}/thumb/take-0-1""#
    )));
    assert!(!html.contains(&format!(
        r#"class="poster-image" src="{ORIGIN}/thumb/take-0-0""#
    )));
    // "Use this take" on the one succeeded take not selected.
    assert_eq!(html.matches(r#"data-action="use-take""#).count(), 1);
    assert_eq!(html.matches("badge-selected").count(), 2);
    let text = visible_text(&html);
    assert_reads(
        &text,
        &[
            "Take 2 Ready fal · kling-2.1 “A cat on a sofa, close-up, purring” $0.41",
            "✓ Selected",
            "Take 1 Ready fal · kling-2.1 “A cat on a sofa, close-up, purring” $0.41 1 h ago Use this take",
        ],
    );
    assert_reads(
        &visible_text(&job_with_media(
            Lang::Fr,
            review_detail(),
            AssemblyState::default(),
        )),
        &["Utiliser cette prise", "✓ Retenue"],
    );

    // A running take has no player yet.
    let html = job_with_media(Lang::En, running_detail(), AssemblyState::default());
    assert!(!html.contains(r#"data-testid="player""#));
    assert!(!html.contains(r#"data-action="use-take""#));
}

#[test]
fn using_a_take_names_it() {
    let action = JobAction::UseTake {
        index: 0,
        take: TakeId::from("take-0-0"),
    };
    // Choosing a take costs nothing: no question.
    assert_eq!(
        confirmation_for(action, &review_detail(), &providers()),
        None
    );
}

fn assembly_text(html: &str) -> String {
    let start = html.find(r#"id="job-assembly""#).expect("assembly panel");
    let end = html[start..]
        .find(r#"id="job-config""#)
        .map_or(html.len(), |e| start + e);
    visible_text(&html[start..end])
}

#[test]
fn assembly_panel_idle_then_busy() {
    let detail = review_detail();
    assert!(can_assemble(&detail));
    let html = job_with_media(Lang::En, detail.clone(), AssemblyState::default());
    assert!(html.contains(r#"data-state="idle""#));
    assert!(!button_disabled(&html, "assemble"));
    assert!(!html.contains(r#"id="final-video""#));
    assert_reads(
        &assembly_text(&html),
        &[
            "Assembly",
            "2 of 2 segments have a take ready.",
            "Export 1080p · 9:16 (1080×1920) Draft 720p (720×1280), fast",
            "A .srt and a styled .ass file are written beside the video either way.",
            "Assemble video",
        ],
    );

    let form = AssemblyForm {
        draft: true,
        transition: TransitionChoice::Crossfade,
        caption_style: CaptionStyle::Karaoke,
        caption_platform: CaptionPlatform::Tiktok,
        ..AssemblyForm::default()
    };
    let request = form.to_request(detail.summary.id.clone());
    assert_eq!(request.preset.as_deref(), Some("draft"));
    assert_eq!(request.transition, TransitionChoice::Crossfade);
    assert!(request.burn_captions);
    assert_eq!(request.caption_style, CaptionStyle::Karaoke);
    assert_eq!(request.caption_platform, CaptionPlatform::Tiktok);
    let unburned = AssemblyForm {
        caption_style: CaptionStyle::None,
        ..AssemblyForm::default()
    };
    assert!(!unburned.to_request(detail.summary.id.clone()).burn_captions);
    assert_eq!(
        AssemblyForm::default()
            .to_request(detail.summary.id.clone())
            .preset,
        None
    );

    // Busy: the command runs (the job is assembling meanwhile).
    let mut assembling = detail.clone();
    assembling.summary.status = JobStatus::Assembling;
    let busy = AssemblyState {
        form,
        busy: true,
        ..AssemblyState::default()
    };
    let html = job_with_media(Lang::En, assembling, busy.clone());
    assert!(html.contains(r#"data-state="busy""#));
    assert!(button_disabled(&html, "assemble"));
    assert!(html.contains(r#"id="assembly-busy""#));
    assert_reads(
        &assembly_text(&html),
        &[
            "Joining the selected takes with ffmpeg; this takes a moment.",
            "Assembling…",
        ],
    );
    // No "use this take" while assembling.
    assert!(!html.contains(r#"data-action="use-take""#));
    let html = job_with_media(Lang::Fr, detail, busy);
    assert_reads(
        &assembly_text(&html),
        &["Montage en cours…", "Fondu enchaîné"],
    );

    // A job still generating cannot be assembled yet.
    let html = job_with_media(Lang::En, running_detail(), AssemblyState::default());
    assert!(button_disabled(&html, "assemble"));
    assert!(!can_assemble(&running_detail()));
}

#[test]
fn assembly_panel_failed_says_why() {
    let state = AssemblyState {
        error: Some(ApiError::new(
            ErrorCode::Conflict,
            "segment 2 has no generated take to assemble: generate it first",
        )),
        ..AssemblyState::default()
    };
    let html = job_with_media(Lang::En, review_detail(), state.clone());
    assert!(html.contains(r#"data-state="failed""#));
    assert!(html.contains(r#"id="assembly-error""#));
    assert_reads(
        &assembly_text(&html),
        &[
            "Assembly failed",
            "segment 2 has no generated take to assemble: generate it first",
            "Assemble video",
        ],
    );
    assert!(!button_disabled(&html, "assemble"));
    assert_reads(
        &assembly_text(&job_with_media(Lang::Fr, review_detail(), state)),
        &["Le montage a échoué", "Monter la vidéo"],
    );
}

#[test]
fn assembly_panel_completed_shows_the_final_video_and_its_path() {
    let mut detail = review_detail();
    detail.summary.status = JobStatus::Completed;
    let result = AssemblyResult {
        job_id: detail.summary.id.clone(),
        output: "/home/me/Reelforge/exports/why-cats-purr-jobcats.mp4".into(),
        srt: Some("/home/me/Reelforge/exports/why-cats-purr-jobcats.srt".into()),
        ass: Some("/home/me/Reelforge/exports/why-cats-purr-jobcats.ass".into()),
        preset: "vertical-1080".into(),
        width: 1080,
        height: 1920,
        duration_ms: 9_600,
        narration: None,
        segments: Vec::new(),
        exports: Vec::new(),
    };
    let state = AssemblyState {
        result: Some(result),
        revision: 1,
        copied: Some(true),
        ..AssemblyState::default()
    };
    let html = job_with_media(Lang::En, detail.clone(), state.clone());
    assert!(html.contains(r#"data-state="completed""#));
    assert!(html.contains(r#"id="final-player""#));
    // A new assembly reloads the player.
    assert!(html.contains(&format!(r#"src="{ORIGIN}/final/job-cats?v=1""#)));
    assert_reads(
        &assembly_text(&html),
        &[
            "Final video",
            "vertical-1080 · 1080×1920 · 10 s",
            "Saved to /home/me/Reelforge/exports/why-cats-purr-jobcats.mp4",
            "Captions /home/me/Reelforge/exports/why-cats-purr-jobcats.srt",
            "✓ Copied",
            "Show in folder",
            "Assemble again",
        ],
    );
    assert!(html.contains(r#"id="copy-path""#));
    assert!(html.contains(r#"id="reveal-in-folder""#));
    let html = job_with_media(Lang::Fr, detail.clone(), state);
    assert_reads(
        &assembly_text(&html),
        &[
            "Vidéo finale",
            "Enregistrée dans",
            "Copié",
            "Afficher dans le dossier",
            "Monter à nouveau",
        ],
    );

    // Reopened later: the path comes from the job's stored last assembly (the activity
    // log's wording plays no part), the clipboard may refuse.
    detail
        .activity
        .push(assembled_line(NOW - MINUTE, "/somewhere/else.mp4"));
    assert_eq!(export_path(&detail, None), None);
    detail.last_assembly = Some(AssemblyResult {
        output: "/data/exports/cats.mp4".into(),
        srt: None,
        ..state_result()
    });
    assert_eq!(
        export_path(&detail, None).as_deref(),
        Some("/data/exports/cats.mp4")
    );
    let state = AssemblyState {
        copied: Some(false),
        ..AssemblyState::default()
    };
    let html = job_with_media(Lang::En, detail, state);
    assert!(html.contains(&format!(r#"src="{ORIGIN}/final/job-cats""#)));
    let text = assembly_text(&html);
    assert_reads(
        &text,
        &[
            "Saved to /data/exports/cats.mp4",
            "Copy path",
            "Could not copy: select the path and copy it by hand.",
        ],
    );
    assert!(
        !text.contains("Captions /"),
        "no .srt without narration: {text}"
    );
}

/// The assembly of [`review_detail`]'s job as the engine reports it.
fn state_result() -> AssemblyResult {
    AssemblyResult {
        job_id: review_detail().summary.id,
        output: "/home/me/Reelforge/exports/why-cats-purr-jobcats.mp4".into(),
        srt: Some("/home/me/Reelforge/exports/why-cats-purr-jobcats.srt".into()),
        ass: Some("/home/me/Reelforge/exports/why-cats-purr-jobcats.ass".into()),
        preset: "draft-vertical-720".into(),
        width: 720,
        height: 1280,
        duration_ms: 14_200,
        narration: None,
        segments: Vec::new(),
        exports: Vec::new(),
    }
}

#[test]
fn reopened_completed_job_shows_its_stored_assembly() {
    // Assembled earlier (or by quick mode): nothing from this session, all from the job.
    let mut detail = review_detail();
    detail.summary.status = JobStatus::Completed;
    detail.last_assembly = Some(state_result());
    assert_eq!(last_assembly(&detail, None), detail.last_assembly.as_ref());
    let html = job_with_media(Lang::En, detail.clone(), AssemblyState::default());
    assert!(html.contains(r#"data-state="completed""#));
    assert!(html.contains(r#"id="final-player""#));
    assert_reads(
        &assembly_text(&html),
        &[
            "Final video",
            "draft-vertical-720 · 720×1280 · 15 s",
            "Saved to /home/me/Reelforge/exports/why-cats-purr-jobcats.mp4",
            "Captions /home/me/Reelforge/exports/why-cats-purr-jobcats.srt",
            "Copy path",
            "Show in folder",
            "Assemble again",
        ],
    );
    let html = job_with_media(Lang::Fr, detail.clone(), AssemblyState::default());
    assert_reads(
        &assembly_text(&html),
        &[
            "Vidéo finale",
            "draft-vertical-720 · 720×1280 · ",
            "Enregistrée dans /home/me/Reelforge/exports/why-cats-purr-jobcats.mp4",
            "Sous-titres /home/me/Reelforge/exports/why-cats-purr-jobcats.srt",
        ],
    );

    // An assembly run on this screen is newer than what the job was loaded with.
    let newer = AssemblyResult {
        output: "/tmp/newer.mp4".into(),
        ..state_result()
    };
    let state = AssemblyState {
        result: Some(newer),
        revision: 1,
        ..AssemblyState::default()
    };
    let html = job_with_media(Lang::En, detail, state);
    assert_reads(&assembly_text(&html), &["Saved to /tmp/newer.mp4"]);
}

#[test]
fn assembly_panel_offers_a_music_bed_and_a_voice_over_by_id() {
    let detail = review_detail();
    let html = job_with_media(Lang::En, detail.clone(), AssemblyState::default());
    assert!(html.contains(r#"id="assembly-music-choose""#));
    assert!(!html.contains(r#"id="assembly-music-remove""#));
    assert_reads(
        &assembly_text(&html),
        &["Music bed None Choose…", "Voice-over None Choose…"],
    );

    let form = AssemblyForm::default().with_audio(
        AudioSlot::Music,
        Some(ImportedAudio {
            id: AudioId::from("0a1b2c3d-lofi bed.mp3"),
            name: "lofi bed.mp3".into(),
        }),
    );
    let form = form.with_audio(
        AudioSlot::Voice,
        Some(ImportedAudio {
            id: AudioId::from("4e5f6a7b-take 3.wav"),
            name: "take 3.wav".into(),
        }),
    );
    let request = form.to_request(detail.summary.id.clone());
    assert_eq!(request.music, Some(AudioId::from("0a1b2c3d-lofi bed.mp3")));
    assert_eq!(request.voice, Some(AudioId::from("4e5f6a7b-take 3.wav")));
    assert_eq!(
        form.with_audio(AudioSlot::Music, None)
            .to_request(detail.summary.id.clone())
            .music,
        None
    );
    assert_eq!(
        AssemblyForm::default()
            .to_request(detail.summary.id.clone())
            .voice,
        None
    );

    let state = AssemblyState {
        form,
        ..AssemblyState::default()
    };
    let html = job_with_media(Lang::En, detail.clone(), state.clone());
    assert!(html.contains(r#"id="assembly-music-remove""#));
    assert!(html.contains(r#"id="assembly-voice-remove""#));
    let text = assembly_text(&html);
    assert_reads(
        &text,
        &[
            "Music bed lofi bed.mp3 Remove Choose…",
            "Voice-over take 3.wav Remove Choose…",
            "The music is lowered under the voice-over",
        ],
    );
    assert!(!text.contains("0a1b2c3d"), "ids are not shown: {text}");
    let html = job_with_media(Lang::Fr, detail.clone(), state.clone());
    assert_reads(
        &assembly_text(&html),
        &[
            "Musique de fond lofi bed.mp3 Retirer Choisir…",
            "Voix off take 3.wav Retirer Choisir…",
            "La musique baisse sous la voix off",
        ],
    );

    // A refused file says why.
    let refused = AssemblyState {
        audio_error: Some(ApiError::new(
            ErrorCode::Validation,
            "audio: notes.mp3 is not an audio file Reelforge can read (Invalid data)",
        )),
        ..state
    };
    let html = job_with_media(Lang::En, detail, refused);
    assert!(html.contains(r#"id="assembly-audio-error""#));
    assert_reads(
        &assembly_text(&html),
        &[
            "This audio file was not added",
            "notes.mp3 is not an audio file",
        ],
    );
}
