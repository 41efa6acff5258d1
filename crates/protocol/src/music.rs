//! The creator's music library ([`MusicLibrary`]): the folder they chose and the tracks in it
//! Reelforge can use. An assembly told to take its music from the library (quick mode always
//! does) picks by length the shortest track lasting the whole video, else the longest (looped),
//! fades it in and out and ducks it under the voice.

use serde::{Deserialize, Serialize};

/// One usable track (it has an audio stream ffprobe reads).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MusicTrackInfo {
    /// The file's name in the folder.
    pub name: String,
    pub duration_ms: u64,
}

/// The music folder and its usable tracks, by name.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MusicLibrary {
    /// Absolute path of the folder; `None`: no library chosen.
    pub folder: Option<String>,
    pub tracks: Vec<MusicTrackInfo>,
}

/// `set_music_folder`: the library's folder (an absolute path to an existing folder), or
/// `None` for no library.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SetMusicFolderRequest {
    #[serde(default)]
    pub folder: Option<String>,
}

/// Which library track a job's music bed is: none, picked by the video's length, or one
/// track named by its file name in the folder.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case", tag = "kind", content = "name")]
pub enum MusicChoice {
    #[default]
    None,
    Auto,
    Track(String),
}
