//! Every storage function against a real SQLite file in a temporary folder.

use reelforge_core::Core;
use reelforge_core::storage::takes::queue;
use reelforge_core::storage::assets::{self, AssetRecord};
use reelforge_core::storage::jobs::{self, JobRecord};
use reelforge_core::storage::segments::{self, SegmentRecord};
use reelforge_core::storage::takes::{self, NewTake};
use reelforge_core::storage::{Db, activity, dashboard, settings, templates};
use reelforge_protocol::{
    AssetId, GenerationMode, JobConfig, JobId, JobListQuery, JobStatus, SegmentId, SegmentPatch,
    TakeId, TakeStatus, TemplateId,
};
use sqlx::Sqlite;
use sqlx::SqliteConnection;
use sqlx::pool::PoolConnection;

async fn open() -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("test.sqlite3")).await.unwrap();
    (dir, db)
}

async fn writer(db: &Db) -> PoolConnection<Sqlite> {
    db.writer().acquire().await.unwrap()
}

fn job(id: &str, title: &str, template: Option<&TemplateId>, now: i64) -> JobRecord {
    JobRecord {
        id: JobId(id.into()),
        title: title.into(),
        subject: format!("about {title}"),
        template_id: template.cloned(),
        overrides: JobConfig::default(),
        status: JobStatus::Draft,
        budget_cap_micros: Some(5_000_000),
        estimated_cost_micros: 0,
        actual_cost_micros: 999, // ignored on insert: cost only comes from takes
        created_at: now,
        updated_at: now,
    }
}

fn segment(id: &str, job: &str, index: u32) -> SegmentRecord {
    SegmentRecord {
        id: SegmentId(id.into()),
        job_id: JobId(job.into()),
        index,
        beat: "hook".into(),
        prompt: String::new(),
        narration: String::new(),
        mode: GenerationMode::TextToVideo,
        provider: "local".into(),
        model: None,
        duration_s: 5,
        selected_take: None,
    }
}

fn take(id: &str, seg: &str, job: &str) -> NewTake {
    NewTake {
        id: TakeId(id.into()),
        segment_id: SegmentId(seg.into()),
        job_id: JobId(job.into()),
        provider: "local".into(),
        model: None,
        request_json: "{}".into(),
        status: TakeStatus::Queued,
        estimated_cost_micros: 100,
    }
}

/// A job "j1" with two segments "s0", "s1".
async fn seed_job(conn: &mut SqliteConnection) {
    jobs::insert(conn, &job("j1", "Three Python tips", None, 1_000))
        .await
        .unwrap();
    segments::insert(conn, &segment("s0", "j1", 0), 1_000)
        .await
        .unwrap();
    segments::insert(conn, &segment("s1", "j1", 1), 1_000)
        .await
        .unwrap();
}

#[tokio::test]
async fn database_runs_in_wal_with_full_sync_and_foreign_keys() {
    let (_dir, db) = open().await;
    let mut conn = writer(&db).await;
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    let sync: i64 = sqlx::query_scalar("PRAGMA synchronous")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    let busy: i64 = sqlx::query_scalar("PRAGMA busy_timeout")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    assert_eq!(mode, "wal");
    assert_eq!(sync, 2, "synchronous=FULL");
    assert_eq!(fk, 1);
    assert!(busy >= 1_000);
    let mut reader = db.reader().acquire().await.unwrap();
    let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
        .fetch_one(&mut *reader)
        .await
        .unwrap();
    assert_eq!(fk, 1);
}

