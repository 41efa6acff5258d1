//! The data-folder lock: at most one generation engine per data folder, so the desktop app
//! and a `reelforge generate --wait` never drive the same queue at once. It is an OS file
//! lock on `engine.lock` in the data folder, so it is released when its holder exits, even
//! by a crash or SIGKILL; nothing needs cleaning up afterwards. [`Core::start_engine`] takes
//! it (failing or waiting while another process holds it, as [`LockWait`] says) and runs the
//! engine: the desktop app and the CLI both start their engine with it.

use super::Core;
use crate::error::{CoreError, CoreResult};
use std::fs::{File, OpenOptions, TryLockError};
use std::time::Duration;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// The lock file in the data folder.
pub const ENGINE_LOCK_FILE: &str = "engine.lock";

/// Held while an engine runs on a data folder; dropping it releases the folder.
#[derive(Debug)]
pub struct EngineLock {
    _file: File,
}

impl Core {
    /// Takes the data folder's engine lock, or fails with [`CoreError::EngineBusy`] when
    /// another process (or another engine in this one) holds it.
    pub fn lock_engine(&self) -> CoreResult<EngineLock> {
        let path = self.data_dir().join(ENGINE_LOCK_FILE);
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|source| CoreError::Io {
                path: path.display().to_string(),
                source,
            })?;
        match file.try_lock() {
            Ok(()) => Ok(EngineLock { _file: file }),
            Err(TryLockError::WouldBlock) => Err(CoreError::EngineBusy {
                data_dir: self.data_dir().display().to_string(),
            }),
            Err(TryLockError::Error(source)) => Err(CoreError::Io {
                path: path.display().to_string(),
                source,
            }),
        }
    }

    /// Starts the generation engine on the current tokio runtime, the one way the app and the
    /// CLI start it: takes the data folder's engine lock (when another process holds it,
    /// `wait` says whether to fail with [`CoreError::EngineBusy`] or to wait for it), recovers
    /// the assemblies an earlier process left unfinished, then runs the runner until
    /// `shutdown` is cancelled. The lock is held until the runner stops.
    ///
    /// A failed recovery does not stop the engine: it is logged, the jobs it could not recover
    /// stay `assembling` (a later start recovers them), and generation goes on, since the
    /// runner never touches an assembling job. Cancelling `shutdown` while the engine waits
    /// for the lock ends it with `Ok(())` without having run.
    pub fn start_engine(
        &self,
        shutdown: CancellationToken,
        wait: LockWait,
    ) -> CoreResult<JoinHandle<CoreResult<()>>> {
        let taken = match (self.lock_engine(), wait) {
            (Ok(lock), _) => Some(lock),
            (Err(CoreError::EngineBusy { .. }), LockWait::RetryEvery(_)) => None,
            (Err(error), _) => return Err(error),
        };
        let core = self.clone();
        Ok(tokio::spawn(async move {
            let lock = match (taken, wait) {
                (Some(lock), _) => lock,
                (None, LockWait::RetryEvery(every)) => {
                    match core.wait_for_engine_lock(every, &shutdown).await? {
                        Some(lock) => lock,
                        None => return Ok(()),
                    }
                }
                (None, LockWait::Refuse) => unreachable!("refused before spawning"),
            };
            if let Err(error) = core.recover_interrupted_assemblies().await {
                tracing::error!("could not recover interrupted assemblies: {error}");
            }
            let result = core.runner().run(shutdown).await;
            drop(lock);
            if let Err(error) = &result {
                tracing::error!("the generation engine stopped: {error}");
            }
            result
        }))
    }

    /// Takes the engine lock once the process holding it lets it go, trying every `every`;
    /// `None` when `shutdown` comes first.
    async fn wait_for_engine_lock(
        &self,
        every: Duration,
        shutdown: &CancellationToken,
    ) -> CoreResult<Option<EngineLock>> {
        tracing::warn!(
            "another Reelforge process is generating on this data folder; this engine waits for it"
        );
        loop {
            tokio::select! {
                () = shutdown.cancelled() => return Ok(None),
                () = tokio::time::sleep(every) => {}
            }
            match self.lock_engine() {
                Ok(lock) => return Ok(Some(lock)),
                Err(CoreError::EngineBusy { .. }) => {}
                Err(other) => return Err(other),
            }
        }
    }
}

