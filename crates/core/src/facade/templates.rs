//! Template actions of the [`Core`] facade: list, show, create, update, duplicate, delete,
//! import and export.

use super::Core;
use crate::domain::template::validate;
use crate::error::{CoreError, CoreResult};
use crate::storage::{self, templates};
use crate::time::now_ms;
use reelforge_protocol::limits::check_json_file;
use reelforge_protocol::{TemplateDto, TemplateId, TemplateInput};

impl Core {
    /// Live templates, built-in first.
    pub async fn list_templates(&self) -> CoreResult<Vec<TemplateDto>> {
        let mut conn = self.db().reader().acquire().await?;
        templates::list(&mut conn).await
    }

    /// One template by id.
    pub async fn get_template(&self, id: &TemplateId) -> CoreResult<TemplateDto> {
        let mut conn = self.db().reader().acquire().await?;
        templates::get(&mut conn, id).await
    }

    /// Creates a template after validating it; names are unique (case-insensitive).
    pub async fn create_template(&self, input: TemplateInput) -> CoreResult<TemplateDto> {
        let input = validate(input)?;
        let id = TemplateId(storage::new_id());
        let mut tx = self.db().begin_write().await?;
        if templates::find_live_by_name(&mut tx, &input.name)
            .await?
            .is_some()
        {
            return Err(name_taken(&input.name));
        }
        templates::insert(&mut tx, &id, &input, false, now_ms()).await?;
        let created = templates::get(&mut tx, &id).await?;
        tx.commit().await?;
        Ok(created)
    }

    /// Replaces a template's fields. Jobs made from it follow the change for every field they
    /// do not override.
    pub async fn update_template(
        &self,
        id: &TemplateId,
        input: TemplateInput,
    ) -> CoreResult<TemplateDto> {
        let input = validate(input)?;
        let mut tx = self.db().begin_write().await?;
        let holder = templates::find_live_by_name(&mut tx, &input.name).await?;
        if holder.is_some_and(|other| other != *id) {
            return Err(name_taken(&input.name));
        }
        templates::update(&mut tx, id, &input, now_ms()).await?;
        let updated = templates::get(&mut tx, id).await?;
        tx.commit().await?;
        Ok(updated)
    }

    /// Copies a template under a free name ("… (copy)", "… (copy 2)", …).
    pub async fn duplicate_template(&self, id: &TemplateId) -> CoreResult<TemplateDto> {
        let source = self.get_template(id).await?;
        let mut input = source.input;
        let base = input.name.clone();
        let mut conn = self.db().reader().acquire().await?;
        let mut n = 1;
        input.name = loop {
            let candidate = if n == 1 {
                format!("{base} (copy)")
            } else {
                format!("{base} (copy {n})")
            };
            if templates::find_live_by_name(&mut conn, &candidate)
                .await?
                .is_none()
            {
                break candidate;
            }
            n += 1;
        };
        drop(conn);
        self.create_template(input).await
    }

    /// Deletes a template. One that jobs still refer to is archived instead: it leaves the
    /// catalogue but those jobs keep resolving their configuration through it.
    pub async fn delete_template(&self, id: &TemplateId) -> CoreResult<()> {
        let mut tx = self.db().begin_write().await?;
        if !templates::is_live(&mut tx, id).await? {
            return Err(CoreError::not_found("template", id.as_str()));
        }
        if templates::count_jobs_using(&mut tx, id).await? > 0 {
            templates::archive(&mut tx, id, now_ms()).await?;
        } else {
            templates::delete(&mut tx, id).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// A template as a JSON file body (what [`Core::import_template`] reads). Templates hold
    /// no keys or secrets.
    pub async fn export_template(&self, id: &TemplateId) -> CoreResult<String> {
        let template = self.get_template(id).await?;
        Ok(serde_json::to_string_pretty(&template.input).expect("templates serialise to JSON"))
    }

    /// Creates a template from a JSON file body, with the same validation as
    /// [`Core::create_template`]; the body is held to the template file's size and nesting
    /// limits before it is parsed.
    pub async fn import_template(&self, json: &str) -> CoreResult<TemplateDto> {
        check_json_file(json).map_err(|over| CoreError::limit("template file", over))?;
        let input: TemplateInput = serde_json::from_str(json)
            .map_err(|e| CoreError::validation("template file", e.to_string()))?;
        self.create_template(input).await
    }
}

fn name_taken(name: &str) -> CoreError {
    CoreError::Conflict(format!(
        "a template named “{name}” already exists: choose another name"
    ))
}
