//! Still images the image fakes answer with: real PNG, JPEG or WebP files of an exact size,
//! made once with ffmpeg in the fake's file folder (served from `/files/`), a test pattern
//! or, for a moderated answer, black.

use super::FakeCore;
use std::process::Command;

/// An image of `w`×`h` in `format` (`png`, `jpg` or `webp`) in the fake's file folder: a
/// test pattern, or black when `blank`. Returns its file name.
pub fn still(core: &FakeCore, w: u64, h: u64, blank: bool, format: &str) -> String {
    let kind = if blank { "blank" } else { "image" };
    let name = format!("{kind}-{w}x{h}.{format}");
    let path = core.clips.dir().join(&name);
    if !path.exists() {
        let source = if blank {
            format!("color=c=black:s={w}x{h}")
        } else {
            format!("testsrc2=size={w}x{h}")
        };
        let tmp = core.clips.dir().join(format!("{name}.part.{format}"));
        let status = Command::new("ffmpeg")
            .args([
                "-hide_banner",
                "-loglevel",
                "error",
                "-y",
                "-f",
                "lavfi",
                "-i",
            ])
            .arg(source)
            .args(["-frames:v", "1"])
            .arg(&tmp)
            .status()
            .expect("ffmpeg runs (install it with scripts/setup.sh)");
        assert!(status.success(), "ffmpeg made no image {name}");
        std::fs::rename(&tmp, &path).expect("image rename");
    }
    name
}

/// A signed-looking link to the fake's file `name`, fresh on every call.
pub fn file_url(core: &FakeCore, name: &str) -> String {
    format!(
        "{}/files/{name}?X-Amz-Expires=3600&sig={}",
        core.base_url,
        uuid::Uuid::new_v4().simple()
    )
}
