//! The dashboard's queries over the whole job history: a filtered, searched page of jobs and
//! the whole-history stats.
//!
//! Search is a substring match on title and subject. Words of three characters or more use
//! the `jobs_search` FTS5 trigram index; shorter words fall back to `LIKE`.
//!
//! The page is chosen in two steps so that its cost does not grow with the number of
//! matches: first the row ids of the page, walking the `(updated_at, id)` index and probing
//! the search result (`+rowid` keeps the planner on that index), then the 25 rows' details.
//! The whole-history stats come from `dashboard_counts`, kept by triggers.

use super::{decode_json, parse_stored};
use crate::error::CoreResult;
use reelforge_protocol::{
    AspectRatio, DashboardStats, JobConfig, JobId, JobListQuery, JobStatus, JobSummary, TemplateId,
};
use sqlx::{FromRow, QueryBuilder, Sqlite, SqliteConnection};

/// Most rows one page may hold.
pub const MAX_PAGE_SIZE: u32 = 200;

#[derive(FromRow)]
struct SummaryRow {
    id: String,
    title: String,
    subject: String,
    template_id: Option<String>,
    template_name: Option<String>,
    template_aspect: Option<String>,
    config_json: String,
    status: String,
    estimated_cost_micros: i64,
    actual_cost_micros: i64,
    created_at: i64,
    updated_at: i64,
    segment_count: i64,
    segments_done: i64,
}

