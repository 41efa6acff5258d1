//! Assembly action of the [`Core`] facade: a job's selected takes → the final video.
//!
//! [`Core::assemble_job`] takes each segment's selected succeeded take in order, uses the
//! narration as captions, reuses each take's stored ffprobe summary while its file is
//! unchanged, picks the export preset from the job's aspect ratio unless one is named
//! (`draft` too follows the job's shape), writes `<data dir>/exports/<title slug>-<short
//! id>.mp4` unless an output is given, and moves the job through `assembling` to `completed` (or back to `review` on failure),
//! logging each step in the job's activity.

use super::{Core, LIBRARY_DIR};
use crate::domain::job_state::JobEvent;
use crate::error::{CoreError, CoreResult};
use crate::job_transition;
use crate::media::{
    AssemblyRequest, AudioMix, Clip, ExportPreset, KnownProbe, RunOptions, SegmentCache,
    Transition, assemble, detect_video_encoder,
};
use crate::storage::{jobs, take_media};
use crate::time::now_ms;
use reelforge_protocol::{
    ActivityEntry, AspectRatio, AssemblyResult, JobDetail, JobId, TakeId, TakeStatus,
};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Folder of the data directory where finished videos go by default.
pub const EXPORTS_DIR: &str = "exports";
/// Folder of the data directory holding the normalised-segment cache.
const SEGMENT_CACHE_DIR: &str = "cache/segments";
/// Most bytes the normalised-segment cache keeps.
const SEGMENT_CACHE_MAX_BYTES: u64 = 2 * 1024 * 1024 * 1024;
/// Longest title slug in a default output name.
const SLUG_MAX_CHARS: usize = 60;
/// Characters of the job id in a default output name.
const SHORT_ID_CHARS: usize = 8;

/// How to assemble a job; the default assembles with cuts to the job's own shape.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AssembleOptions {
    /// The video to write; `None`: `<data dir>/exports/<title slug>-<short id>.mp4`.
    pub out: Option<PathBuf>,
    /// A preset name (see [`preset_named`]); `None`: the one for the job's aspect ratio.
    pub preset: Option<String>,
    pub transition: Transition,
    /// A music bed, ducked under the voice-over; a file outside the library is copied in.
    pub music: Option<PathBuf>,
    /// A voice-over track; a file outside the library is copied in.
    pub voice: Option<PathBuf>,
    /// Burn the captions into the picture as well as writing the `.srt`.
    pub burn_captions: bool,
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
        let clips = selected_clips(&detail, &files)?;
        let known_probes = self.known_probes(id, &files).await?;
        let output = match &options.out {
            Some(path) => absolute(path)?,
            None => {
                let dir = self.data_dir().join(EXPORTS_DIR);
                std::fs::create_dir_all(&dir).map_err(|source| CoreError::Io {
                    path: dir.display().to_string(),
                    source,
                })?;
                dir.join(default_file_name(&detail.summary.title, id))
            }
        };
        let Some(_assembling) = self.try_lock_assembly(id)? else {
            return Err(CoreError::Conflict(format!(
                "job {id} is being assembled by another Reelforge process"
            )));
        };
        let audio = AudioMix {
            music: options
                .music
                .as_deref()
                .map(|p| self.import_audio(p))
                .transpose()?,
            voice: options
                .voice
                .as_deref()
                .map(|p| self.import_audio(p))
                .transpose()?,
            normalize_loudness: options.music.is_some() || options.voice.is_some(),
        };

        let started = ActivityEntry::AssemblyStarted {
            segments: u32::try_from(clips.len()).unwrap_or(u32::MAX),
            preset: preset.id().to_owned(),
        };
        self.move_job(id, JobEvent::StartAssembly, &started).await?;
        let mut request = AssemblyRequest::new(clips, &output, preset);
        request.transition = options.transition;
        request.burn_captions = options.burn_captions;
        request.audio = audio;
        request.library = Some(self.data_dir().join(LIBRARY_DIR));
        request.known_probes = known_probes;
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
                    srt: assembly.srt.map(|p| p.display().to_string()),
                    preset: preset.id().to_owned(),
                    width,
                    height,
                    duration_ms: u64::try_from(assembly.info.duration.as_millis())
                        .unwrap_or(u64::MAX),
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
    async fn known_probes(
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
    async fn store_reprobed(
        &self,
        files: &HashMap<TakeId, PathBuf>,
        reprobed: &[KnownProbe],
    ) -> CoreResult<usize> {
        if reprobed.is_empty() {
            return Ok(0);
        }
        let mut conn = self.db().writer().acquire().await?;
        take_media::store_reprobed(&mut conn, files, reprobed, now_ms()).await
    }

    /// Finds ffmpeg, picks the encoder and the segment cache, and runs the assembly.
    async fn run_assembly(
        &self,
        mut request: AssemblyRequest,
    ) -> CoreResult<crate::media::Assembly> {
        let tools = self.inner.tools.resolve()?;
        request.encoder = detect_video_encoder(&tools).await;
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
    async fn move_job_recording(
        &self,
        id: &JobId,
        event: JobEvent,
        entry: &ActivityEntry,
        assembled: Option<&AssemblyResult>,
    ) -> CoreResult<()> {
        let now = now_ms();
        let mut tx = self.db().writer().begin().await?;
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
fn selected_clips(detail: &JobDetail, files: &HashMap<TakeId, PathBuf>) -> CoreResult<Vec<Clip>> {
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
            let narration = segment.narration.trim();
            Ok(Clip {
                path: path.clone(),
                narration: (!narration.is_empty()).then(|| narration.to_owned()),
                label,
            })
        })
        .collect()
}

/// The 1080p preset of the job's shape; 4:5 feed posts export vertically.
pub fn default_preset(aspect: AspectRatio) -> ExportPreset {
    match aspect {
        AspectRatio::Portrait | AspectRatio::Feed => ExportPreset::Vertical1080,
        AspectRatio::Landscape => ExportPreset::Landscape1080,
        AspectRatio::Square => ExportPreset::Square1080,
    }
}

/// The fast 720p draft of the job's shape, as [`default_preset`] picks the 1080p one: 9:16
/// and 4:5 → 720×1280, 16:9 → 1280×720, 1:1 → 720×720.
pub fn draft_preset(aspect: AspectRatio) -> ExportPreset {
    match aspect {
        AspectRatio::Portrait | AspectRatio::Feed => ExportPreset::DraftVertical720,
        AspectRatio::Landscape => ExportPreset::DraftLandscape720,
        AspectRatio::Square => ExportPreset::DraftSquare720,
    }
}

/// The preset a person names: a shape (`9x16` or `9:16`, `16x9`, `1x1`), `draft` (720p in
/// the job's shape), `draft-9x16`, `draft-16x9`, `draft-1x1`, or a preset id such as
/// `vertical-1080`.
pub fn preset_named(name: &str, aspect: AspectRatio) -> CoreResult<ExportPreset> {
    let name = name.trim().to_ascii_lowercase().replace(':', "x");
    let preset = match name.as_str() {
        "9x16" | "vertical" => Some(ExportPreset::Vertical1080),
        "16x9" | "landscape" => Some(ExportPreset::Landscape1080),
        "1x1" | "square" => Some(ExportPreset::Square1080),
        "draft" => Some(draft_preset(aspect)),
        "draft-9x16" => Some(ExportPreset::DraftVertical720),
        "draft-16x9" => Some(ExportPreset::DraftLandscape720),
        "draft-1x1" => Some(ExportPreset::DraftSquare720),
        other => ExportPreset::from_id(other),
    };
    preset.ok_or_else(|| {
        let ids: Vec<&str> = ExportPreset::ALL.iter().map(|p| p.id()).collect();
        CoreError::validation(
            "preset",
            format!(
                "unknown preset `{name}` (expected 9x16, 16x9, 1x1, draft, draft-9x16, \
                 draft-16x9, draft-1x1 or one of {})",
                ids.join(", ")
            ),
        )
    })
}

/// `<title slug>-<short id>.mp4`.
fn default_file_name(title: &str, id: &JobId) -> String {
    let short: String = id
        .as_str()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(SHORT_ID_CHARS)
        .collect();
    format!("{}-{short}.mp4", title_slug(title))
}

/// Lowercase ASCII letters and digits, runs of anything else as one `-`; `video` when
/// nothing is left.
fn title_slug(title: &str) -> String {
    let mut slug = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            if slug.len() >= SLUG_MAX_CHARS {
                break;
            }
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "video".to_owned()
    } else {
        slug.to_owned()
    }
}

