//! App-wide settings on the [`Core`] facade ([`AppSettings`]: OS notifications and their
//! language, kept in the settings table so the shell reads what the Settings screen chose),
//! the ffmpeg location chosen in Settings ([`Core::set_ffmpeg_location`]) and the ffmpeg
//! report of the Settings screen ([`Core::ffmpeg_info`]).

use super::Core;
use crate::error::{CoreError, CoreResult};
use crate::media::tools::MediaTools;
use crate::storage::settings;
use crate::time::now_ms;
use reelforge_protocol::{AppSettings, FfmpegInfo, ToolSource};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Settings key of the [`AppSettings`].
const APP_SETTINGS_KEY: &str = "app";
/// Settings key of the ffmpeg location chosen in Settings.
const FFMPEG_LOCATION_KEY: &str = "ffmpeg_location";
/// How long `ffmpeg -version` may take.
const VERSION_TIMEOUT: Duration = Duration::from_secs(10);

impl Core {
    /// The app-wide settings (notifications on, English, unless changed).
    pub async fn app_settings(&self) -> CoreResult<AppSettings> {
        let mut conn = self.db().reader().acquire().await?;
        Ok(settings::get(&mut conn, APP_SETTINGS_KEY)
            .await?
            .unwrap_or_default())
    }

    /// Stores the app-wide settings.
    pub async fn set_app_settings(&self, new: AppSettings) -> CoreResult<AppSettings> {
        let mut tx = self.db().begin_write().await?;
        settings::set(&mut tx, APP_SETTINGS_KEY, &new, now_ms()).await?;
        tx.commit().await?;
        Ok(new)
    }

    /// The ffmpeg the engine runs (resolved as [`MediaTools::resolve`] does, from the
    /// location chosen in Settings first), its version and where it was found; when there is
    /// none, or it does not run, `problem` says so.
    pub async fn ffmpeg_info(&self) -> FfmpegInfo {
        ffmpeg_info_at(self.inner.tools.get().as_deref()).await
    }

    /// Runs ffmpeg from `location` (the binary, or the folder holding ffmpeg and ffprobe)
    /// from now on, and after restarts; `None` or blank: found automatically again (bundled,
    /// then `PATH`). A location that is not absolute, does not exist, lacks ffmpeg or
    /// ffprobe, or whose ffmpeg does not run as ffmpeg is refused and changes nothing.
    /// Answers the new [`Core::ffmpeg_info`].
    pub async fn set_ffmpeg_location(&self, location: Option<String>) -> CoreResult<FfmpegInfo> {
        let location = location
            .map(|l| l.trim().to_owned())
            .filter(|l| !l.is_empty())
            .map(PathBuf::from);
        if let Some(path) = &location
            && !path.is_absolute()
        {
            return Err(CoreError::validation(
                "ffmpeg_location",
                format!("{} is not an absolute path", path.display()),
            ));
        }
        // Only a program named ffmpeg is ever run to check it: the path may come from anywhere.
        if let Some(path) = &location
            && path.is_file()
            && !named_ffmpeg(path)
        {
            return Err(CoreError::validation(
                "ffmpeg_location",
                format!(
                    "{} is not named ffmpeg: choose the ffmpeg program or its folder",
                    path.display()
                ),
            ));
        }
        let found = ffmpeg_info_at(location.as_deref()).await;
        if let Some(path) = &location {
            // Found there, and it runs and says it is ffmpeg (not merely some program).
            if let Some(problem) = found.problem {
                return Err(CoreError::validation("ffmpeg_location", problem));
            }
            // A folder without ffmpeg would quietly fall back to PATH: say so instead.
            if found.source != Some(ToolSource::Configured) {
                return Err(CoreError::validation(
                    "ffmpeg_location",
                    format!("there is no ffmpeg in {}", path.display()),
                ));
            }
        }
        let mut tx = self.db().begin_write().await?;
        settings::set(&mut tx, FFMPEG_LOCATION_KEY, &location, now_ms()).await?;
        tx.commit().await?;
        self.inner.tools.set(location);
        Ok(found)
    }

    /// Reads the stored ffmpeg location into the engine (at open).
    pub(super) async fn apply_stored_ffmpeg_location(&self) -> CoreResult<()> {
        let mut conn = self.db().reader().acquire().await?;
        let stored: Option<Option<PathBuf>> = settings::get(&mut conn, FFMPEG_LOCATION_KEY).await?;
        self.inner.tools.set(stored.flatten());
        Ok(())
    }
}

/// Whether the file's name says it is ffmpeg (`ffmpeg`, `ffmpeg.exe`, `ffmpeg-7.1`,
/// `my-ffmpeg`…); anything else is not run to find out.
fn named_ffmpeg(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|name| name.to_string_lossy().to_lowercase().contains("ffmpeg"))
}