#[tokio::test]
async fn templates_insert_get_list_update_archive_delete() {
    let (_dir, db) = open().await;
    let mut conn = writer(&db).await;
    let mut input = reelforge_core::domain::template::builtin_templates().remove(0);
    let id = TemplateId("t1".into());
    templates::insert(&mut conn, &id, &input, true, 10)
        .await
        .unwrap();
    let got = templates::get(&mut conn, &id).await.unwrap();
    assert_eq!(got.input, input);
    assert!(got.builtin);
    assert_eq!((got.created_at, got.updated_at), (10, 10));

    // Names are unique among live templates, case-insensitively.
    let dup = templates::insert(&mut conn, &TemplateId("t2".into()), &input, false, 11).await;
    assert!(dup.is_err());
    assert_eq!(
        templates::find_live_by_name(&mut conn, &input.name.to_uppercase())
            .await
            .unwrap(),
        Some(id.clone())
    );

    input.segment_count = 3;
    input.beats.truncate(3);
    templates::update(&mut conn, &id, &input, 20).await.unwrap();
    let got = templates::get(&mut conn, &id).await.unwrap();
    assert_eq!(got.input.segment_count, 3);
    assert_eq!(got.updated_at, 20);
    assert!(
        templates::update(&mut conn, &TemplateId("nope".into()), &input, 20)
            .await
            .is_err()
    );

    assert_eq!(templates::list(&mut conn).await.unwrap().len(), 1);
    assert!(templates::is_live(&mut conn, &id).await.unwrap());
    jobs::insert(&mut conn, &job("j1", "uses t1", Some(&id), 30))
        .await
        .unwrap();
    assert_eq!(
        templates::count_jobs_using(&mut conn, &id).await.unwrap(),
        1
    );

    // A template in use cannot be deleted, only archived; archived ones leave the list
    // but stay readable, and free their name.
    assert!(templates::delete(&mut conn, &id).await.is_err());
    templates::archive(&mut conn, &id, 40).await.unwrap();
    assert!(!templates::is_live(&mut conn, &id).await.unwrap());
    assert!(templates::list(&mut conn).await.unwrap().is_empty());
    assert_eq!(
        templates::get(&mut conn, &id).await.unwrap().input.name,
        input.name
    );
    assert_eq!(
        templates::find_live_by_name(&mut conn, &input.name)
            .await
            .unwrap(),
        None
    );
    templates::insert(&mut conn, &TemplateId("t3".into()), &input, false, 50)
        .await
        .unwrap();
    assert!(
        templates::archive(&mut conn, &id, 60).await.is_err(),
        "already archived"
    );

    templates::delete(&mut conn, &TemplateId("t3".into()))
        .await
        .unwrap();
    assert!(
        templates::get(&mut conn, &TemplateId("t3".into()))
            .await
            .is_err()
    );
}

#[tokio::test]
async fn jobs_insert_get_set_touch_delete() {
    let (_dir, db) = open().await;
    let mut conn = writer(&db).await;
    seed_job(&mut conn).await;
    let id = JobId("j1".into());
    let got = jobs::get(&mut conn, &id).await.unwrap();
    assert_eq!(got.title, "Three Python tips");
    assert_eq!(got.actual_cost_micros, 0, "cost only comes from takes");
    assert_eq!(got.budget_cap_micros, Some(5_000_000));

    jobs::set_status(&mut conn, &id, JobStatus::Configured, 2_000)
        .await
        .unwrap();
    let overrides = JobConfig {
        provider: Some("luma".into()),
        ..JobConfig::default()
    };
    jobs::set_details(
        &mut conn,
        &id,
        "New title",
        "New subject",
        &overrides,
        None,
        3_000,
    )
    .await
    .unwrap();
    jobs::set_estimated_cost(&mut conn, &id, 1_234, 4_000)
        .await
        .unwrap();
    let got = jobs::get(&mut conn, &id).await.unwrap();
    assert_eq!(got.status, JobStatus::Configured);
    assert_eq!(
        (got.title.as_str(), got.subject.as_str()),
        ("New title", "New subject")
    );
    assert_eq!(got.overrides, overrides);
    assert_eq!(got.budget_cap_micros, None);
    assert_eq!(got.estimated_cost_micros, 1_234);
    assert_eq!(got.updated_at, 4_000);
    jobs::touch(&mut conn, &id, 5_000).await.unwrap();
    assert_eq!(jobs::get(&mut conn, &id).await.unwrap().updated_at, 5_000);

    let missing = JobId("missing".into());
    assert!(
        jobs::set_status(&mut conn, &missing, JobStatus::Draft, 1)
            .await
            .is_err()
    );
    assert!(jobs::touch(&mut conn, &missing, 1).await.is_err());

    // Deleting cascades to segments, takes and the activity log.
    takes::insert(&mut conn, &take("g1", "s0", "j1"), 6_000)
        .await
        .unwrap();
    activity::append(&mut conn, &id, 6_000, "created", "hello")
        .await
        .unwrap();
    jobs::delete(&mut conn, &id).await.unwrap();
    assert!(jobs::get(&mut conn, &id).await.is_err());
    for table in ["segments", "generations", "job_activity"] {
        let sql = format!("SELECT COUNT(*) FROM {table}");
        let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        assert_eq!(n, 0, "{table} rows left after delete");
    }
    assert!(jobs::delete(&mut conn, &id).await.is_err());
}

