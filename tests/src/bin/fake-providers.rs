//! `fake-providers`: every fake provider server (video and voice) on 127.0.0.1, for the desktop app and the
//! end-to-end tests. Usage: `fake-providers [--port-base N] [--clips DIR] [--key KEY]`.
//!
//! Ports are `N`, `N+1`… in the order printed (any free ports without `--port-base`). It
//! prints one line per provider, `REELFORGE_<ID>_BASE_URL=http://127.0.0.1:PORT`, ready to
//! export so the app or the CLI talks to the fakes, then `ready`, and serves until Ctrl-C.
//! Each server takes fault switches at `POST /__fake/faults` and reports its call counts at
//! `GET /__fake/calls`.

use reelforge_tests::fakes::{self, FAKE_KEY, FakeServer};
use std::path::PathBuf;

struct Options {
    port_base: Option<u16>,
    clips: PathBuf,
    key: String,
}

fn options() -> Result<Options, String> {
    let mut options = Options {
        port_base: None,
        clips: std::env::temp_dir().join("reelforge-fake-clips"),
        key: FAKE_KEY.to_owned(),
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--port-base" => {
                let port = value("--port-base")?;
                options.port_base = Some(port.parse().map_err(|_| format!("bad port {port}"))?);
            }
            "--clips" => options.clips = PathBuf::from(value("--clips")?),
            "--key" => options.key = value("--key")?,
            "-h" | "--help" => {
                return Err(
                    "usage: fake-providers [--port-base N] [--clips DIR] [--key KEY]".into(),
                );
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(options)
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let options = match options() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}");
            return std::process::ExitCode::from(2);
        }
    };
    let port = |n: u16| options.port_base.map_or(0, |base| base + n);
    let clips = options.clips.as_path();
    let started: Vec<std::io::Result<FakeServer>> = vec![
        fakes::luma::start(port(0), clips).await,
        fakes::runway::start(port(1), clips).await,
        fakes::fal::start(port(2), clips).await,
        fakes::replicate::start(port(3), clips).await,
        fakes::veo::start(port(4), clips).await,
        fakes::comfyui::start(port(5), clips).await,
        fakes::elevenlabs::start(port(6), clips).await,
        fakes::openai_audio::start(port(7), clips).await,
        fakes::kokoro::start(port(8), clips).await,
    ];
    let mut servers = Vec::new();
    for server in started {
        match server {
            Ok(server) => servers.push(server),
            Err(error) => {
                eprintln!("a fake server could not start: {error}");
                return std::process::ExitCode::FAILURE;
            }
        }
    }
    for server in &servers {
        server.core.set_expected_key(&options.key);
        let id = server.core.spec.name.to_ascii_uppercase().replace('-', "_");
        // OpenAI-compatible bases end in `/v1`, as their SDKs and servers write them.
        let suffix = match server.core.spec.name {
            "openai" | "kokoro" => "/v1",
            _ => "",
        };
        println!("REELFORGE_{id}_BASE_URL={}{suffix}", server.base_url());
    }
    println!("ready");
    let _ = tokio::signal::ctrl_c().await;
    std::process::ExitCode::SUCCESS
}
