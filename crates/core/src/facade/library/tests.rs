//! Unit tests of `facade::library`.

use super::*;
use crate::facade::image_check::tests::png_bytes;

async fn core() -> (Core, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let core = Core::open_with(dir.path(), crate::pipeline::EngineSetup::default())
        .await
        .unwrap();
    (core, dir)
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries.flatten().map(|e| e.path()).collect()
}

#[tokio::test]
async fn an_image_is_imported_once_and_served_by_id() {
    let (core, dir) = core().await;
    let source = dir.path().join("outside.png");
    std::fs::write(&source, png_bytes(320, 200)).unwrap();
    let first = core.import_asset(&source).await.unwrap();
    assert_eq!((first.width, first.height), (320, 200));
    let again = core.import_asset(&source).await.unwrap();
    assert_eq!(again.id, first.id, "same content, same asset");

    let file = core
        .media_file(&MediaRef::Asset {
            asset_id: first.id.clone(),
        })
        .await
        .unwrap();
    assert_eq!(file.content_type, "image/png");
    assert!(
        file.path
            .starts_with(dir.path().canonicalize().unwrap().join("library"))
    );
    assert_eq!(std::fs::read(&file.path).unwrap(), png_bytes(320, 200));
    let assets = files_under(&dir.path().join("library/assets"));
    assert_eq!(assets.len(), 1, "no temporary file left: {assets:?}");
}

#[tokio::test]
async fn reference_images_make_an_image_to_video_segment_ready() {
    use reelforge_protocol::{
        CreateJobRequest, GenerationMode, JobConfig, JobStatus, SegmentPatch, SegmentRef,
    };
    let (core, dir) = core().await;
    let job = core
        .create_job(CreateJobRequest {
            title: "Refs".into(),
            subject: String::new(),
            template_id: None,
            segment_count: Some(1),
            config: JobConfig::default(),
            budget_cap_micros: None,
        })
        .await
        .unwrap();
    let job_id = job.summary.id.clone();
    let i2v = core
        .configure_segments(reelforge_protocol::ConfigureSegmentsRequest {
            job_id: job_id.clone(),
            indexes: vec![0],
            patch: SegmentPatch {
                mode: Some(GenerationMode::ImageToVideo),
                prompt: Some("a slow zoom".into()),
                ..SegmentPatch::default()
            },
        })
        .await
        .unwrap();
    assert_eq!(i2v.summary.status, JobStatus::Draft, "no image yet");

    let source = dir.path().join("frame.png");
    std::fs::write(&source, png_bytes(64, 64)).unwrap();
    let asset = core.import_asset(&source).await.unwrap().id;
    let segment = SegmentRef {
        job_id: job_id.clone(),
        index: 0,
    };
    let set = |assets: Vec<AssetId>| SetSegmentReferencesRequest {
        segment: segment.clone(),
        assets,
    };
    let ready = core
        .set_segment_references(&set(vec![asset.clone()]))
        .await
        .unwrap();
    assert_eq!(ready.segments[0].reference_assets, vec![asset.clone()]);
    assert_eq!(ready.summary.status, JobStatus::Configured);

    let err = core
        .set_segment_references(&set(vec!["no-such-asset".into()]))
        .await
        .unwrap_err();
    assert!(matches!(err, CoreError::NotFound { .. }), "{err:?}");
    let err = core
        .set_segment_references(&set(vec![asset.clone(); MAX_REFERENCES + 1]))
        .await
        .unwrap_err();
    assert!(matches!(err, CoreError::Validation { .. }), "{err:?}");

    let cleared = core.set_segment_references(&set(Vec::new())).await.unwrap();
    assert!(cleared.segments[0].reference_assets.is_empty());
    assert_eq!(cleared.summary.status, JobStatus::Draft);
}

#[tokio::test]
async fn corrupt_huge_or_missing_files_are_refused_and_nothing_is_copied() {
    let (core, dir) = core().await;
    let corrupt = dir.path().join("broken.png");
    let png = png_bytes(32, 32);
    std::fs::write(&corrupt, &png[..png.len() - 4]).unwrap();
    let text = dir.path().join("notes.jpg");
    std::fs::write(&text, "not an image").unwrap();
    let huge = dir.path().join("huge.png");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(MAX_IMPORT_BYTES + 1)
        .unwrap();
    for path in [&corrupt, &text, &huge, &dir.path().join("missing.png")] {
        let err = core.import_asset(path).await.unwrap_err();
        assert!(
            matches!(err, CoreError::Validation { field: "file", .. }),
            "{path:?}: {err:?}"
        );
    }
    assert!(files_under(&dir.path().join("library/assets")).is_empty());
    let mut conn = core.db().reader().acquire().await.unwrap();
    assert_eq!(assets::count(&mut conn).await.unwrap(), 0);
}

