//! The domain: rules about templates, jobs, segments and takes that need no storage.
//!
//! Validation, the built-in templates, the configuration cascade and the pure state machines
//! live here; storage and the facade call into them.

pub mod activity;
pub mod config;
pub mod job_state;
pub mod notices;
pub mod take_state;
pub mod template;
