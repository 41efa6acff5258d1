//! Running ffmpeg: off the async runtime (`spawn_blocking`), with progress parsed from
//! `-progress pipe:1` and reported through a callback, and cancellation that kills the child.
//! Refuses any command line whose inputs are not restricted to the `file` protocol.

use super::args::FfmpegArgs;
use super::error::{MediaError, MediaResult};
use super::tools::MediaTools;
use ffmpeg_sidecar::command::FfmpegCommand;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

/// How often a running child is checked for cancellation.
const CANCEL_POLL: Duration = Duration::from_millis(25);
/// How much of ffmpeg's stderr is kept for the error message.
const STDERR_TAIL: usize = 2_000;

/// How far an encode has got.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    /// Output time written so far.
    pub out_time: Duration,
    /// The expected output duration, when known.
    pub total: Option<Duration>,
}

impl Progress {
    /// Done fraction in `0.0..=1.0`, when the total is known.
    pub fn fraction(&self) -> Option<f64> {
        let total = self.total?.as_secs_f64();
        (total > 0.0).then(|| (self.out_time.as_secs_f64() / total).clamp(0.0, 1.0))
    }
}

/// A cancellation flag shared between the caller and running media work.
#[derive(Debug, Clone, Default)]
pub struct Cancellation(Arc<AtomicBool>);

impl Cancellation {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// The progress callback; called on the worker thread.
pub type ProgressFn = Box<dyn FnMut(Progress) + Send>;

/// Options of one run.
#[derive(Default)]
pub struct RunOptions {
    /// Expected output duration, to turn `out_time` into a fraction.
    pub total: Option<Duration>,
    pub progress: Option<ProgressFn>,
    pub cancel: Cancellation,
}

/// The output time in a `-progress` line (`out_time_us=…`), if it carries one.
pub fn parse_progress_line(line: &str) -> Option<Duration> {
    let (key, value) = line.trim().split_once('=')?;
    match key {
        // ffmpeg writes microseconds under both keys (out_time_ms is misnamed).
        "out_time_us" | "out_time_ms" => value.parse::<u64>().ok().map(Duration::from_micros),
        _ => None,
    }
}

/// Run ffmpeg with `args` off the async runtime. Dropping the returned future kills the child.
pub async fn run_ffmpeg(
    tools: &MediaTools,
    args: FfmpegArgs,
    options: RunOptions,
) -> MediaResult<()> {
    run_ffmpeg_stderr(tools, args, options).await.map(drop)
}

/// [`run_ffmpeg`], returning what ffmpeg wrote on stderr (its reports, such as `ebur128`'s summary).
pub async fn run_ffmpeg_stderr(
    tools: &MediaTools,
    args: FfmpegArgs,
    options: RunOptions,
) -> MediaResult<String> {
    let ffmpeg = tools.ffmpeg().to_owned();
    let dropped = Cancellation::new();
    let guard = CancelOnDrop(dropped.clone());
    let result =
        tokio::task::spawn_blocking(move || run_ffmpeg_blocking(&ffmpeg, &args, options, &dropped))
            .await
            .map_err(|e| MediaError::ToolFailed {
                tool: "ffmpeg",
                status: "worker panicked".to_owned(),
                stderr_tail: e.to_string(),
            })?;
    drop(guard);
    result
}

struct CancelOnDrop(Cancellation);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.cancel();
    }
}

fn run_ffmpeg_blocking(
    ffmpeg: &Path,
    args: &FfmpegArgs,
    mut options: RunOptions,
    dropped: &Cancellation,
) -> MediaResult<String> {
    if !args.inputs_are_whitelisted() {
        return Err(MediaError::InvalidRequest(format!(
            "refusing an ffmpeg input without -protocol_whitelist: {}",
            args.to_command_line()
        )));
    }
    if options.cancel.is_cancelled() {
        return Err(MediaError::Cancelled);
    }
    let mut command = FfmpegCommand::new_with_path(ffmpeg);
    command.args(args.as_slice());
    crate::child_process::die_with_parent(command.as_inner_mut());
    let mut child = command
        .spawn()
        .map_err(|e| spawn_error(ffmpeg, "ffmpeg", e))?;
    let stdout = child.take_stdout();
    let stderr = child.take_stderr();

    let (tx, rx) = mpsc::channel::<Duration>();
    let progress_reader = std::thread::spawn(move || {
        let Some(stdout) = stdout else { return };
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if let Some(out_time) = parse_progress_line(&line)
                && tx.send(out_time).is_err()
            {
                break;
            }
        }
    });
    let stderr_reader = std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(mut stderr) = stderr {
            let mut bytes = Vec::new();
            let _ = stderr.read_to_end(&mut bytes);
            text = String::from_utf8_lossy(&bytes).into_owned();
        }
        text
    });

    let mut cancelled = false;
    loop {
        if options.cancel.is_cancelled() || dropped.is_cancelled() {
            let _ = child.kill();
            cancelled = true;
            break;
        }
        match rx.recv_timeout(CANCEL_POLL) {
            Ok(out_time) => {
                if let Some(report) = options.progress.as_mut() {
                    report(Progress {
                        out_time,
                        total: options.total,
                    });
                }
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    let status = child.wait().map_err(|e| MediaError::io(ffmpeg, e))?;
    let _ = progress_reader.join();
    let stderr_text = stderr_reader.join().unwrap_or_default();
    if cancelled {
        return Err(MediaError::Cancelled);
    }
    if !status.success() {
        return Err(MediaError::ToolFailed {
            tool: "ffmpeg",
            status: status.to_string(),
            stderr_tail: tail(&stderr_text),
        });
    }
    Ok(stderr_text)
}

/// A spawn failure: a vanished binary becomes [`MediaError::ToolMissing`].
pub(crate) fn spawn_error(binary: &Path, tool: &'static str, err: std::io::Error) -> MediaError {
    if err.kind() == std::io::ErrorKind::NotFound {
        MediaError::ToolMissing {
            tool,
            searched: vec![binary.to_owned()],
        }
    } else {
        MediaError::io(binary, err)
    }
}

/// The last part of a tool's stderr, trimmed to whole characters.
pub(crate) fn tail(text: &str) -> String {
    let text = text.trim();
    let mut start = text.len().saturating_sub(STDERR_TAIL);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    text[start..].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_lines_parse_out_time() {
        assert_eq!(
            parse_progress_line("out_time_us=1500000"),
            Some(Duration::from_millis(1500))
        );
        assert_eq!(
            parse_progress_line("out_time_ms=2000000\n"),
            Some(Duration::from_secs(2))
        );
        assert_eq!(parse_progress_line("out_time=00:00:01.500000"), None);
        assert_eq!(parse_progress_line("out_time_us=N/A"), None);
        assert_eq!(parse_progress_line("progress=end"), None);
        let p = Progress {
            out_time: Duration::from_secs(3),
            total: Some(Duration::from_secs(4)),
        };
        assert_eq!(p.fraction(), Some(0.75));
    }

    #[test]
    fn stderr_tail_keeps_the_end() {
        let long = "é".repeat(3_000);
        let t = tail(&long);
        assert!(t.len() <= STDERR_TAIL + 1 && t.ends_with('é'));
    }
}
