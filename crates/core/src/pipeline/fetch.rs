//! Fetching a finished take's output into the library and sending owed provider-side
//! cancels, each split like the other actions: the provider call and file work in a task
//! (temporary file, output check, fsync, rename), then the recording in the tick's batch
//! transaction, after the tick has fsynced the library folder once for the whole batch. A
//! download that fails transiently keeps its `.part` file, which the next attempt resumes.

use super::Runner;
use super::outcome::step;
use crate::storage::takes::queue::{self, QueuedTake};
use super::steps::{io_error, millis};
use crate::domain::take_state::TakeEvent;
use crate::error::{CoreError, CoreResult};
use crate::media::KnownProbe;
use crate::providers::{
    ErrorClass, GenerationRequest, ProviderError, RemoteOutput, TakeErrorCode, TerminalReason,
};
use crate::storage::storyboard::{self, StoredImage};
use crate::storage::takes::TakeKind;
use crate::storage::{decode_json, segments, take_media, takes};
use reelforge_protocol::{EngineEvent, TakeStatus};
use sqlx::SqliteConnection;
use std::path::PathBuf;

/// Folder of the library holding take outputs.
const TAKES_DIR: &str = "takes";

/// A take's output, checked and in the library.
#[derive(Debug)]
pub(super) struct FetchedOutput {
    /// Its path inside the library.
    pub(super) relative: String,
    /// Its ffprobe summary, when its previews were made (boxed: the queue's answers stay small).
    pub(super) media: Option<Box<KnownProbe>>,
    /// A keyframe's checked size (and whether it was reframed).
    pub(super) keyframe: Option<StoredImage>,
}

impl Runner {
    /// The library folder of take outputs.
    pub(super) fn takes_dir(&self) -> PathBuf {
        self.inner.library.join(TAKES_DIR)
    }

    /// Fetches a finished take's output to a temporary file, checks it, syncs it and moves
    /// it into the library; returns its library path. The caller fsyncs the folder before
    /// recording the take as succeeded. `None` when the take is not downloading.
    pub(super) async fn fetch_into_library(
        &self,
        take: &QueuedTake,
    ) -> CoreResult<Option<Result<FetchedOutput, ProviderError>>> {
        let (TakeStatus::Downloading, Some(remote), Some(output_json)) = (
            take.status,
            take.remote_id.as_deref(),
            take.output_ref_json.as_deref(),
        ) else {
            return Ok(None);
        };
        let output: RemoteOutput = decode_json("generations.output_ref_json", output_json)?;
        let dir = self.takes_dir();
        tokio::fs::create_dir_all(&dir)
            .await
            .map_err(io_error(&dir))?;
        let keyframe = take.kind == TakeKind::Keyframe;
        let extension = if keyframe { "png" } else { "mp4" };
        let file_name = format!("{}.{extension}", take.id.as_str());
        let part = dir.join(format!("{file_name}.part"));
        let done = dir.join(&file_name);
        let fetched = match self.provider(&take.provider) {
            Some(p) => p.fetch_output(remote, &output, &part).await,
            None => Err(ProviderError::terminal(
                TerminalReason::Unsupported,
                format!(
                    "provider `{}` is not available in this version",
                    take.provider
                ),
            )),
        };
        let fetched = match fetched {
            Ok(0) => Err(ProviderError::transient(
                TakeErrorCode::NoOutput,
                "the output file is empty",
            )),
            other => other,
        };
        // The file is checked before it may enter the library.
        let checked = match fetched {
            Ok(_) => {
                let request: GenerationRequest =
                    decode_json("generations.request_json", &take.request_json)?;
                let verdict = if keyframe {
                    self.check_keyframe(&part, take.provider.as_str(), &request)
                        .await
                        .map(Some)
                } else {
                    self.inner.output_check.check(&part, &request).await.map(|()| None)
                };
                verdict.map_err(|why| ProviderError::terminal(TerminalReason::InvalidOutput, why))
            }
            Err(err) => Err(err),
        };
        let image = match checked {
            Ok(image) => image,
            Err(err) => {
            // A transient failure with attempts left keeps the bytes already downloaded:
            // the next attempt resumes them with a Range request.
            // Not after a full disk: nothing partial is kept then.
            let resumable = err.class == ErrorClass::Transient
                && err.code != TakeErrorCode::DiskFull
                && take.poll_failures + 1 < self.inner.settings.max_download_failures;
            if !resumable {
                let _ = tokio::fs::remove_file(&part).await;
            }
            return Ok(Some(Err(err)));
            }
        };
        // One trip to the blocking pool: sync the file, then move it into the library (the
        // folder is synced once for the tick's batch, before the take is recorded).
        let (from, to) = (part.clone(), done.clone());
        tokio::task::spawn_blocking(move || {
            crate::durable::persist_file(&from, &to).map_err(io_error(&to))
        })
        .await
        .map_err(|join| CoreError::Io {
            path: part.display().to_string(),
            source: std::io::Error::other(join.to_string()),
        })??;
        // A keyframe is its own preview.
        let media = if keyframe {
            None
        } else {
            match self.inner.output_check.prepare_previews(&done).await {
                Ok(media) => media.map(Box::new),
                Err(why) => {
                    tracing::warn!("no preview for take {}: {why}", take.id);
                    None
                }
            }
        };
        Ok(Some(Ok(FetchedOutput {
            relative: format!("{TAKES_DIR}/{file_name}"),
            media,
            keyframe: image,
        })))
    }