#[tokio::test]
async fn segments_insert_list_patch_select_and_references() {
    let (_dir, db) = open().await;
    let mut conn = writer(&db).await;
    seed_job(&mut conn).await;
    let job_id = JobId("j1".into());
    let list = segments::list_for_job(&mut conn, &job_id).await.unwrap();
    assert_eq!(list.iter().map(|s| s.index).collect::<Vec<_>>(), vec![0, 1]);
    assert_eq!(list[0], segment("s0", "j1", 0));

    // Same index twice in one job is refused.
    assert!(
        segments::insert(&mut conn, &segment("s9", "j1", 1), 1)
            .await
            .is_err()
    );
    // A segment of an unknown job is refused (foreign key).
    assert!(
        segments::insert(&mut conn, &segment("s8", "nojob", 0), 1)
            .await
            .is_err()
    );

    let s0 = SegmentId("s0".into());
    let patch = SegmentPatch {
        prompt: Some("a cat typing".into()),
        mode: Some(GenerationMode::ImageToVideo),
        model: Some(Some("ray-2".into())),
        duration_s: Some(8),
        ..SegmentPatch::default()
    };
    segments::apply_patch(&mut conn, &s0, &patch, 2)
        .await
        .unwrap();
    let got = &segments::list_for_job(&mut conn, &job_id).await.unwrap()[0];
    assert_eq!(got.prompt, "a cat typing");
    assert_eq!(got.mode, GenerationMode::ImageToVideo);
    assert_eq!(got.model.as_deref(), Some("ray-2"));
    assert_eq!(got.duration_s, 8);
    assert_eq!(got.beat, "hook", "fields the patch leaves out stay");
    // Some(None) clears the model; None leaves it.
    let clear = SegmentPatch {
        model: Some(None),
        ..SegmentPatch::default()
    };
    segments::apply_patch(&mut conn, &s0, &clear, 3)
        .await
        .unwrap();
    assert_eq!(
        segments::list_for_job(&mut conn, &job_id).await.unwrap()[0].model,
        None
    );
    assert!(
        segments::apply_patch(&mut conn, &SegmentId("x".into()), &clear, 3)
            .await
            .is_err()
    );

    takes::insert(&mut conn, &take("g1", "s0", "j1"), 4)
        .await
        .unwrap();
    segments::select_take(&mut conn, &s0, Some(&TakeId("g1".into())), 5)
        .await
        .unwrap();
    assert_eq!(
        segments::list_for_job(&mut conn, &job_id).await.unwrap()[0].selected_take,
        Some(TakeId("g1".into()))
    );
    segments::select_take(&mut conn, &s0, None, 6)
        .await
        .unwrap();
    assert_eq!(
        segments::list_for_job(&mut conn, &job_id).await.unwrap()[0].selected_take,
        None
    );

    for (id, sha) in [("a1", "aa"), ("a2", "bb")] {
        assets::insert_or_existing(&mut conn, &asset(id, sha))
            .await
            .unwrap();
    }
    let refs = [AssetId("a2".into()), AssetId("a1".into())];
    segments::set_references(&mut conn, &SegmentId("s1".into()), &refs)
        .await
        .unwrap();
    let got = segments::references_for_job(&mut conn, &job_id)
        .await
        .unwrap();
    assert_eq!(
        got,
        vec![
            (SegmentId("s1".into()), AssetId("a2".into())),
            (SegmentId("s1".into()), AssetId("a1".into()))
        ]
    );
    segments::set_references(&mut conn, &SegmentId("s1".into()), &refs[..1])
        .await
        .unwrap();
    assert_eq!(
        segments::references_for_job(&mut conn, &job_id)
            .await
            .unwrap()
            .len(),
        1
    );
    // An unknown asset cannot be referenced.
    let bad = [AssetId("zz".into())];
    assert!(
        segments::set_references(&mut conn, &SegmentId("s1".into()), &bad)
            .await
            .is_err()
    );
}

