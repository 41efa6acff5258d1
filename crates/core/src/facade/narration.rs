//! Narration for an assembly on the [`Core`] facade: each segment's narration spoken by the
//! chosen voice provider (the offline espeak-ng by default) in the job's language, through the
//! narration cache under the library, so re-assembling an unchanged narration never
//! synthesizes it again (nor pays for it twice: the assembly reports the characters sent
//! and their list price). Also the voices' list and a one-off preview, for the CLI and the
//! Voice section of the app.

use super::{Core, LIBRARY_DIR};
use crate::error::{CoreError, CoreResult};
use crate::media::Clip;
use crate::media::narration_track::ClipVoice;
use crate::script::guess_language;
use crate::voice::{
    SpeechRequest, VoiceDescriptor, VoiceError, VoiceRegistry, VoiceSettings, narrate_segment,
    registry,
};
use reelforge_protocol::{
    ActivityEntry, JobDetail, JobId, NarrationChoice, NarrationUsed, ScriptLanguage,
};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Environment variable naming the espeak-ng program (or its folder), read when the engine
/// opens; unset: found on `PATH`.
pub const ESPEAK_ENV: &str = "REELFORGE_ESPEAK_NG";
/// Folder of the library holding synthesized narration (WAV and word timing, by content).
pub(super) const NARRATION_CACHE_DIR: &str = "narration";

/// The job's narration language: the one its script was written in (the last script
/// written), else a guess from its narration text.
pub fn job_language(detail: &JobDetail) -> ScriptLanguage {
    let written = detail.activity.iter().rev().find_map(|a| match a.entry {
        ActivityEntry::ScriptWritten { language, .. } => Some(language),
        _ => None,
    });
    written.unwrap_or_else(|| {
        let text: Vec<&str> = detail
            .segments
            .iter()
            .map(|s| s.narration.as_str())
            .collect();
        guess_language(&text.join(" "))
    })
}

impl Core {
    /// Where espeak-ng is (the program or its folder); `None`: on `PATH`. Applies to the
    /// next assembly.
    pub fn set_voice_program(&self, location: Option<PathBuf>) {
        self.inner.voice_program.set(location);
    }

    /// Speaks each clip's narration as `choice` says and attaches it to the clip; `None`
    /// when no clip has anything to say.
    pub(super) async fn narrate_clips(
        &self,
        detail: &JobDetail,
        choice: &NarrationChoice,
        clips: &mut [Clip],
    ) -> CoreResult<Option<NarrationUsed>> {
        if !clips.iter().any(|c| c.narration.is_some()) {
            return Ok(None);
        }
        let (provider, settings) = self.resolve_voice(detail, choice)?;
        let descriptor = provider.descriptor();
        let (voice, language) = (settings.voice.clone(), settings.language);
        let cache = self.narration_cache();
        let (mut synthesized, mut reused, mut characters) = (0, 0, 0_u64);
        for clip in clips.iter_mut() {
            let Some(text) = &clip.narration else {
                continue;
            };
            let audio = narrate_segment(provider.as_ref(), &settings, text, &cache).await;
            let audio = match audio {
                Ok(audio) => audio,
                Err(source) => {
                    // What was already synthesized was paid for: it joins the ledger anyway.
                    let cost = descriptor.cost_micro_usd(characters);
                    self.record_voice_cost(&detail.summary.id, cost).await?;
                    return Err(CoreError::Voice {
                        segment: clip.label.clone(),
                        source,
                    });
                }
            };
            let Some(audio) = audio else {
                // Only stage directions: nothing to say, nothing to show.
                clip.narration = None;
                continue;
            };
            if audio.synthesized {
                synthesized += 1;
                characters += audio.spoken.chars().count() as u64;
            } else {
                reused += 1;
            }
            clip.narration = Some(audio.spoken);
            clip.voice = Some(ClipVoice {
                wav: audio.wav,
                duration: audio.duration,
                words: audio.words,
            });
        }
        let cost = descriptor.cost_micro_usd(characters);
        self.record_voice_cost(&detail.summary.id, cost).await?;
        Ok(Some(NarrationUsed {
            provider: descriptor.id.clone(),
            voice,
            language,
            synthesized,
            reused,
            characters_synthesized: characters,
            cost_micro_usd: cost,
        }))
    }