    /// Makes the renames into the library durable (once per batch of fetched takes: their
    /// outputs, thumbnails and previews).
    pub(super) async fn sync_takes_dir(&self) -> CoreResult<()> {
        let dir = self.takes_dir();
        tokio::task::spawn_blocking(move || {
            crate::durable::sync_folder(&dir).map_err(io_error(&dir))
        })
        .await
        .map_err(|join| CoreError::Io {
            path: self.takes_dir().display().to_string(),
            source: std::io::Error::other(join.to_string()),
        })?
    }

    /// Records a fetch: the take succeeded and is selected (the job may move to review), or
    /// it failed, or the fetch is tried again later.
    pub(super) async fn record_download(
        &self,
        conn: &mut SqliteConnection,
        take: &QueuedTake,
        fetched: &Result<FetchedOutput, ProviderError>,
        now: i64,
        events: &mut Vec<EngineEvent>,
    ) -> CoreResult<()> {
        let id = &take.id;
        match fetched {
            Ok(output) => {
                if step(conn, id, TakeEvent::Stored, Some(100), None, now, events)
                    .await?
                    .is_some()
                {
                    takes::set_output_path(&mut *conn, id, &output.relative, now).await?;
                    if let Some(media) = &output.media {
                        take_media::upsert(&mut *conn, id, media, now).await?;
                    }
                    if let Some(image) = output.keyframe {
                        storyboard::set_image(&mut *conn, id, image).await?;
                        return self.keyframe_stored(conn, take, now).await;
                    }
                    segments::select_take(&mut *conn, &take.segment_id, Some(id), now).await?;
                    self.after_selection(conn, &take.job_id, &take.segment_id, id, now, events)
                        .await?;
                    self.derive_job(conn, &take.job_id, now, events).await?;
                }
            }
            Err(err) if matches!(err.class, ErrorClass::Terminal(_) | ErrorClass::Interrupted) => {
                self.fail(conn, take, err, now, events).await?;
            }
            Err(err) if take.poll_failures + 1 >= self.inner.settings.max_download_failures => {
                // Give up without paying for a new take by itself: the person decides. A full
                // disk stays said as such.
                let code = match err.code {
                    TakeErrorCode::DiskFull => TakeErrorCode::DiskFull,
                    _ => TakeErrorCode::DownloadFailed,
                };
                let gave_up = ProviderError::new(
                    ErrorClass::Terminal(TerminalReason::InvalidOutput),
                    code,
                    format!("the output could not be fetched ({err})"),
                );
                self.fail(conn, take, &gave_up, now, events).await?;
            }
            Err(err) => {
                let backoff = self
                    .inner
                    .settings
                    .poll_backoff
                    .delay(id.as_str(), take.poll_failures + 1);
                let wait = err.retry_after.map_or(backoff, |hint| hint.max(backoff));
                queue::count_poll(conn, id, true, now + millis(wait)).await?;
            }
        }
        Ok(())
    }

    /// Sends a provider-side cancel the person asked for; true when it is settled (done, or
    /// refused for good), false while it fails transiently and stays owed.
    pub(super) async fn send_remote_cancel(&self, take: &QueuedTake) -> bool {
        let Some(remote) = take.remote_id.as_deref() else {
            return false;
        };
        match self.provider(&take.provider) {
            None => true,
            Some(p) => match p.cancel(remote).await {
                Ok(()) => true,
                Err(err) => matches!(err.class, ErrorClass::Terminal(_)),
            },
        }
    }
}
