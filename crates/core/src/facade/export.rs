//! Multi-format export action of the [`Core`] facade: [`Core::export_job`] turns a job's
//! selected takes into one video per platform format (`reels`, `feed45`, `youtube`, … see
//! [`EXPORT_FORMATS`](reelforge_protocol::EXPORT_FORMATS)) in one run, reframed (crop around
//! each segment's focus, or fit over a blurred fill) rather than letterboxed, each named
//! `<title slug>-<short id>-<format>.mp4` and never written over an earlier export unless
//! asked (a free `-2`, `-3` … name is taken instead), each with a cover image (`.jpg`, a
//! frame a second in, the job's title drawn on it when asked) beside it, and a metadata
//! sidecar (title, description, hashtags; see [`export_sidecar`](super::export_sidecar)). The files are
//! listed on the job's last assembly with their sizes; with `timelines`, the edit for an editor too (see
//! [`export_timelines`](super::export_timelines)).

use super::assembly::{AssembleOptions, EXPORTS_DIR, VIDEO_ENCODER_FILE, selected_clips};
use super::export_target::{absolute, default_file_name, default_preset};
use super::export_timelines::{Handoff, handoff_folder, timelines_named, write_handoff};
use super::{Core, LIBRARY_DIR};
use crate::domain::job_state::JobEvent;
use crate::error::{CoreError, CoreResult};
use crate::media::cover::{cover_time, write_cover};
use crate::media::encoder_memory::remembered_video_encoder;
use crate::media::loudness::target;
use crate::media::{
    AssemblyRequest, AudioMix, ExportPreset, FormatTarget, FormatsRequest, FrameFit, RunOptions,
    export_formats,
};
use reelforge_protocol::{
    ActivityEntry, AspectRatio, AssemblyResult, ExportFormat, ExportedFile, JobId,
};
use std::path::{Path, PathBuf};

/// How the picture of another shape fills each format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Reframe {
    /// Crop to cover, around each segment's focus (the centre by default).
    #[default]
    Crop,
    /// Fit the whole picture over a blurred fill of itself.
    Blur,
}

/// What to export: the formats, how to reframe, where, and the assembly's own choices
/// (captions, narration, audio, transition; its `out` and `preset` are not used).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportOptions {
    /// Format ids or shapes (`reels`, `feed45`, `4x5`, `youtube`, `draft`…), in order.
    pub formats: Vec<String>,
    pub reframe: Reframe,
    /// The folder to write to; `None`: `<data dir>/exports`.
    pub out_dir: Option<PathBuf>,
    /// Write over files of the same names instead of taking free ones.
    pub overwrite: bool,
    /// Timelines for editors (`otio`, `fcpxml`, `edl`), with copies of the media, in a
    /// `<name>-timeline` folder beside the videos.
    pub timelines: Vec<String>,
    /// Draw the job's title on each cover.
    pub cover_title: bool,
    pub assembly: AssembleOptions,
}

/// The formats named, in order, without repeats; an unknown name is refused listing the known.
pub fn formats_named(names: &[String]) -> CoreResult<Vec<ExportFormat>> {
    let mut formats: Vec<ExportFormat> = Vec::new();
    for name in names
        .iter()
        .flat_map(|n| n.split(','))
        .filter(|n| !n.trim().is_empty())
    {
        let format = ExportFormat::named(name).ok_or_else(|| {
            let known: Vec<&str> = reelforge_protocol::EXPORT_FORMATS
                .iter()
                .map(|f| f.id)
                .collect();
            CoreError::validation(
                "format",
                format!(
                    "unknown format `{}` (expected {})",
                    name.trim(),
                    known.join(", ")
                ),
            )
        })?;
        if !formats.contains(&format) {
            formats.push(format);
        }
    }
    if formats.is_empty() {
        return Err(CoreError::validation("format", "name at least one format"));
    }
    Ok(formats)
}

/// The engine preset drawing `format` for a job of `aspect`.
pub fn preset_for(format: &ExportFormat, aspect: AspectRatio) -> ExportPreset {
    let size = format.size_for(aspect);
    let found = ExportPreset::ALL
        .into_iter()
        .find(|p| p.size() == size && p.is_draft() == format.draft);
    found.unwrap_or_else(|| default_preset(aspect))
}

/// `<stem>-<format>.mp4` in `dir`, or with `-2`, `-3` … when that name is taken and
/// overwriting was not asked.
fn free_name(dir: &Path, stem: &str, format: &str, overwrite: bool) -> PathBuf {
    let first = dir.join(format!("{stem}-{format}.mp4"));
    if overwrite || !first.exists() {
        return first;
    }
    (2..)
        .map(|n| dir.join(format!("{stem}-{format}-{n}.mp4")))
        .find(|p| !p.exists())
        .unwrap_or(first)
}

