//! What the `comfyui` provider offers, as a [`ProviderDescriptor`] built from the workflow
//! templates it loaded (free, one prompt at a time).

use super::workflows::Workflow;
use super::{COMFYUI_PROVIDER_ID, MAX_IMAGE_BYTES};
use crate::providers::http::images::image_input;
use reelforge_protocol::{
    AspectRatio, GenerationMode, ImageInputKind, ModelDescriptor, Pricing, ProviderDescriptor,
};

/// The descriptor for the loaded templates: one model per model id, its modes, durations,
/// aspect ratios and image inputs narrowed to what every template of it supports.
pub(super) fn describe(workflows: &[Workflow]) -> ProviderDescriptor {
    let mut models: Vec<ModelDescriptor> = Vec::new();
    for w in workflows {
        let aspects: Vec<AspectRatio> = AspectRatio::ALL
            .into_iter()
            .filter(|a| w.size(*a).is_some())
            .collect();
        let resolution = w
            .sizes
            .iter()
            .map(|(_, (width, height))| width.min(height))
            .min()
            .map(|p| format!("{p}p"))
            .unwrap_or_default();
        let image = |kind| image_input(kind, MAX_IMAGE_BYTES);
        let kinds: &[ImageInputKind] = match w.mode {
            GenerationMode::ImageToVideo => &[ImageInputKind::FirstFrame],
            GenerationMode::FirstLastFrame => {
                &[ImageInputKind::FirstFrame, ImageInputKind::LastFrame]
            }
            _ => &[],
        };
        match models.iter_mut().find(|m| m.id == w.model) {
            Some(model) => {
                if !model.modes.contains(&w.mode) {
                    model.modes.push(w.mode);
                }
                model.durations_s.retain(|d| w.durations_s().contains(d));
                model.aspect_ratios.retain(|a| aspects.contains(a));
                for kind in kinds {
                    if !model.image_inputs.iter().any(|i| i.kind == *kind) {
                        model.image_inputs.push(image(*kind));
                    }
                }
            }
            None => models.push(ModelDescriptor {
                id: w.model.clone(),
                display_name: w.model_name.clone(),
                modes: vec![w.mode],
                durations_s: w.durations_s(),
                aspect_ratios: aspects,
                resolutions: vec![resolution],
                image_inputs: kinds.iter().map(|k| image(*k)).collect(),
                pricing: Pricing::Free,
                // The workflow decides; an empty prompt is substituted as it is.
                requires: Vec::new(),
            }),
        }
    }
    ProviderDescriptor {
        id: reelforge_protocol::ProviderId::from_static(COMFYUI_PROVIDER_ID),
        display_name: "ComfyUI".to_owned(),
        label: "Local AI on your computer: needs a GPU and the model files installed".to_owned(),
        needs_key: false,
        models,
        // One GPU runs one prompt at a time; more would only wait in ComfyUI's queue.
        default_concurrency: 1,
        // Minutes per clip, strongly GPU-dependent, plus time waiting in the queue.
        max_generation_s: 3600,
    }
}
