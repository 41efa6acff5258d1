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
            };
            let model = supporting_model(d, &needs).unwrap();
            assert_eq!(clip_cost_micros(model, 5), 0);
        }
        let first_last = SegmentNeeds {
            model: None,
            mode: GenerationMode::FirstLastFrame,
            duration_s: 5,
            aspect_ratio: AspectRatio::Portrait,
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
}
