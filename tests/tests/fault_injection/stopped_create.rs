//! A create caught by a stop: the provider made the generation, but the engine was stopped
//! (its task dropped, as a killed process's would be) before the answer was recorded. A
//! fresh engine on the same data folder finds it in the provider's list where the provider
//! can list (Luma's Dream Machine, Replicate) and completes the take with that one create;
//! where it cannot (Runway) the take waits for the person. A create that made nothing but
//! was sent less than `LISTED_WITHIN` ago also waits: its generation might not be listed yet.

use super::core_on_fakes::CoreOnFakes;
use reelforge_protocol::{ActivityEntry, GenerationMode, JobDetail, TakeStatus};
use reelforge_tests::fakes::{self, FakeServer, Fault, Route};
use std::time::Duration;

/// A one-segment job on `provider`'s `model` whose create the fake makes and then never
/// answers; the engine is dropped at that moment and a fresh one runs on the same data
/// folder until the job settles (or, with `until_unknown`, its take waits for the person).
async fn stopped_during_create(
    provider: &str,
    model: &str,
    fake: &FakeServer,
    until_unknown: bool,
) -> JobDetail {
    stopped_during(
        provider,
        model,
        fake,
        Fault::HoldAfterRequest,
        until_unknown,
    )
    .await
}

/// [`stopped_during_create`] with `hold` (a fault that never answers) on the create.
async fn stopped_during(
    provider: &str,
    model: &str,
    fake: &FakeServer,
    hold: Fault,
    until_unknown: bool,
) -> JobDetail {
    let first = CoreOnFakes::open(&[(provider, fake)]).await;
    let job = first
        .job(
            provider,
            model,
            GenerationMode::TextToVideo,
            "a lighthouse at dusk, waves",
        )
        .await;
    fake.arm(Route::Create, hold, 1);
    let shutdown = tokio_util::sync::CancellationToken::new();
    let engine = first
        .core
        .start_engine(shutdown.clone(), reelforge_core::LockWait::Refuse)
        .unwrap();
    first.core.launch_job(&job).await.unwrap();
    fake.held().await;
    engine.abort();
    assert!(engine.await.unwrap_err().is_cancelled());
    let stopped = first.core.get_job(&job).await.unwrap();
    assert_eq!(
        stopped.segments[0].takes[0].status,
        TakeStatus::Submitting,
        "stopped between the intent and the answer"
    );
    let CoreOnFakes { core, dir } = first;
    core.close().await;

    let second = CoreOnFakes::open_in(dir, &[(provider, fake)]).await;
    let detail = second
        .resume(&job, Duration::from_secs(60), until_unknown)
        .await;
    second.core.close().await;
    detail
}

/// Whether the job's activity says its first segment's take was found in `provider`'s list.
fn says_found(detail: &JobDetail, provider: &str) -> bool {
    detail.activity.iter().any(|logged| {
        logged.entry
            == ActivityEntry::FoundInProviderList {
                index: 0,
                provider: provider.into(),
            }
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_luma_create_stopped_before_its_answer_is_found_in_its_list_after_a_restart() {
    let clips = tempfile::tempdir().unwrap();
    let luma = fakes::luma::start(0, clips.path()).await.unwrap();
    let detail = stopped_during_create("luma", "ray-2", &luma, false).await;
    let takes = &detail.segments[0].takes;
    assert_eq!(luma.calls(Route::Create), 1, "one create at Luma");
    assert_eq!(takes.len(), 1, "{takes:#?}");
    assert_eq!(takes[0].status, TakeStatus::Succeeded, "{takes:#?}");
    assert!(
        takes[0]
            .remote_id
            .as_deref()
            .is_some_and(|id| id.starts_with("dm:")),
        "{takes:#?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replicate_create_stopped_before_its_answer_is_found_in_its_list_after_a_restart() {
    let clips = tempfile::tempdir().unwrap();
    let replicate = fakes::replicate::start(0, clips.path()).await.unwrap();
    let detail = stopped_during_create("replicate", "kwaivgi/kling-v2.0", &replicate, false).await;
    let takes = &detail.segments[0].takes;
    assert_eq!(replicate.calls(Route::Create), 1, "one create at Replicate");
    assert_eq!(takes.len(), 1, "{takes:#?}");
    assert_eq!(takes[0].status, TakeStatus::Succeeded, "{takes:#?}");
    assert!(takes[0].remote_id.is_some(), "{takes:#?}");
    assert!(says_found(&detail, "replicate"), "{:#?}", detail.activity);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_runway_create_stopped_before_its_answer_waits_for_the_person_after_a_restart() {
    let clips = tempfile::tempdir().unwrap();
    let runway = fakes::runway::start(0, clips.path()).await.unwrap();
    let detail = stopped_during_create("runway", "gen4.5", &runway, true).await;
    let takes = &detail.segments[0].takes;
    assert_eq!(runway.calls(Route::Create), 1, "never re-sent on its own");
    assert_eq!(takes.len(), 1, "{takes:#?}");
    assert_eq!(takes[0].status, TakeStatus::SubmitUnknown, "{takes:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replicate_create_stopped_before_it_made_anything_waits_while_it_is_recent() {
    let clips = tempfile::tempdir().unwrap();
    let replicate = fakes::replicate::start(0, clips.path()).await.unwrap();
    let model = "kwaivgi/kling-v2.0";
    let detail = stopped_during("replicate", model, &replicate, Fault::Hold, true).await;
    let takes = &detail.segments[0].takes;
    assert_eq!(replicate.calls(Route::Create), 1, "not sent again so soon");
    assert_eq!(takes.len(), 1, "{takes:#?}");
    assert_eq!(takes[0].status, TakeStatus::SubmitUnknown, "{takes:#?}");
}

/// A local render caught by a stop between its intent and its answer is rendered again at
/// the next start, at once and without using a retry: nothing the local renderer starts
/// outlives the process (it used to wait for the person like a hosted create, and the
/// SIGKILL loop of the CLI's crash test found it there). The stop is the state a kill at that
/// moment leaves in the database: the take committed `submitting`, no answer recorded.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_local_render_stopped_before_its_answer_is_rendered_again_at_once() {
    let first = CoreOnFakes::open(&[]).await;
    let job = first
        .job(
            "local",
            "ffmpeg-motion",
            GenerationMode::TextToVideo,
            "a lighthouse at dusk, waves",
        )
        .await;
    first.core.launch_job(&job).await.unwrap();
    let CoreOnFakes { core, dir } = first;
    core.close().await;

    let database = dir
        .path()
        .join("data")
        .join(reelforge_core::storage::DATABASE_FILE);
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", database.display()))
        .await
        .unwrap();
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    let stopped = sqlx::query(
        "UPDATE generations SET status = 'submitting', updated_at = ? WHERE job_id = ?",
    )
    .bind(now_ms)
    .bind(job.0.as_str())
    .execute(&pool)
    .await
    .unwrap();
    assert_eq!(stopped.rows_affected(), 1, "one take caught mid-create");
    pool.close().await;

    let second = CoreOnFakes::open_in(dir, &[]).await;
    let detail = second.resume(&job, Duration::from_secs(120), false).await;
    second.core.close().await;
    let takes = &detail.segments[0].takes;
    assert_eq!(takes.len(), 1, "{takes:#?}");
    assert_eq!(takes[0].status, TakeStatus::Succeeded, "{takes:#?}");
    assert!(
        detail.activity.iter().any(|logged| logged.entry
            == ActivityEntry::NothingInProviderList {
                index: 0,
                provider: "local".into(),
            }),
        "{:#?}",
        detail.activity
    );
}
