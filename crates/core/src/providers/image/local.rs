//! The built-in local image provider: offline, no key, free. It is not an AI model: it draws
//! a designed card (the local video provider's colours and light, chosen from the prompt) with
//! ffmpeg, sized to the job's aspect ratio ([`super::local_card`]), so the storyboard works
//! with no key at all.
//!
//! A card renders in a fraction of a second, so `submit` renders it at once into the
//! process's private work folder and keeps its path; `poll` then reports it done and
//! `fetch_output` copies it. A card this process does not know died with an earlier process
//! (the work folder is swept at start-up): it is reported as
//! [`ErrorClass::Interrupted`](crate::providers::ErrorClass::Interrupted) and
//! [`Reconciliation::Vanished`], so the engine simply draws it again.

use super::local_card::{card_args, card_size};
use super::{ImageProvider, ImageRequest};
use crate::media::{MediaTools, RunOptions, ToolLocation, run_ffmpeg};
use crate::providers::local::{invalid, no_renderer, render_failed};
use crate::providers::{
    PollOutcome, ProviderError, Reconciliation, RemoteOutput, Submitted, TakeErrorCode,
};
use crate::work_folder::WorkFolder;
use reelforge_protocol::{
    AspectRatio, ImageModelDescriptor, ImageProviderDescriptor, ImageSize, ProviderId,
};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The local card model's id.
pub const CARD_MODEL: &str = "ffmpeg-card";

/// The offline card renderer.
#[derive(Debug)]
pub struct LocalImageProvider {
    descriptor: ImageProviderDescriptor,
    /// `None`: ffmpeg is found at each render through `location`.
    tools: Option<MediaTools>,
    location: ToolLocation,
    work: WorkFolder,
    /// Finished cards not fetched yet, by remote id.
    cards: Mutex<HashMap<String, PathBuf>>,
}

impl Default for LocalImageProvider {
    fn default() -> Self {
        Self::new()
    }
}

impl LocalImageProvider {
    pub fn new() -> Self {
        Self::located(ToolLocation::default(), WorkFolder::default())
    }

    /// Renders with the ffmpeg `location` names (the engine's Settings), in `work`.
    pub fn located(location: ToolLocation, work: WorkFolder) -> Self {
        let sizes = AspectRatio::ALL
            .iter()
            .map(|&aspect_ratio| {
                let (width, height) = card_size(aspect_ratio);
                ImageSize {
                    aspect_ratio,
                    width,
                    height,
                }
            })
            .collect();
        Self {
            descriptor: ImageProviderDescriptor {
                id: ProviderId::LOCAL,
                display_name: "Local (ffmpeg cards)".to_owned(),
                // What it is, shown after its name: never the name itself again.
                label: "Offline, not an AI model: a designed card whose colours and light are \
                        chosen from the prompt, drawn with ffmpeg"
                    .to_owned(),
                needs_key: false,
                models: vec![ImageModelDescriptor {
                    id: CARD_MODEL.to_owned(),
                    display_name: "Designed cards".to_owned(),
                    sizes,
                    references: None,
                    micros_per_image: 0,
                }],
                default_concurrency: 2,
                max_generation_s: 60,
            },
            tools: None,
            location,
            work,
            cards: Mutex::new(HashMap::new()),
        }
    }

    /// Renders with these tools instead of looking ffmpeg up.
    pub fn with_tools(mut self, tools: MediaTools) -> Self {
        self.tools = Some(tools);
        self
    }

    fn cards(&self) -> std::sync::MutexGuard<'_, HashMap<String, PathBuf>> {
        self.cards.lock().expect("local cards poisoned")
    }
}

/// A card this process does not know: it died with an earlier process.
fn lost() -> ProviderError {
    ProviderError::interrupted(
        TakeErrorCode::GenerationLost,
        "the local card was lost when Reelforge stopped",
    )
}

#[async_trait::async_trait]
impl ImageProvider for LocalImageProvider {
    fn descriptor(&self) -> &ImageProviderDescriptor {
        &self.descriptor
    }