fn asset(id: &str, sha: &str) -> AssetRecord {
    AssetRecord {
        id: AssetId(id.into()),
        sha256: sha.into(),
        kind: "image".into(),
        path: format!("assets/{sha}.png"),
        original_name: "shot.png".into(),
        mime: "image/png".into(),
        width: Some(1080),
        height: Some(1920),
        size_bytes: 42,
        created_at: 7,
    }
}

#[tokio::test]
async fn assets_are_content_addressed() {
    let (_dir, db) = open().await;
    let mut conn = writer(&db).await;
    let first = assets::insert_or_existing(&mut conn, &asset("a1", "abc"))
        .await
        .unwrap();
    assert_eq!(first, AssetId("a1".into()));
    // Same bytes imported again: the existing asset is returned, nothing is added.
    let again = assets::insert_or_existing(&mut conn, &asset("a2", "abc"))
        .await
        .unwrap();
    assert_eq!(again, first);
    assert_eq!(
        assets::get(&mut conn, &first).await.unwrap(),
        asset("a1", "abc")
    );
    assert!(assets::get(&mut conn, &AssetId("a2".into())).await.is_err());
    assert_eq!(
        assets::find_by_sha256(&mut conn, "abc")
            .await
            .unwrap()
            .unwrap()
            .id,
        first
    );
    assert_eq!(
        assets::find_by_sha256(&mut conn, "zzz").await.unwrap(),
        None
    );
}

