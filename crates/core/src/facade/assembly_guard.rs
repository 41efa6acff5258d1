//! What keeps assemblies safe across processes and crashes: a per-job assembly lock (an OS
//! file lock, released when its holder exits, even by a crash), recovery of jobs left
//! `assembling` by a process that died mid-assembly, and the import of music and voice-over
//! files into the library (ffmpeg only ever reads from the library).

use super::{Core, LIBRARY_DIR};
use crate::domain::job_state::JobEvent;
use crate::error::{CoreError, CoreResult};
use reelforge_protocol::JobId;
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
        let stuck: Vec<String> = {
            let mut conn = self.db().reader().acquire().await?;
            sqlx::query_scalar("SELECT id FROM jobs WHERE status = 'assembling'")
                .fetch_all(&mut *conn)
                .await?
        };
        let mut recovered = 0;
        for id in stuck.into_iter().map(JobId) {
            let Some(_guard) = self.try_lock_assembly(&id)? else {
                continue;
            };
            self.move_job(
                &id,
                JobEvent::AssemblyFailed,
                "assembly_interrupted",
                "Assembly interrupted: Reelforge stopped before it finished; assemble again",
            )
            .await?;
            recovered += 1;
        }
        Ok(recovered)
    }

    /// `path` if it is already inside the library, else a copy of it in the library's audio
    /// folder (written to a temporary name, then renamed), so ffmpeg reads library files only.
    pub(super) fn import_audio(&self, path: &Path) -> CoreResult<PathBuf> {
        let library = self.data_dir().join(LIBRARY_DIR);
        let source = std::path::absolute(path).map_err(io(path))?;
        let meta = std::fs::metadata(&source).map_err(io(&source))?;
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
        let dir = library.join(AUDIO_DIR);
        std::fs::create_dir_all(&dir).map_err(io(&dir))?;
        let name = source
            .file_name()
            .map(|n| n.to_string_lossy().replace(['/', '\\'], "_"))
            .unwrap_or_else(|| "audio".to_owned());
        let unique = uuid::Uuid::new_v4().simple().to_string();
        let target = dir.join(format!("{}-{name}", &unique[..8]));
        let part = dir.join(format!("{}-{name}.part", &unique[..8]));
        std::fs::copy(&source, &part).map_err(io(&part))?;
        File::open(&part)
            .and_then(|f| f.sync_all())
            .map_err(io(&part))?;
        std::fs::rename(&part, &target).map_err(io(&target))?;
        Ok(target)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
        sqlx::query("UPDATE jobs SET status = 'assembling' WHERE id = ?")
            .bind(id.as_str())
            .execute(core.db().writer())
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
    async fn audio_outside_the_library_is_copied_in_and_library_files_stay_put() {
        let dir = tempfile::tempdir().unwrap();
        let core = Core::open(dir.path()).await.unwrap();
        let outside = tempfile::tempdir().unwrap();
        let music = outside.path().join("bed.m4a");
        std::fs::write(&music, b"not really audio, copied as is").unwrap();

        let imported = core.import_audio(&music).unwrap();
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
            core.import_audio(&imported).unwrap(),
            imported,
            "already inside"
        );
        let leftovers: Vec<_> = std::fs::read_dir(imported.parent().unwrap())
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .path()
                    .extension()
                    .is_some_and(|x| x == "part")
            })
            .collect();
        assert!(leftovers.is_empty());
        let missing = core
            .import_audio(&outside.path().join("gone.mp3"))
            .unwrap_err();
        assert!(missing.to_string().contains("gone.mp3"), "{missing}");
        core.close().await;
    }
}
