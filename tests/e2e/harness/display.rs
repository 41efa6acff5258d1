//! The virtual screen the suite runs on: one Xvfb server for the whole run, on a display
//! number it picks itself (`-displayfd`), stopped when dropped.

use super::Outcome;
use std::io::Read;
use std::process::{Child, Command, Stdio};

/// A running Xvfb.
pub struct Display {
    server: Child,
    name: String,
}

impl Display {
    /// Starts Xvfb with one 1280×800 screen and waits until it reports its display number.
    pub fn start() -> Outcome<Self> {
        let mut server = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "1280x800x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|error| format!("cannot start Xvfb: {error}"))?;
        let mut number = String::new();
        let mut stdout = server.stdout.take().ok_or("Xvfb has no stdout")?;
        let mut byte = [0u8; 1];
        // Xvfb writes the number followed by a newline once the display accepts clients.
        while stdout.read(&mut byte)? == 1 && byte[0] != b'\n' {
            number.push(char::from(byte[0]));
        }
        if number.trim().is_empty() {
            let _ = server.kill();
            return Err("Xvfb exited without reporting a display".into());
        }
        Ok(Self {
            server,
            name: format!(":{}", number.trim()),
        })
    }

    /// `:N`, for `DISPLAY`.
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        let _ = self.server.kill();
        let _ = self.server.wait();
    }
}
