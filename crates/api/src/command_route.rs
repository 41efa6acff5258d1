//! `POST /api/v1/<command>`: the body is the command's declared request as JSON (empty for a
//! command without input), the answer its declared response, or `{code, message}` with the
//! status of the code. The call goes through the engine's own binding of the commands
//! ([`CommandCall`]), the one the desktop shell uses: a declared command is here without more
//! code. A command that needs the app's window answers `501 window_only`.

use crate::ApiState;
use crate::paths_hidden::{hide_paths, window_only};
use crate::status::ErrorAnswer;
use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use reelforge_core::{CallRefusal, CommandCall};
use reelforge_protocol::commands::CommandName;
use reelforge_protocol::{ApiError, ErrorCode};
use serde_json::Value;

/// Runs the command named in the path.
pub async fn call(
    State(state): State<ApiState>,
    Path(name): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Some(command) = CommandName::from_name(&name) else {
        return unknown_command().await;
    };
    if window_only(command) {
        return ErrorAnswer(CallRefusal::NeedsWindow.into_api_error(command)).into_response();
    }
    let body = match body {
        Ok(body) => body,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return ErrorAnswer::with_status(
                StatusCode::PAYLOAD_TOO_LARGE,
                ErrorCode::Validation,
                "the request body is too large",
            );
        }
        Err(rejection) => {
            return ErrorAnswer(ApiError::new(ErrorCode::Validation, rejection.body_text()))
                .into_response();
        }
    };
    let request = if body.iter().all(u8::is_ascii_whitespace) {
        Value::Null
    } else {
        match serde_json::from_slice::<Value>(&body) {
            Ok(request) => request,
            Err(error) => {
                let message = format!("the body is not JSON: {error}");
                return ErrorAnswer(ApiError::new(ErrorCode::Validation, message)).into_response();
            }
        }
    };
    let answer = match CommandCall::parse(command, request) {
        Ok(call) => call.run(&state.core).await,
        Err(refusal) => Err(refusal.into_api_error(command)),
    };
    match answer {
        Ok(mut response) => {
            hide_paths(command, &mut response);
            tracing::info!("api {} ok", command.name());
            Json(response).into_response()
        }
        Err(error) => {
            tracing::warn!("api {} err {}", command.name(), error.code.as_str());
            ErrorAnswer(error).into_response()
        }
    }
}

/// `404 not_found` for a path that names no command or route.
pub async fn unknown_command() -> Response {
    ErrorAnswer(ApiError::new(
        ErrorCode::NotFound,
        "no such command or route (GET /api/v1/openapi.json lists them)",
    ))
    .into_response()
}
