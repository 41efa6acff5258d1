//! The ffmpeg location chosen in Settings: checked when set, kept across restarts, and the
//! binaries every ffmpeg user of the engine runs (the local provider's renders, the output
//! checks and previews, audio imports); clearing it goes back to automatic.

#[path = "job_wait/mod.rs"]
mod job_wait;

use job_wait::until_reviewed;
use reelforge_core::Core;
use reelforge_core::media::MediaTools;
use reelforge_protocol::{CreateJobRequest, JobConfig, JobStatus, SegmentPatch, ToolSource};
use std::path::{Path, PathBuf};

/// A folder whose `ffmpeg` and `ffprobe` log each start (one line: the tool's name) to
/// `calls.log`, then run the real ones.
fn logging_tools(dir: &Path) -> PathBuf {
    let real = MediaTools::resolve(None).expect("ffmpeg is installed");
    let log = dir.join("calls.log");
    for (name, target) in [("ffmpeg", real.ffmpeg()), ("ffprobe", real.ffprobe())] {
        let script = dir.join(name);
        std::fs::write(
            &script,
            format!(
                "#!/bin/sh\necho {name} >> '{}'\nexec '{}' \"$@\"\n",
                log.display(),
                target.display()
            ),
        )
        .unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    log
}

fn calls(log: &Path, tool: &str) -> usize {
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .filter(|l| *l == tool)
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_chosen_ffmpeg_is_the_one_the_engine_runs_and_survives_a_restart() {
    let data = tempfile::tempdir().unwrap();
    let tools_dir = tempfile::tempdir().unwrap();
    let log = logging_tools(tools_dir.path());
    let folder = tools_dir.path().display().to_string();

    let core = Core::open_with(data.path(), Default::default())
        .await
        .unwrap();
    let automatic = core.ffmpeg_info().await;
    assert_eq!(automatic.configured, None);
    assert_ne!(automatic.source, Some(ToolSource::Configured));

    let info = core
        .set_ffmpeg_location(Some(folder.clone()))
        .await
        .unwrap();
    assert_eq!(info.configured.as_deref(), Some(folder.as_str()));
    assert_eq!(info.source, Some(ToolSource::Configured));
    assert_eq!(
        info.path.as_deref(),
        Some(
            tools_dir
                .path()
                .join("ffmpeg")
                .display()
                .to_string()
                .as_str()
        )
    );
    assert_eq!(
        info.version, automatic.version,
        "the wrapper runs the same ffmpeg"
    );

    // A local-provider job renders, checks and previews its clip with the chosen pair.
    let before = (calls(&log, "ffmpeg"), calls(&log, "ffprobe"));
    let job = core
        .create_job(CreateJobRequest {
            title: "Chosen ffmpeg".into(),
            subject: String::new(),
            template_id: None,
            segment_count: Some(1),
            config: JobConfig {
                provider: Some("local".into()),
                segment_duration_s: Some(2),
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
        patch: SegmentPatch {
            prompt: Some("A card".into()),
            ..SegmentPatch::default()
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
    let status = until_reviewed(&mut events).await;
    assert_eq!(status, JobStatus::Review);
    shutdown.cancel();
    engine.await.unwrap().unwrap();
    assert!(
        calls(&log, "ffmpeg") > before.0,
        "the render ran the chosen ffmpeg"
    );
    assert!(
        calls(&log, "ffprobe") > before.1,
        "the check ran the chosen ffprobe"
    );

    // Refusals change nothing: relative, missing, or a program that is not ffmpeg (with an
    // ffprobe beside it).
    let impostor = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink("/bin/true", impostor.path().join("ffmpeg")).unwrap();
    std::os::unix::fs::symlink("/bin/true", impostor.path().join("ffprobe")).unwrap();
    let impostor = impostor.path().display().to_string();
    let empty = tempfile::tempdir().unwrap();
    let empty = empty.path().display().to_string();
    for bad in [
        "relative/ffmpeg",
        "/nonexistent/reelforge/ffmpeg",
        impostor.as_str(),
        empty.as_str(),
    ] {
        let error = core
            .set_ffmpeg_location(Some(bad.into()))
            .await
            .unwrap_err();
        assert_eq!(
            reelforge_protocol::ApiError::from(error).code,
            reelforge_protocol::ErrorCode::Validation,
            "{bad}"
        );
    }
    assert_eq!(
        core.ffmpeg_info().await.configured.as_deref(),
        Some(folder.as_str())
    );
    core.close().await;

    // Kept across a restart.
    let core = Core::open_with(data.path(), Default::default())
        .await
        .unwrap();
    let again = core.ffmpeg_info().await;
    assert_eq!(again.configured.as_deref(), Some(folder.as_str()));
    assert_eq!(again.source, Some(ToolSource::Configured));

    // Cleared: automatic again, and after the next restart too.
    let cleared = core.set_ffmpeg_location(None).await.unwrap();
    assert_eq!(cleared.configured, None);
    assert_eq!(cleared.path, automatic.path);
    core.close().await;
    let core = Core::open_with(data.path(), Default::default())
        .await
        .unwrap();
    assert_eq!(core.ffmpeg_info().await.configured, None);
}