/// The report for `configured` with this process's sidecar folder and `PATH`.
async fn ffmpeg_info_at(configured: Option<&Path>) -> FfmpegInfo {
    let exe_dir = ffmpeg_sidecar::paths::sidecar_dir().ok();
    let path_var = std::env::var_os("PATH");
    ffmpeg_info_in(configured, exe_dir.as_deref(), path_var.as_deref()).await
}

/// [`Core::ffmpeg_info`] with the configured path, the executable's folder and `PATH` given.
pub async fn ffmpeg_info_in(
    configured: Option<&Path>,
    exe_dir: Option<&Path>,
    path_var: Option<&OsStr>,
) -> FfmpegInfo {
    let tools = match MediaTools::resolve_in(configured, exe_dir, path_var) {
        Ok(tools) => tools,
        Err(error) => {
            return FfmpegInfo {
                configured: configured.map(|c| c.display().to_string()),
                problem: Some(error.to_string()),
                ..FfmpegInfo::default()
            };
        }
    };
    let ffmpeg = tools.ffmpeg();
    let mut info = FfmpegInfo {
        configured: configured.map(|c| c.display().to_string()),
        path: Some(ffmpeg.display().to_string()),
        source: Some(source_of(ffmpeg, configured, exe_dir)),
        ..FfmpegInfo::default()
    };
    let mut command = tokio::process::Command::new(ffmpeg);
    crate::child_process::die_with_parent(command.as_std_mut());
    let run = command
        .arg("-version")
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .output();
    match tokio::time::timeout(VERSION_TIMEOUT, run).await {
        Ok(Ok(output)) if output.status.success() => {
            match parse_version(&String::from_utf8_lossy(&output.stdout)) {
                Some(version) => info.version = Some(version),
                None => info.problem = Some(format!("{} is not ffmpeg", ffmpeg.display())),
            }
        }
        Ok(Ok(output)) => {
            info.problem = Some(format!(
                "`{} -version` failed ({})",
                ffmpeg.display(),
                output.status
            ));
        }
        Ok(Err(error)) => {
            info.problem = Some(format!("{} cannot run: {error}", ffmpeg.display()));
        }
        Err(_) => {
            info.problem = Some(format!(
                "`{} -version` did not answer within {VERSION_TIMEOUT:?}",
                ffmpeg.display()
            ));
        }
    }
    info
}

/// Where `ffmpeg` came from: the configured path (or folder), the executable's folder, or
/// `PATH` (the order [`MediaTools::resolve_in`] searches).
fn source_of(ffmpeg: &Path, configured: Option<&Path>, exe_dir: Option<&Path>) -> ToolSource {
    let parent = ffmpeg.parent();
    match configured {
        Some(conf) if conf == ffmpeg || (conf.is_dir() && parent == Some(conf)) => {
            return ToolSource::Configured;
        }
        _ => {}
    }
    if exe_dir.is_some() && parent == exe_dir {
        ToolSource::Bundled
    } else {
        ToolSource::Path
    }
}

