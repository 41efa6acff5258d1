//! The Voice & captions section: voices of the narration's language only, the offline voice
//! said to be robotic, "Listen" and its player, each segment's "voice 4.2 s / clip 5 s" with
//! the warning when a voice outlasts its clip (also beside "Generate" and in the launch
//! confirmation in the wizard), the
//! caption frame drawn on a take, and the choice reaching the assembly request; EN and FR.

use crate::support::*;
use dioxus::prelude::*;
use reelforge_protocol::{
    CaptionPlatform, CaptionStyle, CostEstimate, JobStatus, NarrationChoice, ScriptLanguage,
    VoiceAndCaptions, VoiceDescriptor, VoiceOption,
};
use reelforge_ui::i18n::Lang;
use reelforge_ui::remote::Remote;
use reelforge_ui::views::job::AssemblyForm;
use reelforge_ui::views::new_job::{SetupForm, WizardStep, drafts_for};
use reelforge_ui::views::voice::{
    SegmentLine, SegmentVoice, VoicePanel, VoiceState, segment_lines, too_long, unmeasured,
};
use reelforge_ui::views::{JobView, NewJobView};

fn option(id: &str, label: &str, language: ScriptLanguage) -> VoiceOption {
    VoiceOption {
        id: id.into(),
        label: label.into(),
        language,
    }
}

fn voices() -> Vec<VoiceDescriptor> {
    vec![
        VoiceDescriptor {
            id: "espeak-ng".into(),
            display_name: "espeak-ng".into(),
            label: "Offline".into(),
            robotic_offline: true,
            languages: vec![ScriptLanguage::En, ScriptLanguage::Fr],
            voices: vec![
                option("en-us", "English (US)", ScriptLanguage::En),
                option("fr-fr", "French (France)", ScriptLanguage::Fr),
            ],
            needs_key: false,
            price_per_1k_chars_micro_usd: 0,
            word_alignment: false,
        },
        VoiceDescriptor {
            id: "elevenlabs".into(),
            display_name: "ElevenLabs".into(),
            label: "Hosted".into(),
            robotic_offline: false,
            languages: vec![ScriptLanguage::En],
            voices: vec![option("rachel", "Rachel", ScriptLanguage::En)],
            needs_key: true,
            price_per_1k_chars_micro_usd: 300_000,
            word_alignment: true,
        },
    ]
}

fn lines() -> Vec<SegmentLine> {
    vec![
        SegmentLine {
            index: 0,
            clip_s: 5,
            narration: "Ever wondered why?".into(),
        },
        SegmentLine {
            index: 1,
            clip_s: 5,
            narration: "Most think it's a motor.".into(),
        },
        SegmentLine {
            index: 2,
            clip_s: 5,
            narration: String::new(),
        },
    ]
}

fn spoken(text: &str, ms: u64) -> SegmentVoice {
    SegmentVoice {
        text: text.into(),
        narration: NarrationChoice::default(),
        duration_ms: ms,
        url: Some(format!("http://127.0.0.1:4242/tok/narration/{ms}")),
    }
}

fn panel(lang: Lang, state: VoiceState, show_frame: bool) -> String {
    render(move || {
        rsx! {
            VoicePanel {
                lang,
                voices: voices(),
                language: ScriptLanguage::Fr,
                state: state.clone(),
                segments: lines(),
                show_frame,
                on_event: |_| {},
            }
        }
    })
}

