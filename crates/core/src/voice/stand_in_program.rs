//! Test support for the system voices (macOS `say`, Windows SAPI through PowerShell), whose
//! real programs cannot run on the Linux machines the tests run on: a **stand-in** program, a
//! `sh` script written into a temporary folder under the real program's name, that checks the
//! arguments it is given, keeps the text it reads on stdin and speaks it with espeak-ng (or
//! fails on purpose). It proves what Reelforge sends and how it reads the answer, not that the
//! real program agrees.

use std::path::{Path, PathBuf};

/// The programs a stand-in needs.
pub struct StandInTools {
    pub sh: PathBuf,
    pub espeak: PathBuf,
}

/// `sh` and espeak-ng, or `None` with the reason printed; missing ones fail the test when
/// `REELFORGE_REQUIRE_E2E=1`.
pub fn tools(test: &str) -> Option<StandInTools> {
    let find = |name: &'static str| {
        super::local_program::VoiceProgram {
            name,
            package: name,
        }
        .locate(None)
        .ok()
    };
    let found = if cfg!(unix) {
        find("sh").zip(find("espeak-ng"))
    } else {
        None
    };
    match found {
        Some((sh, espeak)) => Some(StandInTools { sh, espeak }),
        None if std::env::var("REELFORGE_REQUIRE_E2E").is_ok_and(|v| v == "1") => {
            panic!("{test}: a stand-in needs `sh` and `espeak-ng` on PATH (Unix)")
        }
        None => {
            eprintln!("skipped {test}: a stand-in needs `sh` and `espeak-ng` on PATH (Unix)");
            None
        }
    }
}

impl StandInTools {
    /// Writes the executable script `name` into `dir`: `body` run by `sh`, with `$ESPEAK`
    /// set to espeak-ng and `$HERE` to `dir` (where it leaves `args.txt` and `stdin.txt`).
    pub fn write_script(&self, dir: &Path, name: &str, body: &str) -> PathBuf {
        let path = dir.join(name);
        let script = format!(
            "#!{sh}\nESPEAK='{espeak}'\nHERE='{here}'\n{body}\n",
            sh = self.sh.display(),
            espeak = self.espeak.display(),
            here = dir.display(),
        );
        // Written by a `sh` of its own, not by this process: a file this process held open
        // for writing could be inherited by a child another test thread forks at that moment,
        // and running the script would then fail with "text file busy".
        let mut writer = std::process::Command::new(&self.sh)
            .args(["-c", "cat > \"$1\" && chmod 755 \"$1\"", "sh"])
            .arg(&path)
            .stdin(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        std::io::Write::write_all(&mut writer.stdin.take().unwrap(), script.as_bytes()).unwrap();
        assert!(writer.wait().unwrap().success(), "{}", path.display());
        path
    }
}

/// The arguments the stand-in in `dir` was last run with, one per line.
pub fn recorded_args(dir: &Path) -> Vec<String> {
    std::fs::read_to_string(dir.join("args.txt"))
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

/// What the stand-in in `dir` last read on stdin.
pub fn recorded_stdin(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("stdin.txt")).unwrap()
}
