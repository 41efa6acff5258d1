//! Renders every pure view natively (dioxus-ssr) in English and French and checks what a
//! person would read.

#![cfg(not(target_arch = "wasm32"))]

mod dashboard;
mod dashboard_bulk;
mod job;
mod job_activity;
mod job_chain;
mod job_clips;
mod job_copies;
mod job_errors;
mod job_exports;
mod job_focus;
mod job_media;
mod job_promotion;
mod new_job;
mod new_job_rules;
mod providers;
mod quick;
mod segment_edit;
mod settings;
mod settings_api;
mod storyboard;
mod support;
mod template_editor;
mod templates;
mod voice;
