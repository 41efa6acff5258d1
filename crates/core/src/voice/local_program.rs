//! What the voices run as programs on this machine share (espeak-ng, macOS `say`, Windows
//! SAPI through PowerShell): finding the program, checking a request against the provider's
//! voices, running the program with the text on stdin (never in its arguments) and checking
//! the WAV it wrote, and listing the voices a system program has, once per program.

use super::wav::Pcm;
use super::{SpeechRequest, VoiceDescriptor, VoiceError, VoiceOption};
use std::collections::HashMap;
use std::ffi::OsStr;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::{Mutex, OnceLock, mpsc};
use std::time::Duration;
use tokio::io::AsyncWriteExt as _;

/// A program a voice runs: its name (without the OS's executable suffix) and what installs
/// it, named in [`VoiceError::ProgramMissing`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VoiceProgram {
    pub name: &'static str,
    pub package: &'static str,
}

/// How long listing a system program's voices may take before it counts as absent.
const LISTING_TIMEOUT: Duration = Duration::from_secs(20);

impl VoiceProgram {
    /// The program at `location` (the program itself or its folder), or on `PATH` when
    /// `None`.
    pub fn locate(&self, location: Option<&Path>) -> Result<PathBuf, VoiceError> {
        let file = format!("{}{}", self.name, std::env::consts::EXE_SUFFIX);
        let missing = |searched: String| VoiceError::ProgramMissing {
            program: self.name,
            package: self.package,
            searched,
        };
        match location {
            Some(path) if path.is_file() => Ok(path.to_owned()),
            Some(dir) if dir.join(&file).is_file() => Ok(dir.join(&file)),
            Some(path) => Err(missing(path.display().to_string())),
            None => find_on_path(&file, std::env::var_os("PATH").as_deref())
                .ok_or_else(|| missing("PATH".to_owned())),
        }
    }
}

fn find_on_path(file: &str, path_var: Option<&OsStr>) -> Option<PathBuf> {
    std::env::split_paths(path_var?)
        .map(|dir| dir.join(file))
        .find(|candidate| candidate.is_file())
}

/// The voice `request` asks for among `descriptor`'s, when it speaks the request's language
/// and there is something to say.
pub fn chosen_voice<'a>(
    descriptor: &'a VoiceDescriptor,
    request: &SpeechRequest,
) -> Result<&'a VoiceOption, VoiceError> {
    let Some(option) = descriptor.voices.iter().find(|v| v.id == request.voice) else {
        return Err(VoiceError::UnknownVoice {
            provider: descriptor.id.clone(),
            voice: request.voice.clone(),
        });
    };
    if option.language != request.language {
        return Err(VoiceError::LanguageUnsupported {
            provider: format!("{} voice {}", descriptor.id, option.id),
            language: request.language.as_str().to_owned(),
        });
    }
    if request.text.trim().is_empty() {
        return Err(VoiceError::EmptyText);
    }
    Ok(option)
}

/// Runs `program` with `args` and the environment variables `envs`, writing `text` (UTF-8)
/// on its stdin; a non-zero exit is [`VoiceError::Failed`] with what it wrote on stderr.
pub async fn run_with_text(
    program: &Path,
    args: &[String],
    envs: &[(&str, String)],
    text: &str,
) -> Result<(), VoiceError> {
    let mut command = tokio::process::Command::new(program);
    crate::child_process::die_with_parent(command.as_std_mut());
    let mut child = command
        .args(args)
        .envs(envs.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| VoiceError::io(program, e))?;
    if let Some(mut stdin) = child.stdin.take() {
        // A program that fails early closes its stdin: its exit status says why.
        let written = stdin.write_all(text.as_bytes()).await;
        drop(stdin);
        if let Err(e) = written
            && e.kind() != std::io::ErrorKind::BrokenPipe
        {
            return Err(VoiceError::io(program, e));
        }
    }
    let output = child
        .wait_with_output()
        .await
        .map_err(|e| VoiceError::io(program, e))?;
    if !output.status.success() {
        return Err(VoiceError::Failed {
            program: program.display().to_string(),
            status: output.status.to_string(),
            stderr: String::from_utf8_lossy(&output.stderr).trim().to_owned(),
        });
    }
    Ok(())
}

