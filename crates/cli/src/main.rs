//! `reelforge`: the command line over the Reelforge Core, for automation and scripting.
//!
//! Every subcommand opens the Core on the data directory (`--data-dir`, else
//! `$REELFORGE_DATA_DIR`, else the OS data directory), calls one facade method and prints the
//! result for people, or as JSON with `--json`. Errors print as `{code, message}` with
//! `--json`, as a sentence otherwise, and exit non-zero. Logs go to stderr when `RUST_LOG` is
//! set (e.g. `RUST_LOG=reelforge_core=debug`), and nowhere otherwise.

mod arg_values;
mod args;
mod assemble;
mod batch;
mod chain;
mod control;
mod export;
mod ffmpeg;
mod generate;
mod job_copies;
mod jobs;
mod keyframe;
mod mcp;
mod music;
mod output;
mod own_clip;
mod progress;
mod promote;
mod providers;
mod quick;
mod segment_edit;
mod segment_edit_args;
mod serve;
mod storyboard;
mod templates;
mod voice_plan;
mod voices;

use args::{Cli, Command};
use clap::Parser;
use reelforge_core::Core;
use reelforge_protocol::{ApiError, JobId};
use std::io::IsTerminal;
use std::process::ExitCode;
use tracing_subscriber::EnvFilter;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    end_quietly_on_broken_pipe();
    log_to_stderr_when_asked();
    let cli = Cli::parse();
    let json = cli.json;
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            output::error(&err, json);
            if generate::interrupted() {
                // The shell convention for "stopped by SIGINT".
                ExitCode::from(130)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}

/// `reelforge jobs list | head` closes our stdout early; `println!` then panics. End quietly
/// instead, with the status a process killed by SIGPIPE has (128 + 13), as command-line tools
/// do; every other panic keeps the default report.
fn end_quietly_on_broken_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or_default();
        if message.contains("failed printing to stdout") && message.contains("Broken pipe") {
            std::process::exit(141);
        }
        default(info);
    }));
}

/// Installs a log subscriber writing to stderr, filtered by `RUST_LOG`, when it is set: the
/// CLI logs nothing otherwise, so stdout and stderr stay what scripts read.
fn log_to_stderr_when_asked() {
    if std::env::var_os(EnvFilter::DEFAULT_ENV).is_none() {
        return;
    }
    let _ = tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::from_default_env())
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .try_init();
}

async fn run(cli: Cli) -> Result<(), ApiError> {
    let data_dir = cli.data_dir.unwrap_or_else(Core::default_data_dir);
    let core = Core::open(&data_dir).await?;
    let out = output::Output { json: cli.json };
    let result = match cli.command {
        Command::Templates(cmd) => templates::run(&core, cmd, &out).await,
        Command::Jobs(cmd) => jobs::run(&core, cmd, &out).await,
        Command::Providers(cmd) => providers::run(&core, cmd, &out).await,
        Command::Generate { job, wait, segment } => {
            generate::run(&core, JobId(job), segment, wait, &out).await
        }
        Command::Status { job } => control::status(&core, job, &out).await,
        Command::Retry { job, segment } => control::retry(&core, job, segment, &out).await,
        Command::Cancel { job, segment } => control::cancel(&core, job, segment, &out).await,
        Command::Pause { job } => control::pause(&core, job, &out).await,
        Command::Resume { job } => control::resume(&core, job, &out).await,
        Command::Decide(args) => control::decide(&core, args, &out).await,
        Command::Assemble(args) => assemble::run(&core, args, &out).await,
        Command::Export(args) => export::run(&core, args, &out).await,
        Command::Focus(args) => export::focus(&core, args, &out).await,
        Command::Chain(args) => chain::run(&core, args, &out).await,
        Command::Quick(args) => quick::run(&core, args, &out).await,
        Command::Batch(args) => batch::run(&core, args, &out).await,
        Command::Ffmpeg(args) => ffmpeg::run(&core, args, &out).await,
        Command::Voices(cmd) => voices::run(&core, cmd, &out).await,
        Command::Serve(args) => serve::run(&core, args, &out).await,
        Command::Mcp => mcp::run(&core).await,
        Command::Music(args) => music::run(&core, args, &out).await,
        Command::Keyframe(args) => keyframe::run(&core, args, &out).await,
        Command::Storyboard(args) => storyboard::run(&core, args, &out).await,
    };
    core.close().await;
    result
}
