//! The [`Core`] as the shell holds it: [`run`](crate::run) opens it in the background, so the
//! window, the WebKit processes and the UI start while migrations, seeding and recovery run.
//!
//! A [`CoreSlot`] is managed state from the start. It is filled once, with the open Core or
//! with why it could not be opened; [`CoreSlot::wait`] waits for that (and answers at once
//! afterwards). Every command reaches the Core through it, so a command the UI sends while the
//! Core is still opening simply takes a little longer.

use reelforge_core::Core;
use reelforge_protocol::{ApiError, ErrorCode};
use tokio::sync::watch;

/// The outcome of opening the Core: `None` while it is being opened.
type Outcome = Option<Result<Core, ApiError>>;

/// The Core being opened, or opened, or that failed to open.
#[derive(Debug)]
pub struct CoreSlot(watch::Sender<Outcome>);

impl CoreSlot {
    /// A slot whose Core is being opened; [`CoreSlot::fill`] ends the wait.
    pub fn opening() -> Self {
        Self(watch::Sender::new(None))
    }

    /// A slot holding an open `core` (tests and embedders that open it themselves).
    pub fn opened(core: Core) -> Self {
        Self(watch::Sender::new(Some(Ok(core))))
    }

    /// Sets the outcome of the open and wakes whoever waits for it. Only the first call counts.
    pub fn fill(&self, outcome: Result<Core, ApiError>) {
        self.0.send_if_modified(|slot| {
            if slot.is_some() {
                return false;
            }
            *slot = Some(outcome);
            true
        });
    }

    /// The Core if it is open already, without waiting.
    pub fn get(&self) -> Option<Core> {
        self.0.borrow().as_ref()?.as_ref().ok().cloned()
    }

    /// The Core once it is open, or the `{code, message}` error of a failed open.
    pub async fn wait(&self) -> Result<Core, ApiError> {
        let mut receiver = self.0.subscribe();
        let outcome = match receiver.wait_for(Option::is_some).await {
            Ok(outcome) => outcome.clone(),
            // Unreachable while `self` (the sender) is alive.
            Err(_) => None,
        };
        outcome.unwrap_or_else(|| {
            Err(ApiError::new(
                ErrorCode::Internal,
                "the engine is not available",
            ))
        })
    }
}
