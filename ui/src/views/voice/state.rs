//! What the Voice & captions section shows besides the voices: the choice, the sample and
//! its URL, each segment's measured narration ([`SegmentVoice`], kept only while its text and
//! voice are the ones measured), and the caption preview frame; and the rules drawn from it
//! (which voices fit the language, which segments' voices outlast their clips).

use reelforge_protocol::{
    ApiError, JobDetail, MusicTrackInfo, NarrationChoice, ScriptLanguage, TakeStatus,
    VoiceAndCaptions, VoiceDescriptor, VoiceOption,
};
use std::collections::BTreeMap;

/// One segment as the section measures it: its index, its clip's length and its narration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentLine {
    pub index: u32,
    pub clip_s: u32,
    pub narration: String,
}

/// A segment's narration as spoken: for which text and voice, how long, and where to hear it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentVoice {
    pub text: String,
    pub narration: NarrationChoice,
    pub duration_ms: u64,
    /// The WAV's preview URL (`None`: nothing to say).
    pub url: Option<String>,
}

/// What the page tells the section.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct VoiceState {
    pub choice: VoiceAndCaptions,
    /// The sample is being spoken.
    pub listening: bool,
    /// The last sample's URL, played in the section.
    pub sample_url: Option<String>,
    /// Why the last preview (sample, measure or frame) failed.
    pub error: Option<ApiError>,
    /// Each segment's measured narration, by index.
    pub spoken: BTreeMap<u32, SegmentVoice>,
    pub measuring: bool,
    /// The segment a caption frame can be drawn on (`None`: no finished take yet).
    pub frame_segment: Option<u32>,
    pub frame_url: Option<String>,
    pub drawing: bool,
    /// The music library's usable tracks (for the music choice).
    pub music_tracks: Vec<MusicTrackInfo>,
}

/// What the person asked of the section.
#[derive(Debug, Clone, PartialEq)]
pub enum VoiceEvent {
    /// A changed choice (stored with the job).
    Choice(VoiceAndCaptions),
    /// Speak the sample sentence with the chosen voice.
    Listen,
    /// Speak every segment's narration, to measure it against its clip.
    Measure,
    /// Draw the chosen caption style on the segment's take.
    DrawCaptions(u32),
}

/// The language the narration is spoken in: the chosen one, else `fallback`.
pub fn narration_language(choice: &VoiceAndCaptions, fallback: ScriptLanguage) -> ScriptLanguage {
    choice.narration.language.unwrap_or(fallback)
}

/// The chosen provider's descriptor (the first, offline one when none is chosen).
pub fn chosen_provider<'a>(
    voices: &'a [VoiceDescriptor],
    choice: &VoiceAndCaptions,
) -> Option<&'a VoiceDescriptor> {
    match &choice.narration.provider {
        Some(id) => voices.iter().find(|d| &d.id == id),
        None => voices.first(),
    }
}

/// The provider's voices that speak `language`.
pub fn voices_for(provider: &VoiceDescriptor, language: ScriptLanguage) -> Vec<VoiceOption> {
    provider
        .voices
        .iter()
        .filter(|v| v.language == language)
        .cloned()
        .collect()
}

/// The segment's measured narration, if it was measured for its current text and voice.
pub fn current_voice<'a>(state: &'a VoiceState, segment: &SegmentLine) -> Option<&'a SegmentVoice> {
    state
        .spoken
        .get(&segment.index)
        .filter(|v| v.text == segment.narration && v.narration == state.choice.narration)
}

/// The segments whose current narration lasts longer than their clip.
pub fn too_long(state: &VoiceState, segments: &[SegmentLine]) -> Vec<u32> {
    segments
        .iter()
        .filter(|s| {
            current_voice(state, s).is_some_and(|v| v.duration_ms > u64::from(s.clip_s) * 1000)
        })
        .map(|s| s.index)
        .collect()
}

/// The segments with something to say whose narration is not measured for its current text.
pub fn unmeasured(state: &VoiceState, segments: &[SegmentLine]) -> Vec<SegmentLine> {
    segments
        .iter()
        .filter(|s| !s.narration.trim().is_empty() && current_voice(state, s).is_none())
        .cloned()
        .collect()
}

/// The job's segments as the section measures them.
pub fn segment_lines(detail: &JobDetail) -> Vec<SegmentLine> {
    detail
        .segments
        .iter()
        .map(|s| SegmentLine {
            index: s.index,
            clip_s: s.duration_s,
            narration: s.narration.clone(),
        })
        .collect()
}

/// The first segment with a finished take, to draw a caption frame on.
pub fn frame_segment(detail: &JobDetail) -> Option<u32> {
    detail
        .segments
        .iter()
        .find(|s| {
            s.selected_take.is_some() || s.takes.iter().any(|t| t.status == TakeStatus::Succeeded)
        })
        .map(|s| s.index)
}
