//! [`ApiError`]: the one error shape that crosses the IPC boundary, `{code, message}`.

use serde::{Deserialize, Serialize};

/// Machine-readable error category. The UI branches on it; the message is for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The request was understood but a value is not acceptable.
    Validation,
    /// The thing asked for does not exist.
    NotFound,
    /// The request clashes with the current state (duplicate name, wrong status).
    Conflict,
    /// The database or the file system failed.
    Storage,
    /// Anything else; a bug on our side.
    Internal,
}

impl ErrorCode {
    /// The code as it appears on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Validation => "validation",
            Self::NotFound => "not_found",
            Self::Conflict => "conflict",
            Self::Storage => "storage",
            Self::Internal => "internal",
        }
    }
}

/// The error every command returns: serialised as `{"code": "...", "message": "..."}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_as_code_and_message() {
        let err = ApiError::new(ErrorCode::NotFound, "job 42 does not exist");
        let json = serde_json::to_value(&err).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code": "not_found", "message": "job 42 does not exist"})
        );
        assert_eq!(json["code"], ErrorCode::NotFound.as_str());
    }
}
