//! [`ClipStore`]: real H.264 + AAC clips made with ffmpeg on demand, one per (duration,
//! aspect ratio), small and fast to encode, so the engine's ffprobe check of a fetched output
//! passes exactly as it would on a provider's clip.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

/// Clips by file name in one folder.
#[derive(Debug)]
pub struct ClipStore {
    dir: PathBuf,
    made: Mutex<HashMap<String, ()>>,
}

impl ClipStore {
    /// Clips will be written to `dir` (created if needed).
    pub fn new(dir: &Path) -> Self {
        std::fs::create_dir_all(dir).expect("clip folder");
        Self {
            dir: dir.to_owned(),
            made: Mutex::default(),
        }
    }

    /// The folder the clips are in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file name of a clip of `duration_s` seconds at `aspect` ("16:9", "9:16", "1:1",
    /// "4:3", "3:4", "21:9"; anything else is 16:9), made now if it does not exist yet.
    pub fn clip(&self, duration_s: u32, aspect: &str) -> String {
        let (w, h) = size_for(aspect);
        let duration_s = duration_s.clamp(1, 30);
        let name = format!("clip-{duration_s}s-{w}x{h}.mp4");
        let mut made = self.made.lock().expect("clip map");
        if made.contains_key(&name) {
            return name;
        }
        let path = self.dir.join(&name);
        if !path.exists() {
            let tmp = self.dir.join(format!("{name}.part.mp4"));
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
                .arg(format!(
                    "testsrc2=size={w}x{h}:rate=24:duration={duration_s}"
                ))
                .args(["-f", "lavfi", "-i"])
                .arg(format!("sine=frequency=440:duration={duration_s}"))
                .args([
                    "-c:v",
                    "libx264",
                    "-preset",
                    "ultrafast",
                    "-pix_fmt",
                    "yuv420p",
                ])
                .args(["-c:a", "aac", "-shortest"])
                .arg(&tmp)
                .status()
                .expect("ffmpeg runs (install it with scripts/setup.sh)");
            assert!(status.success(), "ffmpeg made no clip for {name}");
            std::fs::rename(&tmp, &path).expect("clip rename");
        }
        made.insert(name.clone(), ());
        name
    }
}

/// A small frame size with the given aspect ratio (even sides for H.264).
fn size_for(aspect: &str) -> (u32, u32) {
    match aspect {
        "9:16" => (216, 384),
        "1:1" => (320, 320),
        "4:3" => (320, 240),
        "3:4" => (240, 320),
        "21:9" => (448, 192),
        _ => (384, 216),
    }
}
