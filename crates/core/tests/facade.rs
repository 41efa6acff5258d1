//! The Core facade end to end on a real data folder: templates, jobs, the configuration
//! cascade, bulk segment configuration, the dashboard list and the error codes.

use reelforge_core::{Core, CoreError};
use reelforge_protocol::{
    ApiError, AspectRatio, ConfigureSegmentsRequest, CreateJobRequest, ErrorCode, GenerationMode,
    JobConfig, JobId, JobListQuery, JobStatus, SegmentPatch, TemplateDto, TemplateInput,
};

async fn core() -> (tempfile::TempDir, Core) {
    let dir = tempfile::tempdir().unwrap();
    let core = Core::open(dir.path()).await.unwrap();
    (dir, core)
}

async fn template(core: &Core, name: &str) -> TemplateDto {
    core.list_templates()
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.input.name == name)
        .unwrap_or_else(|| panic!("no template {name}"))
}

fn job_request(title: &str, template: Option<&TemplateDto>) -> CreateJobRequest {
    CreateJobRequest {
        title: title.into(),
        subject: "astuces Python".into(),
        template_id: template.map(|t| t.id.clone()),
        segment_count: None,
        config: JobConfig::default(),
        budget_cap_micros: None,
    }
}

fn code(err: CoreError) -> ErrorCode {
    ApiError::from(err).code
}

#[tokio::test]
async fn seeded_templates_are_the_documented_ones() {
    let (_dir, core) = core().await;
    let reels = template(&core, "Reels 30s Standard").await;
    assert!(reels.builtin);
    assert_eq!(
        (reels.input.segment_count, reels.input.segment_duration_s),
        (6, 5)
    );
    assert_eq!(reels.input.aspect_ratio, AspectRatio::Portrait);
    assert_eq!(reels.input.mode, GenerationMode::TextToVideo);
    assert_eq!(reels.input.provider, "local");
    let all = core.list_templates().await.unwrap();
    assert!(
        all.iter()
            .any(|t| t.input.aspect_ratio == AspectRatio::Landscape)
    );
    assert!(
        all.iter()
            .any(|t| t.input.aspect_ratio == AspectRatio::Square)
    );
}

#[tokio::test]
async fn template_validation_errors_are_typed_and_name_the_field() {
    let (_dir, core) = core().await;
    let base = template(&core, "Reels 30s Standard").await.input;
    let cases = [
        (
            TemplateInput {
                name: " ".into(),
                ..base.clone()
            },
            "name",
        ),
        (
            TemplateInput {
                segment_count: 0,
                beats: vec![],
                ..base.clone()
            },
            "segment_count",
        ),
        (
            TemplateInput {
                segment_count: 21,
                ..base.clone()
            },
            "segment_count",
        ),
    ];
    for (input, field) in cases {
        match core.create_template(input).await.unwrap_err() {
            CoreError::Validation { field: f, .. } => assert_eq!(f, field),
            other => panic!("expected validation of {field}, got {other:?}"),
        }
    }
    // An unknown aspect ratio in an imported file is a validation error that says so.
    let mut json: serde_json::Value = serde_json::to_value(&base).unwrap();
    json["name"] = "Cinema".into();
    json["aspect_ratio"] = "2.39:1".into();
    let err = core.import_template(&json.to_string()).await.unwrap_err();
    assert!(err.to_string().contains("2.39:1"), "{err}");
    assert_eq!(code(err), ErrorCode::Validation);
}

