//! Unit tests of `providers::runway`.

use super::*;
use crate::providers::ErrorClass;
use reelforge_protocol::AspectRatio;

fn class(code: &str, text: &str) -> ErrorClass {
    classify_failure(Some(code), Some(text)).class
}

#[test]
fn failure_codes_are_classified_by_prefix_family() {
    use TerminalReason::*;
    let moderation = ErrorClass::Terminal(Moderation);
    assert_eq!(class("SAFETY.INPUT.TEXT", "no"), moderation);
    assert_eq!(class("SAFETY.OUTPUT.VIDEO", "no"), moderation);
    assert_eq!(class("INPUT_PREPROCESSING.SAFETY.TEXT", "no"), moderation);
    assert_eq!(
        class("INPUT_PREPROCESSING.INTERNAL", "x"),
        ErrorClass::Transient
    );
    assert_eq!(
        class("INPUT_PREPROCESSING.FORMAT", "x"),
        ErrorClass::Terminal(InvalidInput)
    );
    assert_eq!(
        class("ASSET.INVALID", "x"),
        ErrorClass::Terminal(InvalidInput)
    );
    assert_eq!(
        class("INTERNAL.BAD_OUTPUT.CODE01", "x"),
        ErrorClass::Transient
    );
    assert_eq!(class("INTERNAL", "x"), ErrorClass::Transient);
    assert_eq!(class("THIRD_PARTY.UNAVAILABLE", "x"), ErrorClass::Transient);
    assert_eq!(
        class("SAFETYNET", "x"),
        ErrorClass::Transient,
        "whole segments"
    );
    assert_eq!(class("SOMETHING.NEW", "x"), ErrorClass::Transient);
    let unknown = classify_failure(None, Some("Blocked by our safety filter"));
    assert_eq!(unknown.class, moderation);
    let error = classify_failure(Some("SAFETY.INPUT.IMAGE"), Some("The image was refused"));
    assert!(
        error.message.contains("SAFETY.INPUT.IMAGE")
            && error.message.contains("The image was refused"),
        "{}",
        error.message
    );
}

fn request(model: &str, mode: GenerationMode, aspect: AspectRatio) -> GenerationRequest {
    GenerationRequest {
        model: model.to_owned(),
        mode,
        prompt: "a lighthouse at dusk".to_owned(),
        duration_s: 5,
        aspect_ratio: aspect,
        reference_paths: vec!["/a.png".to_owned(), "/b.png".to_owned()],
        seed: None,
    }
}

#[test]
fn bodies_follow_the_documented_shapes() {
    let gen45 = wire::model("gen4.5").unwrap();
    let t2v = request("gen4.5", GenerationMode::TextToVideo, AspectRatio::Portrait);
    let (endpoint, images, ratio) = plan(gen45, &t2v).unwrap();
    assert_eq!(
        (endpoint, images, ratio),
        ("/v1/text_to_video", 0, "720:1280")
    );
    assert_eq!(
        body(gen45, &t2v, ratio, &[]),
        json!({"model":"gen4.5","ratio":"720:1280","duration":5,"promptText":"a lighthouse at dusk"})
    );
    let square = request("gen4.5", GenerationMode::TextToVideo, AspectRatio::Square);
    assert_eq!(
        plan(gen45, &square).unwrap_err().class,
        ErrorClass::Terminal(TerminalReason::Unsupported),
        "gen4.5 text-to-video is 16:9 or 9:16 only"
    );
    let i2v = request("gen4.5", GenerationMode::ImageToVideo, AspectRatio::Square);
    assert_eq!(plan(gen45, &i2v).unwrap().2, "960:960");
    let turbo = wire::model("gen4_turbo").unwrap();
    let t2v_turbo = request(
        "gen4_turbo",
        GenerationMode::TextToVideo,
        AspectRatio::Landscape,
    );
    assert!(
        plan(turbo, &t2v_turbo).is_err(),
        "gen4_turbo needs an image"
    );
    let veo = wire::model("veo3.1").unwrap();
    let mut fl = request(
        "veo3.1",
        GenerationMode::FirstLastFrame,
        AspectRatio::Landscape,
    );
    assert_eq!(
        plan(veo, &fl).unwrap_err().class,
        ErrorClass::Terminal(TerminalReason::InvalidInput),
        "veo takes 4, 6 or 8 s"
    );
    fl.duration_s = 8;
    let (_, images, ratio) = plan(veo, &fl).unwrap();
    let uris = ["data:a".to_owned(), "runway://b".to_owned()];
    let body = body(veo, &fl, ratio, &uris[..images]);
    assert_eq!(
        body["promptImage"][1],
        json!({"uri":"runway://b","position":"last"})
    );
    assert_eq!(body["audio"], json!(false));
    let mut long = request(
        "gen4.5",
        GenerationMode::TextToVideo,
        AspectRatio::Landscape,
    );
    long.prompt = "é".repeat(1001);
    assert!(plan(gen45, &long).is_err());
}

#[test]
fn task_states_map_to_outcomes() {
    let task = |v: Value| serde_json::from_value::<wire::Task>(v).unwrap();
    for state in ["PENDING", "THROTTLED", "SOMETHING_NEW"] {
        assert_eq!(
            outcome(task(json!({"status": state})), None),
            PollOutcome::Running {
                progress: None,
                poll_after: None
            }
        );
    }
    assert_eq!(
        outcome(task(json!({"status":"RUNNING","progress":0.42})), None),
        PollOutcome::Running {
            progress: Some(42),
            poll_after: None
        }
    );
    assert_eq!(
        outcome(
            task(json!({"status":"SUCCEEDED","output":["https://x/y.mp4"],"cost":{"credits":60}})),
            None
        ),
        PollOutcome::Succeeded {
            output: RemoteOutput {
                url: "https://x/y.mp4".to_owned()
            },
            actual_cost_micros: Some(600_000)
        }
    );
    assert!(matches!(
        outcome(task(json!({"status":"SUCCEEDED","output":[]})), None),
        PollOutcome::Failed(e) if e.class == ErrorClass::Transient
    ));
    assert!(matches!(
        outcome(task(json!({"status":"CANCELLED"})), None),
        PollOutcome::Failed(e) if e.code == TakeErrorCode::Cancelled
            && e.class == ErrorClass::Terminal(TerminalReason::Cancelled)
    ));
}

#[test]
fn the_descriptor_is_honest() {
    let d = descriptor();
    assert_eq!(d.models[0].id, "gen4.5");
    let turbo = d.model(Some("gen4_turbo")).unwrap();
    assert_eq!(turbo.modes, vec![GenerationMode::ImageToVideo]);
    assert_eq!(turbo.pricing, Pricing::PerSecond { micros: 50_000 });
    assert!(!turbo.aspect_ratios.contains(&AspectRatio::Feed));
    let veo = d.model(Some("veo3.1")).unwrap();
    assert_eq!(veo.durations_s, vec![4, 6, 8]);
    assert_eq!(
        veo.aspect_ratios,
        vec![AspectRatio::Portrait, AspectRatio::Landscape]
    );
    assert!(d.needs_key);
}
