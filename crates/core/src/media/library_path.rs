//! Inputs only from the library: a path handed to ffmpeg must resolve (symlinks and `..`
//! followed) to a file inside the library folder.

use super::error::{MediaError, MediaResult};
use std::path::{Path, PathBuf};

/// The canonical form of `path`, or an error when it lies outside `library`.
pub fn ensure_in_library(library: &Path, path: &Path) -> MediaResult<PathBuf> {
    let root = library
        .canonicalize()
        .map_err(|e| MediaError::io(library, e))?;
    let resolved = match path.canonicalize() {
        Ok(resolved) => resolved,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(MediaError::InputMissing {
                path: path.to_owned(),
            });
        }
        Err(e) => return Err(MediaError::io(path, e)),
    };
    if resolved.starts_with(&root) {
        Ok(resolved)
    } else {
        Err(MediaError::InvalidRequest(format!(
            "{} is outside the library ({})",
            path.display(),
            root.display()
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_inside_the_library_pass() {
        let root = tempfile::tempdir().unwrap();
        let library = root.path().join("library");
        std::fs::create_dir(&library).unwrap();
        let inside = library.join("take.mp4");
        let outside = root.path().join("secret.mp4");
        std::fs::write(&inside, b"x").unwrap();
        std::fs::write(&outside, b"x").unwrap();
        assert!(ensure_in_library(&library, &inside).is_ok());
        let sneaky = library.join("..").join("secret.mp4");
        let err = ensure_in_library(&library, &sneaky).unwrap_err();
        assert!(err.to_string().contains("is outside the library"), "{err}");
        assert!(ensure_in_library(&library, &outside).is_err());
        let err = ensure_in_library(&library, &library.join("gone.mp4")).unwrap_err();
        assert!(matches!(err, MediaError::InputMissing { .. }), "{err:?}");
    }
}
