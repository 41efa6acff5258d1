//! The app's Voice & captions section on the [`Core`] facade: the choice stored on a job
//! ([`Core::set_job_voice`]), a voice heard before anything is assembled
//! ([`Core::preview_narration`], through the narration cache the assembly reads, so the
//! preview is never paid twice and also gives each segment's spoken length), and a caption
//! style drawn by the assembly's own caption look on a still of a segment's take
//! ([`Core::preview_captions`], cached by take, look and words).

use super::jobs::load_detail;
use super::narration::NARRATION_CACHE_DIR;
use super::{Core, LIBRARY_DIR};
use crate::error::{CoreError, CoreResult};
use crate::media::caption_files::ass_script;
use crate::media::caption_look::CaptionLook;
use crate::media::captions::subtitles_filter;
use crate::media::{CaptionCue, FfmpegArgs, RunOptions, run_ffmpeg};
use crate::storage::jobs;
use crate::time::now_ms;
use crate::voice::spoken_text::spoken_text;
use crate::voice::{VoiceSettings, narrate_segment};
use reelforge_protocol::{
    CaptionPreviewRequest, EngineEvent, JobDetail, MediaRef, SetJobVoiceRequest, TakeStatus,
    VoicePreview, VoicePreviewRequest,
};
use sha2::{Digest as _, Sha256};
use std::time::Duration;

/// Folder of the library holding caption previews (JPEG, by content).
pub(super) const CAPTION_PREVIEW_DIR: &str = "caption_previews";
/// The longest text a preview speaks, in characters (a segment's narration fits).
const PREVIEW_MAX_CHARS: usize = 1_000;
/// Speaking speeds accepted, in percent of normal.
pub const SPEED_RANGE: (u16, u16) = (50, 200);
/// Words drawn in a word-by-word caption preview, and in a phrase one.
const WORDS_SHOWN: usize = 3;
const PHRASE_WORDS_SHOWN: usize = 7;

fn check_speed(speed: u16) -> CoreResult<()> {
    if (SPEED_RANGE.0..=SPEED_RANGE.1).contains(&speed) {
        Ok(())
    } else {
        Err(CoreError::validation(
            "narration.speed_percent",
            format!("{speed}% is outside {}–{}%", SPEED_RANGE.0, SPEED_RANGE.1),
        ))
    }
}

