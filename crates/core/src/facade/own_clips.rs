//! A person's own footage as a segment's take (issue 17, item 4), on the [`Core`] facade.
//!
//! [`Core::import_clip`] checks a video file before anything is written — not empty, at most
//! [`CLIP_FILE_MAX_BYTES`](reelforge_protocol::limits::CLIP_FILE_MAX_BYTES), read by ffprobe with a video stream, within the frame-size and
//! length limits ([`clip_check::check_limits`]), its first frame decoded by ffmpeg — then
//! copies it into the library (`assets/<sha256>.<ext>`, an asset of kind `video`). A refused
//! file leaves no row and no file.
//!
//! [`Core::use_segment_clip`] cuts the span its in/out points make into a take file
//! (`takes/<take>.mp4`, re-encoded at the clip's own size and rate; assembly normalises it
//! like a generated take) and records it as the segment's selected take without a provider
//! call: succeeded, cost 0, provider [`UPLOADED_CLIP_PROVIDER`]. A job that stopped for want
//! of that segment moves on to review.

use super::{Core, LIBRARY_DIR};
use crate::domain::job_state::JobEvent;
use crate::error::{CoreError, CoreResult};
use crate::media::clip_check::{self, ClipRefusal};
use crate::media::{self, MediaError, MediaInfo, MediaTools, RunOptions};
use crate::storage::{self, activity, assets, jobs, segments, take_media, takes};
use crate::time::now_ms;
use reelforge_protocol::limits::{CLIP_UPLOAD_MAX_BYTES, Limit};
use reelforge_protocol::{
    ActivityEntry, AssetId, EngineEvent, ImportedClip, JobDetail, JobStatus, TakeId, TakeStatus,
    UPLOADED_CLIP_PROVIDER, UseClipRequest,
};
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Path, PathBuf};

/// The asset kind of an imported clip.
const VIDEO_KIND: &str = "video";
/// Folder of the library holding take files (as the runner names it).
const TAKES_DIR: &str = "takes";

fn refused(name: &str, refusal: ClipRefusal) -> CoreError {
    CoreError::Clip {
        name: name.to_owned(),
        refusal,
    }
}

fn blocking_failed(name: &str, error: tokio::task::JoinError) -> CoreError {
    CoreError::Io {
        path: name.to_owned(),
        source: std::io::Error::other(error.to_string()),
    }
}