#[tokio::test]
async fn takes_insert_update_and_job_cost_is_their_sum() {
    let (_dir, db) = open().await;
    let mut conn = writer(&db).await;
    seed_job(&mut conn).await;
    let job_id = JobId("j1".into());
    takes::insert(&mut conn, &take("g1", "s0", "j1"), 10)
        .await
        .unwrap();
    takes::insert(&mut conn, &take("g2", "s1", "j1"), 11)
        .await
        .unwrap();
    let g1 = TakeId("g1".into());
    let got = takes::get(&mut conn, &g1).await.unwrap();
    assert_eq!(got.status, TakeStatus::Queued);
    assert_eq!(got.estimated_cost_micros, 100);
    assert_eq!(got.remote_id, None);

    // The runner records the provider's id with the take's deadline and first poll time.
    queue::record_sent(&mut conn, &g1, "remote-123", 12, 10_000, 20)
        .await
        .unwrap();
    let got = takes::get(&mut conn, &g1).await.unwrap();
    assert_eq!(
        (got.remote_id.as_deref(), got.status),
        (Some("remote-123"), TakeStatus::Running)
    );

    takes::set_status(&mut conn, &g1, TakeStatus::Running, 150, None, 13)
        .await
        .unwrap();
    assert_eq!(
        takes::get(&mut conn, &g1).await.unwrap().progress,
        100,
        "clamped"
    );
    takes::set_status(
        &mut conn,
        &g1,
        TakeStatus::Failed,
        40,
        Some(("moderation", "refused")),
        14,
    )
    .await
    .unwrap();
    let got = takes::get(&mut conn, &g1).await.unwrap();
    assert_eq!(got.status, TakeStatus::Failed);
    assert_eq!(got.error_code.as_deref(), Some("moderation"));
    assert_eq!(got.error_message.as_deref(), Some("refused"));
    takes::set_output_path(&mut conn, &g1, "library/takes/g1.mp4", 15)
        .await
        .unwrap();

    takes::set_actual_cost(&mut conn, &g1, 250_000, 16)
        .await
        .unwrap();
    takes::set_actual_cost(&mut conn, &TakeId("g2".into()), 100_000, 17)
        .await
        .unwrap();
    assert_eq!(
        jobs::get(&mut conn, &job_id)
            .await
            .unwrap()
            .actual_cost_micros,
        350_000
    );
    takes::set_actual_cost(&mut conn, &g1, 200_000, 18)
        .await
        .unwrap();
    assert_eq!(
        jobs::get(&mut conn, &job_id)
            .await
            .unwrap()
            .actual_cost_micros,
        300_000
    );
    sqlx::query("DELETE FROM generations WHERE id = 'g2'")
        .execute(&mut *conn)
        .await
        .unwrap();
    assert_eq!(
        jobs::get(&mut conn, &job_id)
            .await
            .unwrap()
            .actual_cost_micros,
        200_000
    );

    let all = takes::list_for_job(&mut conn, &job_id).await.unwrap();
    assert_eq!(all.len(), 1);
    assert!(
        takes::set_status(
            &mut conn,
            &TakeId("x".into()),
            TakeStatus::Failed,
            0,
            None,
            1
        )
        .await
        .is_err()
    );
    assert!(
        queue::record_sent(&mut conn, &TakeId("x".into()), "r", 1, 2, 3)
            .await
            .is_err()
    );
    assert!(
        takes::set_actual_cost(&mut conn, &TakeId("x".into()), 1, 1)
            .await
            .is_err()
    );
    assert!(
        takes::set_output_path(&mut conn, &TakeId("x".into()), "p", 1)
            .await
            .is_err()
    );
    // A take of an unknown segment is refused.
    assert!(
        takes::insert(&mut conn, &take("g9", "nope", "j1"), 1)
            .await
            .is_err()
    );
}

#[tokio::test]
async fn settings_get_set_remove() {
    let (_dir, db) = open().await;
    let mut conn = writer(&db).await;
    assert_eq!(
        settings::get::<String>(&mut conn, "language")
            .await
            .unwrap(),
        None
    );
    settings::set(&mut conn, "language", &"fr", 1)
        .await
        .unwrap();
    settings::set(&mut conn, "language", &"en", 2)
        .await
        .unwrap();
    assert_eq!(
        settings::get::<String>(&mut conn, "language")
            .await
            .unwrap()
            .as_deref(),
        Some("en")
    );
    assert!(settings::remove(&mut conn, "language").await.unwrap());
    assert!(!settings::remove(&mut conn, "language").await.unwrap());
}

#[tokio::test]
async fn activity_is_kept_in_order() {
    let (_dir, db) = open().await;
    let mut conn = writer(&db).await;
    seed_job(&mut conn).await;
    let id = JobId("j1".into());
    activity::append(&mut conn, &id, 5, "created", "first")
        .await
        .unwrap();
    activity::append(&mut conn, &id, 5, "configured", "second")
        .await
        .unwrap();
    let log = activity::list(&mut conn, &id).await.unwrap();
    assert_eq!(
        log.iter().map(|a| a.message.as_str()).collect::<Vec<_>>(),
        ["first", "second"]
    );
    assert!(
        activity::append(&mut conn, &JobId("x".into()), 1, "k", "m")
            .await
            .is_err()
    );
}

