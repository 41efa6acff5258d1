//! Unit tests of `providers::luma`.

use super::outcome::{agents_failure, dream_failure};
use super::*;
use crate::providers::TakeErrorCode;

#[test]
fn remote_ids_name_their_surface_and_stay_path_safe() {
    assert_eq!(
        parse_remote("agents:182bd5e5-6e1a").unwrap(),
        (Surface::Agents, "182bd5e5-6e1a")
    );
    assert_eq!(
        parse_remote("dm:d1968551").unwrap(),
        (Surface::DreamMachine, "d1968551")
    );
    assert!(parse_remote("d1968551").is_err());
    assert!(parse_remote("dm:../credits").is_err());
    assert!(parse_remote("agents:").is_err());
}

#[test]
fn failures_map_to_what_the_engine_may_do() {
    use TerminalReason::*;
    let class = |e: ProviderError| e.class;
    assert_eq!(
        class(dream_failure("Advanced prompt moderation failed")),
        ErrorClass::Terminal(Moderation)
    );
    assert_eq!(
        class(dream_failure("Contains blacklisted words")),
        ErrorClass::Terminal(Moderation)
    );
    assert_eq!(
        class(dream_failure("Failed to read user input frames")),
        ErrorClass::Terminal(InvalidInput)
    );
    assert_eq!(
        class(dream_failure("Prompt processing failed")),
        ErrorClass::Transient
    );
    let moderated = agents_failure("content_moderated", "Prompt flagged");
    assert_eq!(moderated.class, ErrorClass::Terminal(Moderation));
    assert!(moderated.message.contains("Prompt flagged"));
    assert_eq!(
        class(agents_failure("budget_exhausted", "")),
        ErrorClass::Terminal(InsufficientCredits)
    );
    assert_eq!(
        class(agents_failure("corrupt_input", "")),
        ErrorClass::Terminal(InvalidInput)
    );
    let retry = agents_failure("generation_failed", "");
    assert_eq!(
        (retry.class, retry.code),
        (ErrorClass::Transient, TakeErrorCode::ProviderFailed)
    );
    assert!(
        retry.message.contains("generation_failed"),
        "{}",
        retry.message
    );
    let lost = agents_failure("output_not_found", "no file");
    assert_eq!(
        (lost.class, lost.code),
        (ErrorClass::Transient, TakeErrorCode::NoOutput)
    );
    assert_eq!(lost.message, "Luma: no file (output_not_found)");
    assert_eq!(
        agents_failure("rate_limited", "").code,
        TakeErrorCode::RateLimited
    );
    assert_eq!(
        agents_failure("content_moderated", "").code,
        TakeErrorCode::Moderation
    );
}

#[test]
fn unknown_states_count_as_running() {
    let dm = DreamGeneration {
        state: Some("upscaling".into()),
        ..Default::default()
    };
    assert!(matches!(
        dream_outcome(dm, None),
        PollOutcome::Running { .. }
    ));
    let agents = AgentsGeneration {
        state: None,
        ..Default::default()
    };
    assert!(matches!(
        agents_outcome(agents, Some(Duration::from_secs(3))),
        PollOutcome::Running { poll_after: Some(d), .. } if d == Duration::from_secs(3)
    ));
}

#[test]
fn the_descriptor_is_honest_about_public_urls() {
    let d = descriptor();
    assert_eq!(
        d.models[0].id, RAY_3_2,
        "the current surface is the default"
    );
    for legacy in &d.models[1..] {
        assert_eq!(legacy.modes, vec![GenerationMode::TextToVideo]);
        assert!(legacy.image_inputs.is_empty());
        assert!(legacy.display_name.contains("public URLs"));
    }
    assert!(d.label.contains("public image URLs"));
}