impl Core {
    /// Checks the video at `source` and copies it into the library as a clip (see the module
    /// documentation); importing the same content again answers the existing asset.
    pub async fn import_clip(&self, source: &Path) -> CoreResult<ImportedClip> {
        let name = source
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| source.display().to_string());
        let info = self.check_clip(source, &name).await?;
        let video = info.require_video()?.clone();
        let hashed = {
            let source = source.to_owned();
            tokio::task::spawn_blocking(move || sha256_of(&source))
        };
        let sha256 = hashed
            .await
            .map_err(|e| blocking_failed(&name, e))?
            .map_err(|source| CoreError::Io {
                path: name.clone(),
                source,
            })?;
        let relative = format!("{}/{sha256}.{}", super::ASSETS_DIR, extension_of(source));
        let target = self.data_dir().join(LIBRARY_DIR).join(&relative);
        let copied = {
            let (source, target) = (source.to_owned(), target.clone());
            tokio::task::spawn_blocking(move || {
                if target.is_file() {
                    return Ok(());
                }
                crate::durable::copy_durably(&source, &target).map(drop)
            })
        };
        copied
            .await
            .map_err(|e| blocking_failed(&name, e))?
            .map_err(|source| CoreError::Io {
                path: relative.clone(),
                source,
            })?;
        let record = assets::AssetRecord {
            id: AssetId(storage::new_id()),
            sha256,
            kind: VIDEO_KIND.into(),
            path: relative,
            original_name: name.clone(),
            mime: super::library::content_type(&target).into(),
            width: Some(i64::from(video.width)),
            height: Some(i64::from(video.height)),
            size_bytes: i64::try_from(info.size_bytes).unwrap_or(i64::MAX),
            created_at: now_ms(),
        };
        let mut tx = self.db().begin_write().await?;
        let asset_id = assets::insert_or_existing(&mut tx, &record).await?;
        tx.commit().await?;
        Ok(ImportedClip {
            asset_id,
            name,
            duration_ms: u64::try_from(info.clip_duration().as_millis()).unwrap_or(u64::MAX),
            width: video.width,
            height: video.height,
            has_audio: info.audio.is_some(),
            url: String::new(),
        })
    }

    /// What ffprobe reads in `source` once it passed every check of an import.
    async fn check_clip(&self, source: &Path, name: &str) -> CoreResult<MediaInfo> {
        let meta = std::fs::metadata(source).map_err(|e| {
            refused(
                name,
                ClipRefusal::Unreadable(format!("cannot be read: {e}")),
            )
        })?;
        if !meta.is_file() {
            return Err(refused(name, ClipRefusal::Unreadable("not a file".into())));
        }
        if meta.len() == 0 {
            return Err(refused(name, ClipRefusal::Empty));
        }
        Limit::ClipFileSize
            .check(meta.len())
            .map_err(|over| CoreError::limit(name, over))?;
        let tools = self.inner.tools.resolve()?;
        let info = probe_clip(&tools, source, name).await?;
        if let Err(why) = info.require_video() {
            return Err(refused(name, ClipRefusal::Unreadable(why.to_string())));
        }
        clip_check::check_limits(&info).map_err(|over| CoreError::limit(name, over))?;
        clip_check::check_decodes(&tools, source)
            .await
            .map_err(|why| refused(name, ClipRefusal::Unreadable(named(&why, source, name))))?;
        Ok(info)
    }

    /// Imports `bytes` as a clip named `name`, as [`Core::import_clip`] imports a file (the
    /// automation API's uploads; at most [`CLIP_UPLOAD_MAX_BYTES`], the file itself at most
    /// [`CLIP_FILE_MAX_BYTES`](reelforge_protocol::limits::CLIP_FILE_MAX_BYTES)).
    pub async fn import_clip_bytes(&self, name: &str, bytes: Vec<u8>) -> CoreResult<ImportedClip> {
        let upload = self
            .write_upload(name, bytes, CLIP_UPLOAD_MAX_BYTES)
            .await?;
        let imported = self.import_clip(upload.file()).await;
        imported.map_err(|error| upload.hide_path(error))
    }

    /// Cuts the request's span of an imported clip into a take and makes it the segment's
    /// selected take (see the module documentation). Refused while the segment has a take
    /// under way, and for a job being assembled or cancelled.
    pub async fn use_segment_clip(&self, req: &UseClipRequest) -> CoreResult<JobDetail> {
        let job_id = &req.segment.job_id;
        let (asset, segment_ms) = {
            let mut conn = self.db().reader().acquire().await?;
            let asset = assets::get(&mut conn, &req.asset_id).await?;
            if asset.kind != VIDEO_KIND {
                return Err(CoreError::validation(
                    "asset_id",
                    format!("{} is not an imported video clip", asset.original_name),
                ));
            }
            let segment = self.clip_segment(&mut conn, req).await?;
            (asset, u64::from(segment.duration_s) * 1000)
        };
        let name = asset.original_name.clone();
        let source = self.data_dir().join(LIBRARY_DIR).join(&asset.path);
        let tools = self.inner.tools.resolve()?;
        let info = probe_clip(&tools, &source, &name).await?;
        let clip_ms = u64::try_from(info.clip_duration().as_millis()).unwrap_or(u64::MAX);
        let (in_ms, out_ms) = clip_check::trim_span(clip_ms, req.in_ms, req.out_ms, segment_ms)
            .map_err(|refusal| refused(&name, refusal))?;

        let take_id = TakeId(storage::new_id());
        let target = self
            .data_dir()
            .join(LIBRARY_DIR)
            .join(TAKES_DIR)
            .join(format!("{}.mp4", take_id.as_str()));
        let take_file = TakeFile(target.clone(), false);
        let pending =
            crate::durable::PendingFile::new(&target).map_err(|source| CoreError::Io {
                path: target.display().to_string(),
                source,
            })?;
        let args = clip_check::trim_args(&source, in_ms, out_ms, pending.path());
        media::run_ffmpeg(&tools, args, RunOptions::default()).await?;
        tokio::task::spawn_blocking(move || pending.commit())
            .await
            .map_err(|e| blocking_failed(&name, e))?
            .map_err(|source| CoreError::Io {
                path: name.clone(),
                source,
            })?;
        let dir = target.parent().unwrap_or(Path::new("."));
        let known = media::prepare_take_media(&tools, &target, dir, RunOptions::default())
            .await
            .map(|made| made.known_probe())
            .map_err(|why| tracing::warn!("no preview for clip take {take_id}: {why}"))
            .ok();

        let now = now_ms();
        let mut tx = self.db().begin_write().await?;
        let segment = self.clip_segment(&mut tx, req).await?;
        let request_json = serde_json::json!({
            "origin": UPLOADED_CLIP_PROVIDER,
            "asset_id": req.asset_id,
            "name": asset.original_name,
            "in_ms": in_ms,
            "out_ms": out_ms,
        });
        let new = takes::NewTake {
            id: take_id.clone(),
            segment_id: segment.id.clone(),
            job_id: job_id.clone(),
            provider: UPLOADED_CLIP_PROVIDER.into(),
            model: None,
            request_json: request_json.to_string(),
            status: TakeStatus::Succeeded,
            estimated_cost_micros: 0,
        };
        takes::insert(&mut tx, &new, now).await?;
        takes::set_status(&mut tx, &take_id, TakeStatus::Succeeded, 100, None, now).await?;
        let relative = format!("{TAKES_DIR}/{}.mp4", take_id.as_str());
        takes::set_output_path(&mut tx, &take_id, &relative, now).await?;
        if let Some(known) = &known {
            take_media::upsert(&mut tx, &take_id, known, now).await?;
        }
        segments::select_take(&mut tx, &segment.id, Some(&take_id), now).await?;
        let selected = ActivityEntry::ClipUsed {
            index: segment.index,
            name: asset.original_name.clone(),
            in_ms,
            out_ms,
        };
        let events = move_on_when_ready(&mut tx, job_id, &selected, now).await?;
        tx.commit().await?;
        take_file.keep();
        self.emit(events);
        self.get_job(job_id).await
    }

    /// The request's segment, once the job allows a clip for it now: not while the job is
    /// assembled or cancelled, nor while a take of that segment is under way.
    async fn clip_segment(
        &self,
        conn: &mut sqlx::SqliteConnection,
        req: &UseClipRequest,
    ) -> CoreResult<segments::SegmentRecord> {
        let job = jobs::get(&mut *conn, &req.segment.job_id).await?;
        if matches!(job.status, JobStatus::Assembling | JobStatus::Cancelled) {
            return Err(CoreError::Conflict(format!(
                "a {} job takes no clip",
                job.status.as_str()
            )));
        }
        let all = segments::list_for_job(&mut *conn, &job.id).await?;
        let segment = all
            .into_iter()
            .find(|s| s.index == req.segment.index)
            .ok_or_else(|| {
                CoreError::validation(
                    "segment",
                    format!("segment {} does not exist", req.segment.index + 1),
                )
            })?;
        let busy = takes::list_for_job(&mut *conn, &job.id)
            .await?
            .iter()
            .any(|t| t.segment_id == segment.id && !t.status.is_terminal());
        if busy {
            return Err(CoreError::Conflict(format!(
                "segment {} is being generated: cancel it or wait before using a clip",
                segment.index + 1
            )));
        }
        Ok(segment)
    }
}

