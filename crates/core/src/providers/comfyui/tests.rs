//! Unit tests of `providers::comfyui`.

use super::server::derived_prompt_id;
use super::*;
use reelforge_protocol::{AspectRatio, Pricing};
use std::sync::Arc;

fn request() -> GenerationRequest {
    GenerationRequest {
        model: "ltx-video".to_owned(),
        mode: GenerationMode::TextToVideo,
        prompt: "fox".to_owned(),
        duration_s: 5,
        aspect_ratio: AspectRatio::Portrait,
        reference_paths: vec![],
        seed: None,
    }
}

#[test]
fn derived_prompt_ids_are_canonical_stable_and_differ_per_attempt() {
    let a = derived_prompt_id(&request(), 0);
    assert_eq!(a, derived_prompt_id(&request(), 0));
    assert_ne!(a, derived_prompt_id(&request(), 1));
    let parsed = uuid::Uuid::parse_str(&a).unwrap();
    assert_eq!(parsed.to_string(), a, "canonical lowercase");
}

#[test]
fn descriptor_merges_the_built_in_ltx_workflows_into_one_free_model() {
    let env = ProviderEnv::new(Arc::new(crate::secrets::SessionStore::new()));
    let provider = ComfyUiProvider::new(&env);
    let d = provider.descriptor();
    assert!(!d.needs_key);
    assert_eq!(d.models.len(), 1);
    let ltx = &d.models[0];
    assert_eq!(ltx.id, "ltx-video");
    assert_eq!(
        ltx.modes,
        [GenerationMode::TextToVideo, GenerationMode::ImageToVideo]
    );
    assert_eq!(ltx.pricing, Pricing::Free);
    assert_eq!(ltx.durations_s, (1..=10).collect::<Vec<_>>());
}

#[test]
fn failures_in_history_are_classified() {
    let entry = |kind: &str, info: Value| json!({"status": {"status_str": "error", "completed": false, "messages": [[kind, info]]}});
    let oom = execution_failure(&entry(
        "execution_error",
        json!({"node_type": "KSampler", "exception_type": "torch.OutOfMemoryError", "exception_message": "CUDA out of memory"}),
    ));
    assert_eq!(oom.class, super::super::ErrorClass::Transient);
    let missing = execution_failure(&entry(
        "execution_error",
        json!({"node_type": "CheckpointLoaderSimple", "exception_type": "FileNotFoundError", "exception_message": "no file"}),
    ));
    assert_eq!(
        missing.class,
        super::super::ErrorClass::Terminal(TerminalReason::InvalidInput)
    );
    assert!(missing.message.contains("CheckpointLoaderSimple"));
    let stopped = execution_failure(&entry("execution_interrupted", json!({})));
    assert_eq!(stopped.code, TakeErrorCode::Cancelled);
    assert_eq!(
        stopped.class,
        super::super::ErrorClass::Terminal(TerminalReason::Cancelled)
    );
    assert_eq!(oom.code, TakeErrorCode::OutOfMemory);
}
