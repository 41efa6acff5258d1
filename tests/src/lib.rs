//! Shared pieces of Reelforge's black-box tests and benchmarks.
//!
//! `history` fills a data directory with a large, realistic job history straight through
//! SQL, for the dashboard benchmark and for UI tests that need many jobs; `instant_provider`
//! is a zero-latency video provider for the engine benchmark.

pub mod fakes;
pub mod history;
pub mod instant_provider;
pub mod sdk;