#[tokio::test]
async fn template_crud_duplicate_import_export() {
    let (_dir, core) = core().await;
    let reels = template(&core, "Reels 30s Standard").await;
    // Same name, other case: conflict.
    let clash = TemplateInput {
        name: "reels 30S standard".into(),
        ..reels.input.clone()
    };
    assert_eq!(
        code(core.create_template(clash).await.unwrap_err()),
        ErrorCode::Conflict
    );

    let mine = core
        .create_template(TemplateInput {
            name: "  Mine  ".into(),
            ..reels.input.clone()
        })
        .await
        .unwrap();
    assert_eq!(mine.input.name, "Mine");
    assert!(!mine.builtin);
    assert_eq!(core.get_template(&mine.id).await.unwrap(), mine);

    let updated = core
        .update_template(
            &mine.id,
            TemplateInput {
                segment_count: 8,
                ..mine.input.clone()
            },
        )
        .await
        .unwrap();
    assert_eq!(updated.input.segment_count, 8);
    // Renaming onto another template's name is a conflict; keeping its own name is fine.
    let onto = TemplateInput {
        name: reels.input.name.clone(),
        ..mine.input.clone()
    };
    assert_eq!(
        code(core.update_template(&mine.id, onto).await.unwrap_err()),
        ErrorCode::Conflict
    );

    let copy = core.duplicate_template(&mine.id).await.unwrap();
    let copy2 = core.duplicate_template(&mine.id).await.unwrap();
    assert_eq!(copy.input.name, "Mine (copy)");
    assert_eq!(copy2.input.name, "Mine (copy 2)");

    let exported = core.export_template(&copy.id).await.unwrap();
    core.delete_template(&copy.id).await.unwrap();
    let imported = core.import_template(&exported).await.unwrap();
    assert_eq!(imported.input, copy.input);
    assert_ne!(imported.id, copy.id);
    assert_eq!(
        code(core.import_template("{not json").await.unwrap_err()),
        ErrorCode::Validation
    );

    assert_eq!(
        code(core.get_template(&copy.id).await.unwrap_err()),
        ErrorCode::NotFound,
        "deleted"
    );
}

#[tokio::test]
async fn a_job_from_a_template_materialises_its_segments() {
    let (_dir, core) = core().await;
    let reels = template(&core, "Reels 30s Standard").await;
    let job = core
        .create_job(job_request("Three tips", Some(&reels)))
        .await
        .unwrap();
    assert_eq!(job.summary.status, JobStatus::Draft);
    assert_eq!(
        job.summary.template_name.as_deref(),
        Some("Reels 30s Standard")
    );
    assert_eq!(job.segments.len(), 6);
    let beats: Vec<&str> = job.segments.iter().map(|s| s.beat.as_str()).collect();
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
    assert!(
        job.segments
            .iter()
            .all(|s| s.duration_s == 5 && s.provider == "local")
    );
    assert_eq!(
        job.segments.iter().map(|s| s.index).collect::<Vec<_>>(),
        [0, 1, 2, 3, 4, 5]
    );
    assert_eq!(job.activity.len(), 1);
    assert!(job.activity[0].message.contains("Reels 30s Standard"));

    // Overriding the count gives more segments, beyond the template's beats.
    let mut req = job_request("Longer", Some(&reels));
    req.segment_count = Some(8);
    let longer = core.create_job(req).await.unwrap();
    assert_eq!(longer.segments.len(), 8);
    assert_eq!(longer.segments[7].beat, "");
}

#[tokio::test]
async fn job_validation_and_from_scratch() {
    let (_dir, core) = core().await;
    let mut req = job_request("", None);
    assert_eq!(
        code(core.create_job(req.clone()).await.unwrap_err()),
        ErrorCode::Validation
    );
    req.title = "From scratch".into();
    let err = core.create_job(req.clone()).await.unwrap_err();
    assert!(err.to_string().contains("segment_count"), "{err}");
    for bad in [0, 21] {
        req.segment_count = Some(bad);
        assert_eq!(
            code(core.create_job(req.clone()).await.unwrap_err()),
            ErrorCode::Validation
        );
    }
    req.segment_count = Some(2);
    req.budget_cap_micros = Some(-1);
    assert_eq!(
        code(core.create_job(req.clone()).await.unwrap_err()),
        ErrorCode::Validation
    );
    req.budget_cap_micros = Some(2_000_000);
    let job = core.create_job(req.clone()).await.unwrap();
    assert_eq!(job.segments.len(), 2);
    assert_eq!(job.config, reelforge_protocol::config::builtin_default());
    assert_eq!(job.budget_cap_micros, Some(2_000_000));

    req.template_id = Some("no-such-template".into());
    assert_eq!(
        code(core.create_job(req).await.unwrap_err()),
        ErrorCode::NotFound
    );
}

