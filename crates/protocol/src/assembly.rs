//! Assembling a job from the app, and choosing which take of a segment goes into it.

use crate::captions::{CaptionPlatform, CaptionStyle};
use crate::ids::{AudioId, JobId, SegmentId, TakeId};
use crate::music::MusicChoice;
use crate::voice::NarrationChoice;
use serde::{Deserialize, Serialize};

/// How one clip gives way to the next.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum TransitionChoice {
    #[default]
    Cut,
    Crossfade,
    /// Dip to black.
    Dip,
}

/// `assemble_job`: the job's selected takes → the final video (with its `.srt`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AssembleRequest {
    pub job_id: JobId,
    /// `9x16`, `16x9`, `1x1`, `draft`…; `None`: the job's aspect ratio at 1080p.
    #[serde(default)]
    pub preset: Option<String>,
    #[serde(default)]
    pub transition: TransitionChoice,
    /// Burn the captions into the picture (inside the platform's safe zone) as well as
    /// writing the `.srt`. On by default.
    #[serde(default = "burned_by_default")]
    pub burn_captions: bool,
    /// How burned captions look (`none`: not burned, as `burn_captions: false`).
    #[serde(default)]
    pub caption_style: CaptionStyle,
    /// Whose safe zone holds the captions on a vertical frame.
    #[serde(default)]
    pub caption_platform: CaptionPlatform,
    /// A music bed (imported by `pick_audio_file`), ducked under the voice-over.
    #[serde(default)]
    pub music: Option<AudioId>,
    /// Without `music`, the bed from the music library: none, picked by length, or a track.
    #[serde(default)]
    pub library_music: MusicChoice,
    /// A voice-over track (imported by `pick_audio_file`).
    #[serde(default)]
    pub voice: Option<AudioId>,
    /// Each segment's narration spoken by a voice provider (on by default; a `voice` file
    /// takes its place).
    #[serde(default)]
    pub narration: NarrationChoice,
}

fn burned_by_default() -> bool {
    true
}

impl AssembleRequest {
    /// The job's own defaults: its aspect ratio at 1080p, cuts, the narration spoken by the
    /// offline voice, captions burned in and written as a file.
    pub fn new(job_id: JobId) -> Self {
        Self {
            job_id,
            preset: None,
            transition: TransitionChoice::Cut,
            burn_captions: true,
            caption_style: CaptionStyle::default(),
            caption_platform: CaptionPlatform::default(),
            music: None,
            library_music: MusicChoice::None,
            voice: None,
            narration: NarrationChoice::default(),
        }
    }
}

/// An audio file imported into the library (`pick_audio_file`): named by id, never by path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ImportedAudio {
    pub id: AudioId,
    /// The chosen file's name, for display.
    pub name: String,
}

/// `select_take`: use `take_id` for its segment in the assembly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SelectTakeRequest {
    pub job_id: JobId,
    pub segment_id: SegmentId,
    pub take_id: TakeId,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_assemble_request_without_audio_still_reads() {
        let req: AssembleRequest = serde_json::from_str(r#"{"job_id":"j"}"#).unwrap();
        assert_eq!(req, AssembleRequest::new(JobId::from("j")));
        let mut with_audio = AssembleRequest::new(JobId::from("j"));
        with_audio.music = Some(AudioId::from("1234abcd-bed.mp3"));
        let json = serde_json::to_string(&with_audio).unwrap();
        assert!(json.contains(r#""music":"1234abcd-bed.mp3""#), "{json}");
        assert_eq!(
            serde_json::from_str::<AssembleRequest>(&json).unwrap(),
            with_audio
        );
    }
}