    async fn submit(&self, request: &ImageRequest) -> Result<Submitted, ProviderError> {
        if request.model != CARD_MODEL {
            return Err(invalid(format!(
                "the local image provider has no model `{}`",
                request.model
            )));
        }
        let tools = match &self.tools {
            Some(tools) => tools.clone(),
            None => self.location.resolve().map_err(no_renderer)?,
        };
        let dir = self.work.dir().map_err(|e| {
            ProviderError::transient(TakeErrorCode::Disk, format!("work folder: {e}"))
        })?;
        let id = uuid::Uuid::new_v4().to_string();
        let out = dir.join(format!("{id}.png"));
        let args = card_args(&request.prompt, request.aspect_ratio, &out);
        if let Err(err) = run_ffmpeg(&tools, args, RunOptions::default()).await {
            // Nothing half-written stays in the work folder.
            let _ = std::fs::remove_file(&out);
            return Err(render_failed(err));
        }
        self.cards().insert(id.clone(), out);
        Ok(Submitted {
            remote_id: id,
            poll_after: None,
        })
    }

    async fn poll(&self, remote_id: &str) -> Result<PollOutcome, ProviderError> {
        Ok(match self.cards().get(remote_id) {
            Some(path) => PollOutcome::Succeeded {
                output: RemoteOutput {
                    url: format!("file://{}", path.display()),
                },
                actual_cost_micros: Some(0),
            },
            None => PollOutcome::Failed(lost()),
        })
    }

    async fn cancel(&self, remote_id: &str) -> Result<(), ProviderError> {
        if let Some(path) = self.cards().remove(remote_id) {
            let _ = std::fs::remove_file(path);
        }
        Ok(())
    }

    async fn fetch_output(
        &self,
        remote_id: &str,
        _output: &RemoteOutput,
        dest: &Path,
    ) -> Result<u64, ProviderError> {
        let path = self.cards().get(remote_id).cloned().ok_or_else(lost)?;
        let bytes = tokio::fs::copy(&path, dest)
            .await
            .map_err(|e| ProviderError::disk(dest.display(), &e))?;
        self.cards().remove(remote_id);
        let _ = tokio::fs::remove_file(&path).await;
        Ok(bytes)
    }

    /// A card lives in this process only: a create whose answer was lost made nothing that
    /// costs or can be fetched, so it is always safe to draw again.
    async fn find_created(
        &self,
        _request: &ImageRequest,
        _sent_at_ms: i64,
    ) -> Result<Reconciliation, ProviderError> {
        Ok(Reconciliation::Vanished)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::{ErrorClass, TerminalReason};

    fn request(model: &str) -> ImageRequest {
        ImageRequest {
            model: model.into(),
            prompt: "a card".into(),
            aspect_ratio: AspectRatio::Portrait,
            reference_paths: Vec::new(),
            seed: None,
        }
    }

    #[tokio::test]
    async fn without_ffmpeg_a_card_fails_saying_so() {
        let location = ToolLocation::default();
        location.set(Some(PathBuf::from("/nonexistent/reelforge/ffmpeg")));
        let provider = LocalImageProvider::located(location, WorkFolder::default());
        let err = provider.submit(&request(CARD_MODEL)).await.unwrap_err();
        assert_eq!(
            (err.class, err.code),
            (
                ErrorClass::Terminal(TerminalReason::Unsupported),
                TakeErrorCode::FfmpegMissing
            ),
            "{err}"
        );
        let unknown = provider.submit(&request("flux")).await.unwrap_err();
        assert_eq!(
            unknown.class,
            ErrorClass::Terminal(TerminalReason::InvalidInput)
        );
    }

    #[tokio::test]
    async fn an_unknown_card_died_with_an_earlier_process_and_is_drawn_again() {
        let provider = LocalImageProvider::new();
        match provider.poll("gone").await.unwrap() {
            PollOutcome::Failed(err) => assert_eq!(err.class, ErrorClass::Interrupted),
            other => panic!("{other:?}"),
        }
        let dest = std::env::temp_dir().join("reelforge-never-written.png");
        let err = provider
            .fetch_output("gone", &RemoteOutput { url: String::new() }, &dest)
            .await
            .unwrap_err();
        assert_eq!(err.class, ErrorClass::Interrupted);
        assert_eq!(
            provider
                .find_created(&request(CARD_MODEL), 0)
                .await
                .unwrap(),
            Reconciliation::Vanished
        );
    }
}
