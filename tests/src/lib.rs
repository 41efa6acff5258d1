//! Shared pieces of Reelforge's black-box tests and benchmarks.
//!
//! `history` fills a data directory with a large, realistic job history straight through
//! SQL, for the dashboard benchmark and for UI tests that need many jobs; `instant_provider`
//! is a zero-latency video provider for the engine benchmark; `fakes` are the fake provider
//! servers; `adapter_check` is the harness the provider adapter tests share (an adapter wired
//! to its fake, submit → poll → fetch, MP4 checks); `sdk` runs official provider SDKs against
//! the fakes; `voice_check` is the same for the hosted voice adapters (a fake speech server,
//! an env pointing at it, checks on the WAV and word timing a voice wrote); `image_check` the
//! same for the image (keyframe) adapters; `api_server` serves the
//! automation API in process and `sse` reads its server-sent events; `drafted_job` drafts a
//! job against the Luma fake for the draft → final promotion tests.

pub mod adapter_check;
pub mod api_server;
pub mod bench_figures;
pub mod drafted_job;
pub mod fakes;
pub mod history;
pub mod image_check;
pub mod instant_image_provider;
pub mod instant_provider;
pub mod sdk;
pub mod sse;
pub mod voice_check;