/// The first 16 bytes of the SHA-256 of `parts`, in hex.
fn content_key(parts: &[&str]) -> String {
    let mut hash = Sha256::new();
    for part in parts {
        hash.update(part.as_bytes());
        hash.update([0]);
    }
    hash.finalize()
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Core {
    /// Stores the voice and captions chosen for a job (the provider must exist and the speed
    /// be within [`SPEED_RANGE`]).
    pub async fn set_job_voice(&self, req: SetJobVoiceRequest) -> CoreResult<JobDetail> {
        check_speed(req.choice.narration.speed_percent)?;
        self.voice_provider(req.choice.narration.provider.as_deref())?;
        let mut tx = self.db().begin_write().await?;
        let job = jobs::get(&mut tx, &req.job_id).await?;
        let mut overrides = job.overrides.clone();
        overrides.voice = Some(req.choice);
        jobs::set_details(
            &mut tx,
            &job.id,
            &job.title,
            &job.subject,
            &overrides,
            job.budget_cap_micros,
            now_ms(),
        )
        .await?;
        let detail = load_detail(&mut tx, &job.id).await?;
        tx.commit().await?;
        self.emit(vec![EngineEvent::JobUpdated {
            job_id: job.id.clone(),
            status: detail.summary.status,
        }]);
        Ok(detail)
    }

    /// Speaks `req.text` as `req.narration` says into the narration cache (nothing when it
    /// is there already) and names the WAV for the preview server.
    pub async fn preview_narration(&self, req: &VoicePreviewRequest) -> CoreResult<VoicePreview> {
        let choice = &req.narration;
        check_speed(choice.speed_percent)?;
        if req.text.chars().count() > PREVIEW_MAX_CHARS {
            return Err(CoreError::validation(
                "text",
                format!("longer than {PREVIEW_MAX_CHARS} characters"),
            ));
        }
        let provider = self.voice_provider(choice.provider.as_deref())?;
        let descriptor = provider.descriptor().clone();
        let language = choice
            .language
            .unwrap_or_else(|| crate::script::guess_language(&req.text));
        let voice =
            super::narration::preview_voice_id(&descriptor, choice.voice.as_deref(), language)?;
        let settings = VoiceSettings {
            voice: voice.clone(),
            language,
            speed_percent: choice.speed_percent,
        };
        let cache = self.data_dir().join(LIBRARY_DIR).join(NARRATION_CACHE_DIR);
        let audio = narrate_segment(provider.as_ref(), &settings, &req.text, &cache)
            .await
            .map_err(|source| CoreError::Voice {
                segment: "preview".to_owned(),
                source,
            })?;
        let (media, duration_ms) = match audio {
            Some(audio) => {
                let key = audio
                    .wav
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let ms = u64::try_from(audio.duration.as_millis()).unwrap_or(u64::MAX);
                (Some(MediaRef::Narration { key }), ms)
            }
            None => (None, 0),
        };
        Ok(VoicePreview {
            media,
            duration_ms,
            provider: descriptor.id,
            voice,
        })
    }

    /// A still from the middle of segment `req.segment_index`'s take in use, fitted to the
    /// job's frame as the assembly fits it, with the first words of its narration drawn in
    /// `req.style` (the spoken word highlighted as it would be) inside the platform's zone.
    pub async fn preview_captions(&self, req: &CaptionPreviewRequest) -> CoreResult<MediaRef> {
        let detail = self.get_job(&req.job_id).await?;
        let segment = detail
            .segments
            .iter()
            .find(|s| s.index == req.segment_index)
            .ok_or_else(|| {
                CoreError::validation(
                    "segment_index",
                    format!("segment {} does not exist", req.segment_index),
                )
            })?;
        let take = segment
            .selected_take
            .clone()
            .or_else(|| {
                let done = segment.takes.iter().rev();
                done.filter(|t| t.status == TakeStatus::Succeeded)
                    .map(|t| t.id.clone())
                    .next()
            })
            .ok_or_else(|| {
                CoreError::validation("segment_index", "the segment has no finished take yet")
            })?;
        let clip = self
            .media_file(&MediaRef::Take {
                take_id: take.clone(),
            })
            .await?;
        let preset = super::export_target::default_preset(detail.config.aspect_ratio);
        let look = CaptionLook::new(req.style, req.platform, preset);
        let spoken = spoken_text(&segment.narration);
        let shown = if look.shows_phrases() {
            PHRASE_WORDS_SHOWN
        } else {
            WORDS_SHOWN
        };
        let words: Vec<&str> = spoken.split_whitespace().take(shown).collect();
        let key = content_key(&[
            "caption-preview-v1",
            take.as_str(),
            &look.key(),
            &words.join(" "),
            req.style.id(),
        ]);
        let dir = self.data_dir().join(LIBRARY_DIR).join(CAPTION_PREVIEW_DIR);
        let target = dir.join(format!("{key}.jpg"));
        if target.is_file() {
            return Ok(MediaRef::CaptionFrame { key });
        }
        std::fs::create_dir_all(&dir).map_err(|source| CoreError::Io {
            path: dir.display().to_string(),
            source,
        })?;
        let (w, h) = preset.size();
        let mut chain = format!(
            "scale={w}:{h}:force_original_aspect_ratio=decrease:force_divisible_by=2,\
             pad={w}:{h}:(ow-iw)/2:(oh-ih)/2:color=black"
        );
        let work = self
            .inner
            .provider_env
            .work
            .dir()
            .map_err(|source| CoreError::Io {
                path: "work folder".to_owned(),
                source,
            })?;
        let script = work.join(format!("{key}.preview.ass"));
        if req.style.is_burned() && !words.is_empty() {
            let cue = CaptionCue {
                start: Duration::ZERO,
                end: Duration::from_secs(3600),
                text: words.join(" "),
                active_word: (!look.shows_phrases()).then_some(words.len().min(2) - 1),
            };
            std::fs::write(&script, ass_script(&[cue], &look)).map_err(|source| CoreError::Io {
                path: script.display().to_string(),
                source,
            })?;
            chain.push(',');
            chain.push_str(&subtitles_filter(&script, preset));
        }
        let middle = format!("{:.3}", f64::from(segment.duration_s) / 2.0);
        let pending =
            crate::durable::PendingFile::new(&target).map_err(|source| CoreError::Io {
                path: target.display().to_string(),
                source,
            })?;
        let mut args = FfmpegArgs::new();
        args.input_with(&["-ss", &middle], &clip.path)
            .args(["-vf", &chain, "-frames:v", "1", "-q:v", "3", "-f", "mjpeg"])
            .arg("-y")
            .output(pending.path());
        let tools = self.inner.tools.resolve()?;
        let drawn = run_ffmpeg(&tools, args, RunOptions::default()).await;
        let _ = std::fs::remove_file(&script);
        drawn?;
        pending.commit().map_err(|source| CoreError::Io {
            path: target.display().to_string(),
            source,
        })?;
        Ok(MediaRef::CaptionFrame { key })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speeds_outside_the_range_are_refused() {
        assert!(check_speed(100).is_ok());
        assert!(check_speed(SPEED_RANGE.0).is_ok() && check_speed(SPEED_RANGE.1).is_ok());
        assert!(check_speed(20).is_err() && check_speed(400).is_err());
    }

    #[test]
    fn content_keys_differ_by_any_part() {
        let a = content_key(&["take", "look", "one two"]);
        assert_eq!(a.len(), 32);
        assert_ne!(a, content_key(&["take", "look", "one three"]));
        assert_ne!(content_key(&["ab", "c"]), content_key(&["a", "bc"]));
    }
}