/// Checks that `out` is a mono 16-bit PCM WAV Reelforge reads; nothing is converted. A file
/// the program did not write is [`VoiceError::BadAudio`] too.
pub fn check_wav(out: &Path) -> Result<(), VoiceError> {
    match Pcm::read(out) {
        Ok(_) => Ok(()),
        Err(VoiceError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            Err(VoiceError::BadAudio {
                path: out.to_owned(),
                reason: "no audio was written".to_owned(),
            })
        }
        Err(e) => Err(e),
    }
}

/// The voices `program` lists, read by `parse` from what it prints when run with `args`,
/// asked once per program and arguments for the process's life (a system's voices change with an
/// OS install, and listing can take a second). `None` when the listing fails or times out.
pub fn listed_voices(
    program: &Path,
    args: &[String],
    parse: fn(&str) -> Vec<VoiceOption>,
) -> Option<Vec<VoiceOption>> {
    type Listings = Mutex<HashMap<(PathBuf, Vec<String>), Option<Vec<VoiceOption>>>>;
    static LISTINGS: OnceLock<Listings> = OnceLock::new();
    let listings = LISTINGS.get_or_init(Listings::default);
    let key = (program.to_owned(), args.to_vec());
    if let Some(known) = listings.lock().ok()?.get(&key) {
        return known.clone();
    }
    let listed = program_output(program, args).map(|text| parse(&text));
    listings.lock().ok()?.insert(key, listed.clone());
    listed
}

/// What `program` prints on stdout when run with `args` (stdin empty), if it exits with
/// success within [`LISTING_TIMEOUT`]; a program still running then is killed.
fn program_output(program: &Path, args: &[String]) -> Option<String> {
    let mut command = std::process::Command::new(program);
    crate::child_process::die_with_parent(&mut command);
    let mut child = command
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let mut stdout = child.stdout.take()?;
    let (done, read) = mpsc::channel();
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = done.send(stdout.read_to_end(&mut bytes).map(|_| bytes));
    });
    let Ok(Ok(bytes)) = read.recv_timeout(LISTING_TIMEOUT) else {
        let _ = child.kill();
        let _ = child.wait();
        return None;
    };
    let status = child.wait().ok()?;
    status
        .success()
        .then(|| String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use reelforge_protocol::ScriptLanguage;

    const ESPEAK: VoiceProgram = VoiceProgram {
        name: "espeak-ng",
        package: "espeak-ng",
    };

    #[test]
    fn a_program_is_found_as_a_file_in_a_folder_or_said_missing() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir
            .path()
            .join(format!("espeak-ng{}", std::env::consts::EXE_SUFFIX));
        std::fs::write(&file, b"").unwrap();
        assert_eq!(ESPEAK.locate(Some(&file)).unwrap(), file);
        assert_eq!(ESPEAK.locate(Some(dir.path())).unwrap(), file);
        let path_var = std::env::join_paths([dir.path()]).unwrap();
        assert_eq!(
            find_on_path(file.file_name().unwrap().to_str().unwrap(), Some(&path_var)),
            Some(file.clone())
        );
        let err = ESPEAK.locate(Some(&dir.path().join("no"))).unwrap_err();
        assert!(matches!(err, VoiceError::ProgramMissing { .. }), "{err}");
    }

    #[test]
    fn a_listing_that_fails_or_prints_nothing_lists_no_voice() {
        let dir = tempfile::tempdir().unwrap();
        let parse = |text: &str| -> Vec<VoiceOption> {
            text.lines()
                .map(|l| VoiceOption {
                    id: l.to_owned(),
                    label: l.to_owned(),
                    language: ScriptLanguage::Fr,
                })
                .collect()
        };
        assert_eq!(listed_voices(&dir.path().join("none"), &[], parse), None);
        let Some(sh) = VoiceProgram {
            name: "sh",
            package: "sh",
        }
        .locate(None)
        .ok() else {
            eprintln!("skipped the listing run: no `sh` on PATH");
            return;
        };
        let args = ["-c".to_owned(), "echo Thomas; echo Amelie".to_owned()];
        let listed = listed_voices(&sh, &args, parse).unwrap();
        assert_eq!(listed.len(), 2);
        assert_eq!(listed[1].id, "Amelie");
    }
}
