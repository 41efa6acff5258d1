//! `reelforge providers list|set-key|test-key|remove-key|set`: the Providers screen on the
//! command line. Keys are read from stdin (one line) and go to the OS keychain; nothing this
//! prints — text or `--json` — ever contains a key.

use crate::args::{ProviderSetArgs, ProvidersCommand};
use crate::output::{self, Output};
use reelforge_core::Core;
use reelforge_protocol::{
    ApiError, ErrorCode, KeyStorage, ProviderDescriptor, ProviderSettings, ProviderStatus,
    SetProviderKeyRequest, UpdateProviderSettingsRequest,
};
use serde::Serialize;
use std::io::{BufRead, IsTerminal};

/// A provider as `providers list --json` prints it: the descriptor's fields at the top level
/// (as before keys existed), then the key's status and the settings.
#[derive(Debug, Serialize)]
struct Listed<'a> {
    #[serde(flatten)]
    descriptor: &'a ProviderDescriptor,
    has_key: bool,
    key_storage: KeyStorage,
    key_error: &'a Option<String>,
    settings: &'a ProviderSettings,
    base_url: &'a Option<String>,
    concurrency: u32,
    default_model: &'a Option<String>,
}

impl<'a> From<&'a ProviderStatus> for Listed<'a> {
    fn from(s: &'a ProviderStatus) -> Self {
        Self {
            descriptor: &s.descriptor,
            has_key: s.has_key,
            key_storage: s.key_storage,
            key_error: &s.key_error,
            settings: &s.settings,
            base_url: &s.base_url,
            concurrency: s.concurrency,
            default_model: &s.default_model,
        }
    }
}

pub async fn run(core: &Core, cmd: ProvidersCommand, out: &Output) -> Result<(), ApiError> {
    match cmd {
        ProvidersCommand::List => {
            let all = core.list_provider_status().await?;
            let listed: Vec<Listed<'_>> = all.iter().map(Listed::from).collect();
            out.emit(&listed, |_| list(&all));
        }
        ProvidersCommand::SetKey {
            provider,
            session_only,
        } => {
            if session_only {
                return Err(ApiError::new(
                    ErrorCode::Validation,
                    "--session-only cannot work here: a key kept for the session only is \
                     forgotten when this command exits. Unlock or install the system keychain \
                     (GNOME Keyring or KWallet on Linux), or use the desktop app's Providers \
                     screen, which can keep a key for its session",
                ));
            }
            let key = read_key(&provider)?;
            let status = core
                .set_provider_key(SetProviderKeyRequest {
                    provider,
                    key,
                    session_only: false,
                })
                .await?;
            out.emit(&Listed::from(&status), |_| {
                println!(
                    "key of {} stored in the {}",
                    status.descriptor.id,
                    storage_name(status.key_storage)
                );
            });
        }
        ProvidersCommand::TestKey { provider } => {
            let result = core.test_provider_key(&provider).await?;
            if !result.ok {
                let code = result.code.map_or("failed", |c| c.as_str());
                return Err(ApiError::new(
                    result
                        .code
                        .map_or(ErrorCode::ProviderRejected, |c| c.api_code()),
                    format!(
                        "the key of {provider} did not work ({code}): {}",
                        result.message
                    ),
                ));
            }
            out.emit(&result, |r| println!("{}", r.message));
        }
        ProvidersCommand::RemoveKey { provider } => {
            let status = core.remove_provider_key(&provider).await?;
            out.emit(&Listed::from(&status), |s| {
                println!("key of {} removed", s.descriptor.id);
            });
        }
        ProvidersCommand::Set(args) => {
            let current = core.provider_status(&args.provider).await?.settings;
            let provider = args.provider.clone();
            let settings = merged(current, args);
            let status = core
                .update_provider_settings(UpdateProviderSettingsRequest { provider, settings })
                .await?;
            out.emit(&Listed::from(&status), |_| {
                list(std::slice::from_ref(&status))
            });
        }
    }
    Ok(())
}

/// The stored settings with the command line's changes.
fn merged(mut settings: ProviderSettings, args: ProviderSetArgs) -> ProviderSettings {
    if args.clear_base_url {
        settings.base_url = None;
    }
    if let Some(url) = args.base_url {
        settings.base_url = Some(url);
    }
    if args.clear_concurrency {
        settings.concurrency = None;
    }
    if let Some(n) = args.concurrency {
        settings.concurrency = Some(n);
    }
    if args.clear_model {
        settings.default_model = None;
    }
    if let Some(model) = args.model {
        settings.default_model = Some(model);
    }
    settings
}

/// One line of stdin, without echo when it is a terminal.
fn read_key(provider: &str) -> Result<String, ApiError> {
    let stdin = std::io::stdin();
    let tty = stdin.is_terminal();
    if tty {
        eprint!("API key for {provider} (input hidden), then Enter: ");
    }
    let _echo = tty.then(EchoOff::new);
    let mut line = String::new();
    stdin.lock().read_line(&mut line).map_err(|e| {
        ApiError::new(
            ErrorCode::Validation,
            format!("cannot read the key from stdin: {e}"),
        )
    })?;
    if tty {
        eprintln!();
    }
    if line.trim().is_empty() {
        return Err(ApiError::new(
            ErrorCode::Validation,
            format!(
                "no key on stdin: pipe it in, e.g. `printf %s \"$KEY\" | reelforge providers set-key {provider}`"
            ),
        ));
    }
    Ok(line)
}

/// Turns terminal echo off while alive (Unix `stty`; elsewhere a no-op).
struct EchoOff {
    active: bool,
}

impl EchoOff {
    fn new() -> Self {
        Self {
            active: stty("-echo"),
        }
    }
}

impl Drop for EchoOff {
    fn drop(&mut self) {
        if self.active {
            stty("echo");
        }
    }
}

fn stty(arg: &str) -> bool {
    cfg!(unix)
        && std::process::Command::new("stty")
            .arg(arg)
            .stdin(std::process::Stdio::inherit())
            .status()
            .is_ok_and(|s| s.success())
}

fn storage_name(storage: KeyStorage) -> &'static str {
    match storage {
        KeyStorage::Keychain => "system keychain",
        KeyStorage::Session => "session (forgotten at exit)",
        KeyStorage::None => "nowhere",
    }
}

fn list(all: &[ProviderStatus]) {
    for status in all {
        let descriptor = &status.descriptor;
        output::providers(std::slice::from_ref(descriptor));
        if descriptor.needs_key {
            let key = match (&status.key_error, status.has_key) {
                (Some(error), _) => format!("unknown — {error}"),
                (None, true) => format!("set ({})", status.key_storage.as_str()),
                (None, false) => format!(
                    "not set (`reelforge providers set-key {}` reads it from stdin)",
                    descriptor.id
                ),
            };
            println!("  key: {key}");
        }
        let mut settings = vec![format!("concurrency {}", status.concurrency)];
        if let Some(model) = &status.default_model {
            settings.push(format!("default model {model}"));
        }
        if let Some(url) = &status.base_url {
            settings.push(format!("base URL {url}"));
        }
        println!("  settings: {}", settings.join(", "));
    }
}