#[tokio::test]
async fn config_cascade_job_over_template_over_default() {
    let (_dir, core) = core().await;
    let youtube = template(&core, "YouTube Intro 16:9").await;
    let mut req = job_request("Intro", Some(&youtube));
    req.config = JobConfig {
        mode: Some(GenerationMode::ImageToVideo),
        segment_duration_s: Some(4),
        ..JobConfig::default()
    };
    let job = core.create_job(req).await.unwrap();
    assert_eq!(
        job.config.aspect_ratio,
        AspectRatio::Landscape,
        "from the template"
    );
    assert_eq!(
        job.config.mode,
        GenerationMode::ImageToVideo,
        "from the job"
    );
    assert_eq!(job.config.segment_duration_s, 4);
    assert!(!job.config.allow_fallback, "from the default");
    assert!(
        job.segments
            .iter()
            .all(|s| s.mode == GenerationMode::ImageToVideo && s.duration_s == 4)
    );
    assert_eq!(job.summary.aspect_ratio, AspectRatio::Landscape);

    // A later edit of the template reaches the job wherever the job does not override.
    let square = TemplateInput {
        aspect_ratio: AspectRatio::Square,
        mode: GenerationMode::TextToVideo,
        ..youtube.input.clone()
    };
    core.update_template(&youtube.id, square).await.unwrap();
    let job = core.get_job(&job.summary.id).await.unwrap();
    assert_eq!(job.config.aspect_ratio, AspectRatio::Square);
    assert_eq!(job.config.mode, GenerationMode::ImageToVideo);
    let listed = core.list_jobs(JobListQuery::default()).await.unwrap();
    assert_eq!(listed.items[0].aspect_ratio, AspectRatio::Square);

    // Deleting a template in use archives it: the job keeps its cascade.
    core.delete_template(&youtube.id).await.unwrap();
    assert!(
        core.list_templates()
            .await
            .unwrap()
            .iter()
            .all(|t| t.id != youtube.id)
    );
    let job = core.get_job(&job.summary.id).await.unwrap();
    assert_eq!(job.config.aspect_ratio, AspectRatio::Square);
    assert_eq!(
        job.summary.template_name.as_deref(),
        Some("YouTube Intro 16:9")
    );
    let err = core
        .create_job(job_request("new", Some(&youtube)))
        .await
        .unwrap_err();
    assert_eq!(
        code(err),
        ErrorCode::NotFound,
        "archived templates make no new jobs"
    );
}

#[tokio::test]
async fn configure_segments_in_bulk_and_status_follows_readiness() {
    let (_dir, core) = core().await;
    let reels = template(&core, "Square Post 1:1").await;
    let job = core
        .create_job(job_request("Bulk", Some(&reels)))
        .await
        .unwrap();
    let id = job.summary.id.clone();
    let configure = |indexes: Vec<u32>, patch: SegmentPatch| ConfigureSegmentsRequest {
        job_id: id.clone(),
        indexes,
        patch,
    };
    let prompt = |p: &str| SegmentPatch {
        prompt: Some(p.into()),
        ..SegmentPatch::default()
    };

    let job = core
        .configure_segments(configure(vec![0, 2], prompt("a sunrise")))
        .await
        .unwrap();
    assert_eq!(job.segments[0].prompt, "a sunrise");
    assert_eq!(job.segments[1].prompt, "");
    assert_eq!(job.segments[2].prompt, "a sunrise");
    assert_eq!(
        job.summary.status,
        JobStatus::Draft,
        "segment 2 has no prompt yet"
    );

    let job = core
        .configure_segments(configure(vec![1], prompt("a cat")))
        .await
        .unwrap();
    assert_eq!(job.summary.status, JobStatus::Configured);

    // Empty index list: every segment.
    let patch = SegmentPatch {
        provider: Some("luma".into()),
        duration_s: Some(10),
        narration: Some("Bonjour".into()),
        ..SegmentPatch::default()
    };
    let job = core
        .configure_segments(configure(vec![], patch))
        .await
        .unwrap();
    assert!(
        job.segments
            .iter()
            .all(|s| s.provider == "luma" && s.duration_s == 10)
    );
    assert!(job.segments.iter().all(|s| s.narration == "Bonjour"));
    assert_eq!(job.summary.status, JobStatus::Configured);

    // Image-to-video without a reference image is not ready.
    let i2v = SegmentPatch {
        mode: Some(GenerationMode::ImageToVideo),
        ..SegmentPatch::default()
    };
    let job = core
        .configure_segments(configure(vec![1], i2v))
        .await
        .unwrap();
    assert_eq!(job.summary.status, JobStatus::Draft);

    let err = core
        .configure_segments(configure(vec![3], prompt("x")))
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("segment 3 does not exist"),
        "{err}"
    );
    let err = core
        .configure_segments(configure(vec![], SegmentPatch::default()))
        .await
        .unwrap_err();
    assert_eq!(code(err), ErrorCode::Validation);
    let bad = SegmentPatch {
        duration_s: Some(0),
        ..SegmentPatch::default()
    };
    assert_eq!(
        code(
            core.configure_segments(configure(vec![], bad))
                .await
                .unwrap_err()
        ),
        ErrorCode::Validation
    );
    let unknown = ConfigureSegmentsRequest {
        job_id: JobId("nope".into()),
        indexes: vec![],
        patch: prompt("x"),
    };
    assert_eq!(
        code(core.configure_segments(unknown).await.unwrap_err()),
        ErrorCode::NotFound
    );

    let log = core.get_job(&id).await.unwrap().activity;
    assert!(
        log.iter()
            .any(|a| a.message == "Updated segments 1, 3 (prompt)"),
        "{log:?}"
    );
}

