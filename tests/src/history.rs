//! Fills a database with a synthetic job history: jobs from the seeded templates, their
//! segments, and a succeeded, selected, paid take for every segment of a completed job.

use reelforge_core::Core;
use reelforge_protocol::JobStatus;

/// What was written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HistoryCounts {
    pub jobs: u64,
    pub segments: u64,
    pub takes: u64,
}

const TOPICS: [&str; 12] = [
    "Python",
    "Rust",
    "cuisine",
    "voyage",
    "fitness",
    "crypto",
    "design",
    "IA",
    "marketing",
    "photo",
    "musique",
    "jardinage",
];
const FORMATS: [&str; 6] = ["astuces", "erreurs", "secrets", "tips", "mythes", "outils"];

/// A small deterministic generator (xorshift), so every run builds the same history.
struct Xorshift(u64);

impl Xorshift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

/// Writes `jobs` jobs of `segments_per_job` segments each into `core`'s database, in one
/// transaction. Titles look like "7 astuces Python #123"; statuses cycle through a realistic
/// mix, with completed jobs paid for.
pub async fn fill(
    core: &Core,
    jobs: u64,
    segments_per_job: u32,
) -> Result<HistoryCounts, sqlx::Error> {
    let template_id: Option<String> =
        sqlx::query_scalar("SELECT id FROM templates WHERE name = 'Reels 30s Standard'")
            .fetch_optional(core.db().writer())
            .await?;
    let statuses = [
        JobStatus::Completed,
        JobStatus::Completed,
        JobStatus::Completed,
        JobStatus::Review,
        JobStatus::Generating,
        JobStatus::Failed,
        JobStatus::Draft,
        JobStatus::Configured,
        JobStatus::Cancelled,
        JobStatus::Paused,
    ];
    let mut rng = Xorshift(0x9E37_79B9_7F4A_7C15);
    let mut counts = HistoryCounts::default();
    let mut tx = core.db().writer().begin().await?;
    let base_time: i64 = 1_700_000_000_000;
    for i in 0..jobs {
        let id = format!("job-{i:08}");
        let title = format!(
            "{} {} {} #{i}",
            rng.next() % 9 + 2,
            rng.pick(&FORMATS),
            rng.pick(&TOPICS)
        );
        let subject = format!(
            "{} pour débutants, {}",
            rng.pick(&TOPICS),
            rng.pick(&FORMATS)
        );
        let status = statuses[(rng.next() % statuses.len() as u64) as usize];
        let at = base_time + i as i64 * 60_000;
        sqlx::query(
            "INSERT INTO jobs (id, title, subject, template_id, config_json, status, \
             estimated_cost_micros, created_at, updated_at) VALUES (?, ?, ?, ?, '{}', ?, ?, ?, ?)",
        )
        .bind(&id)
        .bind(&title)
        .bind(&subject)
        .bind(&template_id)
        .bind(status.as_str())
        .bind(i64::from(segments_per_job) * 250_000)
        .bind(at)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        counts.jobs += 1;
        for s in 0..segments_per_job {
            let seg = format!("{id}-s{s}");
            let paid = status == JobStatus::Completed;
            let take = format!("{seg}-t0");
            sqlx::query(
                "INSERT INTO segments (id, job_id, idx, beat, prompt, narration, mode, provider, \
                 duration_s, selected_take_id, created_at, updated_at) \
                 VALUES (?, ?, ?, 'hook', ?, '', 'text_to_video', 'local', 5, ?, ?, ?)",
            )
            .bind(&seg)
            .bind(&id)
            .bind(i64::from(s))
            .bind(format!("shot {s} of {title}"))
            .bind(paid.then_some(&take))
            .bind(at)
            .bind(at)
            .execute(&mut *tx)
            .await?;
            counts.segments += 1;
            if paid {
                sqlx::query(
                    "INSERT INTO generations (id, segment_id, job_id, provider, status, progress, \
                     estimated_cost_micros, actual_cost_micros, created_at, updated_at) \
                     VALUES (?, ?, ?, 'local', 'succeeded', 100, 250000, ?, ?, ?)",
                )
                .bind(&take)
                .bind(&seg)
                .bind(&id)
                .bind(200_000 + (rng.next() % 100_000) as i64)
                .bind(at)
                .bind(at)
                .execute(&mut *tx)
                .await?;
                counts.takes += 1;
            }
        }
    }
    tx.commit().await?;
    sqlx::query("PRAGMA optimize")
        .execute(core.db().writer())
        .await?;
    Ok(counts)
}
