//! Assembly action of the [`Core`] facade: a job's selected takes → the final video.
//!
//! [`Core::assemble_job`] takes each segment's selected succeeded take in order, has each
//! narration spoken (see [`narration`](super::narration)) and burned in as word-by-word
//! captions unless told otherwise, reuses each take's stored ffprobe summary while its file is
//! unchanged, picks the export preset from the job's aspect ratio unless one is named
//! (`draft` too follows the job's shape), crops a take of another shape to fill the frame,
//! writes `<data dir>/exports/<title slug>-<short id>.mp4` (`…-<preset id>.mp4` for another
//! shape than the job's) unless an output is given, and moves the job through `assembling` to `completed` (or back to `review` on failure),
//! logging each step in the job's activity.

use super::export_target::{absolute, default_preset, preset_file_name, preset_named};
use super::{Core, LIBRARY_DIR};
use crate::domain::job_state::JobEvent;
use crate::error::{CoreError, CoreResult};
use crate::job_transition;
use crate::media::encoder_memory::remembered_video_encoder;
use crate::media::{
    AssemblyRequest, AudioMix, Clip, FrameFit, KnownProbe, RunOptions, SegmentCache, Transition,
    assemble,
};
use crate::storage::{jobs, take_media};
use crate::time::now_ms;
use crate::voice::spoken_text::spoken_text;
use reelforge_protocol::{
    ActivityEntry, AssembledSegment, AssemblyResult, CaptionPlatform, CaptionStyle, JobDetail,
    JobId, NarrationChoice, TakeId, TakeStatus,
};
use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

/// Folder of the data directory where finished videos go by default.
pub const EXPORTS_DIR: &str = "exports";
/// Folder of the data directory holding the normalised-segment cache.
const SEGMENT_CACHE_DIR: &str = "cache/segments";
/// File of the data directory remembering which H.264 encoder works here.
pub(super) const VIDEO_ENCODER_FILE: &str = "cache/video-encoder.json";
/// Most bytes the normalised-segment cache keeps.
const SEGMENT_CACHE_MAX_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// How to assemble a job; the default assembles with cuts to the job's own shape, the
/// narration spoken by the offline voice and its captions burned in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssembleOptions {
    /// The video to write; `None`: `<data dir>/exports/<title slug>-<short id>.mp4`.
    pub out: Option<PathBuf>,
    /// A preset name (see [`preset_named`]); `None`: the one for the job's aspect ratio.
    pub preset: Option<String>,
    pub transition: Transition,
    /// A music bed, ducked under the voice-over; a file outside the library is copied in.
    pub music: Option<PathBuf>,
    /// Without `music`, take the bed from the music library when it has tracks (picked by
    /// the video's length: see [`Core::music_library`]).
    pub music_from_library: bool,
    /// A voice-over track; a file outside the library is copied in.
    pub voice: Option<PathBuf>,
    /// Caption the voice-over word by word from its transcription (the `openai` provider's
    /// `/audio/transcriptions`, or the OpenAI-compatible server at its base URL).
    pub transcribe_voice_over: bool,
    /// Burn the captions into the picture as well as writing the `.srt` and `.ass`.
    pub burn_captions: bool,
    /// How the captions look (`none`: not burned).
    pub caption_style: CaptionStyle,
    /// Whose safe zone holds them on a vertical frame.
    pub caption_platform: CaptionPlatform,
    /// Speak each segment's narration (unless `voice` gives a voice-over file).
    pub narration: NarrationChoice,
}

impl Default for AssembleOptions {
    fn default() -> Self {
        Self {
            out: None,
            preset: None,
            transition: Transition::Cut,
            music: None,
            music_from_library: false,
            voice: None,
            transcribe_voice_over: false,
            burn_captions: true,
            caption_style: CaptionStyle::default(),
            caption_platform: CaptionPlatform::default(),
            narration: NarrationChoice::default(),
        }
    }
}

