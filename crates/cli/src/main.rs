//! `reelforge`: the command line over the Reelforge Core, for automation and scripting.
//!
//! Every subcommand opens the Core on the data directory (`--data-dir`, else
//! `$REELFORGE_DATA_DIR`, else the OS data directory), calls one facade method and prints the
//! result for people, or as JSON with `--json`. Errors print as `{code, message}` with
//! `--json`, as a sentence otherwise, and exit non-zero.

mod args;
mod jobs;
mod output;
mod templates;

use args::{Cli, Command};
use clap::Parser;
use reelforge_core::Core;
use reelforge_protocol::ApiError;
use std::process::ExitCode;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let json = cli.json;
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            output::error(&err, json);
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), ApiError> {
    let data_dir = cli.data_dir.unwrap_or_else(Core::default_data_dir);
    let core = Core::open(&data_dir).await?;
    let out = output::Output { json: cli.json };
    let result = match cli.command {
        Command::Templates(cmd) => templates::run(&core, cmd, &out).await,
        Command::Jobs(cmd) => jobs::run(&core, cmd, &out).await,
    };
    core.close().await;
    result
}
