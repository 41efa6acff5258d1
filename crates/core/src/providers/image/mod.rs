//! Image (keyframe) providers behind one trait, [`ImageProvider`], and the
//! [`ImageProviderRegistry`]: the storyboard's text-to-image step.
//!
//! An image provider describes itself with an [`ImageProviderDescriptor`] (protocol DTO) and
//! follows the same durable shape as a video provider, so keyframes can be taken in the same
//! engine: `submit` (the paid create call, sent once), `poll`, `cancel`, `fetch_output` and,
//! after an ambiguous create, `find_created`. Errors are the video providers'
//! [`ProviderError`]s, classified the same way (transient, terminal with a reason, ambiguous
//! submit, interrupted).
//!
//! Adding an image provider is one file in this folder plus one line in [`registry::builtin`].

pub mod comfyui_txt2img;
pub mod fal_flux;
pub mod keyframe_provider;
pub mod local;
pub mod local_card;
pub mod openai_images;
pub mod output;
pub mod registry;
pub mod replicate_flux;

pub use reelforge_protocol::ImageProviderDescriptor;
pub use registry::ImageProviderRegistry;

use super::{PollOutcome, ProviderError, Reconciliation, RemoteOutput, Submitted};
use reelforge_protocol::AspectRatio;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Everything an image provider needs to make one keyframe; stored with the keyframe take.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageRequest {
    /// The provider's model id (its default model when none is named).
    pub model: String,
    /// The prompt as sent.
    pub prompt: String,
    /// The job's aspect ratio: the model's size for it is asked for.
    pub aspect_ratio: AspectRatio,
    /// Library paths of the reference images (character, style), in order; only sent to
    /// models whose descriptor takes references.
    #[serde(default)]
    pub reference_paths: Vec<String>,
    /// The seed sent, for models that take one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
}

/// A text-to-image service (or the local card renderer).
///
/// Implementations must not retry `submit` themselves: the engine owns that decision.
#[async_trait::async_trait]
pub trait ImageProvider: Send + Sync + std::fmt::Debug {
    /// What this provider can do and what it costs.
    fn descriptor(&self) -> &ImageProviderDescriptor;

    /// Sends the create call once and returns the provider's id.
    async fn submit(&self, request: &ImageRequest) -> Result<Submitted, ProviderError>;

    /// Asks where an image stands.
    async fn poll(&self, remote_id: &str) -> Result<PollOutcome, ProviderError>;

    /// Asks the provider to stop (a no-op where the API has no cancel).
    async fn cancel(&self, remote_id: &str) -> Result<(), ProviderError>;

    /// Writes the finished image into `dest` (a temporary file the engine then syncs and
    /// renames); returns the number of bytes written.
    async fn fetch_output(
        &self,
        remote_id: &str,
        output: &RemoteOutput,
        dest: &Path,
    ) -> Result<u64, ProviderError>;

    /// After an ambiguous create: what the provider's recent requests say (see
    /// [`super::VideoProvider::find_created`]); [`Reconciliation::CannotList`] by default.
    async fn find_created(
        &self,
        _request: &ImageRequest,
        _sent_at_ms: i64,
    ) -> Result<Reconciliation, ProviderError> {
        Ok(Reconciliation::CannotList)
    }
}
