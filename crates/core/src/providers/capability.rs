//! Capability checks and cost estimates computed from descriptors alone.

use reelforge_protocol::{AspectRatio, GenerationMode, ModelDescriptor, ProviderDescriptor};

/// What a segment asks of a provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SegmentNeeds<'a> {
    /// `None`: the provider's default model.
    pub model: Option<&'a str>,
    pub mode: GenerationMode,
    pub duration_s: u32,
    pub aspect_ratio: AspectRatio,
    /// The prompt as it would be sent; `None` when not known yet (nothing is checked).
    pub prompt: Option<&'a str>,
}

/// The model of `provider` that would generate a segment with `needs`, or why none can.
pub fn supporting_model<'d>(
    provider: &'d ProviderDescriptor,
    needs: &SegmentNeeds<'_>,
) -> Result<&'d ModelDescriptor, String> {
    let name = &provider.display_name;
    let model = provider
        .model(needs.model)
        .ok_or_else(|| match needs.model {
            Some(m) => format!("{name} has no model `{m}`"),
            None => format!("{name} offers no model"),
        })?;
    if !model.modes.contains(&needs.mode) {
        return Err(format!(
            "{name} ({}) does not do {}",
            model.display_name, needs.mode
        ));
    }
    if !model.durations_s.contains(&needs.duration_s) {
        let allowed: Vec<String> = model.durations_s.iter().map(|d| format!("{d} s")).collect();
        return Err(format!(
            "{name} ({}) cannot make {} s clips (allowed: {})",
            model.display_name,
            needs.duration_s,
            allowed.join(", ")
        ));
    }
    if !model.aspect_ratios.contains(&needs.aspect_ratio) {
        return Err(format!(
            "{name} ({}) does not support the {} aspect ratio",
            model.display_name, needs.aspect_ratio
        ));
    }
    if let Some(prompt) = needs.prompt
        && !model.prompt_suffices(needs.mode, prompt)
    {
        let min = model.prompt_min_chars(needs.mode).unwrap_or(1);
        let size = if min > 1 {
            format!("a prompt of at least {min} characters")
        } else {
            "a prompt".to_owned()
        };
        return Err(format!(
            "{name} ({}) needs {size} for {}: write one for this segment",
            model.display_name, needs.mode
        ));
    }
    Ok(model)
}

/// What one clip of `duration_s` seconds costs on `model`.
pub fn clip_cost_micros(model: &ModelDescriptor, duration_s: u32) -> i64 {
    model.pricing.clip_micros(duration_s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::VideoProvider;
    use crate::providers::local::LocalProvider;

    #[test]
    fn local_supports_text_to_video_in_every_ratio_and_refuses_what_it_cannot_do() {
        let local = LocalProvider::new();
        let d = local.descriptor();
        for ratio in AspectRatio::ALL {
            let needs = SegmentNeeds {
                model: None,
                mode: GenerationMode::TextToVideo,
                duration_s: 5,
                aspect_ratio: ratio,
                prompt: Some(""),
            };
            let model = supporting_model(d, &needs).unwrap();
            assert_eq!(clip_cost_micros(model, 5), 0);
        }
        let first_last = SegmentNeeds {
            model: None,
            mode: GenerationMode::FirstLastFrame,
            duration_s: 5,
            aspect_ratio: AspectRatio::Portrait,
            prompt: None,
        };
        let err = supporting_model(d, &first_last).unwrap_err();
        assert!(err.contains("first_last_frame"), "{err}");
        let unknown_model = SegmentNeeds {
            model: Some("veo-9"),
            ..first_last
        };
        assert!(
            supporting_model(d, &unknown_model)
                .unwrap_err()
                .contains("veo-9")
        );
    }

    #[test]
    fn a_mode_whose_api_requires_a_prompt_is_refused_without_one() {
        use crate::providers::http::ProviderEnv;
        use crate::providers::luma::LumaProvider;
        use crate::providers::runway::RunwayProvider;
        let env = ProviderEnv::new(std::sync::Arc::new(crate::secrets::SessionStore::new()));
        let image_to_video = |model, prompt| SegmentNeeds {
            model: Some(model),
            mode: GenerationMode::ImageToVideo,
            duration_s: 5,
            aspect_ratio: AspectRatio::Landscape,
            prompt: Some(prompt),
        };
        let runway = RunwayProvider::new(&env);
        let err =
            supporting_model(runway.descriptor(), &image_to_video("gen4.5", " ")).unwrap_err();
        assert!(err.contains("needs a prompt for image_to_video"), "{err}");
        assert!(supporting_model(runway.descriptor(), &image_to_video("gen4.5", "waves")).is_ok());
        assert!(
            supporting_model(runway.descriptor(), &image_to_video("gen4_turbo", "")).is_ok(),
            "gen4_turbo's promptText is optional"
        );
        let luma = LumaProvider::new(&env);
        assert!(supporting_model(luma.descriptor(), &image_to_video("ray-3.2", "")).is_err());
        let dream = SegmentNeeds {
            mode: GenerationMode::TextToVideo,
            ..image_to_video("ray-2", "ab")
        };
        let err = supporting_model(luma.descriptor(), &dream).unwrap_err();
        assert!(err.contains("at least 3 characters"), "{err}");
    }
}