#[test]
fn only_the_voices_of_the_narration_language_are_offered_and_the_robot_is_named() {
    let html = panel(Lang::En, VoiceState::default(), false);
    // French narration: the French voice only, the English one is not offered.
    assert!(html.contains(r#"value="fr-fr""#));
    assert!(!html.contains(r#"value="en-us""#));
    let text = visible_text(&html);
    assert_reads(
        &text,
        &[
            "Who reads each segment's narration",
            "espeak-ng (robotic, offline)",
            "ElevenLabs (needs a key)",
            "sounds like a robot",
            "▶ Listen",
            "Speed · 100%",
            "Bold",
        ],
    );
    assert!(!button_disabled(&html, "voice-listen"));
    assert!(!html.contains(r#"id="voice-sample""#));

    // A provider without a French voice says so and cannot be heard.
    let state = VoiceState {
        choice: VoiceAndCaptions {
            narration: NarrationChoice {
                provider: Some("elevenlabs".into()),
                ..NarrationChoice::default()
            },
            ..VoiceAndCaptions::default()
        },
        ..VoiceState::default()
    };
    let html = panel(Lang::Fr, state, false);
    assert!(button_disabled(&html, "voice-listen"));
    assert_reads(
        &visible_text(&html),
        &[
            "Voix et sous-titres",
            "ElevenLabs (clé requise)",
            "Ce fournisseur n'a pas de voix en français.",
        ],
    );
}

#[test]
fn a_spoken_sample_plays_in_the_section() {
    let state = VoiceState {
        sample_url: Some("http://127.0.0.1:4242/tok/narration/abc".into()),
        ..VoiceState::default()
    };
    let html = panel(Lang::En, state, false);
    assert!(html.contains(r#"id="voice-sample""#));
    assert!(html.contains(r#"src="http://127.0.0.1:4242/tok/narration/abc""#));
    let listening = VoiceState {
        listening: true,
        ..VoiceState::default()
    };
    let html = panel(Lang::Fr, listening, false);
    assert!(button_disabled(&html, "voice-listen"));
    assert_reads(&visible_text(&html), &["Lecture…"]);
}

#[test]
fn each_segment_reads_its_voice_against_its_clip_and_a_longer_voice_is_warned() {
    let mut state = VoiceState::default();
    assert_eq!(
        unmeasured(&state, &lines()).len(),
        2,
        "blank narration is not measured"
    );
    state.spoken.insert(0, spoken("Ever wondered why?", 4_150));
    state
        .spoken
        .insert(1, spoken("Most think it's a motor.", 6_300));
    assert_eq!(too_long(&state, &lines()), vec![1]);
    assert!(unmeasured(&state, &lines()).is_empty());

    let html = panel(Lang::En, state.clone(), false);
    assert!(html.contains(r#"id="voice-segment-1""#));
    assert!(!html.contains(r#"id="voice-measure""#));
    assert_reads(
        &visible_text(&html),
        &[
            "Segment 1 voice 4.2 s / clip 5 s",
            "Segment 2 voice 6.3 s / clip 5 s",
            "Segment 3 no narration",
            "1 segment's voice is longer than its clip.",
            "last frame is held",
        ],
    );
    assert_reads(
        &visible_text(&panel(Lang::Fr, state.clone(), false)),
        &[
            "voix 4,2 s / plan 5 s",
            "La voix d'un segment dure plus que son plan.",
        ],
    );

    // Edited text or another voice: the old figure is not shown, measuring is offered again.
    let mut edited = lines();
    edited[1].narration = "Most think it's a tiny motor inside.".into();
    assert!(too_long(&state, &edited).is_empty());
    assert_eq!(unmeasured(&state, &edited).len(), 1);
    state.choice.narration.speed_percent = 150;
    let html = panel(Lang::En, state, false);
    assert!(html.contains(r#"id="voice-measure""#));
    assert!(!html.contains(r#"id="voice-too-long""#));
}

#[test]
fn the_caption_frame_is_drawn_on_a_finished_take_only() {
    let html = panel(Lang::En, VoiceState::default(), true);
    assert!(html.contains(r#"id="caption-preview-needs-take""#));
    assert!(!html.contains(r#"id="caption-preview-draw""#));
    let state = VoiceState {
        frame_segment: Some(0),
        frame_url: Some("http://127.0.0.1:4242/tok/caption-frame/k".into()),
        choice: VoiceAndCaptions {
            caption_style: CaptionStyle::Karaoke,
            ..VoiceAndCaptions::default()
        },
        ..VoiceState::default()
    };
    let html = panel(Lang::Fr, state, true);
    assert!(html.contains(r#"id="caption-preview-draw""#));
    assert!(html.contains(r#"src="http://127.0.0.1:4242/tok/caption-frame/k""#));
    assert!(html.contains("Karaoké surligné"));
    assert_reads(&visible_text(&html), &["Dessiner sur la prise"]);
}

#[test]
fn the_job_screen_shows_the_section_and_its_choice_reaches_the_assembly() {
    let mut detail = cats_detail();
    detail.summary.status = JobStatus::Review;
    let state = VoiceState {
        frame_segment: Some(0),
        ..VoiceState::default()
    };
    let html = render(move || {
        rsx! {
            JobView {
                lang: Lang::En,
                clock: clock(),
                job: Remote::Ready(detail.clone()),
                voices: voices(),
                voice: Some(state.clone()),
                voice_language: ScriptLanguage::En,
            }
        }
    });
    assert!(html.contains(r#"id="voice-panel""#));
    assert!(html.contains(r#"value="en-us""#));
    assert!(html.contains(r#"id="caption-preview-draw""#));
    assert_eq!(
        segment_lines(&cats_detail()).len(),
        cats_detail().segments.len()
    );

    let choice = VoiceAndCaptions {
        narration: NarrationChoice {
            provider: Some("espeak-ng".into()),
            voice: Some("fr-fr".into()),
            language: Some(ScriptLanguage::Fr),
            speed_percent: 120,
            enabled: true,
        },
        caption_style: CaptionStyle::CleanSubtitle,
        caption_platform: CaptionPlatform::Tiktok,
        music: reelforge_protocol::MusicChoice::Track("calm.mp3".into()),
    };
    let request = AssemblyForm::default()
        .with_voice(&choice)
        .to_request("job-cats".into());
    assert_eq!(request.narration, choice.narration);
    assert_eq!(request.caption_style, CaptionStyle::CleanSubtitle);
    assert_eq!(request.caption_platform, CaptionPlatform::Tiktok);
    assert_eq!(
        request.library_music, choice.music,
        "the stored music is assembled"
    );
    assert!(request.burn_captions);
    let silent = VoiceAndCaptions {
        narration: NarrationChoice::off(),
        caption_style: CaptionStyle::None,
        ..choice
    };
    let request = AssemblyForm::default()
        .with_voice(&silent)
        .to_request("job-cats".into());
    assert!(!request.narration.enabled && !request.burn_captions);
}

#[test]
fn the_wizard_warns_beside_generate_when_a_voice_outlasts_its_clip() {
    let mut job = draft_detail();
    job.segments[0].narration = "Ever wondered why?".into();
    let mut drafts = drafts_for(&job, &providers(), &[]);
    drafts[0].narration = "Ever wondered why?".into();
    let mut state = VoiceState::default();
    state.spoken.insert(0, spoken("Ever wondered why?", 7_000));
    let estimate = CostEstimate {
        job_id: job.summary.id.clone(),
        segments: Vec::new(),
        total_micros: 0,
        spent_micros: 0,
        budget_cap_micros: None,
        within_budget: true,
    };
    let wizard = move |lang: Lang, state: VoiceState| {
        let (job, drafts, estimate) = (job.clone(), drafts.clone(), estimate.clone());
        render(move || {
            rsx! {
                NewJobView {
                    lang,
                    templates: Remote::Ready(vec![myth_buster()]),
                    providers: Remote::Ready(providers()),
                    step: WizardStep::Segments,
                    form: SetupForm::new(None),
                    job: Some(job.clone()),
                    drafts: drafts.clone(),
                    voices: voices(),
                    voice: Some(state.clone()),
                    voice_language: ScriptLanguage::En,
                    confirm: Some(estimate.clone()),
                    on_retry: None,
                }
            }
        })
    };
    let html = wizard(Lang::En, state.clone());
    assert!(html.contains(r#"id="voice-panel""#));
    assert!(html.contains(r#"id="generate-voice-too-long""#));
    // Said again in the launch confirmation, which it does not block.
    assert!(html.contains(r#"id="launch-voice-warning""#));
    assert!(!button_disabled(&html, "launch-dialog-confirm"));
    assert_reads(
        &visible_text(&html),
        &[
            "voice 7.0 s / clip 5 s",
            "1 segment's voice is longer than its clip.",
        ],
    );
    // No narration read aloud: nothing to warn about.
    let mut silent = state;
    silent.choice.narration.enabled = false;
    let html = wizard(Lang::Fr, silent);
    assert!(!html.contains(r#"id="generate-voice-too-long""#));
    assert!(!html.contains(r#"id="launch-voice-warning""#));
    assert_reads(&visible_text(&html), &["Voix et sous-titres"]);
}

#[test]
fn the_music_choice_offers_the_library_tracks_with_their_lengths() {
    let state = VoiceState {
        choice: VoiceAndCaptions {
            music: reelforge_protocol::MusicChoice::Track("calm.mp3".into()),
            ..VoiceAndCaptions::default()
        },
        music_tracks: vec![
            reelforge_protocol::MusicTrackInfo {
                name: "calm.mp3".into(),
                duration_ms: 42_000,
            },
            reelforge_protocol::MusicTrackInfo {
                name: "drums.wav".into(),
                duration_ms: 9_500,
            },
        ],
        ..VoiceState::default()
    };
    let html = panel(Lang::En, state.clone(), false);
    assert!(html.contains(r#"id="voice-music""#));
    assert!(
        html.contains(r#"value="track:calm.mp3" selected"#),
        "{html}"
    );
    assert_reads(
        &visible_text(&html),
        &[
            "Music from the library",
            "No music",
            "Picked by the video's length",
            "calm.mp3 (42.0 s)",
            "drums.wav (9.5 s)",
        ],
    );
    let french = visible_text(&panel(Lang::Fr, state, false));
    assert_reads(
        &french,
        &[
            "Musique de la bibliothèque",
            "Pas de musique",
            "calm.mp3 (42,0 s)",
        ],
    );
    assert_eq!(
        reelforge_ui::views::voice::music_of("track:drums.wav"),
        reelforge_protocol::MusicChoice::Track("drums.wav".into())
    );
    assert_eq!(
        reelforge_ui::views::voice::music_of("auto"),
        reelforge_protocol::MusicChoice::Auto
    );
}
