//! [`Clock`]: where the runner reads the time and waits, so tests drive it by hand.
//!
//! [`SystemClock`] is the wall clock; [`ManualClock`] only moves when a test calls
//! [`ManualClock::advance`], and its waits complete when the time they wait for is reached.

use std::time::Duration;
use tokio::sync::watch;

/// A source of unix-millisecond time that can also be waited on.
#[async_trait::async_trait]
pub trait Clock: Send + Sync + std::fmt::Debug {
    /// Now, in unix milliseconds.
    fn now_ms(&self) -> i64;
    /// Completes once `now_ms() >= at_ms`.
    async fn sleep_until(&self, at_ms: i64);
}

/// The real wall clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

#[async_trait::async_trait]
impl Clock for SystemClock {
    fn now_ms(&self) -> i64 {
        crate::time::now_ms()
    }

    async fn sleep_until(&self, at_ms: i64) {
        let wait = at_ms.saturating_sub(self.now_ms());
        if wait > 0 {
            tokio::time::sleep(Duration::from_millis(wait.unsigned_abs())).await;
        }
    }
}

/// A clock that moves only when told to.
#[derive(Debug)]
pub struct ManualClock {
    now: watch::Sender<i64>,
}

impl ManualClock {
    /// A clock stopped at `start_ms`.
    pub fn new(start_ms: i64) -> Self {
        Self {
            now: watch::Sender::new(start_ms),
        }
    }

    /// Moves the time forward by `by`.
    pub fn advance(&self, by: Duration) {
        let by = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
        self.now.send_modify(|t| *t = t.saturating_add(by));
    }
}

#[async_trait::async_trait]
impl Clock for ManualClock {
    fn now_ms(&self) -> i64 {
        *self.now.borrow()
    }

    async fn sleep_until(&self, at_ms: i64) {
        let mut rx = self.now.subscribe();
        // The sender lives as long as `self`, so this only ends when the time is reached.
        let _ = rx.wait_for(|t| *t >= at_ms).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn manual_clock_wakes_sleepers_only_when_advanced_far_enough() {
        let clock = std::sync::Arc::new(ManualClock::new(1_000));
        let sleeper = {
            let clock = clock.clone();
            tokio::spawn(async move { clock.sleep_until(1_500).await })
        };
        clock.advance(Duration::from_millis(499));
        tokio::task::yield_now().await;
        assert!(!sleeper.is_finished());
        clock.advance(Duration::from_millis(1));
        sleeper.await.unwrap();
        assert_eq!(clock.now_ms(), 1_500);
    }
}
