//! Runway's wire types (camelCase JSON, API version `2024-11-06`) and the model table the
//! adapter builds bodies and its descriptor from.

use reelforge_protocol::AspectRatio;
use serde::Deserialize;
use std::collections::BTreeMap;

/// `POST /v1/image_to_video` and `/v1/text_to_video` answer `{"id": …}`.
#[derive(Debug, Deserialize)]
pub struct Created {
    pub id: String,
}

/// Credits charged (`cost`) or expected (`estimatedCost`); 1 credit = US$0.01.
#[derive(Debug, Deserialize)]
pub struct Credits {
    pub credits: f64,
}

/// `GET /v1/tasks/{id}`, discriminated on `status`: `PENDING`, `THROTTLED`, `RUNNING`,
/// `SUCCEEDED`, `FAILED`, `CANCELLED`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Task {
    pub status: String,
    /// 0–1 while `RUNNING`.
    #[serde(default)]
    pub progress: Option<f64>,
    /// Signed URLs (expire within 24–48 h) when `SUCCEEDED`.
    #[serde(default)]
    pub output: Option<Vec<String>>,
    /// Human text when `FAILED`.
    #[serde(default)]
    pub failure: Option<String>,
    /// Machine code when `FAILED` (`SAFETY.INPUT.TEXT`, `INTERNAL`…).
    #[serde(default)]
    pub failure_code: Option<String>,
    /// What was charged, on terminal states.
    #[serde(default)]
    pub cost: Option<Credits>,
}

/// `POST /v1/uploads` answer: a presigned multipart POST and the `runway://` URI to use.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UploadStarted {
    pub upload_url: String,
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    pub runway_uri: String,
}

/// One model the adapter offers.
#[derive(Debug, Clone, Copy)]
pub struct ModelSpec {
    pub id: &'static str,
    pub display_name: &'static str,
    pub text_to_video: bool,
    pub image_to_video: bool,
    /// Accepts `promptImage: [{position:"first"}, {position:"last"}]`.
    pub first_last: bool,
    /// Image-to-video refuses a create without `promptText` (gen4.5: "ALL four REQUIRED").
    pub image_prompt_required: bool,
    pub durations: &'static [u32],
    /// Credits per second as sent (Veo without audio); the estimate, the task reports the
    /// real charge.
    pub credits_per_s: i64,
    /// Veo models take `audio` (we send `false`: narration and music are added later).
    pub audio_flag: bool,
}

const TWO_TO_TEN: &[u32] = &[2, 3, 4, 5, 6, 7, 8, 9, 10];
const VEO: &[u32] = &[4, 6, 8];

/// The models, default first.
pub const MODELS: [ModelSpec; 4] = [
    ModelSpec {
        id: "gen4.5",
        display_name: "Gen-4.5",
        text_to_video: true,
        image_to_video: true,
        first_last: false,
        image_prompt_required: true,
        durations: TWO_TO_TEN,
        credits_per_s: 12,
        audio_flag: false,
    },
    ModelSpec {
        id: "gen4_turbo",
        display_name: "Gen-4 Turbo (needs an image)",
        text_to_video: false,
        image_to_video: true,
        first_last: false,
        image_prompt_required: false,
        durations: TWO_TO_TEN,
        credits_per_s: 5,
        audio_flag: false,
    },
    ModelSpec {
        id: "veo3.1",
        display_name: "Veo 3.1 (via Runway)",
        text_to_video: true,
        image_to_video: true,
        first_last: true,
        image_prompt_required: false,
        durations: VEO,
        credits_per_s: 40,
        audio_flag: true,
    },
    ModelSpec {
        id: "veo3.1_fast",
        display_name: "Veo 3.1 Fast (via Runway)",
        text_to_video: true,
        image_to_video: true,
        first_last: true,
        image_prompt_required: false,
        durations: VEO,
        credits_per_s: 15,
        audio_flag: true,
    },
];

/// The model named `id`.
pub fn model(id: &str) -> Option<&'static ModelSpec> {
    MODELS.iter().find(|m| m.id == id)
}

/// The aspect ratios a model produces in any mode (as offered in the descriptor).
pub fn aspect_ratios(model: &ModelSpec) -> Vec<AspectRatio> {
    AspectRatio::ALL
        .into_iter()
        .filter(|a| ratio(model, model.image_to_video, *a).is_some())
        .collect()
}

/// Runway's pixel `ratio` for an aspect ratio: Gen-4 image-to-video also does square;
/// Gen-4.5 text-to-video and Veo (at 720p) only landscape and portrait. 4:5 has no
/// Runway equivalent.
pub fn ratio(model: &ModelSpec, with_image: bool, aspect: AspectRatio) -> Option<&'static str> {
    let gen4 = model.id.starts_with("gen4");
    match aspect {
        AspectRatio::Landscape => Some("1280:720"),
        AspectRatio::Portrait => Some("720:1280"),
        AspectRatio::Square if gen4 && with_image => Some("960:960"),
        _ => None,
    }
}
