//! What keeps assemblies safe across processes and crashes: a per-job assembly lock (an OS
//! file lock, released when its holder exits, even by a crash), recovery of jobs left
//! `assembling` by a process that died mid-assembly, and the import of music and voice-over
//! files into the library (ffmpeg only ever reads from the library). The app names imported
//! audio by an opaque [`AudioId`] (the stored file's name under `library/audio`), never by
//! path: [`Core::import_audio_file`] gives it, [`Core::audio_path`] resolves it.

use super::{Core, LIBRARY_DIR};
use crate::domain::job_state::JobEvent;
use crate::error::{CoreError, CoreResult};
use crate::media::probe;
use crate::storage::jobs;
use reelforge_protocol::{ActivityEntry, AudioId, ImportedAudio, JobId, JobStatus};
use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

/// Folder of the data directory holding the lock files.
const LOCKS_DIR: &str = "locks";
/// Folder of the library holding imported audio.
const AUDIO_DIR: &str = "audio";

/// Held while one job is being assembled.
#[derive(Debug)]
pub(super) struct AssemblyGuard {
    _file: File,
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> CoreError + '_ {
    move |source| CoreError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// [`io`] for the audio file the person chose: one that does not exist is not found.
fn chosen(path: &Path) -> impl Fn(std::io::Error) -> CoreError + '_ {
    move |source| match source.kind() {
        std::io::ErrorKind::NotFound => {
            CoreError::not_found("audio file", path.display().to_string())
        }
        _ => io(path)(source),
    }
}

impl Core {
    /// Takes `job`'s assembly lock; `Ok(None)` when another process holds it.
    pub(super) fn try_lock_assembly(&self, job: &JobId) -> CoreResult<Option<AssemblyGuard>> {
        let dir = self.data_dir().join(LOCKS_DIR);
        std::fs::create_dir_all(&dir).map_err(io(&dir))?;
        let path = dir.join(format!("assembly-{}.lock", job.as_str()));
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(io(&path))?;
        match file.try_lock() {
            Ok(()) => Ok(Some(AssemblyGuard { _file: file })),
            Err(TryLockError::WouldBlock) => Ok(None),
            Err(TryLockError::Error(source)) => Err(io(&path)(source)),
        }
    }

    /// Puts every job left `assembling` by a process that stopped mid-assembly back in
    /// review, with a line in its activity; jobs another process is assembling right now are
    /// left alone. Returns how many were recovered. Run by whoever starts the engine.
    pub async fn recover_interrupted_assemblies(&self) -> CoreResult<u32> {
        let stuck = {
            let mut conn = self.db().reader().acquire().await?;
            jobs::ids_with_status(&mut conn, JobStatus::Assembling).await?
        };
        let mut recovered = 0;
        for id in stuck {
            let Some(_guard) = self.try_lock_assembly(&id)? else {
                continue;
            };
            self.move_job(
                &id,
                JobEvent::AssemblyFailed,
                &ActivityEntry::AssemblyInterrupted,
            )
            .await?;
            recovered += 1;
        }
        Ok(recovered)
    }

    /// `path` if it is already inside the library, else a copy of it in the library's audio
    /// folder (checked to be audio first: a refused file is never copied; then written
    /// durably), so ffmpeg reads library files only.
    pub(super) async fn import_audio(&self, path: &Path) -> CoreResult<PathBuf> {
        let library = self.data_dir().join(LIBRARY_DIR);
        let source = std::path::absolute(path).map_err(io(path))?;
        let meta = std::fs::metadata(&source).map_err(chosen(&source))?;
        if !meta.is_file() {
            return Err(CoreError::validation(
                "audio",
                format!("{} is not a file", source.display()),
            ));
        }
        if let (Ok(real), Ok(root)) = (source.canonicalize(), library.canonicalize())
            && real.starts_with(&root)
        {
            return Ok(real);
        }
        let name = source
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        self.check_audio(&source, &name).await?;
        copy_into_audio_dir(&library, &source)
    }

