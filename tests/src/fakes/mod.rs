//! Fake provider servers: one per hosted API, each following that provider's documented
//! wire format (../shared/docs/providers.md), run over real HTTP on 127.0.0.1 by tests and by
//! the `fake-providers` binary.
//!
//! This module is what they share: [`FakeServer::start`] serves a provider's axum router
//! behind a fault layer, counts calls per [`Route`], checks the expected key, and serves
//! real H.264 clips from a [`ClipStore`]. Faults are armed per route, from Rust
//! ([`Faults::arm`]) or over HTTP (`POST /__fake/faults`), and fire a given number of times:
//! 429 with Retry-After, 5xx, slow answers, a connection reset after the request was received
//! and processed, malformed JSON, an expired output URL (403 on the file), a body trickled
//! over a long time or cut mid-way, an error body echoing the key back, and moderation
//! (which each fake applies in its own job logic through [`Faults::take_moderation`]).
//!
//! The speech fakes ([`elevenlabs`], [`openai_audio`], [`kokoro`]; audio-and-images.md) answer
//! synthesis at once with speech-shaped audio ([`speech`]), count it on [`Route::Create`] and
//! bill a [`speech::SpeechAccount`] (characters left, plan tier) for their quota and tier
//! refusals.

pub mod body_faults;
pub mod chat;
pub mod clips;
pub mod comfyui;
pub mod elevenlabs;
pub mod fal;
pub mod fal_images;
pub mod faults;
pub mod form_data;
pub mod kokoro;
pub mod luma;
pub mod openai_audio;
pub mod openai_images;
pub mod replicate;
pub mod runway;
pub mod server;
pub mod speech;
pub mod stills;
pub mod timestamps;
pub mod veo;

pub use clips::ClipStore;
pub use faults::{Fault, Faults, Route};
pub use server::{FakeCore, FakeServer, FakeSpec, SeenRequest};

/// The key every fake accepts unless told otherwise.
pub const FAKE_KEY: &str = "fake-key-0123456789";
