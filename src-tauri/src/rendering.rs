//! How the webview renders, chosen per machine at start-up.
//!
//! On Linux, WebKitGTK composites pages with OpenGL by default. Without a GPU (no DRM render
//! node under `/dev/dri`, as in a VM, a container or under Xvfb) that GL is Mesa's software
//! rasteriser, which costs the web process ~120 MiB (idle under Xvfb: WebKitWebProcess RSS
//! 326 → 206 MiB, the whole tree 575 → 445 MiB) and starts no faster. There [`apply`] sets
//! the main webview's `hardware-acceleration-policy` to `NEVER` (the settings-level equivalent
//! of `WEBKIT_DISABLE_COMPOSITING_MODE=1`, which only an `unsafe` `set_var` could set from
//! Rust). With a render node WebKit keeps its default, so a real GPU is used as before. Other
//! platforms are left alone.

use tauri::{App, Runtime};

/// Whether the webview should render without hardware acceleration, given the names of the
/// entries of `/dev/dri` (`None` when it cannot be read): only when there is no render node
/// (`renderD128`, …). A `card*` node alone (a display controller) does not count.
pub fn software_rendering_only<I, S>(dri_entries: Option<I>) -> bool
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    match dri_entries {
        None => true,
        Some(entries) => !entries
            .into_iter()
            .any(|name| name.as_ref().starts_with("renderD")),
    }
}

/// Chooses the main webview's rendering for this machine (see the module). Called once in the
/// setup hook, after Tauri created the window and before its web process draws anything.
pub fn apply<R: Runtime>(app: &App<R>) {
    #[cfg(target_os = "linux")]
    linux::apply(app);
    #[cfg(not(target_os = "linux"))]
    let _ = app;
}

#[cfg(target_os = "linux")]
mod linux {
    use tauri::{App, Manager, Runtime};
    use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};

    pub(super) fn apply<R: Runtime>(app: &App<R>) {
        let entries = std::fs::read_dir("/dev/dri").ok().map(|dir| {
            dir.filter_map(Result::ok)
                .map(|entry| entry.file_name().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
        });
        if !super::software_rendering_only(entries) {
            return;
        }
        let Some(webview) = app.get_webview_window("main") else {
            return;
        };
        let applied = webview.with_webview(|platform| {
            if let Some(settings) = platform.inner().settings() {
                settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
            }
        });
        match applied {
            Ok(()) => tracing::info!("no GPU render node: the webview renders without GL"),
            Err(error) => tracing::warn!("cannot set the webview's rendering: {error}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::software_rendering_only;

    #[test]
    fn software_rendering_only_without_a_render_node() {
        assert!(software_rendering_only(None::<Vec<&str>>));
        assert!(software_rendering_only(Some(Vec::<&str>::new())));
        assert!(software_rendering_only(Some(["card0", "by-path"])));
        assert!(!software_rendering_only(Some(["card0", "renderD128"])));
        assert!(!software_rendering_only(Some(["by-path", "renderD129"])));
    }
}