    /// Refuses (`validation`, naming the file) what ffprobe cannot read as sound.
    async fn check_audio(&self, source: &Path, name: &str) -> CoreResult<()> {
        let tools = self.inner.tools.resolve()?;
        let not_audio = |reason: &str| {
            CoreError::validation(
                "audio",
                format!("{name} is not an audio file Reelforge can read ({reason})"),
            )
        };
        match probe(&tools, source).await {
            Ok(info) if info.audio.is_some() => Ok(()),
            Ok(_) => Err(not_audio("it has no sound")),
            Err(crate::media::MediaError::InputUnreadable { reason, .. }) => {
                Err(not_audio(&reason))
            }
            Err(crate::media::MediaError::InputEmpty { .. }) => Err(not_audio("it is empty")),
            Err(other) => Err(other.into()),
        }
    }

    /// Checks that `source` is audio ffprobe can read (a refused file is named in the error
    /// and nothing is copied), then copies it into the library's audio folder; the answer
    /// names it by id (the stored file's name), with the chosen file's name for display.
    pub async fn import_audio_file(&self, source: &Path) -> CoreResult<ImportedAudio> {
        let source = std::path::absolute(source).map_err(io(source))?;
        let name = source
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let meta = std::fs::metadata(&source).map_err(chosen(&source))?;
        if !meta.is_file() {
            return Err(CoreError::validation(
                "audio",
                format!("{name} is not a file"),
            ));
        }
        self.check_audio(&source, &name).await?;
        let library = self.data_dir().join(LIBRARY_DIR);
        let stored = {
            let source = source.clone();
            tokio::task::spawn_blocking(move || copy_into_audio_dir(&library, &source))
                .await
                .map_err(|e| CoreError::Io {
                    path: name.clone(),
                    source: std::io::Error::other(e.to_string()),
                })??
        };
        let id = stored
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        Ok(ImportedAudio {
            id: AudioId(id),
            name,
        })
    }

    /// The library file of an imported audio id. An id that could name anything but a file
    /// directly in the library's audio folder is refused (`validation`); one that names no
    /// file there is `not_found`.
    pub fn audio_path(&self, id: &AudioId) -> CoreResult<PathBuf> {
        let name = id.as_str();
        let well_formed = !name.is_empty()
            && name.len() <= 255
            && !name.starts_with('.')
            && !crate::durable::is_temporary(name)
            && !name.contains(['/', '\\', '\0', ':']);
        if !well_formed {
            return Err(CoreError::validation(
                "audio",
                format!("`{name}` is not an imported audio id"),
            ));
        }
        let dir = self.data_dir().join(LIBRARY_DIR).join(AUDIO_DIR);
        let path = dir.join(name);
        let is_file = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_file());
        let inside = match (path.canonicalize(), dir.canonicalize()) {
            (Ok(real), Ok(root)) => real.parent() == Some(root.as_path()),
            _ => false,
        };
        if is_file && inside {
            Ok(path)
        } else {
            Err(CoreError::not_found("audio", name))
        }
    }
}

