//! [`FfmpegArgs`]: a pure builder for one ffmpeg command line. Every run starts with the same
//! safe global options (`-nostdin -y`, machine-readable progress on stdout) and every input is
//! preceded by `-protocol_whitelist file`, so a crafted path or playlist cannot reach the
//! network.

use std::ffi::{OsStr, OsString};
use std::path::Path;

/// The global options every ffmpeg run starts with.
pub const GLOBAL_ARGS: [&str; 8] = [
    "-hide_banner",
    "-nostdin",
    "-y",
    "-nostats",
    "-loglevel",
    "level+error",
    "-progress",
    "pipe:1",
];

/// An ffmpeg argument list under construction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FfmpegArgs {
    args: Vec<OsString>,
}

impl Default for FfmpegArgs {
    fn default() -> Self {
        Self::new()
    }
}

impl FfmpegArgs {
    /// A command line holding only [`GLOBAL_ARGS`].
    pub fn new() -> Self {
        Self {
            args: GLOBAL_ARGS.iter().map(OsString::from).collect(),
        }
    }

    /// Add a file input, restricted to the `file` protocol.
    pub fn input(&mut self, path: &Path) -> &mut Self {
        self.input_with(&[], path)
    }

    /// Add a file input with input options before it (`-f concat`, `-ss 1.5`, `-stream_loop -1`).
    pub fn input_with(&mut self, options: &[&str], path: &Path) -> &mut Self {
        self.args(options);
        self.args(["-protocol_whitelist", "file", "-i"]);
        self.arg(file_url(path))
    }

    /// Add a generated input (`testsrc=…`, `sine=…`) from the lavfi device.
    pub fn lavfi_input(&mut self, graph: &str) -> &mut Self {
        self.args(["-f", "lavfi", "-protocol_whitelist", "file", "-i", graph])
    }

    pub fn arg(&mut self, arg: impl AsRef<OsStr>) -> &mut Self {
        self.args.push(arg.as_ref().to_owned());
        self
    }

    pub fn args<I, S>(&mut self, args: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.args
            .extend(args.into_iter().map(|a| a.as_ref().to_owned()));
        self
    }

    /// The output file, last on the line.
    pub fn output(&mut self, path: &Path) -> &mut Self {
        self.arg(file_url(path))
    }

    pub fn as_slice(&self) -> &[OsString] {
        &self.args
    }

    /// Whether every `-i` is directly preceded by `-protocol_whitelist file`.
    pub fn inputs_are_whitelisted(&self) -> bool {
        self.args.iter().enumerate().all(|(i, arg)| {
            arg != "-i"
                || (i >= 2
                    && self.args[i - 2] == "-protocol_whitelist"
                    && self.args[i - 1] == "file")
        })
    }

    /// The line as text, for logs and error messages.
    pub fn to_command_line(&self) -> String {
        let parts: Vec<String> = self
            .args
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        parts.join(" ")
    }
}

/// `file:` + the path, so a name with a colon is never read as another protocol.
pub fn file_url(path: &Path) -> OsString {
    let mut url = OsString::from("file:");
    url.push(path.as_os_str());
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_input_is_whitelisted_and_globals_come_first() {
        let mut args = FfmpegArgs::new();
        args.input(Path::new("/lib/a:b.mp4"))
            .input_with(&["-f", "concat", "-safe", "0"], Path::new("/tmp/list.txt"))
            .lavfi_input("anullsrc=r=48000")
            .args(["-c", "copy"])
            .output(Path::new("/out/final.mp4"));
        let line = args.to_command_line();
        assert!(
            line.starts_with("-hide_banner -nostdin -y -nostats"),
            "{line}"
        );
        assert!(line.contains("-progress pipe:1"), "{line}");
        assert!(
            line.contains("-protocol_whitelist file -i file:/lib/a:b.mp4"),
            "{line}"
        );
        assert!(
            line.contains("-f concat -safe 0 -protocol_whitelist file -i file:/tmp/list.txt"),
            "{line}"
        );
        assert!(line.ends_with("-c copy file:/out/final.mp4"), "{line}");
        assert!(args.inputs_are_whitelisted());
        assert_eq!(line.matches("-protocol_whitelist file").count(), 3);

        let mut bare = FfmpegArgs::new();
        bare.args(["-i", "http://example.invalid/x.mp4"]);
        assert!(!bare.inputs_are_whitelisted());
    }
}