/// Logs `entry` and, when every segment now has a succeeded selected take and nothing is
/// under way, moves a generating or failed job to review; the events to send after commit.
async fn move_on_when_ready(
    conn: &mut sqlx::SqliteConnection,
    job_id: &reelforge_protocol::JobId,
    entry: &ActivityEntry,
    now: i64,
) -> CoreResult<Vec<EngineEvent>> {
    let job = jobs::get(&mut *conn, job_id).await?;
    let all = takes::list_for_job(&mut *conn, job_id).await?;
    let ready = segments::list_for_job(&mut *conn, job_id)
        .await?
        .iter()
        .all(|s| {
            s.selected_take.as_ref().is_some_and(|sel| {
                all.iter()
                    .any(|t| t.id == *sel && t.status == TakeStatus::Succeeded)
            })
        })
        && all.iter().all(|t| t.status.is_terminal());
    let refused =
        |e: crate::domain::job_state::InvalidJobTransition| CoreError::Conflict(e.to_string());
    let mut events = Vec::new();
    let mut job = job;
    if ready && job.status == JobStatus::Failed {
        let update =
            crate::job_transition::apply(conn, &job, JobEvent::Regenerate, entry, now, refused)
                .await?;
        events.extend(update);
        job = jobs::get(&mut *conn, job_id).await?;
    } else {
        activity::append(&mut *conn, job_id, now, entry).await?;
    }
    if ready && job.status == JobStatus::Generating {
        let update = crate::job_transition::apply(
            conn,
            &job,
            JobEvent::AllSegmentsReady,
            &ActivityEntry::ReadyForReview,
            now,
            refused,
        )
        .await?;
        events.extend(update);
    }
    if events.is_empty() {
        events.push(EngineEvent::JobUpdated {
            job_id: job_id.clone(),
            status: jobs::get(&mut *conn, job_id).await?.status,
        });
    }
    Ok(events)
}

