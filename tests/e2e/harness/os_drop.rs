//! Dropping files on the app the way a person does from a file manager: a GTK drag source
//! window (`tools/drag_source.py`, system Python with PyGObject) offers the files as
//! `text/uri-list`, and xdotool drags from it to a point of the screen with synthetic mouse
//! events (XTest). The drop reaches the app through XDND and Tauri's drag-drop window event,
//! the same path as a real drop.

use super::Outcome;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

/// Where the drag starts: inside the drag source window (top-left corner of the screen).
const SOURCE_POINT: (u32, u32) = (60, 50);

/// Drags `files` onto the screen point `(x, y)` of `display` and releases them there.
pub fn drop_files(display: &str, files: &[&Path], (x, y): (u32, u32)) -> Outcome<()> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("e2e/tools/drag_source.py");
    let mut source = Command::new("/usr/bin/python3")
        .arg(script)
        .args(files)
        .env("DISPLAY", display)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|error| format!("cannot start the drag source: {error}"))?;
    let stdout = source.stdout.take().ok_or("drag source has no stdout")?;
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line)?;
    if line.trim() != "ready" {
        let _ = source.kill();
        return Err("the drag source window did not show (PyGObject and GTK 3 needed)".into());
    }
    // A drag needs motion events between press and release for GTK to start it and for the
    // target to see it enter; xdotool's own `sleep` paces the synthetic pointer.
    let (sx, sy) = SOURCE_POINT;
    let mut args: Vec<String> = vec!["mousemove".into(), sx.to_string(), sy.to_string()];
    args.extend(["mousedown".into(), "1".into()]);
    for step in 1..=6 {
        let px = sx + (x.saturating_sub(sx)) * step / 6;
        let py = sy + (y.saturating_sub(sy)) * step / 6;
        args.extend(["sleep".into(), "0.1".into(), "mousemove".into()]);
        args.extend([px.to_string(), py.to_string()]);
    }
    args.extend(["sleep".into(), "0.3".into(), "mouseup".into(), "1".into()]);
    let status = Command::new("xdotool")
        .args(&args)
        .env("DISPLAY", display)
        .status()?;
    let _ = source.wait();
    if !status.success() {
        return Err("xdotool failed to drag".into());
    }
    Ok(())
}