/// What [`Core::start_engine`] does when another process holds the engine lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockWait {
    /// Fail at once with [`CoreError::EngineBusy`] (the CLI then follows the other engine).
    Refuse,
    /// Try again at this interval until the lock is free or the engine is shut down (the
    /// desktop app, which waits for a `reelforge generate --wait` to finish).
    RetryEvery(Duration),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::jobs;
    use reelforge_protocol::{CreateJobRequest, JobConfig, JobId, JobStatus};

    #[tokio::test]
    async fn one_engine_per_data_folder() {
        let dir = tempfile::tempdir().unwrap();
        let core = Core::open(dir.path()).await.unwrap();
        let first = core.lock_engine().unwrap();
        let busy = core.lock_engine().unwrap_err();
        assert!(matches!(busy, CoreError::EngineBusy { .. }), "{busy:?}");
        assert!(busy.to_string().contains("already generating"), "{busy}");
        let refused = core
            .start_engine(CancellationToken::new(), LockWait::Refuse)
            .unwrap_err();
        assert!(
            matches!(refused, CoreError::EngineBusy { .. }),
            "{refused:?}"
        );
        drop(first);
        let again = core.lock_engine();
        assert!(again.is_ok(), "released when dropped");
        drop(again);
        let shutdown = CancellationToken::new();
        let engine = core
            .start_engine(shutdown.clone(), LockWait::Refuse)
            .unwrap();
        assert!(core.lock_engine().is_err(), "held while the runner runs");
        shutdown.cancel();
        engine.await.unwrap().unwrap();
        assert!(core.lock_engine().is_ok(), "released when the runner stops");
        core.close().await;
    }

    /// Whether the engine lock is held, checked until it is `held` or a few seconds passed.
    async fn lock_becomes(core: &Core, held: bool) -> bool {
        for _ in 0..500 {
            if core.lock_engine().is_err() == held {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        false
    }

    #[tokio::test]
    async fn a_waiting_engine_starts_once_the_lock_is_free_or_ends_on_shutdown() {
        let dir = tempfile::tempdir().unwrap();
        let core = Core::open(dir.path()).await.unwrap();
        let wait = LockWait::RetryEvery(Duration::from_millis(10));

        // Shut down while waiting: it ends without having taken the lock.
        let held = core.lock_engine().unwrap();
        let shutdown = CancellationToken::new();
        let engine = core.start_engine(shutdown.clone(), wait).unwrap();
        shutdown.cancel();
        engine.await.unwrap().unwrap();

        // Released by the other holder: the waiting engine takes it and runs.
        let shutdown = CancellationToken::new();
        let engine = core.start_engine(shutdown.clone(), wait).unwrap();
        drop(held);
        assert!(
            lock_becomes(&core, true).await,
            "the waiting engine took the lock"
        );
        assert!(!engine.is_finished(), "it runs");
        shutdown.cancel();
        engine.await.unwrap().unwrap();
        assert!(lock_becomes(&core, false).await, "released when it stops");
        core.close().await;
    }

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
        let mut conn = core.db().writer().acquire().await.unwrap();
        jobs::set_status(&mut conn, &job.summary.id, JobStatus::Assembling, 0)
            .await
            .unwrap();
        job.summary.id
    }

    #[tokio::test]
    async fn a_failed_recovery_leaves_the_job_assembling_and_the_engine_running() {
        let dir = tempfile::tempdir().unwrap();
        let core = Core::open(dir.path()).await.unwrap();
        let id = job_left_assembling(&core).await;
        // A directory where the job's assembly lock file goes: recovery cannot take the lock.
        let obstacle = dir
            .path()
            .join("locks")
            .join(format!("assembly-{}.lock", id.as_str()));
        std::fs::create_dir_all(&obstacle).unwrap();
        assert!(core.recover_interrupted_assemblies().await.is_err());

        // Recovery is not cancellable: the engine recovers, fails to, and runs on (stopping
        // at once here) instead of ending with the recovery's error.
        let shutdown = CancellationToken::new();
        shutdown.cancel();
        let engine = core.start_engine(shutdown, LockWait::Refuse).unwrap();
        engine.await.unwrap().unwrap();
        assert_eq!(
            core.get_job(&id).await.unwrap().summary.status,
            JobStatus::Assembling
        );

        // Once the lock can be taken, the next start recovers the job.
        std::fs::remove_dir(&obstacle).unwrap();
        let shutdown = CancellationToken::new();
        shutdown.cancel();
        let engine = core.start_engine(shutdown, LockWait::Refuse).unwrap();
        engine.await.unwrap().unwrap();
        assert_eq!(
            core.get_job(&id).await.unwrap().summary.status,
            JobStatus::Review
        );
        core.close().await;
    }
}
