//! `reelforge serve`: the local automation API ([`reelforge_api`]) on this data folder, with
//! the engine running here, until Ctrl-C or SIGTERM.
//!
//! It binds the port (taken: `conflict`), then takes the data folder's engine lock as
//! `generate --wait` does (the app or another `serve` running on the folder: `engine_busy`). At start it prints where it listens and, when it made one (the first time,
//! or with `--new-token`), the token — the only time the token is shown; only its SHA-256 is
//! kept. With `--json` that is one line: `{"url": …, "token": … | null}`.

use crate::args::ServeArgs;
use crate::output::Output;
use reelforge_api::{ApiListener, TokenHash, new_token};
use reelforge_core::{Core, CoreError, LockWait};
use reelforge_protocol::{ApiError, ErrorCode};
use std::io::Write;
use tokio_util::sync::CancellationToken;

pub async fn run(core: &Core, args: ServeArgs, out: &Output) -> Result<(), ApiError> {
    let listener = ApiListener::bind(args.port).await.map_err(|error| {
        let code = match error.kind() {
            std::io::ErrorKind::AddrInUse => ErrorCode::Conflict,
            _ => ErrorCode::Internal,
        };
        ApiError::new(
            code,
            format!("cannot listen on 127.0.0.1:{}: {error}", args.port),
        )
    })?;
    let shutdown = CancellationToken::new();
    let engine = core.start_engine(shutdown.clone(), LockWait::Refuse)?;
    let (shown, hash) = match token(core, args.new_token) {
        Ok(token) => token,
        Err(error) => {
            shutdown.cancel();
            let _ = engine.await;
            return Err(error);
        }
    };
    // Listened for before the address is announced: a caller that stops the server as soon
    // as it is announced must find the handlers in place (else SIGTERM kills it outright).
    let signalled = match stop_signals() {
        Ok(signalled) => signalled,
        Err(error) => {
            shutdown.cancel();
            let _ = engine.await;
            return Err(ApiError::new(ErrorCode::Internal, error.to_string()));
        }
    };
    announce(&listener, shown.as_deref(), out);

    let stop = shutdown.clone();
    tokio::spawn(async move {
        signalled.await;
        stop.cancel();
    });
    let served = listener.serve(core.clone(), hash, shutdown.clone()).await;
    shutdown.cancel();
    let stopped = engine.await;
    served.map_err(|error| ApiError::new(ErrorCode::Internal, error.to_string()))?;
    match stopped {
        Ok(result) => result.map_err(ApiError::from),
        Err(error) => Err(ApiError::new(ErrorCode::Internal, error.to_string())),
    }
}

/// The stored token's hash, or a new token (returned to be shown once) and its hash.
fn token(core: &Core, new: bool) -> Result<(Option<String>, TokenHash), ApiError> {
    let storage = |error: std::io::Error| {
        ApiError::from(CoreError::Io {
            path: core
                .data_dir()
                .join(reelforge_api::TOKEN_HASH_FILE)
                .display()
                .to_string(),
            source: error,
        })
    };
    if !new && let Some(hash) = TokenHash::load(core.data_dir()).map_err(storage)? {
        return Ok((None, hash));
    }
    let (token, hash) = new_token(core.data_dir()).map_err(storage)?;
    Ok((Some(token), hash))
}

/// Where the API listens and, once, the token.
fn announce(listener: &ApiListener, token: Option<&str>, out: &Output) {
    let url = listener.base_url();
    if out.json {
        println!("{}", serde_json::json!({ "url": url, "token": token }));
    } else {
        println!("Reelforge API on {url} (Ctrl-C stops it)");
        match token {
            Some(token) => {
                println!("Token (shown this once; send it as `Authorization: Bearer <token>`):");
                println!("{token}");
            }
            None => println!(
                "Token: the one shown when it was made (`reelforge serve --new-token` makes another)"
            ),
        }
    }
    let _ = std::io::stdout().flush();
}

/// Ctrl-C, or SIGTERM on Unix: the handlers are installed now, the future ends at the first.
#[cfg(unix)]
fn stop_signals() -> std::io::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate())?;
    let mut interrupt = signal(SignalKind::interrupt())?;
    Ok(async move {
        tokio::select! {
            _ = term.recv() => {}
            _ = interrupt.recv() => {}
        }
    })
}

/// Ctrl-C: the handler is installed now, the future ends when it comes.
#[cfg(windows)]
fn stop_signals() -> std::io::Result<impl std::future::Future<Output = ()>> {
    let mut ctrl_c = tokio::signal::windows::ctrl_c()?;
    Ok(async move {
        ctrl_c.recv().await;
    })
}
