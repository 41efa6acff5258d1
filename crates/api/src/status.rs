//! The HTTP status of each [`ErrorCode`], and an [`ApiError`] as an HTTP answer: the status
//! and the `{code, message}` body.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use reelforge_protocol::{ApiError, ErrorCode};

/// The status an error of `code` is answered with.
pub fn status_of(code: ErrorCode) -> StatusCode {
    use ErrorCode as C;
    match code {
        C::Validation => StatusCode::BAD_REQUEST,
        C::Unauthorized => StatusCode::UNAUTHORIZED,
        C::NotFound => StatusCode::NOT_FOUND,
        C::Conflict
        | C::BudgetExceeded
        | C::EngineBusy
        | C::Cancelled
        | C::KeyMissing
        | C::SegmentBusy => StatusCode::CONFLICT,
        C::Moderation | C::LimitExceeded | C::VoiceLanguageUnsupported => {
            StatusCode::UNPROCESSABLE_ENTITY
        }
        // Continuity chaining
        C::ChainStartUnsupported => StatusCode::UNPROCESSABLE_ENTITY,
        // Own clips (issue 17): the file or the span asked of it is refused.
        C::ClipEmpty | C::ClipUnreadable | C::ClipTrimInvalid => StatusCode::UNPROCESSABLE_ENTITY,
        C::Network | C::ProviderRejected => StatusCode::BAD_GATEWAY,
        C::KeychainUnavailable | C::KeychainLocked | C::FfmpegMissing | C::VoiceMissing => {
            StatusCode::SERVICE_UNAVAILABLE
        }
        C::DiskFull => StatusCode::INSUFFICIENT_STORAGE,
        C::WindowOnly => StatusCode::NOT_IMPLEMENTED,
        C::Storage | C::Internal | C::FfmpegFailed | C::NewerDatabase | C::VoiceFailed => {
            StatusCode::INTERNAL_SERVER_ERROR
        }
    }
}

/// An error answered with the status of its code.
#[derive(Debug)]
pub struct ErrorAnswer(pub ApiError);

impl ErrorAnswer {
    /// An error answered with a status its code does not imply (`421`, `413`).
    pub fn with_status(status: StatusCode, code: ErrorCode, message: &str) -> Response {
        (status, Json(ApiError::new(code, message))).into_response()
    }
}

impl IntoResponse for ErrorAnswer {
    fn into_response(self) -> Response {
        (status_of(self.0.code), Json(self.0)).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_client_mistakes_are_4xx() {
        for code in ErrorCode::ALL {
            let status = status_of(code);
            let client = matches!(
                code,
                ErrorCode::Validation
                    | ErrorCode::Unauthorized
                    | ErrorCode::NotFound
                    | ErrorCode::Conflict
                    | ErrorCode::BudgetExceeded
                    | ErrorCode::EngineBusy
                    | ErrorCode::Cancelled
                    | ErrorCode::KeyMissing
                    | ErrorCode::Moderation
                    | ErrorCode::LimitExceeded
                    | ErrorCode::VoiceLanguageUnsupported
                    | ErrorCode::ChainStartUnsupported
                    | ErrorCode::SegmentBusy
                    | ErrorCode::ClipEmpty
                    | ErrorCode::ClipUnreadable
                    | ErrorCode::ClipTrimInvalid
            );
            assert_eq!(status.is_client_error(), client, "{code:?} → {status}");
        }
    }
}