impl SummaryRow {
    fn into_dto(self) -> CoreResult<JobSummary> {
        let overrides: JobConfig = decode_json("jobs.config_json", &self.config_json)?;
        let template_aspect = self
            .template_aspect
            .as_deref()
            .map(|a| parse_stored("templates.aspect_ratio", a, |s| s.parse().ok()))
            .transpose()?;
        let aspect_ratio = overrides
            .aspect_ratio
            .or(template_aspect)
            .unwrap_or(AspectRatio::Portrait);
        Ok(JobSummary {
            id: JobId(self.id),
            title: self.title,
            subject: self.subject,
            template_id: self.template_id.map(TemplateId),
            template_name: self.template_name,
            status: parse_stored("jobs.status", &self.status, JobStatus::parse)?,
            aspect_ratio,
            segment_count: u32::try_from(self.segment_count).unwrap_or(0),
            segments_done: u32::try_from(self.segments_done).unwrap_or(0),
            estimated_cost_micros: self.estimated_cost_micros,
            actual_cost_micros: self.actual_cost_micros,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

/// Quotes a word as an FTS5 phrase.
fn fts_phrase(word: &str) -> String {
    format!("\"{}\"", word.replace('"', "\"\""))
}

/// Escapes `%`, `_` and `\` for a `LIKE … ESCAPE '\'` pattern.
fn like_pattern(word: &str) -> String {
    let mut out = String::with_capacity(word.len() + 2);
    out.push('%');
    for c in word.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// The search's words: those the trigram index can match (3+ characters), and the others.
fn search_words(query: &JobListQuery) -> (Vec<&str>, Vec<&str>) {
    query
        .search
        .as_deref()
        .unwrap_or("")
        .split_whitespace()
        .partition(|w| w.chars().count() >= 3)
}

/// An FTS5 query requiring every word.
fn fts_expression(words: &[&str]) -> String {
    words
        .iter()
        .map(|w| fts_phrase(w))
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// Adds the WHERE clause for the status filter and search words.
pub(super) fn push_filter(qb: &mut QueryBuilder<Sqlite>, query: &JobListQuery) {
    qb.push(" WHERE 1 = 1");
    if let Some(status) = query.status {
        qb.push(" AND j.status = ").push_bind(status.as_str());
    }
    let (long, short) = search_words(query);
    if !long.is_empty() {
        qb.push(" AND +j.rowid IN (SELECT rowid FROM jobs_search WHERE jobs_search MATCH ")
            .push_bind(fts_expression(&long))
            .push(")");
    }
    for word in short {
        let pattern = like_pattern(word);
        qb.push(" AND (j.title LIKE ")
            .push_bind(pattern.clone())
            .push(" ESCAPE '\\' OR j.subject LIKE ")
            .push_bind(pattern)
            .push(" ESCAPE '\\')");
    }
}

/// How many jobs match the filter and search.
async fn count_matching(conn: &mut SqliteConnection, query: &JobListQuery) -> CoreResult<u64> {
    let (long, short) = search_words(query);
    let total: i64 = match (query.status, long.is_empty(), short.is_empty()) {
        (None, true, true) => {
            sqlx::query_scalar("SELECT COALESCE(SUM(jobs), 0) FROM dashboard_counts")
                .fetch_one(conn)
                .await?
        }
        // Search words alone: the index counts its own matches.
        (None, false, true) => {
            sqlx::query_scalar("SELECT COUNT(*) FROM jobs_search WHERE jobs_search MATCH ?")
                .bind(fts_expression(&long))
                .fetch_one(conn)
                .await?
        }
        _ => {
            let mut count = QueryBuilder::<Sqlite>::new("SELECT COUNT(*) FROM jobs j");
            push_filter(&mut count, query);
            count.build_query_scalar().fetch_one(conn).await?
        }
    };
    Ok(total.unsigned_abs())
}

/// One page of jobs, most recently updated first, and how many match in all.
pub async fn page(
    conn: &mut SqliteConnection,
    query: &JobListQuery,
) -> CoreResult<(Vec<JobSummary>, u64)> {
    let page_size = query.page_size.clamp(1, MAX_PAGE_SIZE);
    let total = count_matching(&mut *conn, query).await?;

    let mut qb =
        QueryBuilder::<Sqlite>::new("WITH page AS MATERIALIZED (SELECT j.rowid AS rid FROM jobs j");
    push_filter(&mut qb, query);
    qb.push(" ORDER BY j.updated_at DESC, j.id LIMIT ")
        .push_bind(i64::from(page_size))
        .push(" OFFSET ")
        .push_bind(i64::from(query.page) * i64::from(page_size));
    qb.push(
        ") SELECT j.id, j.title, j.subject, j.template_id, t.name AS template_name, \
           t.aspect_ratio AS template_aspect, j.config_json, j.status, \
           j.estimated_cost_micros, j.actual_cost_micros, j.created_at, j.updated_at, \
           (SELECT COUNT(*) FROM segments s WHERE s.job_id = j.id) AS segment_count, \
           (SELECT COUNT(*) FROM segments s JOIN generations g ON g.id = s.selected_take_id \
              WHERE s.job_id = j.id AND g.status = 'succeeded') AS segments_done \
         FROM page p JOIN jobs j ON j.rowid = p.rid \
         LEFT JOIN templates t ON t.id = j.template_id \
         ORDER BY j.updated_at DESC, j.id",
    );
    let items = qb
        .build_query_as::<SummaryRow>()
        .fetch_all(conn)
        .await?
        .into_iter()
        .map(SummaryRow::into_dto)
        .collect::<CoreResult<Vec<_>>>()?;
    Ok((items, total))
}

/// Figures over the whole history, whatever the filter.
pub async fn stats(conn: &mut SqliteConnection) -> CoreResult<DashboardStats> {
    let rows: Vec<(String, i64, i64)> =
        sqlx::query_as("SELECT status, jobs, cost_micros FROM dashboard_counts")
            .fetch_all(conn)
            .await?;
    let mut stats = DashboardStats::default();
    for (status, count, cost) in rows {
        let status = parse_stored("jobs.status", &status, JobStatus::parse)?;
        let count = count.unsigned_abs();
        stats.total_jobs += count;
        stats.total_cost_micros += cost;
        match status {
            JobStatus::Completed => stats.completed += count,
            JobStatus::Failed => stats.failed += count,
            s if s.is_in_progress() => stats.in_progress += count,
            _ => {}
        }
    }
    Ok(stats)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_pattern_escapes_wildcards() {
        assert_eq!(like_pattern("a%b_c\\"), "%a\\%b\\_c\\\\%");
    }

    #[test]
    fn fts_phrase_doubles_quotes() {
        assert_eq!(fts_phrase("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
