//! [`Remote`]: a value fetched from the shell, as a view sees it (loading, failed or ready).

use reelforge_protocol::ApiError;

/// The state of data a page asked the shell for. Views take it as a prop so that every state
/// renders without a shell.
#[derive(Debug, Clone, PartialEq)]
pub enum Remote<T> {
    Loading,
    Failed(ApiError),
    Ready(T),
}

/// Nothing has arrived yet.
impl<T> Default for Remote<T> {
    fn default() -> Self {
        Self::Loading
    }
}

impl<T: Clone> Remote<T> {
    /// From a resource's current value: `None` while its first fetch runs.
    pub fn from_result(value: Option<&Result<T, ApiError>>) -> Self {
        match value {
            None => Self::Loading,
            Some(Ok(value)) => Self::Ready(value.clone()),
            Some(Err(error)) => Self::Failed(error.clone()),
        }
    }
}

impl<T> Remote<T> {
    /// The data, when it has arrived.
    pub fn ready(&self) -> Option<&T> {
        match self {
            Self::Ready(value) => Some(value),
            _ => None,
        }
    }
}
