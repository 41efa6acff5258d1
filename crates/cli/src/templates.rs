//! `reelforge templates …`.

use crate::args::{TemplateFields, TemplatesCommand};
use crate::output::{self, Output};
use reelforge_core::Core;
use reelforge_protocol::limits::TEMPLATE_FILE_MAX_BYTES;
use reelforge_protocol::{
    ApiError, ErrorCode, Limit, LimitExceeded, StyleDefaults, TemplateDto, TemplateInput,
};

/// A template file's text, read no further than one byte past
/// [`TEMPLATE_FILE_MAX_BYTES`]: a larger file is refused without being read whole.
fn read_template_file(file: &std::path::Path) -> Result<String, ApiError> {
    use std::io::Read;
    let cannot = |e: std::io::Error| {
        ApiError::new(
            ErrorCode::Validation,
            format!("cannot read {}: {e}", file.display()),
        )
    };
    let mut bytes = Vec::new();
    std::fs::File::open(file)
        .and_then(|f| f.take(TEMPLATE_FILE_MAX_BYTES + 1).read_to_end(&mut bytes))
        .map_err(cannot)?;
    if let Err(over) = Limit::TemplateFile.check(bytes.len() as u64) {
        let size = std::fs::metadata(file).map_or(over.value, |m| m.len());
        let over = LimitExceeded {
            value: size,
            ..over
        };
        let message = format!("template file {}: {over}", file.display());
        return Err(ApiError::limit_exceeded(over, message));
    }
    String::from_utf8(bytes).map_err(|e| cannot(std::io::Error::other(e)))
}

pub async fn run(core: &Core, cmd: TemplatesCommand, out: &Output) -> Result<(), ApiError> {
    match cmd {
        TemplatesCommand::List => {
            let all = core.list_templates().await?;
            out.emit(&all, |t| output::templates_table(t));
        }
        TemplatesCommand::Show { template } => {
            let t = find(core, &template).await?;
            out.emit(&t, output::template);
        }
        TemplatesCommand::Create(fields) => {
            let t = core.create_template(input_of(fields)).await?;
            out.emit(&t, output::template);
        }
        TemplatesCommand::Import { file } => {
            let body = read_template_file(&file)?;
            let t = core.import_template(&body).await?;
            out.emit(&t, output::template);
        }
        TemplatesCommand::Export {
            template,
            out: file,
        } => {
            let t = find(core, &template).await?;
            let body = core.export_template(&t.id).await?;
            match file {
                Some(path) => std::fs::write(&path, body + "\n").map_err(|e| {
                    ApiError::new(
                        ErrorCode::Storage,
                        format!("cannot write {}: {e}", path.display()),
                    )
                })?,
                None => println!("{body}"),
            }
        }
        TemplatesCommand::Duplicate { template } => {
            let t = find(core, &template).await?;
            let copy = core.duplicate_template(&t.id).await?;
            out.emit(&copy, output::template);
        }
        TemplatesCommand::Delete { template } => {
            let t = find(core, &template).await?;
            core.delete_template(&t.id).await?;
            out.emit(&serde_json::json!({ "deleted": t.id }), |_| {
                println!("deleted template “{}”", t.input.name)
            });
        }
    }
    Ok(())
}

/// A template by id, or else a live one by name (case-insensitive).
pub async fn find(core: &Core, key: &str) -> Result<TemplateDto, ApiError> {
    match core.get_template(&key.into()).await {
        Ok(t) => return Ok(t),
        Err(e) if e.code() != ErrorCode::NotFound => return Err(e.into()),
        Err(_) => {}
    }
    core.list_templates()
        .await?
        .into_iter()
        .find(|t| t.input.name.to_lowercase() == key.trim().to_lowercase())
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::NotFound,
                format!("no template with id or name `{key}`"),
            )
        })
}

fn input_of(f: TemplateFields) -> TemplateInput {
    TemplateInput {
        name: f.name,
        description: f.description,
        pillar: f.pillar,
        segment_count: f.segments,
        segment_duration_s: f.duration,
        aspect_ratio: f.aspect,
        provider: f.provider,
        model: f.model,
        mode: f.mode,
        fallback_providers: Vec::new(),
        allow_fallback: false,
        beats: f.beats,
        style: StyleDefaults::default(),
        model_tiers: Vec::new(),
    }
}
