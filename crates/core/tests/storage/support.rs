//! What the storage tests share: a fresh database and rows to insert.

use reelforge_core::storage::Db;
use reelforge_core::storage::assets::AssetRecord;
use reelforge_core::storage::jobs::{self, JobRecord};
use reelforge_core::storage::segments::{self, SegmentRecord};
use reelforge_core::storage::takes::NewTake;
use reelforge_protocol::{
    AssetId, GenerationMode, JobConfig, JobId, JobStatus, SegmentId, TakeId, TakeStatus, TemplateId,
};
use sqlx::pool::PoolConnection;
use sqlx::{Sqlite, SqliteConnection};

pub(crate) async fn open() -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("test.sqlite3")).await.unwrap();
    (dir, db)
}

pub(crate) async fn writer(db: &Db) -> PoolConnection<Sqlite> {
    db.writer().acquire().await.unwrap()
}

pub(crate) fn job(id: &str, title: &str, template: Option<&TemplateId>, now: i64) -> JobRecord {
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

pub(crate) fn segment(id: &str, job: &str, index: u32) -> SegmentRecord {
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

pub(crate) fn take(id: &str, seg: &str, job: &str) -> NewTake {
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
pub(crate) async fn seed_job(conn: &mut SqliteConnection) {
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

pub(crate) fn asset(id: &str, sha: &str) -> AssetRecord {
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
