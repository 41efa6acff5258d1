//! The chat-completions wire format (providers.md §8): the request with a strict
//! `response_format` JSON schema, the response (`content` as a JSON string, `refusal`,
//! `finish_reason`), the prompts, and the checks a parsed script must pass.

use super::ScriptBrief;
use crate::voice::speaking_rate::{words_for, words_per_second};
use reelforge_protocol::{GenerationMode, ScriptLanguage};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// `json_schema.name` (must match `[a-zA-Z0-9_-]{1,64}`).
pub const SCHEMA_NAME: &str = "reelforge_script";

/// A chat message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub role: String,
    pub content: String,
}

impl Message {
    pub fn new(role: &str, content: impl Into<String>) -> Self {
        Self {
            role: role.to_owned(),
            content: content.into(),
        }
    }
}

/// `POST {base}/chat/completions` body.
#[derive(Debug, Clone, Serialize)]
pub struct ChatRequest<'a> {
    pub model: &'a str,
    /// Set explicitly: Ollama defaults to 1.0 when it is omitted.
    pub temperature: f32,
    pub top_p: f32,
    pub max_tokens: u32,
    pub messages: &'a [Message],
    pub response_format: Value,
}

/// The strict schema of a script; every property required, no extra properties.
pub fn response_format() -> Value {
    let string = json!({"type": "string"});
    json!({
        "type": "json_schema",
        "json_schema": {
            "name": SCHEMA_NAME,
            "strict": true,
            "schema": {
                "type": "object",
                "additionalProperties": false,
                "required": ["title", "style", "segments"],
                "properties": {
                    "title": string,
                    "style": {
                        "type": "object",
                        "additionalProperties": false,
                        "required": ["character", "scene", "visual_style"],
                        "properties": {
                            "character": string,
                            "scene": string,
                            "visual_style": string
                        }
                    },
                    "segments": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "additionalProperties": false,
                            "required": ["beat", "narration", "prompt", "mode", "duration_s"],
                            "properties": {
                                "beat": string,
                                "narration": string,
                                "prompt": string,
                                "mode": {"type": "string", "enum": ["text_to_video", "image_to_video"]},
                                "duration_s": {"type": "integer"}
                            }
                        }
                    }
                }
            }
        }
    })
}