/// ffprobe's summary of a clip; what it cannot read is the clip's refusal.
async fn probe_clip(tools: &MediaTools, path: &Path, name: &str) -> CoreResult<MediaInfo> {
    match media::probe(tools, path).await {
        Ok(info) => Ok(info),
        Err(MediaError::InputEmpty { .. }) => Err(refused(name, ClipRefusal::Empty)),
        Err(MediaError::InputUnreadable { reason, .. }) => Err(refused(
            name,
            ClipRefusal::Unreadable(named(&reason, path, name)),
        )),
        Err(other) => Err(other.into()),
    }
}

/// ffmpeg's `text` about `path` naming the file by `name` only: an answer never names a
/// path outside the library (an upload's place in the work folder).
fn named(text: &str, path: &Path, name: &str) -> String {
    let shown = path.display().to_string();
    text.replace(&format!("file:{shown}"), name)
        .replace(&shown, name)
}

/// A take file written before its row: removed (with its previews) unless kept.
struct TakeFile(PathBuf, bool);

impl TakeFile {
    fn keep(mut self) {
        self.1 = true;
    }
}

impl Drop for TakeFile {
    fn drop(&mut self) {
        if self.1 {
            return;
        }
        let stem = self.0.file_stem().unwrap_or_default().to_string_lossy();
        for suffix in ["thumb.jpg", "preview.mp4"] {
            let _ = std::fs::remove_file(self.0.with_file_name(format!("{stem}.{suffix}")));
        }
        let _ = std::fs::remove_file(&self.0);
    }
}

/// The library extension of an imported clip: its own when it is a known video container.
fn extension_of(source: &Path) -> String {
    let ext = source
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "mp4" | "m4v" | "mov" | "webm" | "mkv" => ext,
        _ => "video".to_owned(),
    }
}

/// The SHA-256 of the file at `path`, read in blocks.
fn sha256_of(path: &Path) -> std::io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 20];
    loop {
        let read = file.read(&mut buffer)?;
        if read == 0 {
            break;
        }
        hasher.update(&buffer[..read]);
    }
    Ok(format!("{:x}", hasher.finalize()))
}
