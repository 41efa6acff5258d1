//! Template rules: validation of what a person enters, and the built-in templates seeded on
//! first run.

use crate::error::{CoreError, CoreResult};
use reelforge_protocol::{
    AspectRatio, Beat, GenerationMode, Limit, ProviderId, StyleDefaults, TemplateInput,
};

/// Fewest and most segments a template or job may have.
pub const SEGMENT_COUNT_RANGE: std::ops::RangeInclusive<u32> = 1..=20;
/// Shortest and longest segment, in seconds.
pub const SEGMENT_DURATION_RANGE: std::ops::RangeInclusive<u32> = 1..=60;
const NAME_MAX_CHARS: usize = 80;

/// Checks and normalises (trims) a template as entered. Its texts are held to the limits of
/// [`reelforge_protocol::limits`] first, so nothing oversized is stored or printed.
pub fn validate(mut input: TemplateInput) -> CoreResult<TemplateInput> {
    check_text_limits(&input)?;
    input.name = input.name.trim().to_owned();
    if input.name.is_empty() {
        return Err(CoreError::validation("name", "must not be empty"));
    }
    if input.name.chars().count() > NAME_MAX_CHARS {
        return Err(CoreError::validation(
            "name",
            format!("must be at most {NAME_MAX_CHARS} characters"),
        ));
    }
    validate_segment_count(input.segment_count)?;
    validate_duration("segment_duration_s", input.segment_duration_s)?;
    validate_provider_id("provider", &input.provider)?;
    for provider in &input.fallback_providers {
        validate_provider_id("fallback_providers", provider)?;
    }
    input.model = input
        .model
        .map(|m| m.trim().to_owned())
        .filter(|m| !m.is_empty());
    for tier in &mut input.model_tiers {
        validate_provider_id("model_tiers", &tier.provider)?;
        tier.draft_model = tier.draft_model.trim().to_owned();
        tier.final_model = tier.final_model.trim().to_owned();
        if tier.draft_model.is_empty() || tier.final_model.is_empty() {
            return Err(CoreError::validation(
                "model_tiers",
                format!("{}: name both a draft and a final model", tier.provider),
            ));
        }
    }
    if input.beats.len() > input.segment_count as usize {
        return Err(CoreError::validation(
            "beats",
            format!(
                "{} beats for {} segments: give at most one beat per segment",
                input.beats.len(),
                input.segment_count
            ),
        ));
    }
    Ok(input)
}

/// The template's pillar, beat names, description and style texts against their limits.
pub fn check_text_limits(input: &TemplateInput) -> CoreResult<()> {
    Limit::TemplatePillar
        .check_chars(&input.pillar)
        .map_err(|over| CoreError::limit("pillar", over))?;
    for (i, beat) in input.beats.iter().enumerate() {
        Limit::TemplateBeat
            .check_chars(beat)
            .map_err(|over| CoreError::limit(format!("beat {}", i + 1), over))?;
    }
    for (field, text) in [
        ("description", &input.description),
        ("style.character", &input.style.character),
        ("style.scene", &input.style.scene),
        ("style.visual_style", &input.style.visual_style),
    ] {
        Limit::TemplateText
            .check_chars(text)
            .map_err(|over| CoreError::limit(field, over))?;
    }
    Ok(())
}

/// A job or template has between 1 and 20 segments.
pub fn validate_segment_count(count: u32) -> CoreResult<()> {
    if SEGMENT_COUNT_RANGE.contains(&count) {
        Ok(())
    } else {
        Err(CoreError::validation(
            "segment_count",
            format!(
                "{count} is out of range: a job has {} to {} segments",
                SEGMENT_COUNT_RANGE.start(),
                SEGMENT_COUNT_RANGE.end()
            ),
        ))
    }
}

/// A segment lasts between 1 and 60 seconds (providers narrow this further).
pub fn validate_duration(field: &'static str, seconds: u32) -> CoreResult<()> {
    if SEGMENT_DURATION_RANGE.contains(&seconds) {
        Ok(())
    } else {
        Err(CoreError::validation(
            field,
            format!(
                "{seconds} s is out of range: a segment lasts {} to {} s",
                SEGMENT_DURATION_RANGE.start(),
                SEGMENT_DURATION_RANGE.end()
            ),
        ))
    }
}

/// Provider ids are short lowercase slugs such as `local`, `luma` or `fal-kling`.
pub fn validate_provider_id(field: &'static str, id: &ProviderId) -> CoreResult<()> {
    let slug = id.as_str();
    let ok = !slug.is_empty()
        && slug.len() <= 40
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(CoreError::validation(
            field,
            format!("`{id}` is not a provider id (lowercase letters, digits, - and _)"),
        ))
    }
}