/// The response fields Reelforge reads.
#[derive(Debug, Clone, Deserialize)]
pub struct ChatResponse {
    #[serde(default)]
    pub choices: Vec<Choice>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Choice {
    pub message: AnswerMessage,
    #[serde(default)]
    pub finish_reason: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct AnswerMessage {
    #[serde(default)]
    pub content: Option<String>,
    #[serde(default)]
    pub refusal: Option<String>,
}

/// The script as the model writes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WireScript {
    pub title: String,
    pub style: WireStyle,
    pub segments: Vec<WireSegment>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WireStyle {
    pub character: String,
    pub scene: String,
    pub visual_style: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WireSegment {
    pub beat: String,
    pub narration: String,
    pub prompt: String,
    pub mode: GenerationMode,
    pub duration_s: u32,
}

/// The system message.
pub fn system_prompt() -> String {
    "You write scripts for short vertical social videos (TikTok, Reels, Shorts). Each segment \
     is one shot: a spoken narration line (natural, punchy, one or two short sentences, in the \
     requested language) and a visual prompt for a text-to-video model (in English: subject, \
     action, setting, camera, light; no on-screen text). The style object is the look shared \
     by every shot; do not repeat it inside the prompts. Answer with the JSON object only."
        .to_owned()
}

/// The user message for `brief`.
pub fn user_prompt(brief: &ScriptBrief) -> String {
    let language = match brief.language {
        ScriptLanguage::En => "English",
        ScriptLanguage::Fr => "French",
    };
    let durations = brief
        .allowed_durations_s
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let mut text = format!(
        "Subject: {subject}\nContent pillar: {pillar}\nNarration language: {language}\n\
         Aspect ratio: {aspect}\nTotal length: about {target} seconds.\n\
         Write exactly {count} segments, with these beats in this order: {beats}.\n\
         Each duration_s must be one of: {durations}.\n\
         Each narration is spoken over its segment: at most {rate} words per second of its \
         duration_s in {language} (a 5 s segment: at most {five} words).",
        rate = words_per_second(brief.language),
        five = words_for(5.0, brief.language),
        subject = brief.subject.trim(),
        pillar = brief.pillar,
        aspect = brief.aspect_ratio,
        target = brief.target_duration_s,
        count = brief.beats.len(),
        beats = brief
            .beats
            .iter()
            .map(|b| b.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    );
    for (name, value) in [
        ("Character", &brief.style.character),
        ("Scene", &brief.style.scene),
        ("Visual style", &brief.style.visual_style),
    ] {
        if !value.trim().is_empty() {
            text.push_str(&format!("\n{name} (keep it): {}", value.trim()));
        }
    }
    text
}

/// The follow-up message asking to fix an answer.
pub fn repair_prompt(problem: &str) -> String {
    format!(
        "Your answer could not be used: {problem}. Answer again with only the complete JSON \
         object following the schema, with short narration lines."
    )
}

/// Parses `content` (tolerating a Markdown code fence around it) and checks it against the
/// brief: as many segments as beats, narration and prompt present.
pub fn parse_script(content: &str, brief: &ScriptBrief) -> Result<WireScript, String> {
    let trimmed = content.trim();
    let unfenced = trimmed
        .strip_prefix("```json")
        .or_else(|| trimmed.strip_prefix("```"))
        .and_then(|rest| rest.trim_end().strip_suffix("```"))
        .unwrap_or(trimmed);
    let mut script: WireScript =
        serde_json::from_str(unfenced).map_err(|e| format!("invalid JSON ({e})"))?;
    if script.segments.len() != brief.beats.len() {
        return Err(format!(
            "{} segments instead of {}",
            script.segments.len(),
            brief.beats.len()
        ));
    }
    for (i, (segment, beat)) in script.segments.iter_mut().zip(&brief.beats).enumerate() {
        if segment.narration.trim().is_empty() || segment.prompt.trim().is_empty() {
            return Err(format!(
                "segment {} has an empty narration or prompt",
                i + 1
            ));
        }
        // The beat order is ours; a model that renames a beat still wrote that beat.
        beat.as_str().clone_into(&mut segment.beat);
    }
    Ok(script)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reelforge_protocol::{AspectRatio, Beat, StyleDefaults};

    fn brief(beats: &[Beat]) -> ScriptBrief {
        ScriptBrief {
            subject: "Tips".into(),
            pillar: "tips".into(),
            language: ScriptLanguage::Fr,
            target_duration_s: 10,
            aspect_ratio: AspectRatio::Portrait,
            beats: beats.to_vec(),
            allowed_durations_s: vec![5, 10],
            style: StyleDefaults::default(),
        }
    }

    fn answer(segments: usize) -> String {
        let segment = json!({"beat": "Hook!", "narration": "Salut.", "prompt": "A cat",
                             "mode": "text_to_video", "duration_s": 5});
        json!({"title": "T", "style": {"character": "", "scene": "", "visual_style": ""},
               "segments": vec![segment; segments]})
        .to_string()
    }

    #[test]
    fn parses_fenced_answers_and_takes_the_beats_in_our_order() {
        let fenced = format!("```json\n{}\n```", answer(2));
        let script = parse_script(&fenced, &brief(&[Beat::Hook, Beat::Solution])).unwrap();
        assert_eq!(script.segments[1].beat, "solution");
    }

    #[test]
    fn rejects_wrong_counts_extra_fields_and_empty_lines() {
        let b = brief(&[Beat::Hook, Beat::Solution]);
        assert_eq!(
            parse_script(&answer(3), &b).unwrap_err(),
            "3 segments instead of 2"
        );
        let extra = answer(2).replace("\"title\"", "\"mood\": \"x\", \"title\"");
        assert!(
            parse_script(&extra, &b)
                .unwrap_err()
                .starts_with("invalid JSON")
        );
        let empty = answer(2).replace("Salut.", " ");
        assert!(
            parse_script(&empty, &b)
                .unwrap_err()
                .contains("empty narration")
        );
        assert!(parse_script("{\"title\": ", &b).is_err());
    }

    #[test]
    fn the_schema_is_strict_everywhere() {
        fn check(schema: &Value) {
            if schema["type"] == "object" {
                assert_eq!(schema["additionalProperties"], false);
                let props = schema["properties"].as_object().unwrap();
                let required = schema["required"].as_array().unwrap();
                assert_eq!(props.len(), required.len());
                props.values().for_each(check);
            }
            if schema["type"] == "array" {
                check(&schema["items"]);
            }
        }
        let format = response_format();
        assert_eq!(format["json_schema"]["strict"], true);
        assert_eq!(format["json_schema"]["name"], SCHEMA_NAME);
        check(&format["json_schema"]["schema"]);
        let prompt = user_prompt(&brief(&[Beat::Hook, Beat::Solution]));
        assert!(prompt.contains("Write exactly 2 segments"));
        assert!(prompt.contains("Narration language: French"));
        assert!(prompt.contains("one of: 5, 10"));
        assert!(
            prompt.contains("at most 2.75 words per second of its duration_s in French"),
            "narration sized by the language's speaking rate: {prompt}"
        );
        assert!(
            prompt.contains("a 5 s segment: at most 13 words"),
            "{prompt}"
        );
    }
}
