//! Unit tests of `providers::fal`.

use super::*;
use crate::providers::ErrorClass;
use wire::{completed_error, fal_error};

#[test]
fn queue_paths_drop_the_model_sub_path() {
    assert_eq!(
        app_path("fal-ai/kling-video/v2.5-turbo/pro/image-to-video"),
        "fal-ai/kling-video"
    );
    assert_eq!(app_path("workflows/me/flow/x"), "workflows/me/flow");
    assert!(valid_remote_id("fal-ai/kling-video/requests/80e7-af"));
    assert!(!valid_remote_id("fal-ai/../requests/x"));
    assert!(!valid_remote_id("https://evil/requests/x"));
}

#[test]
fn fal_errors_are_classified() {
    let moderation = fal_error(
        reqwest::StatusCode::UNPROCESSABLE_ENTITY,
        None,
        r#"{"detail":[{"loc":["body","prompt"],"msg":"flagged by a content checker","type":"content_policy_violation"}]}"#,
        Phase::Follow,
    );
    assert_eq!(
        moderation.class,
        ErrorClass::Terminal(TerminalReason::Moderation)
    );
    assert!(
        moderation.message.contains("prompt: flagged"),
        "{}",
        moderation.message
    );
    let invalid = fal_error(
        reqwest::StatusCode::UNPROCESSABLE_ENTITY,
        None,
        r#"{"detail":[{"loc":["body","duration"],"msg":"bad","type":"value_error"}]}"#,
        Phase::Follow,
    );
    assert_eq!(
        invalid.class,
        ErrorClass::Terminal(TerminalReason::InvalidInput)
    );
    assert_eq!(
        completed_error("gone", Some("runner_disconnected")).class,
        ErrorClass::Transient
    );
    let descriptor = FalProvider::new(&ProviderEnv::new(std::sync::Arc::new(
        crate::secrets::SessionStore::new(),
    )))
    .descriptor;
    assert_eq!(descriptor.models.len(), MODELS.len());
    assert!(descriptor.needs_key);
}