/// The version in the first line of `ffmpeg -version` (`ffmpeg version 5.1.6-0+deb12u1
/// Copyright …` → `5.1.6-0+deb12u1`).
pub fn parse_version(stdout: &str) -> Option<String> {
    let first = stdout.lines().next()?;
    let mut words = first.split_whitespace();
    if words.next()? != "ffmpeg" || words.next()? != "version" {
        return None;
    }
    words.next().map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reelforge_protocol::ScriptLanguage;

    #[tokio::test]
    async fn app_settings_default_then_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let core = Core::open(dir.path()).await.unwrap();
        assert_eq!(core.app_settings().await.unwrap(), AppSettings::default());
        let chosen = AppSettings {
            notifications: false,
            language: ScriptLanguage::Fr,
        };
        assert_eq!(core.set_app_settings(chosen).await.unwrap(), chosen);
        assert_eq!(core.app_settings().await.unwrap(), chosen);
        core.close().await;
        let reopened = Core::open(dir.path()).await.unwrap();
        assert_eq!(reopened.app_settings().await.unwrap(), chosen);
    }

    #[test]
    fn version_comes_from_the_first_line() {
        assert_eq!(
            parse_version(
                "ffmpeg version 5.1.6-0+deb12u1 Copyright (c) 2000-2024 the FFmpeg developers\n\
                 built with gcc 12"
            )
            .as_deref(),
            Some("5.1.6-0+deb12u1")
        );
        assert_eq!(
            parse_version("ffmpeg version n7.1 Copyright").as_deref(),
            Some("n7.1")
        );
        assert_eq!(parse_version("ffprobe version 5.1"), None);
        assert_eq!(parse_version(""), None);
    }

    #[tokio::test]
    async fn missing_ffmpeg_is_reported_as_a_problem() {
        let empty = tempfile::tempdir().unwrap();
        let path_var = std::env::join_paths([empty.path()]).unwrap();
        let info = ffmpeg_info_in(None, Some(empty.path()), Some(&path_var)).await;
        assert_eq!((info.path, info.version, info.source), (None, None, None));
        let problem = info.problem.unwrap();
        assert!(problem.contains("install ffmpeg"), "{problem}");
    }

    /// A fake `ffmpeg` (and `ffprobe`) printing `version` in `dir`.
    #[cfg(unix)]
    fn fake_tools(dir: &Path, name: &str, version: &str) {
        use std::os::unix::fs::PermissionsExt;
        for tool in [name, "ffprobe"] {
            let path = dir.join(tool);
            std::fs::write(
                &path,
                format!("#!/bin/sh\necho 'ffmpeg version {version} Copyright (c) test'\n"),
            )
            .unwrap();
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn path_version_and_source_are_reported() {
        let root = tempfile::tempdir().unwrap();
        let (exe, bin, conf) = (
            root.path().join("exe"),
            root.path().join("bin"),
            root.path().join("conf"),
        );
        for dir in [&exe, &bin, &conf] {
            std::fs::create_dir(dir).unwrap();
        }
        fake_tools(&bin, "ffmpeg", "6.0-path");
        let path_var = std::env::join_paths([&bin]).unwrap();

        let info = ffmpeg_info_in(None, Some(&exe), Some(&path_var)).await;
        assert_eq!(info.problem, None);
        assert_eq!(
            info.path.as_deref(),
            Some(&*bin.join("ffmpeg").to_string_lossy())
        );
        assert_eq!(info.version.as_deref(), Some("6.0-path"));
        assert_eq!(info.source, Some(ToolSource::Path));

        fake_tools(&exe, "reelforge-ffmpeg", "7.1-bundled");
        let info = ffmpeg_info_in(None, Some(&exe), Some(&path_var)).await;
        assert_eq!(info.version.as_deref(), Some("7.1-bundled"));
        assert_eq!(info.source, Some(ToolSource::Bundled));

        fake_tools(&conf, "my-ffmpeg", "8.0-conf");
        let configured = conf.join("my-ffmpeg");
        let info = ffmpeg_info_in(Some(&configured), Some(&exe), Some(&path_var)).await;
        assert_eq!(info.version.as_deref(), Some("8.0-conf"));
        assert_eq!(info.source, Some(ToolSource::Configured));
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn a_binary_that_is_not_ffmpeg_is_a_problem() {
        use std::os::unix::fs::PermissionsExt;
        let bin = tempfile::tempdir().unwrap();
        for tool in ["ffmpeg", "ffprobe"] {
            let path = bin.path().join(tool);
            std::fs::write(&path, "#!/bin/sh\necho hello\n").unwrap();
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        let path_var = std::env::join_paths([bin.path()]).unwrap();
        let info = ffmpeg_info_in(None, None, Some(&path_var)).await;
        assert!(info.path.is_some());
        assert_eq!(info.version, None);
        assert!(info.problem.unwrap().contains("not ffmpeg"));
    }

    /// The webview may send any path: a program not named ffmpeg is refused without being
    /// run, and nothing is stored.
    #[cfg(unix)]
    #[tokio::test]
    async fn a_program_not_named_ffmpeg_is_refused_without_running_it() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let bin = dir.path().join("bin");
        std::fs::create_dir(&bin).unwrap();
        fake_tools(&bin, "ffmpeg", "6.0");
        let ran = dir.path().join("ran");
        let program = bin.join("cleanup.sh");
        std::fs::write(
            &program,
            format!(
                "#!/bin/sh\ntouch '{}'\necho 'ffmpeg version 6.0 Copyright'\n",
                ran.display()
            ),
        )
        .unwrap();
        std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755)).unwrap();
        let core = Core::open(&dir.path().join("data")).await.unwrap();

        let refused = core
            .set_ffmpeg_location(Some(program.display().to_string()))
            .await
            .unwrap_err();
        assert_eq!(refused.code(), reelforge_protocol::ErrorCode::Validation);
        assert!(refused.to_string().contains("cleanup.sh"), "{refused}");
        assert!(!ran.exists(), "the program was run");
        assert_eq!(core.ffmpeg_info().await.configured, None);

        let chosen = bin.join("ffmpeg").display().to_string();
        let info = core.set_ffmpeg_location(Some(chosen)).await.unwrap();
        assert_eq!(info.version.as_deref(), Some("6.0"));
        core.close().await;
    }
}
