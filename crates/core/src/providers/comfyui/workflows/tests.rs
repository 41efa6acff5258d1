//! Unit tests of `providers::comfyui::workflows`.

use super::*;

fn fill<'a>(images: &'a [String]) -> Fill<'a> {
    Fill {
        prompt: "a \"quoted\" fox",
        images,
        width: 832,
        height: 480,
        frames: 121,
        fps: 24,
        duration_s: 5,
        seed: 42,
    }
}

#[test]
fn builtin_templates_parse_and_fill_with_typed_values() {
    let builtin = Workflow::builtin();
    assert_eq!(builtin.len(), 2);
    let t2v = &builtin[0];
    assert_eq!(t2v.mode, GenerationMode::TextToVideo);
    assert_eq!(builtin[1].mode, GenerationMode::ImageToVideo);
    assert_eq!(t2v.frames(5), 121, "8k+1 frames");
    assert_eq!(t2v.frames(1), 25);
    assert_eq!(t2v.durations_s().last(), Some(&10));
    assert!(has_video_output(&t2v.graph));
    let graph = t2v.fill(&fill(&[])).unwrap();
    assert_eq!(graph["3"]["inputs"]["text"], "a \"quoted\" fox");
    assert_eq!(graph["6"]["inputs"]["length"], 121);
    assert_eq!(graph["6"]["inputs"]["width"], 832);
    assert_eq!(graph["9"]["inputs"]["noise_seed"], 42);
    assert!(!serde_json::to_string(&graph).unwrap().contains("{{"));
    let images = ["reelforge/first.png".to_owned()];
    let i2v = builtin[1].fill(&fill(&images)).unwrap();
    assert_eq!(i2v["13"]["inputs"]["image"], "reelforge/first.png");
    assert!(
        builtin[1].fill(&fill(&[])).is_err(),
        "the image is required"
    );
}

#[test]
fn user_templates_are_checked_and_embedded_placeholders_become_text() {
    let bare = r#"{"1":{"class_type":"CLIPTextEncode","inputs":{"text":"{{prompt}}, {{fps}} fps"}},
                   "2":{"class_type":"SaveVideo","inputs":{}}}"#;
    let w = Workflow::parse("x.json", "my-wan", bare).unwrap();
    assert_eq!(w.model, "my-wan");
    assert_eq!(w.mode, GenerationMode::TextToVideo);
    let graph = w.fill(&fill(&[])).unwrap();
    assert_eq!(graph["1"]["inputs"]["text"], "a \"quoted\" fox, 24 fps");
    assert!(
        Workflow::parse(
            "x",
            "x",
            r#"{"1":{"class_type":"A","inputs":{"t":"{{nope}}"}}}"#
        )
        .unwrap_err()
        .contains("unknown placeholder")
    );
    assert!(Workflow::parse("x", "x", r#"{"1":{"inputs":{}}}"#).is_err());
    assert!(Workflow::parse("x", "x", "[1]").is_err());
    let no_prompt = r#"{"reelforge":{"mode":"image_to_video"},"prompt":{"1":{"class_type":"LoadImage","inputs":{"image":"{{image}}"}}}}"#;
    assert!(
        Workflow::parse("x", "x", no_prompt)
            .unwrap_err()
            .contains("{{prompt}}")
    );
}
