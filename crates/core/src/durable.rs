//! Durable writes: how every file Reelforge produces reaches its final name (take downloads,
//! thumbnails and previews, cached segments, cached narration, imported images and audio,
//! the final export and its captions).
//!
//! A file is written under a temporary name in the folder it belongs to, its data is
//! flushed to the disk (fsync), it is renamed to its final name, and the folder itself is
//! flushed so that the rename survives a power cut; only then may the database commit a row
//! that points at it. A crash at any moment leaves either the old state or the new file,
//! plus at most a temporary file, which [`is_temporary`] recognises and start-up recovery
//! deletes ([`remove_temporaries`]).
//!
//! Temporary names are `.<stem>.<token>.partial.<ext>` (the extension kept so that ffmpeg
//! still picks its muxer from it; scratch files of one write add their own part after
//! `.partial`), or `<name>.part` for a download that resumes under a stable name.
//! [`TEMPORARY_SUFFIXES`] is the one list of what marks a temporary file.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// What ends the name of a temporary file, or, in a hidden one, precedes its extension
/// (`.x.partial.mp4`). Recovery deletes these; the crash test looks for them.
pub const TEMPORARY_SUFFIXES: &[&str] = &[".part", ".partial"];

/// Whether `name` (a file name, not a path) is one of the temporary names Reelforge hands
/// out: it ends with one of [`TEMPORARY_SUFFIXES`], or it is hidden and one of them is
/// followed by more of its name.
pub fn is_temporary(name: &str) -> bool {
    TEMPORARY_SUFFIXES.iter().any(|suffix| {
        name.ends_with(suffix) || (name.starts_with('.') && name.contains(&format!("{suffix}.")))
    })
}

/// A temporary name in `target`'s folder for writing `target`: hidden, unique, and marked
/// as temporary (see the module's documentation).
pub fn temporary_path_for(target: &Path) -> PathBuf {
    let dir = target.parent().unwrap_or(Path::new("."));
    let stem = target
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let token = uuid::Uuid::new_v4().simple().to_string();
    let name = match target.extension() {
        Some(ext) => format!(".{stem}.{token}.partial.{}", ext.to_string_lossy()),
        None => format!(".{stem}.{token}.partial"),
    };
    dir.join(name)
}

/// A file being written under a temporary name until [`PendingFile::commit`] moves it into
/// place; dropped without committing, the temporary file is deleted.
#[derive(Debug)]
pub struct PendingFile {
    temp: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl PendingFile {
    /// A pending write of `target`, its folder created if needed.
    pub fn new(target: &Path) -> io::Result<Self> {
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir)?;
        }
        Ok(Self {
            temp: temporary_path_for(target),
            target: target.to_owned(),
            committed: false,
        })
    }

    /// Where to write (a program such as ffmpeg may write it).
    pub fn path(&self) -> &Path {
        &self.temp
    }

    /// The final name.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Flushes the written file, renames it to its final name and flushes the folder.
    pub fn commit(self) -> io::Result<PathBuf> {
        let target = self.commit_file()?;
        sync_folder(target.parent().unwrap_or(Path::new(".")))?;
        Ok(target)
    }

    /// [`PendingFile::commit`] without the folder's flush, which the caller does once for a
    /// batch ([`sync_folder`]) before committing rows that point at these files.
    pub fn commit_file(mut self) -> io::Result<PathBuf> {
        persist_file(&self.temp, &self.target)?;
        self.committed = true;
        Ok(self.target.clone())
    }
}