    /// Adds a voice's charge to the job's actual cost (nothing when it was free or cached).
    async fn record_voice_cost(&self, id: &JobId, micros: i64) -> CoreResult<()> {
        if micros == 0 {
            return Ok(());
        }
        let mut tx = self.db().begin_write().await?;
        crate::storage::jobs::add_voice_cost(&mut tx, id, micros).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Where synthesized narration is kept.
    pub(super) fn narration_cache(&self) -> PathBuf {
        self.data_dir().join(LIBRARY_DIR).join(NARRATION_CACHE_DIR)
    }

    /// The provider and settings `choice` names for the job: its voice (else the provider's
    /// first in the language), the language (else the job's). A provider or a named voice
    /// that does not speak the language is refused here, before anything is launched.
    pub(super) fn resolve_voice(
        &self,
        detail: &JobDetail,
        choice: &NarrationChoice,
    ) -> CoreResult<(Arc<dyn crate::voice::VoiceProvider>, VoiceSettings)> {
        let provider = self.voice_provider(choice.provider.as_deref())?;
        let descriptor = provider.descriptor();
        let language = choice.language.unwrap_or_else(|| job_language(detail));
        let unsupported = || CoreError::Voice {
            segment: "narration".to_owned(),
            source: VoiceError::LanguageUnsupported {
                provider: descriptor.id.clone(),
                language: language.as_str().to_owned(),
            },
        };
        if !descriptor.languages.contains(&language) {
            return Err(unsupported());
        }
        let voice = match &choice.voice {
            Some(voice) => {
                let mut listed = descriptor.voices.iter().filter(|v| &v.id == voice);
                let speaks = |v: &crate::voice::VoiceOption| v.language == language;
                if listed.clone().next().is_some() && !listed.any(speaks) {
                    return Err(unsupported());
                }
                voice.clone()
            }
            None => descriptor
                .default_voice(language)
                .map(|v| v.id.clone())
                .ok_or_else(unsupported)?,
        };
        let settings = VoiceSettings {
            voice,
            language,
            speed_percent: choice.speed_percent,
        };
        Ok((provider, settings))
    }

    /// The voice providers, the offline one first (descriptors: voices, languages, price).
    pub fn voices(&self) -> VoiceRegistry {
        registry::builtin(self.inner.voice_program.get(), &self.inner.provider_env)
    }

    /// Every voice provider's descriptor.
    pub fn list_voices(&self) -> Vec<VoiceDescriptor> {
        self.voices().descriptors()
    }

    /// The provider registered as `id` (`None`: the offline default).
    pub(super) fn voice_provider(
        &self,
        id: Option<&str>,
    ) -> CoreResult<Arc<dyn crate::voice::VoiceProvider>> {
        let voices = self.voices();
        voices.get(id).cloned().ok_or_else(|| {
            let known: Vec<String> = voices.descriptors().into_iter().map(|d| d.id).collect();
            CoreError::validation(
                "narration.provider",
                format!(
                    "unknown voice provider `{}` (known: {})",
                    id.unwrap_or_default(),
                    known.join(", ")
                ),
            )
        })
    }

    /// Speaks `text` once with `provider` (its first voice in `language` unless `voice`) into
    /// the WAV file `out`, uncached: a preview of a voice.
    pub async fn preview_voice(
        &self,
        provider: Option<&str>,
        voice: Option<&str>,
        language: Option<ScriptLanguage>,
        text: &str,
        out: &Path,
    ) -> CoreResult<VoiceDescriptor> {
        let provider = self.voice_provider(provider)?;
        let descriptor = provider.descriptor().clone();
        let language = language.unwrap_or_else(|| crate::script::guess_language(text));
        let voice = preview_voice_id(&descriptor, voice, language)?;
        let request = SpeechRequest {
            text: crate::voice::spoken_text::spoken_text(text),
            voice,
            language,
            speed_percent: reelforge_protocol::voice::NORMAL_SPEED_PERCENT,
            context: Default::default(),
        };
        provider
            .synthesize(&request, out)
            .await
            .map_err(|source| CoreError::Voice {
                segment: "preview".to_owned(),
                source,
            })?;
        Ok(descriptor)
    }
}

/// The voice a preview speaks with: `voice` when named, else `descriptor`'s first voice in
/// `language`; a provider without one is refused (`voice_language_unsupported`).
pub(super) fn preview_voice_id(
    descriptor: &VoiceDescriptor,
    voice: Option<&str>,
    language: ScriptLanguage,
) -> CoreResult<String> {
    match voice {
        Some(voice) => Ok(voice.to_owned()),
        None => descriptor
            .default_voice(language)
            .map(|v| v.id.clone())
            .ok_or_else(|| CoreError::Voice {
                segment: "preview".to_owned(),
                source: VoiceError::LanguageUnsupported {
                    provider: descriptor.id.clone(),
                    language: language.as_str().to_owned(),
                },
            }),
    }
}
