//! The private work folder: where a process writes what it throws away (the local
//! provider's renders before they are fetched into the library).
//!
//! It lives inside the data folder (`work/`, readable by its owner only), so nothing is left
//! in a shared, predictable place of the system's temporary folder. Each process that needs
//! one gets its own sub-folder `work/<token>/`, held by an OS lock on `work/<token>.lock`
//! for as long as it lives; the lock is released by the OS even when the process is killed.
//! Opening a data folder ([`WorkFolder::place_in`]) deletes every sub-folder whose lock
//! nobody holds: what killed or crashed processes left behind, never what a live process
//! (the app and a CLI sharing a data folder) is still writing.
//!
//! What must outlive a crash until the engine has taken it (an image a provider answered
//! inline to a paid create call) goes in a kept folder instead ([`WorkFolder::kept_dir`]:
//! `kept/<name>/` beside `work/`), whose files are deleted a week after they were written.

use std::fs::{File, OpenOptions, TryLockError};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The work folder's name inside the data folder.
pub const WORK_DIR: &str = "work";

/// The kept folders' parent inside the data folder.
pub const KEPT_DIR: &str = "kept";

/// How long a kept file stays: the engine takes it long before (a restart resumes at once).
const KEEP_FOR: std::time::Duration = std::time::Duration::from_secs(7 * 24 * 3600);

/// A process's work folder, shared by the providers that need one. Cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct WorkFolder(Arc<Mutex<State>>);

#[derive(Debug, Default)]
enum State {
    /// No data folder yet (providers built on their own, in tests): a private folder in
    /// the system's temporary folder, made on first use.
    #[default]
    Unplaced,
    /// Inside `root` (the data folder's `work/`), made on first use.
    Placed { root: PathBuf },
    /// In use: this process's sub-folder and the lock that marks it alive.
    Open {
        dir: PathBuf,
        lock: Option<(File, PathBuf)>,
    },
}

impl WorkFolder {
    /// Puts the work folder inside `data_dir` and deletes what dead processes left there.
    pub fn place_in(&self, data_dir: &Path) -> io::Result<u32> {
        let root = data_dir.join(WORK_DIR);
        create_private_dir(&root)?;
        let removed = sweep(&root)?;
        sweep_kept(&data_dir.join(KEPT_DIR), KEEP_FOR)?;
        let mut state = self.state();
        if matches!(*state, State::Unplaced) {
            *state = State::Placed { root };
        }
        Ok(removed)
    }

    /// This process's folder, made (private) on first use.
    pub fn dir(&self) -> io::Result<PathBuf> {
        let mut state = self.state();
        let opened = match &*state {
            State::Open { dir, .. } => return Ok(dir.clone()),
            State::Placed { root } => open_in(root)?,
            State::Unplaced => {
                let token = uuid::Uuid::new_v4().simple().to_string();
                let dir = std::env::temp_dir().join(format!("reelforge-work-{token}"));
                create_private_dir(&dir)?;
                State::Open { dir, lock: None }
            }
        };
        *state = opened;
        match &*state {
            State::Open { dir, .. } => Ok(dir.clone()),
            _ => unreachable!("just opened"),
        }
    }