/// Copies `source` into `<library>/audio` as `<8 hex>-<its name>` (durably, see
/// [`crate::durable`]) and returns the stored path.
fn copy_into_audio_dir(library: &Path, source: &Path) -> CoreResult<PathBuf> {
    let dir = library.join(AUDIO_DIR);
    std::fs::create_dir_all(&dir).map_err(io(&dir))?;
    let name = source
        .file_name()
        .map(|n| n.to_string_lossy().replace(['/', '\\', ':'], "_"))
        .unwrap_or_else(|| "audio".to_owned());
    let unique = uuid::Uuid::new_v4().simple().to_string();
    let target = dir.join(format!("{}-{name}", &unique[..8]));
    // Nothing is left under a temporary name when the copy fails (a full disk, say).
    crate::durable::copy_durably(source, &target).map_err(io(&target))?;
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::MediaTools;
    use reelforge_protocol::{CreateJobRequest, JobConfig, JobStatus};

    async fn job_left_assembling(core: &Core) -> JobId {
        let job = core
            .create_job(CreateJobRequest {
                title: "Interrupted".into(),
                subject: String::new(),
                template_id: None,
                segment_count: Some(1),
                config: JobConfig::default(),
                budget_cap_micros: None,
            })
            .await
            .unwrap();
        let id = job.summary.id;
        let mut conn = core.db().writer().acquire().await.unwrap();
        jobs::set_status(&mut conn, &id, JobStatus::Assembling, 0)
            .await
            .unwrap();
        id
    }

    #[tokio::test]
    async fn a_job_left_assembling_goes_back_to_review_unless_someone_assembles_it() {
        let dir = tempfile::tempdir().unwrap();
        let core = Core::open(dir.path()).await.unwrap();
        let id = job_left_assembling(&core).await;

        let held = core.try_lock_assembly(&id).unwrap().expect("free at first");
        assert!(core.try_lock_assembly(&id).unwrap().is_none(), "held");
        assert_eq!(core.recover_interrupted_assemblies().await.unwrap(), 0);
        assert_eq!(
            core.get_job(&id).await.unwrap().summary.status,
            JobStatus::Assembling
        );

        drop(held);
        assert_eq!(core.recover_interrupted_assemblies().await.unwrap(), 1);
        let job = core.get_job(&id).await.unwrap();
        assert_eq!(job.summary.status, JobStatus::Review);
        assert!(
            job.activity
                .iter()
                .any(|a| a.message.contains("Assembly interrupted")),
            "{:?}",
            job.activity
        );
        assert_eq!(core.recover_interrupted_assemblies().await.unwrap(), 0);
        core.close().await;
    }

    #[tokio::test]
    async fn audio_outside_the_library_is_checked_then_copied_in_and_library_files_stay_put() {
        let dir = tempfile::tempdir().unwrap();
        let core = Core::open(dir.path()).await.unwrap();
        let outside = tempfile::tempdir().unwrap();
        // A corrupt music file is refused before anything is copied.
        let corrupt = outside.path().join("broken.m4a");
        std::fs::write(&corrupt, b"not really audio").unwrap();
        let refused = core.import_audio(&corrupt).await.unwrap_err();
        assert_eq!(refused.code(), reelforge_protocol::ErrorCode::Validation);
        let audio_dir = dir.path().join(LIBRARY_DIR).join(AUDIO_DIR);
        let copied = std::fs::read_dir(&audio_dir).map_or(0, Iterator::count);
        assert_eq!(copied, 0, "a refused file is never copied");

        let music = outside.path().join("bed.m4a");
        sine(&music);
        let imported = core.import_audio(&music).await.unwrap();
        let library = dir.path().join(LIBRARY_DIR).canonicalize().unwrap();
        assert!(imported.starts_with(&library), "{}", imported.display());
        assert!(
            imported
                .file_name()
                .unwrap()
                .to_string_lossy()
                .ends_with("-bed.m4a")
        );
        assert_eq!(
            std::fs::read(&imported).unwrap(),
            std::fs::read(&music).unwrap()
        );
        assert_eq!(
            core.import_audio(&imported).await.unwrap(),
            imported,
            "already inside"
        );
        let leftovers: Vec<_> = std::fs::read_dir(imported.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| crate::durable::is_temporary(name))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
        let missing = core
            .import_audio(&outside.path().join("gone.mp3"))
            .await
            .unwrap_err();
        assert!(missing.to_string().contains("gone.mp3"), "{missing}");
        assert_eq!(
            missing.code(),
            reelforge_protocol::ErrorCode::NotFound,
            "{missing}"
        );
        core.close().await;
    }

    /// A one-second sine wave written by ffmpeg at `path`.
    fn sine(path: &Path) {
        let tools = MediaTools::resolve(None).unwrap();
        let status = std::process::Command::new(tools.ffmpeg())
            .args(["-v", "error", "-y", "-f", "lavfi", "-i"])
            .arg("sine=frequency=440:duration=1")
            .arg(path)
            .status()
            .unwrap();
        assert!(status.success());
    }

    #[tokio::test]
    async fn audio_is_imported_by_id_and_only_real_audio_in_the_library_resolves() {
        let dir = tempfile::tempdir().unwrap();
        let core = Core::open(dir.path()).await.unwrap();
        let outside = tempfile::tempdir().unwrap();
        let bed = outside.path().join("bed.wav");
        sine(&bed);

        let imported = core.import_audio_file(&bed).await.unwrap();
        assert_eq!(imported.name, "bed.wav");
        assert!(
            imported.id.as_str().ends_with("-bed.wav"),
            "{}",
            imported.id
        );
        assert!(!imported.id.as_str().contains('/'));
        let path = core.audio_path(&imported.id).unwrap();
        assert_eq!(
            path,
            dir.path()
                .join(LIBRARY_DIR)
                .join(AUDIO_DIR)
                .join(imported.id.as_str())
        );
        assert_eq!(std::fs::read(&path).unwrap(), std::fs::read(&bed).unwrap());

        // A text file renamed .mp3 is refused by name, and nothing is copied.
        let fake = outside.path().join("notes.mp3");
        std::fs::write(&fake, "just some words, no sound at all\n").unwrap();
        let refused = core.import_audio_file(&fake).await.unwrap_err();
        assert_eq!(refused.code(), reelforge_protocol::ErrorCode::Validation);
        assert!(refused.to_string().contains("notes.mp3"), "{refused}");
        assert!(
            refused.to_string().contains("not an audio file"),
            "{refused}"
        );
        // An image has no sound either.
        let picture = outside.path().join("still.png");
        let tools = MediaTools::resolve(None).unwrap();
        let status = std::process::Command::new(tools.ffmpeg())
            .args([
                "-v",
                "error",
                "-y",
                "-f",
                "lavfi",
                "-i",
                "color=c=red:s=16x16",
            ])
            .args(["-frames:v", "1"])
            .arg(&picture)
            .status()
            .unwrap();
        assert!(status.success());
        let refused = core.import_audio_file(&picture).await.unwrap_err();
        assert!(refused.to_string().contains("still.png"), "{refused}");
        let stored: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(stored.len(), 1, "only the real audio: {stored:?}");

        // Ids that could reach outside the audio folder are refused outright…
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        for bad in [
            "",
            "..",
            "../secret.txt",
            "../../secret.txt",
            "/etc/passwd",
            "sub/file.mp3",
            "..\\secret.txt",
            ".hidden",
            "C:secret",
        ] {
            let err = core.audio_path(&AudioId::from(bad)).unwrap_err();
            assert_eq!(
                err.code(),
                reelforge_protocol::ErrorCode::Validation,
                "{bad:?}: {err}"
            );
        }
        // …and well-formed ids name an existing plain file of that folder, or nothing.
        let audio_dir = path.parent().unwrap();
        std::fs::create_dir(audio_dir.join("a-folder")).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), audio_dir.join("link.mp3"))
            .unwrap();
        for unknown in ["never-imported.mp3", "a-folder", "link.mp3"] {
            let err = core.audio_path(&AudioId::from(unknown)).unwrap_err();
            assert_eq!(
                err.code(),
                reelforge_protocol::ErrorCode::NotFound,
                "{unknown}: {err}"
            );
        }
        core.close().await;
    }

    #[tokio::test]
    async fn an_assembly_naming_unknown_audio_is_refused_before_it_runs() {
        let dir = tempfile::tempdir().unwrap();
        let core = Core::open(dir.path()).await.unwrap();
        let id = job_left_assembling(&core).await;
        let mut req = reelforge_protocol::AssembleRequest::new(id.clone());
        req.music = Some(AudioId::from("../../reelforge.sqlite3"));
        let err = core.assemble_request(&req).await.unwrap_err();
        assert_eq!(
            err.code(),
            reelforge_protocol::ErrorCode::Validation,
            "{err}"
        );
        req.music = None;
        req.voice = Some(AudioId::from("gone.wav"));
        let err = core.assemble_request(&req).await.unwrap_err();
        assert_eq!(err.code(), reelforge_protocol::ErrorCode::NotFound, "{err}");
        assert!(err.to_string().contains("gone.wav"), "{err}");
        core.close().await;
    }
}
