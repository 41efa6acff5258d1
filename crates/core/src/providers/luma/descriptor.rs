//! What Luma's descriptor says: its three models, the Agents API's ray-3.2 with start and
//! end frames and the Dream Machine's text-only ray-2 and ray-flash-2, with the fields each
//! mode requires (providers.md §1).

use super::{LUMA_PROVIDER_ID, MAX_IMAGE_BYTES, RAY_3_2, RESOLUTION};
use crate::providers::http::images::image_input;
use reelforge_protocol::{
    AspectRatio, GenerationMode, ImageInputKind, ModelDescriptor, Pricing, ProviderDescriptor,
    RequiredField,
};

/// What this provider offers. Prices are estimates (providers.md gives indicative legacy
/// prices only, and the Agents video table was not captured): ray-2 about $0.50 per 5 s at
/// 540p, 720p about twice that; ray-flash-2 about half of ray-2; ray-3.2 assumed like ray-2.
pub(super) fn descriptor() -> ProviderDescriptor {
    let aspects = vec![
        AspectRatio::Landscape,
        AspectRatio::Portrait,
        AspectRatio::Square,
    ];
    let frame = |kind| image_input(kind, MAX_IMAGE_BYTES);
    let dream_model = |id: &str, name: &str, micros| ModelDescriptor {
        id: id.to_owned(),
        display_name: format!(
            "{name} (Dream Machine API, text only: its images must be public URLs)"
        ),
        modes: vec![GenerationMode::TextToVideo],
        durations_s: vec![5, 9],
        aspect_ratios: aspects.clone(),
        resolutions: vec![RESOLUTION.to_owned()],
        image_inputs: Vec::new(),
        pricing: Pricing::PerSecond { micros },
        // providers.md §1a: "Prompt is too short, minimum length is 3 characters" (text
        // only here: no keyframes).
        requires: RequiredField::prompt_in(&[GenerationMode::TextToVideo], 3),
    };
    ProviderDescriptor {
        id: reelforge_protocol::ProviderId::from_static(LUMA_PROVIDER_ID),
        display_name: "Luma AI".to_owned(),
        label: "Hosted AI — ray-3.2 takes start/end frames; ray-2 and ray-flash-2 are \
                text-to-video only (their API needs public image URLs)"
            .to_owned(),
        needs_key: true,
        models: vec![
            ModelDescriptor {
                id: RAY_3_2.to_owned(),
                display_name: "Ray 3.2 (Luma Agents API)".to_owned(),
                modes: vec![
                    GenerationMode::TextToVideo,
                    GenerationMode::ImageToVideo,
                    GenerationMode::FirstLastFrame,
                ],
                // 10 s is text-to-video only; submit refuses it with frames.
                durations_s: vec![5, 10],
                aspect_ratios: aspects.clone(),
                resolutions: vec![RESOLUTION.to_owned()],
                image_inputs: vec![
                    frame(ImageInputKind::FirstFrame),
                    frame(ImageInputKind::LastFrame),
                ],
                pricing: Pricing::PerSecond { micros: 200_000 },
                // providers.md §1b: `prompt` is required (1 to 6000 characters), frames or not.
                requires: RequiredField::prompt_in(
                    &[
                        GenerationMode::TextToVideo,
                        GenerationMode::ImageToVideo,
                        GenerationMode::FirstLastFrame,
                    ],
                    1,
                ),
            },
            dream_model("ray-2", "Ray 2", 200_000),
            dream_model("ray-flash-2", "Ray Flash 2", 100_000),
        ],
        // Dream Machine allows 10 concurrent generations; Agents limits vary by plan.
        default_concurrency: 4,
        max_generation_s: 900,
    }
}