    /// The kept folder `name` (made, private): inside the data folder beside `work/` once
    /// placed, so what it holds survives a crash of this process; inside this process's
    /// folder otherwise.
    pub fn kept_dir(&self, name: &str) -> io::Result<PathBuf> {
        let root = match &*self.state() {
            State::Placed { root } => Some(root.clone()),
            State::Open {
                lock: Some((_, lock_path)),
                ..
            } => lock_path.parent().map(Path::to_path_buf),
            _ => None,
        };
        let dir = match root.as_deref().and_then(Path::parent) {
            Some(data_dir) => data_dir.join(KEPT_DIR).join(name),
            None => self.dir()?.join(KEPT_DIR).join(name),
        };
        create_private_dir(&dir)?;
        Ok(dir)
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Drop for State {
    fn drop(&mut self) {
        if let State::Open { dir, lock } = self {
            let _ = std::fs::remove_dir_all(&*dir);
            if let Some((_, path)) = lock {
                let _ = std::fs::remove_file(path);
            }
        }
    }
}

/// Takes a fresh sub-folder of `root`: its lock first, then the folder.
fn open_in(root: &Path) -> io::Result<State> {
    create_private_dir(root)?;
    let token = uuid::Uuid::new_v4().simple().to_string();
    let lock_path = root.join(format!("{token}.lock"));
    let lock = OpenOptions::new()
        .create_new(true)
        .write(true)
        .open(&lock_path)?;
    lock.try_lock().map_err(|e| match e {
        TryLockError::WouldBlock => io::Error::other("a fresh lock file is held"),
        TryLockError::Error(e) => e,
    })?;
    let dir = root.join(&token);
    create_private_dir(&dir)?;
    Ok(State::Open {
        dir,
        lock: Some((lock, lock_path)),
    })
}

/// Deletes the sub-folders of `root` no live process holds, and their lock files.
fn sweep(root: &Path) -> io::Result<u32> {
    let mut removed = 0;
    for entry in std::fs::read_dir(root)? {
        let path = entry?.path();
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let (folder, lock_path) = match name.strip_suffix(".lock") {
            Some(token) => (root.join(token), path.clone()),
            None => (path.clone(), root.join(format!("{name}.lock"))),
        };
        let abandoned = match File::open(&lock_path) {
            // Free: its owner is gone (held by this sweep until the folder is deleted).
            Ok(lock) => lock.try_lock().ok().map(|()| lock),
            // A folder without its lock was being deleted by a sweep that stopped.
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(e),
        };
        let orphan_folder = !lock_path.exists() && folder.is_dir();
        if abandoned.is_some() || orphan_folder {
            match std::fs::remove_dir_all(&folder) {
                Ok(()) => removed += 1,
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
            if abandoned.is_some() {
                let _ = std::fs::remove_file(&lock_path);
            }
        }
    }
    Ok(removed)
}

/// Deletes the files of each kept folder under `kept` written more than `keep_for` ago.
fn sweep_kept(kept: &Path, keep_for: std::time::Duration) -> io::Result<()> {
    let folders = match std::fs::read_dir(kept) {
        Ok(folders) => folders,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    for folder in folders {
        let folder = folder?.path();
        if !folder.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&folder)? {
            let file = file?;
            let old = file
                .metadata()?
                .modified()?
                .elapsed()
                .is_ok_and(|age| age > keep_for);
            if old {
                let _ = std::fs::remove_file(file.path());
            }
        }
    }
    Ok(())
}

/// Makes `dir` (and its parents), readable by its owner only.
fn create_private_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
    }
    #[cfg(not(unix))]
    std::fs::create_dir_all(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_live_folder_is_kept_and_a_dead_ones_is_swept() {
        let data = tempfile::tempdir().unwrap();
        let live = WorkFolder::default();
        live.place_in(data.path()).unwrap();
        let live_dir = live.dir().unwrap();
        std::fs::write(live_dir.join("render.mp4"), b"in progress").unwrap();
        // What a killed process left: a folder whose lock nobody holds, and one without.
        let root = data.path().join(WORK_DIR);
        for token in ["dead", "halfdeleted"] {
            std::fs::create_dir(root.join(token)).unwrap();
            std::fs::write(root.join(token).join("x.mp4"), b"left").unwrap();
        }
        std::fs::write(root.join("dead.lock"), b"").unwrap();

        let other = WorkFolder::default();
        assert_eq!(other.place_in(data.path()).unwrap(), 2);
        assert!(
            live_dir.join("render.mp4").is_file(),
            "a live process's file is kept"
        );
        assert!(!root.join("dead").exists() && !root.join("dead.lock").exists());
        assert!(!root.join("halfdeleted").exists());
        assert_ne!(other.dir().unwrap(), live_dir);
        drop(live);
        assert!(!live_dir.exists(), "a process's folder goes when it ends");
    }

    #[test]
    fn a_kept_folder_outlives_its_process_and_the_next_one_deletes_only_old_files() {
        let data = tempfile::tempdir().unwrap();
        let first = WorkFolder::default();
        first.place_in(data.path()).unwrap();
        let kept = first.kept_dir("images").unwrap();
        assert_eq!(kept, data.path().join(KEPT_DIR).join("images"));
        std::fs::write(kept.join("fresh.img"), b"paid for").unwrap();
        std::fs::write(kept.join("old.img"), b"taken long ago").unwrap();
        let _ = first.dir().unwrap();
        drop(first);
        assert!(
            kept.join("fresh.img").is_file(),
            "a crash or an exit keeps it"
        );

        let next = WorkFolder::default();
        next.place_in(data.path()).unwrap();
        assert_eq!(
            next.kept_dir("images").unwrap(),
            kept,
            "the next process finds it"
        );
        let week_ago = std::time::SystemTime::now() - KEEP_FOR - std::time::Duration::from_secs(60);
        std::fs::File::options()
            .write(true)
            .open(kept.join("old.img"))
            .unwrap()
            .set_modified(week_ago)
            .unwrap();
        next.place_in(data.path()).unwrap();
        assert!(kept.join("fresh.img").is_file());
        assert!(!kept.join("old.img").exists(), "older than a week: deleted");
    }

    #[test]
    fn an_unplaced_kept_folder_lives_in_the_process_folder() {
        let work = WorkFolder::default();
        let kept = work.kept_dir("images").unwrap();
        assert!(kept.starts_with(work.dir().unwrap()));
        drop(work);
        assert!(!kept.exists());
    }

    #[cfg(unix)]
    #[test]
    fn the_folder_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let data = tempfile::tempdir().unwrap();
        let work = WorkFolder::default();
        work.place_in(data.path()).unwrap();
        for dir in [data.path().join(WORK_DIR), work.dir().unwrap()] {
            let mode = std::fs::metadata(&dir).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o700, "{}", dir.display());
        }
    }
}