impl Core {
    /// Assembles the job's selected takes into one video with its `.srt` beside it (same
    /// stem). Refused, naming the segment, when a segment has no succeeded selected take; a
    /// failed assembly leaves no file behind and puts the job back in review.
    pub async fn assemble_job(
        &self,
        id: &JobId,
        options: AssembleOptions,
    ) -> CoreResult<AssemblyResult> {
        let detail = self.get_job(id).await?;
        let aspect = detail.config.aspect_ratio;
        let preset = match &options.preset {
            Some(name) => preset_named(name, aspect)?,
            None => default_preset(aspect),
        };
        let files = self.take_output_files(id).await?;
        let mut clips = selected_clips(&detail, &files)?;
        let known_probes = self.known_probes(id, &files).await?;
        let output = match &options.out {
            Some(path) => absolute(path)?,
            None => {
                let dir = self.data_dir().join(EXPORTS_DIR);
                std::fs::create_dir_all(&dir).map_err(|source| CoreError::Io {
                    path: dir.display().to_string(),
                    source,
                })?;
                dir.join(preset_file_name(&detail.summary.title, id, preset, aspect))
            }
        };
        let Some(_assembling) = self.try_lock_assembly(id)? else {
            return Err(CoreError::Conflict(format!(
                "job {id} is being assembled by another Reelforge process"
            )));
        };
        let music_source = match &options.music {
            Some(path) => Some(path.clone()),
            None if options.music_from_library => {
                let length = detail
                    .segments
                    .iter()
                    .map(|s| u64::from(s.duration_s))
                    .sum();
                self.library_music_for(Duration::from_secs(length)).await?
            }
            None => None,
        };
        let music = match music_source.as_deref() {
            Some(p) => Some(self.import_audio(p).await?),
            None => None,
        };
        let voice = match options.voice.as_deref() {
            Some(p) => Some(self.import_audio(p).await?),
            None => None,
        };
        let audio = AudioMix {
            music,
            voice,
            normalize_loudness: music_source.is_some() || options.voice.is_some(),
        };

        let narration = if options.narration.enabled && options.voice.is_none() {
            self.narrate_clips(&detail, &options.narration, &mut clips)
                .await?
        } else {
            None
        };

        // Before the job moves to assembling: a refused transcription changes nothing.
        let voice_over_words = match (&audio.voice, options.transcribe_voice_over) {
            (Some(voice_over), true) => {
                let env = &self.inner.provider_env;
                crate::voice::transcription::OpenAiTranscriber::openai(env)
                    .words(voice_over)
                    .await
                    .map_err(|source| CoreError::Voice {
                        segment: "voice-over".to_owned(),
                        source,
                    })?
            }
            _ => Vec::new(),
        };
        let voice_lengths: Vec<Option<Duration>> = clips
            .iter()
            .map(|c| c.voice.as_ref().map(|v| v.duration))
            .collect();
        let started = ActivityEntry::AssemblyStarted {
            segments: u32::try_from(clips.len()).unwrap_or(u32::MAX),
            preset: preset.id().to_owned(),
        };
        self.move_job(id, JobEvent::StartAssembly, &started).await?;
        let mut request = AssemblyRequest::new(clips, &output, preset);
        // A take of another shape is cropped to fill the frame, never letterboxed.
        request.fit = FrameFit::Fill;
        request.transition = options.transition;
        request.burn_captions = options.burn_captions;
        request.caption_style = options.caption_style;
        request.caption_platform = options.caption_platform;
        request.audio = audio;
        request.library = Some(self.data_dir().join(LIBRARY_DIR));
        request.known_probes = known_probes;
        request.voice_over_words = voice_over_words;
        match self.run_assembly(request).await {
            Ok(assembly) => {
                // Keep what was probed again (new or changed take files) so the next assembly
                // reads it from the database; a failure here costs only a probe next time.
                if let Err(error) = self.store_reprobed(&files, &assembly.reprobed).await {
                    tracing::warn!(job = %id, "could not store the re-probed take summaries: {error}");
                }
                let assembled = ActivityEntry::Assembled {
                    output: assembly.output.display().to_string(),
                };
                let (width, height) = preset.size();
                let result = AssemblyResult {
                    job_id: id.clone(),
                    output: assembly.output.display().to_string(),
                    srt: assembly.srt.as_ref().map(|p| p.display().to_string()),
                    ass: assembly.ass.as_ref().map(|p| p.display().to_string()),
                    preset: preset.id().to_owned(),
                    width,
                    height,
                    duration_ms: u64::try_from(assembly.info.duration.as_millis())
                        .unwrap_or(u64::MAX),
                    narration,
                    segments: assembled_segments(&assembly, &voice_lengths),
                    exports: Vec::new(),
                };
                self.move_job_recording(id, JobEvent::AssemblySucceeded, &assembled, Some(&result))
                    .await?;
                Ok(result)
            }
            Err(err) => {
                let failed = ActivityEntry::AssemblyFailed {
                    code: err.code(),
                    detail: err.to_string(),
                };
                if let Err(status_err) = self.move_job(id, JobEvent::AssemblyFailed, &failed).await
                {
                    tracing::warn!(job = %id, "could not record the failed assembly: {status_err}");
                }
                Err(err)
            }
        }
    }

