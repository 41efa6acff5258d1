//! The data-folder lock: at most one generation engine per data folder, so the desktop app
//! and a `reelforge generate --wait` never drive the same queue at once. It is an OS file
//! lock on `engine.lock` in the data folder, so it is released when its holder exits, even
//! by a crash or SIGKILL; nothing needs cleaning up afterwards.

use super::Core;
use crate::error::{CoreError, CoreResult};
use std::fs::{File, OpenOptions, TryLockError};

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

    /// Takes the lock and starts the runner on the current tokio runtime; the lock is held
    /// until the runner stops. Cancel `shutdown` to stop it.
    pub fn start_engine(
        &self,
        shutdown: tokio_util::sync::CancellationToken,
    ) -> CoreResult<tokio::task::JoinHandle<CoreResult<()>>> {
        let lock = self.lock_engine()?;
        let core = self.clone();
        Ok(tokio::spawn(async move {
            core.recover_interrupted_assemblies().await?;
            let result = core.runner().run(shutdown).await;
            drop(lock);
            result
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn one_engine_per_data_folder() {
        let dir = tempfile::tempdir().unwrap();
        let core = Core::open(dir.path()).await.unwrap();
        let first = core.lock_engine().unwrap();
        let busy = core.lock_engine().unwrap_err();
        assert!(matches!(busy, CoreError::EngineBusy { .. }), "{busy:?}");
        assert!(busy.to_string().contains("already generating"), "{busy}");
        drop(first);
        let again = core.lock_engine();
        assert!(again.is_ok(), "released when dropped");
        drop(again);
        let shutdown = tokio_util::sync::CancellationToken::new();
        let engine = core.start_engine(shutdown.clone()).unwrap();
        assert!(core.lock_engine().is_err(), "held while the runner runs");
        shutdown.cancel();
        engine.await.unwrap().unwrap();
        assert!(core.lock_engine().is_ok(), "released when the runner stops");
        core.close().await;
    }
}
