//! Word times from the OpenAI-compatible transcription endpoint, against the fake OpenAI
//! audio server over HTTP: a voice-over file the fake spoke is sent as multipart
//! (`whisper-1`, `verbose_json`, word granularity) with the Bearer key, and its words come back
//! in order, without punctuation, each inside the audio and after the one before; a refused
//! key is a typed refusal.

use reelforge_core::secrets::SecretStore;
use reelforge_core::voice::VoiceError;
use reelforge_core::voice::transcription::OpenAiTranscriber;
use reelforge_tests::fakes::{FAKE_KEY, Route, openai_audio};
use reelforge_tests::voice_check::VoiceRig;
use std::sync::Arc;
use std::time::Duration;

const SAID: &str = "Three Python tips, most people miss them.";

#[tokio::test]
async fn a_voice_over_file_is_transcribed_word_by_word() {
    let rig = VoiceRig::start("openai", "/v1", Some(FAKE_KEY), async |port, dir| {
        openai_audio::start_with(port, dir, Arc::default()).await
    })
    .await;
    // The voice-over: speech the fake made (as a creator's recording would be).
    let spoken = reqwest::Client::new()
        .post(format!("{}/v1/audio/speech", rig.fake.base_url()))
        .bearer_auth(FAKE_KEY)
        .json(&serde_json::json!({
            "model": "tts-1", "input": SAID, "voice": "coral", "response_format": "wav"
        }))
        .send()
        .await
        .unwrap();
    assert!(spoken.status().is_success());
    let file = rig.path("voice-over.wav");
    std::fs::write(&file, spoken.bytes().await.unwrap()).unwrap();

    let transcriber = OpenAiTranscriber::openai(&rig.env);
    let words = transcriber.words(&file).await.unwrap();
    let texts: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
    assert_eq!(
        texts,
        ["Three", "Python", "tips", "most", "people", "miss", "them"]
    );
    let sent = rig.fake.core.requests(Route::Upload);
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].target, "/v1/audio/transcriptions");
    assert_eq!(
        sent[0].headers["authorization"],
        format!("Bearer {FAKE_KEY}")
    );
    let mut previous = Duration::ZERO;
    for word in &words {
        assert!(word.start >= previous && word.end > word.start, "{words:?}");
        previous = word.end;
    }
    assert!(previous < Duration::from_secs(10), "{words:?}");

    // A wrong key: refused, typed.
    rig.store
        .set(
            "openai",
            &reelforge_core::secrets::ApiKey::new("sk-wrong").unwrap(),
        )
        .unwrap();
    let err = transcriber.words(&file).await.unwrap_err();
    assert!(
        matches!(err, VoiceError::Refused { status: 401, .. }),
        "{err}"
    );
}

/// A generated two-segment job assembled with that voice-over and `transcribe_voice_over`:
/// the written .ass has one event per heard word, each starting within 80 ms of the time the
/// transcription reported.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_imported_voice_over_is_captioned_word_by_word_from_its_transcription() {
    use reelforge_core::media::caption_files::parse_ass_events;
    use reelforge_core::pipeline::EngineSetup;
    use reelforge_core::{AssembleOptions, Core};
    use reelforge_protocol::{
        AspectRatio, CreateJobRequest, EngineEvent, JobConfig, JobStatus, NarrationChoice,
    };

    let rig = VoiceRig::start("openai", "/v1", Some(FAKE_KEY), async |port, dir| {
        openai_audio::start_with(port, dir, Arc::default()).await
    })
    .await;
    let spoken = reqwest::Client::new()
        .post(format!("{}/v1/audio/speech", rig.fake.base_url()))
        .bearer_auth(FAKE_KEY)
        .json(&serde_json::json!({
            "model": "tts-1", "input": SAID, "voice": "coral", "response_format": "wav"
        }))
        .send()
        .await
        .unwrap();
    let file = rig.path("voice-over.wav");
    std::fs::write(&file, spoken.bytes().await.unwrap()).unwrap();
    let heard = OpenAiTranscriber::openai(&rig.env)
        .words(&file)
        .await
        .unwrap();

    let data = tempfile::tempdir().unwrap();
    let core = Core::open_with(data.path(), EngineSetup::with_env(rig.env.clone()))
        .await
        .unwrap();
    let job = core
        .create_job(CreateJobRequest {
            title: "Voice-over".into(),
            subject: String::new(),
            template_id: None,
            segment_count: Some(2),
            config: JobConfig {
                provider: Some("local".into()),
                segment_duration_s: Some(2),
                aspect_ratio: Some(AspectRatio::Square),
                ..JobConfig::default()
            },
            budget_cap_micros: None,
        })
        .await
        .unwrap();
    let id = job.summary.id.clone();
    core.configure_segments(reelforge_protocol::ConfigureSegmentsRequest {
        job_id: id.clone(),
        indexes: vec![],
        patch: reelforge_protocol::SegmentPatch {
            prompt: Some("A lighthouse".into()),
            narration: Some("Narration the voice-over replaces.".into()),
            ..Default::default()
        },
    })
    .await
    .unwrap();
    let shutdown = tokio_util::sync::CancellationToken::new();
    let mut events = core.subscribe();
    let engine = core
        .start_engine(shutdown.clone(), reelforge_core::LockWait::Refuse)
        .unwrap();
    core.launch_job(&id).await.unwrap();
    tokio::time::timeout(Duration::from_secs(120), async {
        loop {
            if let Some(EngineEvent::JobUpdated { status, .. }) = events.recv().await
                && matches!(status, JobStatus::Review | JobStatus::Failed)
            {
                assert_eq!(status, JobStatus::Review);
                break;
            }
        }
    })
    .await
    .expect("generated within two minutes");
    shutdown.cancel();
    engine.await.unwrap().unwrap();

    let calls = rig.fake.calls(Route::Upload);
    let done = core
        .assemble_job(
            &id,
            AssembleOptions {
                voice: Some(file.clone()),
                transcribe_voice_over: true,
                narration: NarrationChoice::off(),
                ..AssembleOptions::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(rig.fake.calls(Route::Upload), calls + 1, "transcribed once");
    let ass = std::fs::read_to_string(done.ass.as_ref().expect("an .ass")).unwrap();
    let events = parse_ass_events(&ass);
    assert_eq!(events.len(), heard.len(), "{events:?}");
    for (event, word) in events.iter().zip(&heard) {
        let gap = event.0.abs_diff(word.start);
        assert!(gap <= Duration::from_millis(80), "{event:?} vs {word:?}");
    }
}