#[tokio::test]
async fn dashboard_pages_through_the_history() {
    let (_dir, core) = core().await;
    let reels = template(&core, "Reels 30s Standard").await;
    for i in 0..7 {
        core.create_job(job_request(&format!("Job {i}"), Some(&reels)))
            .await
            .unwrap();
    }
    let page = |page, page_size| JobListQuery {
        status: None,
        search: None,
        page,
        page_size,
    };
    let first = core.list_jobs(page(0, 3)).await.unwrap();
    assert_eq!((first.total_matching, first.items.len()), (7, 3));
    assert_eq!(first.stats.total_jobs, 7);
    let last = core.list_jobs(page(2, 3)).await.unwrap();
    assert_eq!(last.items.len(), 1);
    let mut seen: Vec<JobId> = Vec::new();
    for p in 0..3 {
        seen.extend(
            core.list_jobs(page(p, 3))
                .await
                .unwrap()
                .items
                .into_iter()
                .map(|j| j.id),
        );
    }
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 7, "pages neither repeat nor skip a job");
    // Page size is bounded both ways.
    assert_eq!(core.list_jobs(page(0, 0)).await.unwrap().items.len(), 1);
    assert_eq!(
        core.list_jobs(page(0, 10_000)).await.unwrap().page_size,
        200
    );

    let drafts = JobListQuery {
        status: Some(JobStatus::Draft),
        search: Some("job 3".into()),
        page: 0,
        page_size: 10,
    };
    let found = core.list_jobs(drafts).await.unwrap();
    assert_eq!(
        found
            .items
            .iter()
            .map(|j| j.title.as_str())
            .collect::<Vec<_>>(),
        ["Job 3"]
    );
    assert_eq!(found.items[0].segment_count, 6);
    assert_eq!(
        found.items[0].template_name.as_deref(),
        Some("Reels 30s Standard")
    );
}

#[tokio::test]
async fn deleting_jobs_and_unknown_ids() {
    let (_dir, core) = core().await;
    let job = core
        .create_job(job_request(
            "Bye",
            Some(&template(&core, "Reels 30s Standard").await),
        ))
        .await
        .unwrap();
    core.delete_job(&job.summary.id).await.unwrap();
    assert_eq!(
        code(core.get_job(&job.summary.id).await.unwrap_err()),
        ErrorCode::NotFound
    );
    assert_eq!(
        code(core.delete_job(&job.summary.id).await.unwrap_err()),
        ErrorCode::NotFound
    );
    let api = ApiError::from(core.get_job(&JobId("x".into())).await.unwrap_err());
    assert_eq!(
        serde_json::to_value(&api).unwrap(),
        serde_json::json!({"code": "not_found", "message": "job `x` was not found"})
    );
}