impl Drop for PendingFile {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

/// Flushes `temp` (already written, in `target`'s folder), renames it to `target` and
/// flushes the folder.
pub fn persist(temp: &Path, target: &Path) -> io::Result<()> {
    persist_file(temp, target)?;
    sync_folder(target.parent().unwrap_or(Path::new(".")))
}

/// The first half of [`persist`]: the file flushed and renamed. The caller flushes the
/// folder ([`sync_folder`]) before committing rows that point at it, once for a batch.
pub fn persist_file(temp: &Path, target: &Path) -> io::Result<()> {
    File::open(temp)?.sync_all()?;
    std::fs::rename(temp, target)
}

/// Flushes a folder's entries (the renames into it) on Unix; Windows gives no folder handle
/// to flush, and nothing is done there.
pub fn sync_folder(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Writes `bytes` durably to `target`; nothing is left under a temporary name on failure.
pub fn write_durably(target: &Path, bytes: &[u8]) -> io::Result<()> {
    let pending = PendingFile::new(target)?;
    let mut file = File::create(pending.path())?;
    file.write_all(bytes)?;
    drop(file);
    pending.commit().map(drop)
}

/// Copies `source` durably to `target`; nothing is left under a temporary name on failure.
pub fn copy_durably(source: &Path, target: &Path) -> io::Result<u64> {
    let pending = PendingFile::new(target)?;
    let copied = std::fs::copy(source, pending.path())?;
    pending.commit()?;
    Ok(copied)
}

/// Deletes the temporary files ([`is_temporary`]) under `dir` and its sub-folders that were
/// last written `untouched_for` ago or longer; returns how many. `Duration::ZERO` is for
/// folders no process can be writing (the engine's own, under its lock); a folder another
/// process may be writing in gets an age that no live write reaches.
pub fn remove_temporaries(dir: &Path, untouched_for: Duration) -> io::Result<u32> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e),
    };
    let mut removed = 0;
    for entry in entries {
        let entry = entry?;
        let kind = entry.file_type()?;
        if kind.is_dir() {
            removed += remove_temporaries(&entry.path(), untouched_for)?;
        } else if is_temporary(&entry.file_name().to_string_lossy())
            && untouched_since(&entry, untouched_for)
        {
            match std::fs::remove_file(entry.path()) {
                Ok(()) => removed += 1,
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
        }
    }
    Ok(removed)
}

/// Whether `entry` was last modified `age` ago or longer (always, for a zero age).
fn untouched_since(entry: &std::fs::DirEntry, age: Duration) -> bool {
    if age.is_zero() {
        return true;
    }
    let modified = entry.metadata().and_then(|m| m.modified());
    modified.is_ok_and(|at| at.elapsed().is_ok_and(|elapsed| elapsed >= age))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_names_are_recognised_and_final_ones_are_not() {
        let target = Path::new("/lib/takes/abc.thumb.jpg");
        let temp = temporary_path_for(target);
        let name = temp.file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.starts_with(".abc.thumb.") && name.ends_with(".partial.jpg"));
        assert!(is_temporary(&name));
        let temporaries = [
            "x.mp4.part",
            ".a.b.partial.mp4",
            ".a.b.partial",
            ".n.t.part.wav",
            ".s.t.partial.caption3.rgba",
        ];
        for temporary in temporaries {
            assert!(is_temporary(temporary), "{temporary}");
        }
        for kept in [
            "abc.mp4",
            "abc.thumb.jpg",
            "partial.mp4",
            "a-partial.srt",
            "parts.wav",
        ] {
            assert!(!is_temporary(kept), "{kept}");
        }
    }

    #[test]
    fn a_committed_write_is_in_place_and_an_abandoned_one_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("sub/out.bin");
        write_durably(&target, b"hello").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"hello");
        let pending = PendingFile::new(&dir.path().join("sub/other.mp4")).unwrap();
        std::fs::write(pending.path(), b"half").unwrap();
        drop(pending);
        let names: Vec<String> = std::fs::read_dir(dir.path().join("sub"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["out.bin"]);
    }

    #[test]
    fn a_failed_copy_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let err = copy_durably(&dir.path().join("missing"), &dir.path().join("a.mp3"));
        assert!(err.is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn recovery_removes_temporaries_at_any_depth_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("takes/deep");
        std::fs::create_dir_all(&nested).unwrap();
        for name in ["keep.mp4", ".k.t.partial.jpg", "x.mp4.part"] {
            std::fs::write(dir.path().join("takes").join(name), b"").unwrap();
        }
        std::fs::write(nested.join(".n.t.partial.wav"), b"").unwrap();
        let hour = Duration::from_secs(3600);
        assert_eq!(
            remove_temporaries(dir.path(), hour).unwrap(),
            0,
            "fresh ones stay"
        );
        assert_eq!(remove_temporaries(dir.path(), Duration::ZERO).unwrap(), 3);
        assert!(dir.path().join("takes/keep.mp4").is_file());
        let absent = dir.path().join("absent");
        assert_eq!(remove_temporaries(&absent, Duration::ZERO).unwrap(), 0);
    }
}
