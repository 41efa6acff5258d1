//! Child processes that die with Reelforge: every program the engine runs (ffmpeg, ffprobe,
//! espeak-ng) is started through [`die_with_parent`], so a killed app or CLI leaves no
//! renderer running on its own.
//!
//! On Linux the child asks the kernel for SIGKILL when its parent goes
//! (`PR_SET_PDEATHSIG`), set between `fork` and `exec`; if the parent is already gone by then
//! the child exits at once. The signal follows the *thread* that spawned the child, so
//! children are spawned from threads that wait for them (the blocking pool's worker that
//! runs ffmpeg) or live as long as the runtime (tokio's workers). Elsewhere the children
//! are killed when their handles are dropped, as before, and nothing more is done.

/// Arranges for the child `command` starts to be killed when this process ends.
///
/// The one `unsafe` of the workspace (whose lint denies it everywhere else): a hook between
/// `fork` and `exec` cannot be written without it.
#[cfg_attr(
    target_os = "linux",
    expect(
        unsafe_code,
        reason = "pre_exec is the only way to set PR_SET_PDEATHSIG"
    )
)]
pub fn die_with_parent(command: &mut std::process::Command) {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::process::CommandExt;
        let parent = std::process::id();
        // SAFETY: in the child, between fork and exec, only async-signal-safe calls are made
        // (prctl, getppid, _exit) and nothing is allocated.
        unsafe {
            command.pre_exec(move || {
                if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL, 0, 0, 0) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                if u32::try_from(libc::getppid()).ok() != Some(parent) {
                    libc::_exit(1);
                }
                Ok(())
            });
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = command;
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;
    use std::os::unix::process::ExitStatusExt;

    #[test]
    fn the_child_is_killed_when_the_thread_that_started_it_ends() {
        // The signal follows the spawning thread, so a thread that ends stands in for a
        // parent that dies; the child would otherwise sleep for a minute.
        let child = std::thread::spawn(|| {
            let mut command = std::process::Command::new("sleep");
            command.arg("60");
            die_with_parent(&mut command);
            command.spawn().unwrap()
        })
        .join()
        .unwrap();
        let mut child = child;
        let status = child.wait().unwrap();
        assert_eq!(status.signal(), Some(libc::SIGKILL), "{status:?}");
    }
}