impl Core {
    /// Exports the job to every format in `options` in one run; refused (nothing written)
    /// when a segment has no take or a format is unknown. The job goes through `assembling`
    /// to `completed`, back to review on failure, as for [`Core::assemble_job`].
    pub async fn export_job(
        &self,
        id: &JobId,
        options: ExportOptions,
    ) -> CoreResult<AssemblyResult> {
        let formats = formats_named(&options.formats)?;
        let kinds = timelines_named(&options.timelines)?;
        let cover_title = options.cover_title;
        let detail = self.get_job(id).await?;
        let aspect = detail.config.aspect_ratio;
        let files = self.take_output_files(id).await?;
        let mut clips = selected_clips(&detail, &files)?;
        let known_probes = self.known_probes(id, &files).await?;
        let dir = match &options.out_dir {
            Some(dir) => absolute(dir)?,
            None => self.data_dir().join(EXPORTS_DIR),
        };
        std::fs::create_dir_all(&dir).map_err(|source| CoreError::Io {
            path: dir.display().to_string(),
            source,
        })?;
        let name = default_file_name(&detail.summary.title, id);
        let stem = name.trim_end_matches(".mp4");
        let targets: Vec<FormatTarget> = formats
            .iter()
            .map(|f| FormatTarget {
                preset: preset_for(f, aspect),
                safe_zone: f.safe_zone,
                loudness: target(f.loudness_tenths_lufs, f.true_peak_tenths_db),
                max_video_kbps: f.max_video_kbps,
                output: free_name(&dir, stem, f.id, options.overwrite),
            })
            .collect();
        let Some(_assembling) = self.try_lock_assembly(id)? else {
            return Err(CoreError::Conflict(format!(
                "job {id} is being assembled by another Reelforge process"
            )));
        };
        let a = &options.assembly;
        let music = match a.music.as_deref() {
            Some(p) => Some(self.import_audio(p).await?),
            None => None,
        };
        let voice = match a.voice.as_deref() {
            Some(p) => Some(self.import_audio(p).await?),
            None => None,
        };
        let narration = if a.narration.enabled && a.voice.is_none() {
            self.narrate_clips(&detail, &a.narration, &mut clips)
                .await?
        } else {
            None
        };
        let ids: Vec<&str> = formats.iter().map(|f| f.id).collect();
        let started = ActivityEntry::AssemblyStarted {
            segments: u32::try_from(clips.len()).unwrap_or(u32::MAX),
            preset: ids.join(","),
        };
        self.move_job(id, JobEvent::StartAssembly, &started).await?;
        let mut base = AssemblyRequest::new(clips, &targets[0].output, targets[0].preset);
        base.transition = a.transition;
        base.burn_captions = a.burn_captions;
        base.caption_style = a.caption_style;
        base.caption_platform = a.caption_platform;
        base.audio = AudioMix {
            normalize_loudness: music.is_some() || voice.is_some(),
            music,
            voice,
        };
        base.library = Some(self.data_dir().join(LIBRARY_DIR));
        base.known_probes = known_probes;
        let focus = self.segment_focus(id, &detail).await?;
        let takes: Vec<PathBuf> = base.clips.iter().map(|c| c.path.clone()).collect();
        let music_copy = base.audio.music.clone();
        let handoff = match kinds.is_empty() {
            true => None,
            false => Some(handoff_folder(&dir, stem, options.overwrite)?),
        };
        let request = FormatsRequest {
            base,
            focus,
            fit: match options.reframe {
                Reframe::Crop => FrameFit::Fill,
                Reframe::Blur => FrameFit::Blur,
            },
            targets,
            overwrite: options.overwrite,
            keep_voice: handoff.as_ref().map(|f| f.join("media").join("voice.wav")),
        };
        let outcome = async {
            let tools = self.inner.tools.resolve()?;
            let remembered = self.data_dir().join(VIDEO_ENCODER_FILE);
            let mut request = request;
            request.base.encoder = remembered_video_encoder(&tools, &remembered).await;
            let export = export_formats(&tools, &request, RunOptions::default()).await?;
            // A cover per format: its frame a second in (titled when asked), beside the video.
            let mut covers = Vec::with_capacity(export.files.len());
            for file in &export.files {
                let cover = file.output.with_extension("jpg");
                let at = cover_time(export.timeline.total);
                let title = cover_title.then_some(detail.summary.title.as_str());
                write_cover(&tools, &file.output, at, &cover, title).await?;
                covers.push(cover);
            }
            let timelines = match &handoff {
                Some(folder) => write_handoff(
                    &Handoff {
                        folder,
                        stem,
                        title: &detail.summary.title,
                        kinds: &kinds,
                        takes: &takes,
                        music: music_copy.as_deref(),
                        size: request.targets[0].preset.size(),
                        fps: request.targets[0].preset.fps(),
                        transition: request.base.transition,
                    },
                    &export,
                )?,
                None => Vec::new(),
            };
            Ok::<_, CoreError>((export, covers, timelines))
        }
        .await;
        // The post's words, written once the videos are (a sidecar listing their names).
        let outcome = match outcome {
            Ok(done) => self
                .export_sidecar(
                    &detail,
                    &dir,
                    stem,
                    &formats,
                    (&done.0, &done.1),
                    options.overwrite,
                )
                .await
                .map(|sidecar| (done, sidecar)),
            Err(error) => Err(error),
        };
        match outcome {
            Ok(((export, covers, timelines), sidecar)) => {
                if let Err(error) = self.store_reprobed(&files, &export.reprobed).await {
                    tracing::warn!(job = %id, "could not store the re-probed take summaries: {error}");
                }
                let mut exports: Vec<ExportedFile> = formats
                    .iter()
                    .zip(&export.files)
                    .map(|(format, file)| {
                        let (width, height) = file
                            .info
                            .video
                            .as_ref()
                            .map_or((0, 0), |v| (v.width, v.height));
                        ExportedFile {
                            format: format.id.to_owned(),
                            path: file.output.display().to_string(),
                            width,
                            height,
                            bytes: file.bytes,
                        }
                    })
                    .collect();
                for ((format, file), cover) in formats.iter().zip(&export.files).zip(&covers) {
                    let bytes = std::fs::metadata(cover).map_or(0, |m| m.len());
                    let (width, height) = file
                        .info
                        .video
                        .as_ref()
                        .map_or((0, 0), |v| (v.width, v.height));
                    exports.push(ExportedFile {
                        format: format!("{}-cover", format.id),
                        path: cover.display().to_string(),
                        width,
                        height,
                        bytes,
                    });
                }
                exports.extend(timelines);
                exports.extend(sidecar);
                let first = &exports[0];
                let result = AssemblyResult {
                    job_id: id.clone(),
                    output: first.path.clone(),
                    srt: None,
                    ass: None,
                    preset: preset_for(&formats[0], aspect).id().to_owned(),
                    width: first.width,
                    height: first.height,
                    duration_ms: u64::try_from(export.timeline.total.as_millis())
                        .unwrap_or(u64::MAX),
                    narration,
                    segments: Vec::new(),
                    exports,
                };
                let assembled = ActivityEntry::Assembled {
                    output: result.output.clone(),
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
                    tracing::warn!(job = %id, "could not record the failed export: {status_err}");
                }
                Err(err)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_named_once_each_and_drawn_in_the_job_shape() {
        let names = vec![
            "reels,feed45".to_owned(),
            "4:5".to_owned(),
            "16x9".to_owned(),
        ];
        let ids: Vec<&str> = formats_named(&names)
            .unwrap()
            .iter()
            .map(|f| f.id)
            .collect();
        assert_eq!(ids, ["reels", "feed45", "youtube"]);
        let err = formats_named(&["vhs".to_owned()]).unwrap_err();
        assert!(err.to_string().contains("unknown format `vhs`"), "{err}");
        let feed = ExportFormat::named("feed45").unwrap();
        assert_eq!(
            preset_for(&feed, AspectRatio::Portrait),
            ExportPreset::Feed1080
        );
        let draft = ExportFormat::named("draft").unwrap();
        assert_eq!(
            preset_for(&draft, AspectRatio::Square),
            ExportPreset::DraftSquare720
        );
    }

    #[test]
    fn an_earlier_export_keeps_its_name_unless_overwriting_is_asked() {
        let dir = tempfile::tempdir().unwrap();
        let first = free_name(dir.path(), "cats-0f3a", "reels", false);
        assert_eq!(first, dir.path().join("cats-0f3a-reels.mp4"));
        std::fs::write(&first, b"x").unwrap();
        assert_eq!(
            free_name(dir.path(), "cats-0f3a", "reels", false),
            dir.path().join("cats-0f3a-reels-2.mp4")
        );
        assert_eq!(free_name(dir.path(), "cats-0f3a", "reels", true), first);
    }
}