#[tokio::test]
async fn unknown_ids_and_files_outside_the_library_are_not_found() {
    let (core, dir) = core().await;
    for media in [
        MediaRef::Take {
            take_id: "no-such-take".into(),
        },
        MediaRef::FinalVideo {
            job_id: "no-such-job".into(),
        },
        MediaRef::Asset {
            asset_id: "../reelforge.sqlite3".into(),
        },
    ] {
        let err = core.media_file(&media).await.unwrap_err();
        assert!(matches!(err, CoreError::NotFound { .. }), "{err:?}");
    }
    // A row whose path points outside the library (hand-edited or a symlink) is refused.
    let secret = dir.path().join("secret.png");
    std::fs::write(&secret, png_bytes(8, 8)).unwrap();
    let library = dir.path().join("library");
    std::fs::create_dir_all(&library).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&secret, library.join("link.png")).unwrap();
    for (id, path) in [("a1", "../secret.png"), ("a2", "link.png")] {
        let mut conn = core.db().writer().acquire().await.unwrap();
        let row = AssetRecord {
            id: id.into(),
            sha256: id.into(),
            kind: "image".into(),
            path: path.into(),
            original_name: String::new(),
            mime: "image/png".into(),
            width: None,
            height: None,
            size_bytes: 1,
            created_at: 0,
        };
        assets::insert_or_existing(&mut conn, &row).await.unwrap();
        drop(conn);
        let err = core
            .media_file(&MediaRef::Asset {
                asset_id: id.into(),
            })
            .await
            .unwrap_err();
        assert!(matches!(err, CoreError::NotFound { .. }), "{path}: {err:?}");
    }
}

#[tokio::test]
async fn editing_segments_and_setting_references_announce_the_job_alike() {
    use reelforge_protocol::{
        ConfigureSegmentsRequest, CreateJobRequest, EngineEvent, GenerationMode, JobConfig,
        JobStatus, SegmentPatch, SegmentRef,
    };
    let (core, dir) = core().await;
    let job = core
        .create_job(CreateJobRequest {
            title: "Events".into(),
            subject: String::new(),
            template_id: None,
            segment_count: Some(1),
            config: JobConfig::default(),
            budget_cap_micros: None,
        })
        .await
        .unwrap();
    let job_id = job.summary.id.clone();
    let configure = |mode| ConfigureSegmentsRequest {
        job_id: job_id.clone(),
        indexes: vec![0],
        patch: SegmentPatch {
            mode: Some(mode),
            prompt: Some("a slow zoom".into()),
            ..SegmentPatch::default()
        },
    };
    let source = dir.path().join("frame.png");
    std::fs::write(&source, png_bytes(64, 64)).unwrap();
    let asset = core.import_asset(&source).await.unwrap().id;
    let references = |assets: Vec<AssetId>| SetSegmentReferencesRequest {
        segment: SegmentRef {
            job_id: job_id.clone(),
            index: 0,
        },
        assets,
    };
    let updated = |status| {
        vec![EngineEvent::JobUpdated {
            job_id: job_id.clone(),
            status,
        }]
    };
    let mut events = core.subscribe();

    // Each path moves the job between draft and configured, and says so the same way.
    core.configure_segments(configure(GenerationMode::TextToVideo))
        .await
        .unwrap();
    let edited_to_configured = events.drain();
    core.configure_segments(configure(GenerationMode::ImageToVideo))
        .await
        .unwrap();
    let edited_to_draft = events.drain();
    core.set_segment_references(&references(vec![asset]))
        .await
        .unwrap();
    let referenced_to_configured = events.drain();
    core.set_segment_references(&references(Vec::new()))
        .await
        .unwrap();
    let referenced_to_draft = events.drain();
    // Edits that leave the job a draft change no status: neither path announces one.
    core.configure_segments(configure(GenerationMode::ImageToVideo))
        .await
        .unwrap();
    let edited_unchanged = events.drain();
    core.set_segment_references(&references(Vec::new()))
        .await
        .unwrap();
    let referenced_unchanged = events.drain();

    assert_eq!(edited_to_draft, updated(JobStatus::Draft));
    assert_eq!(referenced_to_draft, edited_to_draft);
    assert_eq!(referenced_to_configured, updated(JobStatus::Configured));
    assert_eq!(edited_to_configured, referenced_to_configured);
    assert_eq!(edited_unchanged, Vec::new());
    assert_eq!(referenced_unchanged, edited_unchanged);
}
