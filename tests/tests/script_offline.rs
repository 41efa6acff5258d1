//! Quick mode without network or keys: the offline writer in English and French through the
//! Core, and a reviewed script becoming an ordinary configured job in the dashboard history.

use reelforge_core::Core;
use reelforge_core::pipeline::EngineSetup;
use reelforge_protocol::{
    JobListQuery, JobStatus, QuickRequest, ScriptLanguage, StyleDefaults, WriterKind,
};

async fn core() -> (Core, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let core = Core::open_with(dir.path(), EngineSetup::default())
        .await
        .unwrap();
    (core, dir)
}

#[tokio::test]
async fn the_default_writer_is_offline_and_writes_english() {
    let (core, _dir) = core().await;
    assert_eq!(
        core.writer_settings().await.unwrap().kind,
        WriterKind::Offline
    );
    let script = core
        .write_script(&QuickRequest::new("3 Python tips"))
        .await
        .unwrap();
    assert_eq!(script.writer, "offline");
    assert_eq!(script.language, ScriptLanguage::En);
    assert_eq!(script.title, "3 Python tips");
    let beats: Vec<&str> = script.segments.iter().map(|s| s.beat.as_str()).collect();
    assert_eq!(
        beats,
        [
            "hook",
            "problem",
            "revelation",
            "solution",
            "proof",
            "call_to_action"
        ]
    );
    assert_eq!(script.total_duration_s(), 30);
    assert_eq!(
        script.segments[0].narration,
        "3 Python tips: most people miss these. Stay until the end."
    );
    assert_eq!(
        script.segments[3].narration,
        "Here they are: 3 Python tips. Try them today."
    );
    for segment in &script.segments {
        assert!(
            segment.prompt.starts_with("Clean modern look"),
            "{}",
            segment.prompt
        );
        assert!(
            segment.prompt.contains("3 Python tips"),
            "{}",
            segment.prompt
        );
        assert!(segment.narration.ends_with('.'), "{}", segment.narration);
        assert!(!segment.narration.contains('{'), "{}", segment.narration);
    }
}

#[tokio::test]
async fn french_scripts_read_in_french_with_the_persons_style() {
    let (core, _dir) = core().await;
    let req = QuickRequest {
        pillar: "story".into(),
        language: Some(ScriptLanguage::Fr),
        target_duration_s: 20,
        style: StyleDefaults {
            character: "Une développeuse en sweat jaune".into(),
            scene: String::new(),
            visual_style: "Animation 2D aux couleurs pastel".into(),
        },
        ..QuickRequest::new("mon premier bug en production")
    };
    let script = core.write_script(&req).await.unwrap();
    assert_eq!(script.language, ScriptLanguage::Fr);
    assert_eq!(script.total_duration_s(), 20);
    assert_eq!(
        script.segments[0].narration,
        "Mon premier bug en production : tout a commencé par une mauvaise journée."
    );
    assert_eq!(
        script.segments.last().unwrap().narration,
        "Abonnez-vous pour découvrir la suite."
    );
    for segment in &script.segments {
        assert!(
            segment
                .prompt
                .starts_with("Animation 2D aux couleurs pastel. Une développeuse en sweat jaune. "),
            "{}",
            segment.prompt
        );
    }
}

#[tokio::test]
async fn a_short_video_keeps_the_important_beats() {
    let (core, _dir) = core().await;
    let req = QuickRequest {
        target_duration_s: 3,
        ..QuickRequest::new("Rust ownership")
    };
    let script = core.write_script(&req).await.unwrap();
    let beats: Vec<&str> = script.segments.iter().map(|s| s.beat.as_str()).collect();
    assert_eq!(beats, ["hook", "solution", "call_to_action"]);
    assert_eq!(script.total_duration_s(), 3);
}

#[tokio::test]
async fn a_reviewed_script_becomes_a_configured_job_in_the_history() {
    let (core, _dir) = core().await;
    let req = QuickRequest {
        review: true,
        budget_cap_micros: Some(1_000_000),
        ..QuickRequest::new("3 astuces Python")
    };
    let mut script = core.write_script(&req).await.unwrap();
    script.segments[1].narration = "Une ligne réécrite à la main.".into();
    let job = core.create_quick_job(&req, &script).await.unwrap();
    assert_eq!(job.summary.status, JobStatus::Configured);
    assert_eq!(job.summary.title, "3 astuces Python");
    assert_eq!(job.budget_cap_micros, Some(1_000_000));
    assert_eq!(job.config.provider, "local");
    assert_eq!(job.segments.len(), 6);
    assert_eq!(job.segments[1].narration, "Une ligne réécrite à la main.");
    assert_eq!(job.segments[1].beat, "problem");
    let durations: u32 = job.segments.iter().map(|s| s.duration_s).sum();
    assert_eq!(durations, 30);
    assert!(
        job.activity
            .iter()
            .any(|a| a.message.contains("Quick mode: script by offline"))
    );

    let page = core.list_jobs(JobListQuery::default()).await.unwrap();
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.items[0].id, job.summary.id);
}

#[tokio::test]
async fn bad_requests_name_the_field() {
    let (core, _dir) = core().await;
    let err = core
        .write_script(&QuickRequest::new("  "))
        .await
        .unwrap_err();
    assert!(err.to_string().starts_with("subject:"), "{err}");
    let unknown = QuickRequest {
        providers: vec!["nope".into()],
        ..QuickRequest::new("x")
    };
    let err = core.write_script(&unknown).await.unwrap_err();
    assert!(err.to_string().contains("unknown provider `nope`"), "{err}");
    let long = QuickRequest {
        target_duration_s: 5_000,
        ..QuickRequest::new("x")
    };
    assert!(core.write_script(&long).await.is_err());
}
