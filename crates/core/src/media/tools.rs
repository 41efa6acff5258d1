//! [`MediaTools`]: where the ffmpeg and ffprobe binaries are. Resolution order for each tool:
//! the configured path (Settings, shared through a [`ToolLocation`]), a sidecar bundled next
//! to the executable (`reelforge-ffmpeg` or `ffmpeg`, as Tauri's `externalBin` places it),
//! then `PATH`. Nothing is ever downloaded.

use super::error::{MediaError, MediaResult};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, PoisonError, RwLock};

/// The ffmpeg location chosen in Settings (the binary or its folder; `None`: found
/// automatically), shared by everything of one engine that runs ffmpeg. A change applies
/// to the next run. Cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct ToolLocation(Arc<RwLock<Option<PathBuf>>>);

impl ToolLocation {
    pub fn get(&self) -> Option<PathBuf> {
        self.0
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    pub fn set(&self, location: Option<PathBuf>) {
        *self.0.write().unwrap_or_else(PoisonError::into_inner) = location;
    }

    /// The tools to run now: the configured location, else the sidecar, else `PATH`.
    pub fn resolve(&self) -> MediaResult<MediaTools> {
        MediaTools::resolve(self.get().as_deref())
    }
}

/// The resolved ffmpeg and ffprobe binaries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaTools {
    ffmpeg: PathBuf,
    ffprobe: PathBuf,
}

impl MediaTools {
    /// Resolve both tools for this process: `configured` is the ffmpeg binary (or the folder
    /// holding it) from Settings; ffprobe is looked for beside it first.
    pub fn resolve(configured: Option<&Path>) -> MediaResult<Self> {
        let exe_dir = ffmpeg_sidecar::paths::sidecar_dir().ok();
        let path_var = std::env::var_os("PATH");
        Self::resolve_in(configured, exe_dir.as_deref(), path_var.as_deref())
    }

    /// [`MediaTools::resolve`] with the executable's folder and `PATH` given explicitly.
    pub fn resolve_in(
        configured: Option<&Path>,
        exe_dir: Option<&Path>,
        path_var: Option<&OsStr>,
    ) -> MediaResult<Self> {
        let configured_dir = match configured {
            None => None,
            Some(path) if path.is_dir() => Some(path.to_owned()),
            Some(path) if path.is_file() => path.parent().map(Path::to_owned),
            Some(path) => {
                return Err(MediaError::ConfiguredToolMissing {
                    path: path.to_owned(),
                });
            }
        };
        let configured_ffmpeg = configured.filter(|p| p.is_file()).map(Path::to_owned);
        let ffmpeg = match configured_ffmpeg {
            Some(file) => file,
            None => find_tool("ffmpeg", configured_dir.as_deref(), exe_dir, path_var)?,
        };
        let ffprobe = find_tool("ffprobe", configured_dir.as_deref(), exe_dir, path_var)?;
        Ok(Self { ffmpeg, ffprobe })
    }

    /// Use these exact binaries (tests, or a caller that resolved them itself).
    pub fn from_paths(ffmpeg: impl Into<PathBuf>, ffprobe: impl Into<PathBuf>) -> Self {
        Self {
            ffmpeg: ffmpeg.into(),
            ffprobe: ffprobe.into(),
        }
    }

    pub fn ffmpeg(&self) -> &Path {
        &self.ffmpeg
    }

    pub fn ffprobe(&self) -> &Path {
        &self.ffprobe
    }
}

/// The file names a tool may have: the bundled sidecar's unique name first (a sidecar named
/// plain `ffmpeg` would collide with the distribution's package once installed), then the
/// plain one.
fn candidate_names(tool: &str) -> [String; 2] {
    let suffix = std::env::consts::EXE_SUFFIX;
    [
        format!("reelforge-{tool}{suffix}"),
        format!("{tool}{suffix}"),
    ]
}

fn find_tool(
    tool: &'static str,
    configured_dir: Option<&Path>,
    exe_dir: Option<&Path>,
    path_var: Option<&OsStr>,
) -> MediaResult<PathBuf> {
    let mut searched = Vec::new();
    let bundled = configured_dir.into_iter().chain(exe_dir);
    for dir in bundled {
        for name in candidate_names(tool) {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Ok(candidate);
            }
            searched.push(candidate);
        }
    }
    let plain = format!("{tool}{}", std::env::consts::EXE_SUFFIX);
    for dir in path_var.map(std::env::split_paths).into_iter().flatten() {
        let candidate = dir.join(&plain);
        if candidate.is_file() {
            return Ok(candidate);
        }
        searched.push(candidate);
    }
    Err(MediaError::ToolMissing { tool, searched })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn touch(path: &Path) {
        fs::write(path, b"#!/bin/sh\n").unwrap();
    }

    #[test]
    fn configured_then_sidecar_then_path() {
        let root = tempfile::tempdir().unwrap();
        let (conf, exe, on_path) = (
            root.path().join("conf"),
            root.path().join("exe"),
            root.path().join("bin"),
        );
        for dir in [&conf, &exe, &on_path] {
            fs::create_dir(dir).unwrap();
        }
        touch(&on_path.join("ffmpeg"));
        touch(&on_path.join("ffprobe"));
        let path_var = std::env::join_paths([&on_path]).unwrap();

        let found = MediaTools::resolve_in(None, Some(&exe), Some(&path_var)).unwrap();
        assert_eq!(found.ffmpeg(), on_path.join("ffmpeg"));

        touch(&exe.join("reelforge-ffmpeg"));
        let found = MediaTools::resolve_in(None, Some(&exe), Some(&path_var)).unwrap();
        assert_eq!(found.ffmpeg(), exe.join("reelforge-ffmpeg"));
        assert_eq!(found.ffprobe(), on_path.join("ffprobe"));

        touch(&conf.join("my-ffmpeg"));
        touch(&conf.join("ffprobe"));
        let found =
            MediaTools::resolve_in(Some(&conf.join("my-ffmpeg")), Some(&exe), Some(&path_var))
                .unwrap();
        assert_eq!(found.ffmpeg(), conf.join("my-ffmpeg"));
        assert_eq!(found.ffprobe(), conf.join("ffprobe"));
    }

    #[test]
    fn missing_tools_give_a_typed_error_listing_where_we_looked() {
        let root = tempfile::tempdir().unwrap();
        let path_var = std::env::join_paths([root.path()]).unwrap();
        let err = MediaTools::resolve_in(None, Some(root.path()), Some(&path_var)).unwrap_err();
        match &err {
            MediaError::ToolMissing { tool, searched } => {
                assert_eq!(*tool, "ffmpeg");
                assert_eq!(searched.len(), 3);
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(err.to_string().contains("install ffmpeg"), "{err}");

        let missing = root.path().join("nope/ffmpeg");
        let err = MediaTools::resolve_in(Some(&missing), None, None).unwrap_err();
        assert!(
            matches!(err, MediaError::ConfiguredToolMissing { .. }),
            "{err:?}"
        );
    }
}
