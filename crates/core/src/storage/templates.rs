//! Queries on the `templates` table.

use super::{decode_json, encode_json, parse_stored};
use crate::error::{CoreError, CoreResult};
use reelforge_protocol::{AspectRatio, GenerationMode, TemplateDto, TemplateId, TemplateInput};
use sqlx::{FromRow, SqliteConnection};

#[derive(FromRow)]
struct TemplateRow {
    id: String,
    name: String,
    description: String,
    pillar: String,
    segment_count: i64,
    segment_duration_s: i64,
    aspect_ratio: String,
    provider: String,
    model: Option<String>,
    mode: String,
    fallback_json: String,
    allow_fallback: bool,
    beats_json: String,
    style_json: String,
    model_tiers_json: String,
    builtin: bool,
    created_at: i64,
    updated_at: i64,
}

impl TemplateRow {
    fn into_dto(self) -> CoreResult<TemplateDto> {
        Ok(TemplateDto {
            id: TemplateId(self.id),
            input: TemplateInput {
                name: self.name,
                description: self.description,
                pillar: self.pillar,
                segment_count: u32::try_from(self.segment_count)
                    .map_err(|_| CoreError::Corrupt("templates.segment_count".into()))?,
                segment_duration_s: u32::try_from(self.segment_duration_s)
                    .map_err(|_| CoreError::Corrupt("templates.segment_duration_s".into()))?,
                aspect_ratio: parse_stored("templates.aspect_ratio", &self.aspect_ratio, |s| {
                    s.parse::<AspectRatio>().ok()
                })?,
                provider: self.provider.into(),
                model: self.model,
                mode: parse_stored("templates.mode", &self.mode, |s| {
                    s.parse::<GenerationMode>().ok()
                })?,
                fallback_providers: decode_json("templates.fallback_json", &self.fallback_json)?,
                allow_fallback: self.allow_fallback,
                beats: decode_json("templates.beats_json", &self.beats_json)?,
                style: decode_json("templates.style_json", &self.style_json)?,
                model_tiers: decode_json("templates.model_tiers_json", &self.model_tiers_json)?,
            },
            builtin: self.builtin,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

macro_rules! template_columns {
    () => {
        "id, name, description, pillar, segment_count, segment_duration_s, aspect_ratio, \
         provider, model, mode, fallback_json, allow_fallback, beats_json, style_json, \
         model_tiers_json, builtin, created_at, updated_at"
    };
}

/// Inserts a validated template.
pub async fn insert(
    conn: &mut SqliteConnection,
    id: &TemplateId,
    input: &TemplateInput,
    builtin: bool,
    now: i64,
) -> CoreResult<()> {
    sqlx::query(
        "INSERT INTO templates (id, name, description, pillar, segment_count, segment_duration_s, \
         aspect_ratio, provider, model, mode, fallback_json, allow_fallback, beats_json, \
         style_json, model_tiers_json, builtin, created_at, updated_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(id.as_str())
    .bind(&input.name)
    .bind(&input.description)
    .bind(&input.pillar)
    .bind(i64::from(input.segment_count))
    .bind(i64::from(input.segment_duration_s))
    .bind(input.aspect_ratio.as_str())
    .bind(input.provider.as_str())
    .bind(&input.model)
    .bind(input.mode.as_str())
    .bind(encode_json(&input.fallback_providers))
    .bind(input.allow_fallback)
    .bind(encode_json(&input.beats))
    .bind(encode_json(&input.style))
    .bind(encode_json(&input.model_tiers))
    .bind(builtin)
    .bind(now)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Replaces a live template's fields; `NotFound` if there is none with that id.
pub async fn update(
    conn: &mut SqliteConnection,
    id: &TemplateId,
    input: &TemplateInput,
    now: i64,
) -> CoreResult<()> {
    let done = sqlx::query(
        "UPDATE templates SET name = ?, description = ?, pillar = ?, segment_count = ?, \
         segment_duration_s = ?, aspect_ratio = ?, provider = ?, model = ?, mode = ?, \
         fallback_json = ?, allow_fallback = ?, beats_json = ?, style_json = ?, \
         model_tiers_json = ?, updated_at = ? \
         WHERE id = ? AND archived_at IS NULL",
    )
    .bind(&input.name)
    .bind(&input.description)
    .bind(&input.pillar)
    .bind(i64::from(input.segment_count))
    .bind(i64::from(input.segment_duration_s))
    .bind(input.aspect_ratio.as_str())
    .bind(input.provider.as_str())
    .bind(&input.model)
    .bind(input.mode.as_str())
    .bind(encode_json(&input.fallback_providers))
    .bind(input.allow_fallback)
    .bind(encode_json(&input.beats))
    .bind(encode_json(&input.style))
    .bind(encode_json(&input.model_tiers))
    .bind(now)
    .bind(id.as_str())
    .execute(conn)
    .await?;
    if done.rows_affected() == 0 {
        return Err(CoreError::not_found("template", id.as_str()));
    }
    Ok(())
}

/// A template by id, archived ones included (jobs still resolve their config through them).
pub async fn get(conn: &mut SqliteConnection, id: &TemplateId) -> CoreResult<TemplateDto> {
    sqlx::query_as::<_, TemplateRow>(concat!(
        "SELECT ",
        template_columns!(),
        " FROM templates WHERE id = ?"
    ))
    .bind(id.as_str())
    .fetch_optional(conn)
    .await?
    .ok_or_else(|| CoreError::not_found("template", id.as_str()))?
    .into_dto()
}

/// Whether the template is live (not deleted or archived).
pub async fn is_live(conn: &mut SqliteConnection, id: &TemplateId) -> CoreResult<bool> {
    let live: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM templates WHERE id = ? AND archived_at IS NULL")
            .bind(id.as_str())
            .fetch_optional(conn)
            .await?;
    Ok(live.is_some())
}

/// Live templates: built-in ones first, then by name.
pub async fn list(conn: &mut SqliteConnection) -> CoreResult<Vec<TemplateDto>> {
    sqlx::query_as::<_, TemplateRow>(concat!(
        "SELECT ",
        template_columns!(),
        " FROM templates WHERE archived_at IS NULL ORDER BY builtin DESC, name COLLATE NOCASE"
    ))
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(TemplateRow::into_dto)
    .collect()
}

/// The live template with this name (case-insensitive), if any.
pub async fn find_live_by_name(
    conn: &mut SqliteConnection,
    name: &str,
) -> CoreResult<Option<TemplateId>> {
    let id: Option<String> = sqlx::query_scalar(
        "SELECT id FROM templates WHERE name = ? COLLATE NOCASE AND archived_at IS NULL",
    )
    .bind(name)
    .fetch_optional(conn)
    .await?;
    Ok(id.map(TemplateId))
}

/// How many jobs refer to the template.
pub async fn count_jobs_using(conn: &mut SqliteConnection, id: &TemplateId) -> CoreResult<u64> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE template_id = ?")
        .bind(id.as_str())
        .fetch_one(conn)
        .await?;
    Ok(n.unsigned_abs())
}

/// Hides a template from the catalogue while keeping it for the jobs that refer to it.
pub async fn archive(conn: &mut SqliteConnection, id: &TemplateId, now: i64) -> CoreResult<()> {
    let done = sqlx::query(
        "UPDATE templates SET archived_at = ?, updated_at = ? WHERE id = ? AND archived_at IS NULL",
    )
    .bind(now)
    .bind(now)
    .bind(id.as_str())
    .execute(conn)
    .await?;
    if done.rows_affected() == 0 {
        return Err(CoreError::not_found("template", id.as_str()));
    }
    Ok(())
}

/// Removes a template no job refers to.
pub async fn delete(conn: &mut SqliteConnection, id: &TemplateId) -> CoreResult<()> {
    let done = sqlx::query("DELETE FROM templates WHERE id = ?")
        .bind(id.as_str())
        .execute(conn)
        .await?;
    if done.rows_affected() == 0 {
        return Err(CoreError::not_found("template", id.as_str()));
    }
    Ok(())
}
