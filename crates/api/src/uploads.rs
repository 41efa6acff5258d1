//! `POST /api/v1/uploads/image`, `/uploads/audio` and `/uploads/video`: what the window imports
//! from an OS path (a drop, a file dialog) arrives here as the request's raw body, with the
//! file's name in `?name=`. The engine writes it into its work folder and imports it as the
//! window's imports do ([`Core::import_asset_bytes`], [`Core::import_audio_bytes`]): the same
//! checks and refusals, and the answer names the file by library id — an [`ImportedAsset`]
//! for `set_segment_references`, an [`ImportedAudio`] for `assemble_job`, an
//! [`ImportedClip`] for `use_segment_clip` — never by path.
//! A body over its limit ([`IMAGE_FILE_MAX_BYTES`], [`AUDIO_UPLOAD_MAX_BYTES`]) is `413`.
//!
//! [`Core::import_asset_bytes`]: reelforge_core::Core::import_asset_bytes
//! [`Core::import_audio_bytes`]: reelforge_core::Core::import_audio_bytes

use crate::ApiState;
use crate::status::ErrorAnswer;
use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use reelforge_protocol::limits::{
    AUDIO_UPLOAD_MAX_BYTES, CLIP_UPLOAD_MAX_BYTES, IMAGE_FILE_MAX_BYTES,
};
use reelforge_protocol::{ApiError, ErrorCode, ImportedAsset};
use serde::Deserialize;

/// The largest body of `POST /api/v1/uploads/image`.
pub const IMAGE_UPLOAD_MAX_BYTES: usize = IMAGE_FILE_MAX_BYTES as usize;
/// The largest body of `POST /api/v1/uploads/audio`.
pub const AUDIO_MAX_BYTES: usize = AUDIO_UPLOAD_MAX_BYTES as usize;
/// The largest body of `POST /api/v1/uploads/video`.
pub const VIDEO_MAX_BYTES: usize = CLIP_UPLOAD_MAX_BYTES as usize;

/// `?name=`: the uploaded file's name (shown in the library and in refusals).
#[derive(Debug, Deserialize)]
pub(crate) struct UploadQuery {
    #[serde(default)]
    name: Option<String>,
}

/// `POST /api/v1/uploads/image`: a reference image (PNG, JPEG or WebP).
pub(crate) async fn image(
    State(state): State<ApiState>,
    Query(query): Query<UploadQuery>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let body = match read(body) {
        Ok(body) => body,
        Err((status, error)) => return (status, Json(error)).into_response(),
    };
    let name = query.name.unwrap_or_else(|| "image".to_owned());
    match state.core.import_asset_bytes(&name, body.to_vec()).await {
        Ok(image) => {
            tracing::info!("api upload image ok");
            Json(ImportedAsset {
                asset_id: image.id,
                // Previews are served by the window's preview server only.
                url: String::new(),
                width: image.width,
                height: image.height,
            })
            .into_response()
        }
        Err(error) => refused(ApiError::from(error)),
    }
}

/// `POST /api/v1/uploads/audio`: a music bed or a voice-over (what ffprobe reads as sound).
pub(crate) async fn audio(
    State(state): State<ApiState>,
    Query(query): Query<UploadQuery>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let body = match read(body) {
        Ok(body) => body,
        Err((status, error)) => return (status, Json(error)).into_response(),
    };
    let name = query.name.unwrap_or_else(|| "audio".to_owned());
    match state.core.import_audio_bytes(&name, body.to_vec()).await {
        Ok(audio) => {
            tracing::info!("api upload audio ok");
            Json(audio).into_response()
        }
        Err(error) => refused(ApiError::from(error)),
    }
}

/// `POST /api/v1/uploads/video`: a person's own clip (checked with ffprobe and ffmpeg), for
/// `use_segment_clip`. (Own clips as segments, issue 17.)
pub(crate) async fn video(
    State(state): State<ApiState>,
    Query(query): Query<UploadQuery>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let body = match read(body) {
        Ok(body) => body,
        Err((status, error)) => return (status, Json(error)).into_response(),
    };
    let name = query.name.unwrap_or_else(|| "video.mp4".to_owned());
    match state.core.import_clip_bytes(&name, body.to_vec()).await {
        Ok(clip) => {
            tracing::info!("api upload video ok");
            Json(clip).into_response()
        }
        Err(error) => refused(ApiError::from(error)),
    }
}

/// The body, or why it is refused: `413` when it is over the route's limit.
fn read(body: Result<Bytes, BytesRejection>) -> Result<Bytes, (StatusCode, ApiError)> {
    body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            let error = ApiError::new(ErrorCode::Validation, "the uploaded file is too large");
            (StatusCode::PAYLOAD_TOO_LARGE, error)
        } else {
            let error = ApiError::new(ErrorCode::Validation, rejection.body_text());
            (StatusCode::BAD_REQUEST, error)
        }
    })
}

fn refused(error: ApiError) -> Response {
    tracing::warn!("api upload err {}", error.code.as_str());
    ErrorAnswer(error).into_response()
}
