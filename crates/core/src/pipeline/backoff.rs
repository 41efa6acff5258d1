//! Exponential backoff with jitter, deterministic per (take, attempt) so runs are repeatable.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::time::Duration;

/// Doubling delays from `initial` up to `max`, each jittered into its upper half.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    pub initial: Duration,
    pub max: Duration,
}

impl Backoff {
    /// The delay before try number `attempt` (0 = first retry) of `key`: the capped
    /// exponential value `e`, jittered uniformly into `[e/2, e]`.
    pub fn delay(&self, key: &str, attempt: u32) -> Duration {
        let initial = u64::try_from(self.initial.as_millis()).unwrap_or(u64::MAX);
        let max = u64::try_from(self.max.as_millis()).unwrap_or(u64::MAX);
        let exp = initial
            .saturating_mul(1u64 << attempt.min(32))
            .min(max)
            .max(1);
        let half = exp / 2;
        let mut hasher = DefaultHasher::new();
        (key, attempt).hash(&mut hasher);
        let jitter = hasher.finish() % (exp - half + 1);
        Duration::from_millis(half + jitter)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_stay_in_their_jitter_window_and_cap() {
        let b = Backoff {
            initial: Duration::from_secs(2),
            max: Duration::from_secs(30),
        };
        for attempt in 0..10 {
            let exp = (2_000u64 << attempt).min(30_000);
            let d = u64::try_from(b.delay("take-1", attempt).as_millis()).unwrap();
            assert!((exp / 2..=exp).contains(&d), "attempt {attempt}: {d} ms");
        }
        assert_eq!(b.delay("take-1", 3), b.delay("take-1", 3), "repeatable");
        let spread: std::collections::HashSet<_> =
            (0..20).map(|i| b.delay(&format!("t{i}"), 4)).collect();
        assert!(spread.len() > 1, "jitter spreads takes apart");
    }
}
