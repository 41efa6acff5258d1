//! [`SegmentCache`]: clips already normalised to a preset, kept on disk under a key of
//! (input content hash, preset, framing, transition inputs, held frame, burned captions), so re-assembling a job after one
//! take changed re-encodes only that take. Bounded in bytes (least recently used goes first)
//! and clearable.

use super::encoder::VideoEncoder;
use super::error::{MediaError, MediaResult};
use super::preset::{ExportPreset, FrameFit};
use super::timeline::Transition;
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// Normalised segments on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentCache {
    dir: PathBuf,
    max_bytes: u64,
}

/// Bump when the normalising encode changes, so old segments are never reused.
const FORMAT_VERSION: &str = "v1";

/// Hex SHA-256 of a file's content.
pub fn sha256_file(path: &Path) -> MediaResult<String> {
    let mut file = std::fs::File::open(path).map_err(|e| MediaError::io(path, e))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0_u8; 1 << 16];
    loop {
        let n = file.read(&mut buf).map_err(|e| MediaError::io(path, e))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex(&hasher.finalize()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What a normalised segment is encoded to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SegmentFormat {
    pub preset: ExportPreset,
    pub fit: FrameFit,
    /// Segments joined by stream copy must come from the same encoder.
    pub encoder: VideoEncoder,
}

/// The cache key of one normalised segment.
/// `held`: how long the clip's last frame is held past its end; `captions`: the fingerprint
/// of the captions burned into it (see
/// [`cues_fingerprint`](super::segment_captions::cues_fingerprint)). Each is part of the key
/// only when there is one, so earlier keys stay valid.
pub fn segment_key(
    input_sha256: &str,
    format: SegmentFormat,
    transition: Transition,
    held: Duration,
    captions: &str,
) -> String {
    let SegmentFormat {
        preset,
        fit,
        encoder,
    } = format;
    let mut text = format!(
        "{FORMAT_VERSION}|{input_sha256}|{}|{fit:?}|{encoder:?}|{transition:?}",
        preset.id()
    );
    if !held.is_zero() {
        text.push_str(&format!("|held={}", held.as_millis()));
    }
    if !captions.is_empty() {
        text.push_str(&format!("|captions={captions}"));
    }
    hex(&Sha256::digest(text.as_bytes()))
}

impl SegmentCache {
    /// A cache in `dir` (created if needed) holding at most `max_bytes`.
    pub fn open(dir: impl Into<PathBuf>, max_bytes: u64) -> MediaResult<Self> {
        let dir = dir.into();
        std::fs::create_dir_all(&dir).map_err(|e| MediaError::io(&dir, e))?;
        Ok(Self { dir, max_bytes })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path_of(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.mp4"))
    }

    /// A fresh temporary path inside the cache folder (same file system as the entries).
    pub fn temp_path(&self) -> PathBuf {
        let token = uuid::Uuid::new_v4().simple().to_string();
        self.dir.join(format!(".{token}.partial.mp4"))
    }

    /// The cached segment for `key`, marked as just used.
    pub fn get(&self, key: &str) -> Option<PathBuf> {
        let path = self.path_of(key);
        let file = std::fs::File::options().append(true).open(&path).ok()?;
        let _ = file.set_modified(SystemTime::now());
        Some(path)
    }

    /// Move a finished segment into the cache under `key`. The bound is enforced by
    /// [`SegmentCache::evict_to_limit`] once the segments in use are joined.
    pub fn insert(&self, key: &str, finished: &Path) -> MediaResult<PathBuf> {
        let path = self.path_of(key);
        crate::durable::persist(finished, &path).map_err(|e| MediaError::io(&path, e))?;
        Ok(path)
    }

    fn entries(&self) -> MediaResult<Vec<(PathBuf, u64, SystemTime)>> {
        let read = std::fs::read_dir(&self.dir).map_err(|e| MediaError::io(&self.dir, e))?;
        let mut entries = Vec::new();
        for entry in read.flatten() {
            let path = entry.path();
            let is_entry = path.extension().is_some_and(|e| e == "mp4")
                && !entry.file_name().to_string_lossy().starts_with('.');
            if let (true, Ok(meta)) = (is_entry, entry.metadata()) {
                let used = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
                entries.push((path, meta.len(), used));
            }
        }
        Ok(entries)
    }

    /// Bytes held by cached segments.
    pub fn total_bytes(&self) -> MediaResult<u64> {
        Ok(self.entries()?.iter().map(|(_, len, _)| len).sum())
    }

    /// Delete least recently used segments until the cache fits its bound, never one of
    /// `keep` (the segments of the assembly in progress).
    pub fn evict_to_limit(&self, keep: &[PathBuf]) -> MediaResult<()> {
        let mut entries = self.entries()?;
        let mut total: u64 = entries.iter().map(|(_, len, _)| len).sum();
        entries.sort_by_key(|(_, _, used)| *used);
        for (path, len, _) in entries {
            if total <= self.max_bytes {
                break;
            }
            if keep.contains(&path) {
                continue;
            }
            std::fs::remove_file(&path).map_err(|e| MediaError::io(&path, e))?;
            total -= len;
        }
        Ok(())
    }

    /// Remove every cached segment and the loudness measured over them.
    pub fn clear(&self) -> MediaResult<()> {
        for (path, _, _) in self.entries()? {
            std::fs::remove_file(&path).map_err(|e| MediaError::io(&path, e))?;
        }
        super::loudness_memory::forget_all(&self.dir).map_err(|e| MediaError::io(&self.dir, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_change_with_every_input() {
        let format = SegmentFormat {
            preset: ExportPreset::Vertical1080,
            fit: FrameFit::Fit,
            encoder: VideoEncoder::Libx264,
        };
        let base = segment_key("ab", format, Transition::Cut, Duration::ZERO, "");
        assert_eq!(base.len(), 64);
        let fade = Transition::Crossfade {
            duration: Duration::from_millis(300),
        };
        for other in [
            segment_key("ac", format, Transition::Cut, Duration::ZERO, ""),
            segment_key(
                "ab",
                SegmentFormat {
                    preset: ExportPreset::Square1080,
                    ..format
                },
                Transition::Cut,
                Duration::ZERO,
                "",
            ),
            segment_key(
                "ab",
                SegmentFormat {
                    fit: FrameFit::Fill,
                    ..format
                },
                Transition::Cut,
                Duration::ZERO,
                "",
            ),
            segment_key(
                "ab",
                SegmentFormat {
                    encoder: VideoEncoder::Nvenc,
                    ..format
                },
                Transition::Cut,
                Duration::ZERO,
                "",
            ),
            segment_key("ab", format, fade, Duration::ZERO, ""),
            segment_key("ab", format, Transition::Cut, Duration::from_millis(400), ""),
            segment_key("ab", format, Transition::Cut, Duration::ZERO, "c0ffee"),
        ] {
            assert_ne!(base, other);
        }
    }

    #[test]
    fn bounded_least_recently_used_and_clearable() {
        let dir = tempfile::tempdir().unwrap();
        let cache = SegmentCache::open(dir.path().join("segments"), 250).unwrap();
        let put = |key: &str, age_secs: u64| {
            let temp = cache.temp_path();
            std::fs::write(&temp, vec![0_u8; 100]).unwrap();
            let path = cache.insert(key, &temp).unwrap();
            let file = std::fs::File::options().append(true).open(&path).unwrap();
            file.set_modified(SystemTime::now() - Duration::from_secs(age_secs))
                .unwrap();
        };
        put("old", 300);
        put("mid", 200);
        assert!(cache.get("old").is_some(), "a hit refreshes the entry");
        put("new", 0);
        let all: Vec<PathBuf> = ["old", "mid", "new"]
            .iter()
            .map(|k| cache.dir().join(format!("{k}.mp4")))
            .collect();
        cache.evict_to_limit(&all).unwrap();
        assert_eq!(
            cache.total_bytes().unwrap(),
            300,
            "kept entries may exceed the bound"
        );
        cache.evict_to_limit(&[]).unwrap();
        assert_eq!(cache.total_bytes().unwrap(), 200);
        assert!(
            cache.get("mid").is_none(),
            "least recently used was evicted"
        );
        assert!(cache.get("old").is_some() && cache.get("new").is_some());
        cache.clear().unwrap();
        assert_eq!(cache.total_bytes().unwrap(), 0);
        assert!(sha256_file(&dir.path().join("segments")).is_err());
    }

    #[test]
    fn hashes_file_content() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x");
        std::fs::write(&path, b"abc").unwrap();
        assert_eq!(
            sha256_file(&path).unwrap(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
