//! Narration at assembly: each clip's spoken narration ([`ClipVoice`], made by a voice
//! provider, see [`crate::voice`]) fitted to its clip, laid on one track at the clips'
//! starts, and the captions timed from its words.
//!
//! The fitting rule: a narration never gets cut. When a clip is shorter than its narration
//! plus [`VOICE_TAIL`] (plus the transition into the next clip, which overlaps it), the
//! clip's last frame is held until then; a shorter narration leaves the clip as it is.

use super::captions::{CaptionCue, caption_cues};
use super::error::{MediaError, MediaResult};
use super::timeline::{Timeline, Transition};
use super::word_captions::word_cues;
use crate::voice::WordTiming;
use crate::voice::wav::Pcm;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Silence kept after the last spoken word before the next clip.
pub const VOICE_TAIL: Duration = Duration::from_millis(300);

/// A clip's narration as audio: a mono 16-bit WAV and when each word is heard in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClipVoice {
    pub wav: PathBuf,
    pub duration: Duration,
    pub words: Vec<WordTiming>,
}

/// How long clip `index` (of `count`, lasting `clip`) holds its last frame so its narration
/// is heard whole.
pub fn held_for_voice(
    clip: Duration,
    voice: Option<&ClipVoice>,
    index: usize,
    count: usize,
    transition: Transition,
) -> Duration {
    let Some(voice) = voice else {
        return Duration::ZERO;
    };
    let overlap = if index + 1 < count {
        transition.requested_overlap()
    } else {
        Duration::ZERO
    };
    (voice.duration + VOICE_TAIL + overlap).saturating_sub(clip)
}

/// Writes the narration track of the whole timeline to `out`: each clip's voice from its
/// start, silence elsewhere, as long as the timeline.
pub fn write_narration_track(
    voices: &[Option<&ClipVoice>],
    labels: &[&str],
    timeline: &Timeline,
    out: &Path,
) -> MediaResult<()> {
    let mut track: Option<Pcm> = None;
    for ((voice, span), label) in voices.iter().zip(&timeline.spans).zip(labels) {
        let Some(voice) = voice else {
            continue;
        };
        let unreadable = |e: crate::voice::VoiceError| {
            MediaError::InvalidRequest(format!("its narration audio: {e}")).for_clip(label)
        };
        let pcm = Pcm::read(&voice.wav).map_err(unreadable)?;
        let track = track.get_or_insert_with(|| Pcm::silence(pcm.rate, timeline.total));
        if pcm.rate != track.rate {
            let reason = format!("its narration is at {} Hz, not {} Hz", pcm.rate, track.rate);
            return Err(MediaError::InvalidRequest(reason).for_clip(label));
        }
        track.mix_at(&pcm, span.start);
    }
    let Some(mut track) = track else {
        return Err(MediaError::InvalidRequest(
            "no clip has narration audio".to_owned(),
        ));
    };
    track.samples.truncate(Pcm::silence(track.rate, timeline.total).samples.len());
    track
        .write(out)
        .map_err(|e| MediaError::InvalidRequest(format!("the narration track: {e}")))
}

/// The captions: word by word for the clips with narration audio, one cue per clip for the
/// others with narration text, in time order.
pub fn narrated_cues(
    narrations: &[Option<&str>],
    voices: &[Option<&ClipVoice>],
    timeline: &Timeline,
) -> Vec<CaptionCue> {
    let words: Vec<Option<&[WordTiming]>> = voices
        .iter()
        .map(|v| v.map(|v| v.words.as_slice()))
        .collect();
    let unvoiced: Vec<Option<&str>> = narrations
        .iter()
        .zip(voices)
        .map(|(text, voice)| if voice.is_some() { None } else { *text })
        .collect();
    let mut cues = word_cues(&words, timeline);
    cues.extend(caption_cues(&unvoiced, timeline));
    cues.sort_by_key(|c| c.start);
    cues
}

#[cfg(test)]
mod tests {
    use super::*;

    fn voice(ms: u64) -> ClipVoice {
        ClipVoice {
            wav: PathBuf::from("/lib/v.wav"),
            duration: Duration::from_millis(ms),
            words: Vec::new(),
        }
    }

    #[test]
    fn a_voice_longer_than_its_clip_holds_the_last_frame_and_a_shorter_one_does_not() {
        let five = Duration::from_secs(5);
        let fade = Transition::Crossfade {
            duration: Duration::from_millis(500),
        };
        assert_eq!(
            held_for_voice(five, Some(&voice(6000)), 0, 2, Transition::Cut),
            Duration::from_millis(1300)
        );
        assert_eq!(
            held_for_voice(five, Some(&voice(6000)), 0, 2, fade),
            Duration::from_millis(1800),
            "the transition overlaps the next clip"
        );
        assert_eq!(
            held_for_voice(five, Some(&voice(6000)), 1, 2, fade),
            Duration::from_millis(1300),
            "no transition after the last clip"
        );
        assert_eq!(held_for_voice(five, Some(&voice(3000)), 0, 2, Transition::Cut), Duration::ZERO);
        assert_eq!(held_for_voice(five, None, 0, 2, Transition::Cut), Duration::ZERO);
    }

    #[test]
    fn the_track_places_each_voice_at_its_clip_start() {
        let dir = tempfile::tempdir().unwrap();
        let wav = dir.path().join("v.wav");
        let mut pcm = Pcm::silence(1000, Duration::from_millis(100));
        pcm.samples.fill(1000);
        pcm.write(&wav).unwrap();
        let v = ClipVoice {
            wav,
            duration: Duration::from_millis(100),
            words: Vec::new(),
        };
        let timeline = Timeline::new(
            &[Duration::from_millis(500), Duration::from_millis(500)],
            Transition::Cut,
        );
        let out = dir.path().join("track.wav");
        write_narration_track(&[None, Some(&v)], &["s1", "s2"], &timeline, &out).unwrap();
        let track = Pcm::read(&out).unwrap();
        assert_eq!(track.duration(), Duration::from_secs(1));
        assert_eq!(
            track.speech_bounds(),
            Some((Duration::from_millis(500), Duration::from_millis(600)))
        );
    }
}