    /// The ffprobe summaries stored with the job's takes, by output file; assembly probes
    /// only the files that changed since.
    pub(super) async fn known_probes(
        &self,
        id: &JobId,
        files: &HashMap<TakeId, PathBuf>,
    ) -> CoreResult<HashMap<PathBuf, KnownProbe>> {
        let mut conn = self.db().reader().acquire().await?;
        let stored = take_media::for_job(&mut conn, id).await?;
        Ok(stored
            .into_iter()
            .filter_map(|(take, known)| files.get(&take).map(|path| (path.clone(), known)))
            .collect())
    }

    /// Stores the summaries an assembly probed again for the takes whose files they describe.
    pub(super) async fn store_reprobed(
        &self,
        files: &HashMap<TakeId, PathBuf>,
        reprobed: &[KnownProbe],
    ) -> CoreResult<usize> {
        if reprobed.is_empty() {
            return Ok(0);
        }
        let mut tx = self.db().begin_write().await?;
        let stored = take_media::store_reprobed(&mut tx, files, reprobed, now_ms()).await?;
        tx.commit().await?;
        Ok(stored)
    }

    /// Finds ffmpeg, picks the encoder (remembered between runs) and the segment cache, and
    /// runs the assembly.
    async fn run_assembly(
        &self,
        mut request: AssemblyRequest,
    ) -> CoreResult<crate::media::Assembly> {
        let tools = self.inner.tools.resolve()?;
        let remembered = self.data_dir().join(VIDEO_ENCODER_FILE);
        request.encoder = remembered_video_encoder(&tools, &remembered).await;
        request.cache = Some(SegmentCache::open(
            self.data_dir().join(SEGMENT_CACHE_DIR),
            SEGMENT_CACHE_MAX_BYTES,
        )?);
        Ok(assemble(&tools, &request, RunOptions::default()).await?)
    }

    /// Applies an assembly event to the job's status in one transaction, logs `entry`, and
    /// tells listeners.
    pub(super) async fn move_job(
        &self,
        id: &JobId,
        event: JobEvent,
        entry: &ActivityEntry,
    ) -> CoreResult<()> {
        self.move_job_recording(id, event, entry, None).await
    }

    /// [`Core::move_job`], also storing `assembled` as the job's last assembly in the same
    /// transaction, so whoever re-reads the job on the event sees it.
    pub(super) async fn move_job_recording(
        &self,
        id: &JobId,
        event: JobEvent,
        entry: &ActivityEntry,
        assembled: Option<&AssemblyResult>,
    ) -> CoreResult<()> {
        let now = now_ms();
        let mut tx = self.db().begin_write().await?;
        let job = jobs::get(&mut tx, id).await?;
        let update = job_transition::apply(&mut tx, &job, event, entry, now, |e| {
            CoreError::Conflict(format!(
                "a {} job cannot be assembled: only a job in review or completed can",
                e.status.as_str()
            ))
        })
        .await?;
        if let Some(result) = assembled {
            jobs::set_last_assembly(&mut tx, id, result).await?;
        }
        tx.commit().await?;
        self.emit(update);
        Ok(())
    }
}

/// Each segment's selected succeeded take as a clip, in order, with its narration; an error
/// names the first segment that has none.
pub(super) fn selected_clips(
    detail: &JobDetail,
    files: &HashMap<TakeId, PathBuf>,
) -> CoreResult<Vec<Clip>> {
    let mut sorted: Vec<_> = detail.segments.iter().collect();
    sorted.sort_by_key(|s| s.index);
    sorted
        .into_iter()
        .map(|segment| {
            let label = format!("segment {}", segment.index + 1);
            let path = segment
                .selected_take
                .as_ref()
                .filter(|take| {
                    segment
                        .takes
                        .iter()
                        .any(|t| t.id == **take && t.status == TakeStatus::Succeeded)
                })
                .and_then(|take| files.get(take))
                .ok_or_else(|| {
                    CoreError::Conflict(format!(
                        "{label} has no generated take to assemble: generate it first"
                    ))
                })?;
            // Captions never show stage directions, spoken or not.
            let narration = spoken_text(&segment.narration);
            Ok(Clip {
                path: path.clone(),
                narration: (!narration.is_empty()).then_some(narration),
                label,
                voice: None,
            })
        })
        .collect()
}

/// Each segment's span on the assembled timeline, with its voice's length.
fn assembled_segments(
    assembly: &crate::media::Assembly,
    voices: &[Option<Duration>],
) -> Vec<AssembledSegment> {
    let ms = |d: Duration| u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
    assembly
        .timeline
        .spans
        .iter()
        .zip(voices)
        .map(|(span, voice)| AssembledSegment {
            start_ms: ms(span.start),
            end_ms: ms(span.end),
            voice_ms: voice.map(ms),
        })
        .collect()
}
