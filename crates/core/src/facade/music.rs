//! The music library on the [`Core`] facade: the folder the creator chose (a setting kept
//! across restarts), its usable tracks ([`music_library`](crate::media::music_library)), and
//! the bed an assembly takes from it for a video of a given length.

use super::Core;
use crate::error::{CoreError, CoreResult};
use crate::media::music_library::{library_tracks, pick_track};
use crate::storage::settings;
use crate::time::now_ms;
use reelforge_protocol::{MusicLibrary, MusicTrackInfo};
use std::path::PathBuf;
use std::time::Duration;

/// Settings key of the music folder.
const MUSIC_FOLDER_KEY: &str = "music_folder";

impl Core {
    /// The music folder and its usable tracks.
    pub async fn music_library(&self) -> CoreResult<MusicLibrary> {
        let Some(folder) = self.music_folder().await? else {
            return Ok(MusicLibrary::default());
        };
        let tools = self.inner.tools.resolve()?;
        let tracks = library_tracks(&tools, &folder)
            .await
            .into_iter()
            .map(|t| MusicTrackInfo {
                name: t
                    .path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                duration_ms: u64::try_from(t.duration.as_millis()).unwrap_or(u64::MAX),
            })
            .collect();
        Ok(MusicLibrary {
            folder: Some(folder.display().to_string()),
            tracks,
        })
    }

    /// Takes music from `folder` from now on (an existing folder, given as an absolute
    /// path); `None` or blank: no library. Answers the library as it now is.
    pub async fn set_music_folder(&self, folder: Option<String>) -> CoreResult<MusicLibrary> {
        let folder = folder
            .map(|f| f.trim().to_owned())
            .filter(|f| !f.is_empty())
            .map(PathBuf::from);
        if let Some(path) = &folder
            && !(path.is_absolute() && path.is_dir())
        {
            return Err(CoreError::validation(
                "music_folder",
                format!(
                    "{} is not an existing folder given by its full path",
                    path.display()
                ),
            ));
        }
        let mut tx = self.db().begin_write().await?;
        settings::set(&mut tx, MUSIC_FOLDER_KEY, &folder, now_ms()).await?;
        tx.commit().await?;
        self.music_library().await
    }

    async fn music_folder(&self) -> CoreResult<Option<PathBuf>> {
        let mut conn = self.db().reader().acquire().await?;
        let stored: Option<Option<PathBuf>> = settings::get(&mut conn, MUSIC_FOLDER_KEY).await?;
        Ok(stored.flatten())
    }

    /// The library's bed for a video of `length`; `None` without a library or tracks.
    pub(super) async fn library_music_for(&self, length: Duration) -> CoreResult<Option<PathBuf>> {
        let Some(folder) = self.music_folder().await? else {
            return Ok(None);
        };
        let tools = self.inner.tools.resolve()?;
        let tracks = library_tracks(&tools, &folder).await;
        Ok(pick_track(&tracks, length).map(|t| t.path.clone()))
    }

    /// The library track named `name` (its file name in the folder), if it is one of its
    /// usable tracks; else a `validation` error.
    pub(super) async fn library_track(&self, name: &str) -> CoreResult<PathBuf> {
        let unknown = || {
            CoreError::validation(
                "library_music",
                format!("{name} is not a usable track of the music library"),
            )
        };
        let folder = self.music_folder().await?.ok_or_else(unknown)?;
        let tools = self.inner.tools.resolve()?;
        library_tracks(&tools, &folder)
            .await
            .into_iter()
            .map(|t| t.path)
            .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy() == name))
            .ok_or_else(unknown)
    }
}