/// The templates a fresh installation starts with. They use the built-in local provider so
/// that a new machine can produce a video with no key and no network.
pub fn builtin_templates() -> Vec<TemplateInput> {
    let beats =
        |list: &[Beat]| -> Vec<String> { list.iter().map(|b| b.as_str().to_owned()).collect() };
    let base = |name: &str, description: &str, pillar: &str| TemplateInput {
        name: name.to_owned(),
        description: description.to_owned(),
        pillar: pillar.to_owned(),
        segment_count: 6,
        segment_duration_s: 5,
        aspect_ratio: AspectRatio::Portrait,
        provider: ProviderId::LOCAL,
        model: None,
        mode: GenerationMode::TextToVideo,
        fallback_providers: Vec::new(),
        allow_fallback: false,
        beats: Vec::new(),
        style: StyleDefaults::default(),
        model_tiers: Vec::new(),
    };
    vec![
        TemplateInput {
            beats: beats(&Beat::STORY),
            ..base(
                "Reels 30s Standard",
                "Six 5-second beats for Reels, TikTok and Shorts: hook, problem, revelation, \
                 solution, proof, call to action.",
                "tips",
            )
        },
        TemplateInput {
            segment_count: 3,
            aspect_ratio: AspectRatio::Landscape,
            beats: beats(&[Beat::Hook, Beat::Promise, Beat::TitleCard]),
            ..base(
                "YouTube Intro 16:9",
                "A 15-second horizontal channel or video intro in three shots.",
                "education",
            )
        },
        TemplateInput {
            segment_count: 3,
            aspect_ratio: AspectRatio::Square,
            beats: beats(&[Beat::Hook, Beat::Solution, Beat::CallToAction]),
            ..base(
                "Square Post 1:1",
                "A 15-second square feed post in three shots.",
                "story",
            )
        },
        TemplateInput {
            segment_count: 4,
            mode: GenerationMode::ImageToVideo,
            beats: beats(&[Beat::Hook, Beat::Demo, Beat::Proof, Beat::CallToAction]),
            ..base(
                "Product Demo from Screenshots",
                "Four vertical shots animated from your own screenshots or product photos.",
                "demo",
            )
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> TemplateInput {
        builtin_templates().remove(0)
    }

    fn field_of(err: CoreError) -> &'static str {
        match err {
            CoreError::Validation { field, .. } => field,
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn builtins_are_valid_and_include_the_reels_standard() {
        let all = builtin_templates();
        for t in &all {
            validate(t.clone()).unwrap();
        }
        let reels = all.iter().find(|t| t.name == "Reels 30s Standard").unwrap();
        assert_eq!((reels.segment_count, reels.segment_duration_s), (6, 5));
        assert_eq!(reels.aspect_ratio, AspectRatio::Portrait);
        assert_eq!(reels.mode, GenerationMode::TextToVideo);
        assert!(all.iter().any(|t| t.aspect_ratio == AspectRatio::Landscape));
        assert!(all.iter().any(|t| t.aspect_ratio == AspectRatio::Square));
    }

    #[test]
    fn empty_or_blank_name_is_refused() {
        for name in ["", "   "] {
            let input = TemplateInput {
                name: name.into(),
                ..valid()
            };
            assert_eq!(field_of(validate(input).unwrap_err()), "name");
        }
    }

    #[test]
    fn name_is_trimmed() {
        let input = TemplateInput {
            name: "  Mine  ".into(),
            ..valid()
        };
        assert_eq!(validate(input).unwrap().name, "Mine");
    }

    #[test]
    fn zero_and_twenty_one_segments_are_refused_one_and_twenty_accepted() {
        for (count, ok) in [(0, false), (1, true), (20, true), (21, false)] {
            let input = TemplateInput {
                segment_count: count,
                beats: vec![],
                ..valid()
            };
            match validate(input) {
                Ok(_) => assert!(ok, "{count} segments accepted"),
                Err(e) => {
                    assert!(!ok, "{count} segments refused");
                    assert_eq!(field_of(e), "segment_count");
                }
            }
        }
    }

    #[test]
    fn bad_duration_provider_and_extra_beats_are_refused() {
        let zero = TemplateInput {
            segment_duration_s: 0,
            ..valid()
        };
        assert_eq!(field_of(validate(zero).unwrap_err()), "segment_duration_s");
        let provider = TemplateInput {
            provider: "Luma AI".into(),
            ..valid()
        };
        assert_eq!(field_of(validate(provider).unwrap_err()), "provider");
        let beats = TemplateInput {
            segment_count: 2,
            ..valid()
        };
        assert_eq!(field_of(validate(beats).unwrap_err()), "beats");
    }
}

#[cfg(test)]
mod limit_tests {
    use super::*;
    use reelforge_protocol::LimitExceeded;

    fn base() -> TemplateInput {
        builtin_templates().remove(0)
    }

    fn limit_of(err: CoreError) -> (String, LimitExceeded) {
        match err {
            CoreError::Limit { what, limit } => (what, limit),
            other => panic!("not a limit error: {other}"),
        }
    }

    #[test]
    fn pillar_beats_and_texts_over_their_limits_are_refused_with_which_limit() {
        let pillar = TemplateInput {
            pillar: "p".repeat(61),
            ..base()
        };
        let (what, over) = limit_of(validate(pillar).unwrap_err());
        assert_eq!((what.as_str(), over.limit, over.value), ("pillar", Limit::TemplatePillar, 61));
        let mut beats = base();
        beats.beats[1] = "b".repeat(61);
        let (what, over) = limit_of(validate(beats).unwrap_err());
        assert_eq!((what.as_str(), over.limit), ("beat 2", Limit::TemplateBeat));
        let mut style = base();
        style.style.scene = "s".repeat(2_001);
        let (what, over) = limit_of(validate(style).unwrap_err());
        assert_eq!((what.as_str(), over.limit), ("style.scene", Limit::TemplateText));
        let mut at_limits = base();
        at_limits.pillar = "p".repeat(60);
        at_limits.description = "d".repeat(2_000);
        assert!(validate(at_limits).is_ok());
    }
}
