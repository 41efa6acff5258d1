//! Image provider descriptors: what each keyframe (text-to-image) provider can do and what it
//! costs.
//!
//! The engine publishes one [`ImageProviderDescriptor`] per registered image provider
//! (`list_image_providers`); the storyboard builds its choices (models, sizes per aspect
//! ratio, reference images, prices) from these alone, so adding an image provider needs no
//! UI change.

use crate::ids::ProviderId;
use crate::media::AspectRatio;
use crate::provider::ImageInputSpec;
use serde::{Deserialize, Serialize};

/// The pixel size an image model makes for one aspect ratio.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ImageSize {
    pub aspect_ratio: AspectRatio,
    pub width: u32,
    pub height: u32,
}

/// One image model of a provider and its capabilities.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ImageModelDescriptor {
    pub id: String,
    pub display_name: String,
    /// The size made for each aspect ratio the model offers (one entry per ratio).
    pub sizes: Vec<ImageSize>,
    /// Reference images (character, style) the model accepts; `None`: text only.
    pub references: Option<ImageInputSpec>,
    /// Price of one image, in micro-USD (0: free).
    pub micros_per_image: i64,
}

impl ImageModelDescriptor {
    /// The size made for `ratio`, when the model offers it.
    pub fn size(&self, ratio: AspectRatio) -> Option<ImageSize> {
        self.sizes.iter().copied().find(|s| s.aspect_ratio == ratio)
    }

    /// Whether the model takes reference images.
    pub fn takes_references(&self) -> bool {
        self.references.as_ref().is_some_and(|r| r.max_count > 0)
    }
}

/// Everything the engine, the UI and the CLI know about one image provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ImageProviderDescriptor {
    /// Lowercase slug (`local`, `fal`); the same slug as a video provider names the same
    /// service (and key).
    pub id: ProviderId,
    pub display_name: String,
    /// What it really is, shown next to the name ("offline, not an AI model").
    pub label: String,
    /// Whether an API key must be configured before use.
    pub needs_key: bool,
    /// The first model is the default one.
    pub models: Vec<ImageModelDescriptor>,
    /// How many images may be made at once on this provider by default.
    pub default_concurrency: u32,
    /// Longest one image may take before the engine gives up on it.
    pub max_generation_s: u32,
}

impl ImageProviderDescriptor {
    /// The model named `id`, or the default model when `id` is `None`.
    pub fn model(&self, id: Option<&str>) -> Option<&ImageModelDescriptor> {
        match id {
            Some(id) => self.models.iter().find(|m| m.id == id),
            None => self.models.first(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_model_answers_its_size_per_ratio_and_whether_it_takes_references() {
        let model = ImageModelDescriptor {
            id: "m".into(),
            display_name: "M".into(),
            sizes: vec![ImageSize {
                aspect_ratio: AspectRatio::Portrait,
                width: 576,
                height: 1024,
            }],
            references: None,
            micros_per_image: 3_000,
        };
        assert_eq!(model.size(AspectRatio::Portrait).unwrap().height, 1024);
        assert_eq!(model.size(AspectRatio::Landscape), None);
        assert!(!model.takes_references());
        let json = serde_json::to_value(model.sizes[0]).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"aspect_ratio": "9:16", "width": 576, "height": 1024})
        );
        let provider = ImageProviderDescriptor {
            id: ProviderId::LOCAL,
            display_name: "L".into(),
            label: "l".into(),
            needs_key: false,
            models: vec![model],
            default_concurrency: 1,
            max_generation_s: 60,
        };
        assert_eq!(provider.model(None).unwrap().id, "m");
        assert!(provider.model(Some("x")).is_none());
    }
}
