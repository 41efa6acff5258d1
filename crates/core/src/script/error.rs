//! [`ScriptError`]: why a script could not be written, typed so callers (and the UI) can say
//! what to do next.

use reelforge_protocol::ErrorCode;

/// A failed script.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScriptError {
    /// The model declined to write it (its refusal, or a content filter).
    #[error("the script writer refused this subject: {0}")]
    Refused(String),
    /// The answer was cut off at the token limit, even after asking again for less.
    #[error(
        "the script writer's answer was cut off at its length limit twice: choose a shorter \
         video or a model with a larger output limit"
    )]
    Truncated,
    /// The answer was not a script following the schema, even after one repair request.
    #[error(
        "the script writer did not return a valid script after one repair attempt: {0}; try \
         another model, or the offline writer"
    )]
    InvalidOutput(String),
    /// The server could not be reached.
    #[error("could not reach the script writer at {base_url}: {message}")]
    Unreachable { base_url: String, message: String },
    /// The server answered with an error (bad key, unknown model, rate limit, server error).
    #[error("the script writer at {base_url} answered with an error: {message}")]
    Service { base_url: String, message: String },
    /// The request itself cannot be written (empty subject, nothing to write).
    #[error("{0}")]
    Invalid(String),
}

impl ScriptError {
    /// The IPC code: a refusal is moderation, an invalid request the person's to fix, an
    /// unreachable or failing server says so; a script cut off or unreadable is the writer's
    /// problem.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Refused(_) => ErrorCode::Moderation,
            Self::Invalid(_) => ErrorCode::Validation,
            Self::Unreachable { .. } => ErrorCode::Network,
            Self::Service { .. } => ErrorCode::ProviderRejected,
            Self::Truncated | Self::InvalidOutput(_) => ErrorCode::Internal,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_failure_has_the_code_a_caller_branches_on() {
        let url = || "http://127.0.0.1:1/v1".to_owned();
        let cases = [
            (ScriptError::Refused("no".into()), ErrorCode::Moderation),
            (ScriptError::Invalid("empty".into()), ErrorCode::Validation),
            (
                ScriptError::Unreachable {
                    base_url: url(),
                    message: "refused".into(),
                },
                ErrorCode::Network,
            ),
            (
                ScriptError::Service {
                    base_url: url(),
                    message: "HTTP 401".into(),
                },
                ErrorCode::ProviderRejected,
            ),
            (ScriptError::Truncated, ErrorCode::Internal),
            (ScriptError::InvalidOutput("x".into()), ErrorCode::Internal),
        ];
        for (err, code) in cases {
            assert_eq!(err.code(), code, "{err}");
        }
    }
}