#[tokio::test]
async fn dashboard_page_filters_searches_and_counts() {
    let (_dir, db) = open().await;
    let mut conn = writer(&db).await;
    let titles = [
        "Trois astuces Python",
        "Rust in 30 seconds",
        "Café tour",
        "AI news",
        "Python again",
    ];
    for (i, title) in titles.iter().enumerate() {
        let id = format!("j{i}");
        let mut record = job(&id, title, None, 100 + i as i64);
        if i % 2 == 0 {
            record.status = JobStatus::Completed;
        }
        jobs::insert(&mut conn, &record).await.unwrap();
        segments::insert(&mut conn, &segment(&format!("s{i}"), &id, 0), 1)
            .await
            .unwrap();
    }
    // One succeeded, selected take on j4.
    takes::insert(&mut conn, &take("g4", "s4", "j4"), 1)
        .await
        .unwrap();
    takes::set_status(
        &mut conn,
        &TakeId("g4".into()),
        TakeStatus::Succeeded,
        100,
        None,
        2,
    )
    .await
    .unwrap();
    takes::set_actual_cost(&mut conn, &TakeId("g4".into()), 70_000, 2)
        .await
        .unwrap();
    segments::select_take(
        &mut conn,
        &SegmentId("s4".into()),
        Some(&TakeId("g4".into())),
        2,
    )
    .await
    .unwrap();

    let q = |status, search: &str, page, page_size| JobListQuery {
        status,
        search: (!search.is_empty()).then(|| search.to_owned()),
        page,
        page_size,
    };
    let (items, total) = dashboard::page(&mut conn, &q(None, "", 0, 2))
        .await
        .unwrap();
    assert_eq!(total, 5);
    assert_eq!(
        items.iter().map(|j| j.id.as_str()).collect::<Vec<_>>(),
        ["j4", "j3"],
        "newest first"
    );
    assert_eq!((items[0].segment_count, items[0].segments_done), (1, 1));
    assert_eq!(items[0].actual_cost_micros, 70_000);
    let (items, _) = dashboard::page(&mut conn, &q(None, "", 2, 2))
        .await
        .unwrap();
    assert_eq!(
        items.iter().map(|j| j.id.as_str()).collect::<Vec<_>>(),
        ["j0"],
        "last page"
    );
    let (items, _) = dashboard::page(&mut conn, &q(None, "", 3, 2))
        .await
        .unwrap();
    assert!(items.is_empty(), "past the end");

    // Search: case-insensitive substring of title or subject, each word must match.
    let (items, total) = dashboard::page(&mut conn, &q(None, "python", 0, 10))
        .await
        .unwrap();
    assert_eq!((total, items.len()), (2, 2));
    let (_, total) = dashboard::page(&mut conn, &q(None, "PYTH astuces", 0, 10))
        .await
        .unwrap();
    assert_eq!(total, 1);
    let (_, total) = dashboard::page(&mut conn, &q(None, "café", 0, 10))
        .await
        .unwrap();
    assert_eq!(total, 1);
    let (items, total) = dashboard::page(&mut conn, &q(None, "30", 0, 10))
        .await
        .unwrap();
    assert_eq!(
        (total, items[0].title.as_str()),
        (1, "Rust in 30 seconds"),
        "short words use LIKE"
    );
    let (_, total) = dashboard::page(&mut conn, &q(None, "ai", 0, 10))
        .await
        .unwrap();
    assert_eq!(total, 2, "`AI news` and `Python again`");
    let (_, total) = dashboard::page(&mut conn, &q(None, "50%", 0, 10))
        .await
        .unwrap();
    assert_eq!(total, 0, "wildcards are literal");
    let (_, total) = dashboard::page(&mut conn, &q(None, "\"quoted", 0, 10))
        .await
        .unwrap();
    assert_eq!(total, 0, "quotes do not break the FTS query");

    // Filter and search together.
    let (items, total) =
        dashboard::page(&mut conn, &q(Some(JobStatus::Completed), "python", 0, 10))
            .await
            .unwrap();
    assert_eq!(total, 2);
    assert!(items.iter().all(|j| j.status == JobStatus::Completed));
    let (_, total) = dashboard::page(&mut conn, &q(Some(JobStatus::Failed), "", 0, 10))
        .await
        .unwrap();
    assert_eq!(total, 0);

    // Search follows renames.
    jobs::set_details(
        &mut conn,
        &JobId("j3".into()),
        "Python news",
        "",
        &JobConfig::default(),
        None,
        200,
    )
    .await
    .unwrap();
    let (_, total) = dashboard::page(&mut conn, &q(None, "python", 0, 10))
        .await
        .unwrap();
    assert_eq!(total, 3);

    let stats = dashboard::stats(&mut conn).await.unwrap();
    assert_eq!(
        (
            stats.total_jobs,
            stats.completed,
            stats.in_progress,
            stats.failed
        ),
        (5, 3, 0, 0)
    );
    assert_eq!(stats.total_cost_micros, 70_000);
}

