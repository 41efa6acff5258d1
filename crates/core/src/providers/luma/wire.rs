//! Luma's JSON on the wire (providers.md §1): the create bodies and Generation objects of
//! both surfaces — the legacy Dream Machine API (§1a, `ray-2`, `ray-flash-2`) and the Luma
//! Agents API (§1b, `ray-3.2`). Every response field is optional so that a partial body is an
//! error the adapter reports, never a panic.

use serde::{Deserialize, Serialize};

/// `POST /generations/video` on the Dream Machine API (text-to-video only: its keyframes
/// must be public URLs, which a desktop app has none of).
#[derive(Debug, Clone, Serialize)]
pub struct DreamCreate<'a> {
    pub model: &'a str,
    pub prompt: &'a str,
    pub aspect_ratio: &'a str,
    /// `"5s"` or `"9s"`.
    pub duration: String,
    pub resolution: &'a str,
    pub r#loop: bool,
    pub generation_type: &'static str,
}

/// The Dream Machine Generation object (create and get answer the same type).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct DreamGeneration {
    pub id: Option<String>,
    /// `queued` | `dreaming` | `completed` | `failed`.
    pub state: Option<String>,
    pub failure_reason: Option<String>,
    pub assets: Option<DreamAssets>,
    /// RFC 3339.
    pub created_at: Option<String>,
    pub model: Option<String>,
    /// The echo of the create body.
    pub request: Option<serde_json::Value>,
}

/// `GET /generations?limit=&offset=` on the Dream Machine API: newest first.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct DreamList {
    #[serde(default)]
    pub generations: Vec<DreamGeneration>,
    pub has_more: Option<bool>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct DreamAssets {
    pub video: Option<String>,
}

/// `POST /generations` on the Agents API.
#[derive(Debug, Clone, Serialize)]
pub struct AgentsCreate<'a> {
    pub model: &'a str,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub prompt: &'a str,
    pub aspect_ratio: &'a str,
    pub video: AgentsVideo,
}

/// `video` options of an Agents create.
#[derive(Debug, Clone, Serialize)]
pub struct AgentsVideo {
    pub resolution: &'static str,
    /// `"5s"` or `"10s"`.
    pub duration: String,
    pub r#loop: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_frame: Option<ImageRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_frame: Option<ImageRef>,
}

/// An inline image: base64 `data` plus its `media_type`.
#[derive(Debug, Clone, Serialize)]
pub struct ImageRef {
    pub data: String,
    pub media_type: &'static str,
}

/// The Agents Generation object.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct AgentsGeneration {
    pub id: Option<String>,
    /// `queued` | `processing` | `completed` | `failed`.
    pub state: Option<String>,
    pub failure_code: Option<String>,
    pub failure_reason: Option<String>,
    #[serde(default)]
    pub output: Option<Vec<AgentsOutput>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct AgentsOutput {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub url: Option<String>,
}

impl AgentsGeneration {
    /// The first video output's URL (presigned, valid one hour).
    pub fn video_url(&self) -> Option<&str> {
        self.output
            .as_deref()?
            .iter()
            .find(|o| o.kind.as_deref().is_none_or(|k| k == "video"))
            .and_then(|o| o.url.as_deref())
            .filter(|u| !u.is_empty())
    }
}
