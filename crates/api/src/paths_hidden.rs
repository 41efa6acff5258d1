//! What the API keeps to the window: file-system paths outside the library and the exports.
//! The token grants the commands, not the machine: `app_info`'s data folder and
//! `ffmpeg_info`'s binary are answered without their paths, and `set_ffmpeg_location` (a path
//! of a program the engine would run) is the window's alone, like the commands taking an OS
//! path ([`reelforge_core::needs_window`]).

use reelforge_core::needs_window;
use reelforge_protocol::commands::CommandName;
use serde_json::Value;

/// Whether `command` answers `501 window_only` over HTTP.
pub fn window_only(command: CommandName) -> bool {
    needs_window(command) || matches!(command, CommandName::SetFfmpegLocation(_))
}

/// `answer` of `command` without the paths outside the library and the exports it names.
pub(crate) fn hide_paths(command: CommandName, answer: &mut Value) {
    match command {
        CommandName::AppInfo(_) => answer["data_dir"] = Value::String(String::new()),
        CommandName::FfmpegInfo(_) => {
            answer["path"] = Value::Null;
            answer["configured"] = Value::Null;
        }
        _ => {}
    }
}
