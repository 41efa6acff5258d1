//! Templates as JSON files: the "Duplicate" copy, the export file (its JSON, name and `data:`
//! URL) and reading an import file.

use crate::i18n::Lang;
use crate::i18n::studio::studio;
use reelforge_protocol::{TemplateDto, TemplateInput};

/// The copy made by "Duplicate": same fields, the name marked as a copy.
pub fn duplicate_input(lang: Lang, template: &TemplateDto) -> TemplateInput {
    let mut input = template.input.clone();
    input.name = (studio(lang).copy_of)(&input.name);
    input
}

/// A template as an export file: pretty JSON of its fields (no id, no dates, no key).
pub fn export_json(input: &TemplateInput) -> String {
    serde_json::to_string_pretty(input).unwrap_or_default()
}

/// A file name for an exported template: its name in lowercase ASCII words.
pub fn export_file_name(input: &TemplateInput) -> String {
    let mut slug = String::new();
    for ch in input.name.chars() {
        if ch.is_ascii_alphanumeric() {
            slug.push(ch.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    let slug = if slug.is_empty() { "template" } else { slug };
    format!("{slug}.template.json")
}

/// A `data:` URL of `text`, for a download link.
pub fn data_url(text: &str) -> String {
    let mut url = String::from("data:application/json;charset=utf-8,");
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            url.push(char::from(byte));
        } else {
            url.push_str(&format!("%{byte:02X}"));
        }
    }
    url
}

/// The templates of an import file: one template, or a list of them (an exported
/// `TemplateDto` is accepted too; its id and dates are ignored).
pub fn parse_import(text: &str) -> Result<Vec<TemplateInput>, String> {
    reelforge_protocol::limits::check_json_file(text).map_err(|over| over.to_string())?;
    let value: serde_json::Value = serde_json::from_str(text.trim()).map_err(|e| e.to_string())?;
    let list = match value {
        serde_json::Value::Array(items) => items,
        other => vec![other],
    };
    if list.is_empty() {
        return Err("[]".to_owned());
    }
    list.into_iter()
        .map(|item| serde_json::from_value::<TemplateInput>(item).map_err(|e| e.to_string()))
        .collect()
}
