//! The chat-completions wire format of a post (providers.md §8, like the script's): a strict
//! `response_format` schema named [`POST_SCHEMA_NAME`] (`title`, `description`, `hashtags`),
//! the prompts, and the parse of the answer.

use super::post::{HASHTAGS_MAX, PostBrief, PostText, TITLE_MAX_CHARS};
use reelforge_protocol::ScriptLanguage;
use serde::Deserialize;
use serde_json::{Value, json};

/// `json_schema.name` of a post.
pub const POST_SCHEMA_NAME: &str = "reelforge_post";

/// The strict schema of a post; every property required, no extra properties.
pub fn post_format() -> Value {
    let string = json!({"type": "string"});
    json!({
        "type": "json_schema",
        "json_schema": {
            "name": POST_SCHEMA_NAME,
            "strict": true,
            "schema": {
                "type": "object",
                "additionalProperties": false,
                "required": ["title", "description", "hashtags"],
                "properties": {
                    "title": string,
                    "description": string,
                    "hashtags": {"type": "array", "items": string}
                }
            }
        }
    })
}

/// The system message of a post.
pub fn post_system_prompt() -> String {
    "You write the text posted with a short social video (TikTok, Reels, Shorts): a catchy \
     title, a description of one to three sentences, and hashtags (each starting with #, no \
     spaces inside a tag). Write in the requested language. Answer with the JSON object only."
        .to_owned()
}

/// The user message for `brief`.
pub fn post_user_prompt(brief: &PostBrief) -> String {
    let language = match brief.language {
        ScriptLanguage::En => "English",
        ScriptLanguage::Fr => "French",
    };
    let mut text = format!(
        "Post for the video: {title}\nSubject: {subject}\nContent pillar: {pillar}\n\
         Post language: {language}\nTitle: at most {TITLE_MAX_CHARS} characters. \
         Hashtags: 3 to {HASHTAGS_MAX}.",
        title = brief.title.trim(),
        subject = brief.subject.trim(),
        pillar = brief.pillar,
    );
    if !brief.narration.is_empty() {
        text.push_str("\nNarration:\n");
        text.push_str(&brief.narration.join("\n"));
    }
    text
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct WirePost {
    title: String,
    description: String,
    hashtags: Vec<String>,
}

/// Parses `content` (tolerating a Markdown code fence); a post needs a title and a description.
pub fn parse_post(content: &str) -> Result<PostText, String> {
    let trimmed = content.trim();
    let unfenced = trimmed
        .strip_prefix("```json")
        .or_else(|| trimmed.strip_prefix("```"))
        .and_then(|rest| rest.trim_end().strip_suffix("```"))
        .unwrap_or(trimmed);
    let wire: WirePost =
        serde_json::from_str(unfenced).map_err(|e| format!("invalid JSON ({e})"))?;
    if wire.title.trim().is_empty() || wire.description.trim().is_empty() {
        return Err("the title or the description is empty".to_owned());
    }
    Ok(PostText {
        title: wire.title,
        description: wire.description,
        hashtags: wire.hashtags,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_fenced_post_and_refuses_an_empty_one() {
        let body = json!({"title": "T", "description": "D", "hashtags": ["#a"]}).to_string();
        let post = parse_post(&format!("```json\n{body}\n```")).unwrap();
        assert_eq!(post.hashtags, ["#a"]);
        let empty = json!({"title": " ", "description": "D", "hashtags": []}).to_string();
        assert!(parse_post(&empty).unwrap_err().contains("empty"));
        assert!(parse_post("{\"title\": 1").is_err());
        assert_eq!(post_format()["json_schema"]["name"], POST_SCHEMA_NAME);
    }
}
