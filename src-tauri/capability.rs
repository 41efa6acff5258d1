//! The main window's capability, derived from the declared commands: Tauri's core defaults
//! (events, window) and `allow-<command>` for every name of `reelforge_protocol::commands::ALL`.
//!
//! Shared by the build script, which writes `capabilities/default.json` from it when the file
//! differs, and by the shell's tests, which check the committed file is current.

/// Where the capability lives, relative to the `src-tauri` folder.
pub const DEFAULT_CAPABILITY: &str = "capabilities/default.json";

/// The permission that grants `command` (Tauri's `allow-<kebab-case name>`).
pub fn permission(command: &str) -> String {
    format!("allow-{}", command.replace('_', "-"))
}

/// The capability file's text granting `commands` to the `main` window.
pub fn default_capability(commands: &[&str]) -> String {
    let permissions: Vec<String> = std::iter::once("core:default".to_owned())
        .chain(commands.iter().map(|command| permission(command)))
        .map(|permission| format!("    \"{permission}\""))
        .collect();
    format!(
        "{{\n  \"$schema\": \"../gen/schemas/desktop-schema.json\",\n  \"identifier\": \
         \"default\",\n  \"description\": \"Written by build.rs from the declared commands \
         (reelforge_protocol::commands::ALL): the main window gets Tauri's core defaults \
         (events, window) and every Reelforge command.\",\n  \"windows\": [\n    \"main\"\n  \
         ],\n  \"permissions\": [\n{}\n  ]\n}}\n",
        permissions.join(",\n")
    )
}