#[tokio::test]
async fn core_opens_on_a_fresh_folder_and_seeds_once() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("nested/data");
    let core = Core::open(&data).await.unwrap();
    assert!(data.join(reelforge_core::storage::DATABASE_FILE).is_file());
    let seeded = core.list_templates().await.unwrap();
    assert!(seeded.len() >= 3);
    core.delete_template(&seeded[0].id).await.unwrap();
    core.close().await;
    let core = Core::open(&data).await.unwrap();
    assert_eq!(
        core.list_templates().await.unwrap().len(),
        seeded.len() - 1,
        "a deleted built-in template does not come back"
    );
}

/// The trigger-kept stats equal a fresh aggregate over the jobs after every kind of change.
#[tokio::test]
async fn dashboard_stats_stay_equal_to_the_jobs_they_summarise() {
    let (_dir, db) = open().await;
    let mut conn = writer(&db).await;
    async fn recomputed(conn: &mut SqliteConnection) -> (u64, u64, u64, u64, i64) {
        let rows: Vec<(String, i64, i64)> = sqlx::query_as(
            "SELECT status, COUNT(*), COALESCE(SUM(actual_cost_micros), 0) FROM jobs GROUP BY status",
        )
        .fetch_all(conn)
        .await
        .unwrap();
        let mut out = (0, 0, 0, 0, 0);
        for (status, n, cost) in rows {
            let n = n as u64;
            out.0 += n;
            out.4 += cost;
            match JobStatus::parse(&status).unwrap() {
                JobStatus::Completed => out.1 += n,
                JobStatus::Failed => out.3 += n,
                s if s.is_in_progress() => out.2 += n,
                _ => {}
            }
        }
        out
    }
    async fn check(conn: &mut SqliteConnection) {
        let s = dashboard::stats(conn).await.unwrap();
        let kept = (
            s.total_jobs,
            s.completed,
            s.in_progress,
            s.failed,
            s.total_cost_micros,
        );
        assert_eq!(kept, recomputed(conn).await);
    }
    check(&mut conn).await;
    for i in 0..6 {
        jobs::insert(&mut conn, &job(&format!("j{i}"), "t", None, i))
            .await
            .unwrap();
        segments::insert(
            &mut conn,
            &segment(&format!("s{i}"), &format!("j{i}"), 0),
            i,
        )
        .await
        .unwrap();
    }
    check(&mut conn).await;
    let statuses = [
        JobStatus::Generating,
        JobStatus::Completed,
        JobStatus::Failed,
        JobStatus::Paused,
    ];
    for (i, status) in statuses.iter().enumerate() {
        jobs::set_status(&mut conn, &JobId(format!("j{i}")), *status, 10)
            .await
            .unwrap();
        check(&mut conn).await;
    }
    takes::insert(&mut conn, &take("g1", "s1", "j1"), 11)
        .await
        .unwrap();
    takes::set_actual_cost(&mut conn, &TakeId("g1".into()), 300_000, 12)
        .await
        .unwrap();
    check(&mut conn).await;
    jobs::set_status(&mut conn, &JobId("j1".into()), JobStatus::Review, 13)
        .await
        .unwrap();
    check(&mut conn).await;
    jobs::delete(&mut conn, &JobId("j1".into())).await.unwrap();
    jobs::delete(&mut conn, &JobId("j2".into())).await.unwrap();
    check(&mut conn).await;
    assert_eq!(dashboard::stats(&mut conn).await.unwrap().total_jobs, 4);
}