/// `path` made absolute against the current directory.
fn absolute(path: &Path) -> CoreResult<PathBuf> {
    std::path::absolute(path).map_err(|source| CoreError::Io {
        path: path.display().to_string(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_preset_follows_the_job_shape() {
        assert_eq!(
            default_preset(AspectRatio::Portrait),
            ExportPreset::Vertical1080
        );
        assert_eq!(
            default_preset(AspectRatio::Landscape),
            ExportPreset::Landscape1080
        );
        assert_eq!(
            default_preset(AspectRatio::Square),
            ExportPreset::Square1080
        );
        assert_eq!(
            default_preset(AspectRatio::Feed),
            ExportPreset::Vertical1080
        );
    }

    #[test]
    fn presets_are_named_by_shape_draft_or_id() {
        let square = AspectRatio::Square;
        assert_eq!(
            preset_named("9x16", square).unwrap(),
            ExportPreset::Vertical1080
        );
        assert_eq!(
            preset_named("16:9", square).unwrap(),
            ExportPreset::Landscape1080
        );
        assert_eq!(
            preset_named(" 1X1 ", square).unwrap(),
            ExportPreset::Square1080
        );
        assert_eq!(
            preset_named("draft", AspectRatio::Landscape).unwrap(),
            ExportPreset::DraftLandscape720
        );
        assert_eq!(
            preset_named("draft", AspectRatio::Portrait).unwrap(),
            ExportPreset::DraftVertical720
        );
        let draft_square = preset_named("draft", square).unwrap();
        assert_eq!(draft_square, ExportPreset::DraftSquare720);
        assert_eq!(draft_square.size(), (720, 720));
        assert_eq!(
            preset_named("draft", AspectRatio::Feed).unwrap().size(),
            (720, 1280)
        );
        assert_eq!(
            preset_named("draft-1x1", AspectRatio::Portrait).unwrap(),
            ExportPreset::DraftSquare720
        );
        for preset in ExportPreset::ALL {
            assert_eq!(preset_named(preset.id(), square).unwrap(), preset);
        }
        let err = preset_named("4k", square).unwrap_err();
        assert!(err.to_string().contains("unknown preset `4k`"), "{err}");
    }

    #[test]
    fn default_names_are_a_title_slug_and_a_short_id() {
        let id = JobId("0f3a9c2e-1b2c-4d5e-8f90-123456789abc".to_owned());
        assert_eq!(
            default_file_name("3 astuces Python — vite !", &id),
            "3-astuces-python-vite-0f3a9c2e.mp4"
        );
        assert_eq!(default_file_name("¡¿!", &id), "video-0f3a9c2e.mp4");
        assert!(title_slug(&"a".repeat(500)).len() <= SLUG_MAX_CHARS);
    }
}
