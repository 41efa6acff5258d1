//! `reelforge mcp`: the MCP server ([`reelforge_api::mcp`]) on stdin and stdout, until the
//! agent closes stdin. It runs the engine on the data folder, unless the app or another
//! process already does (that engine then generates what the tools launch: they share the
//! database). Nothing but MCP messages goes to stdout.

use reelforge_core::{Core, CoreError, LockWait};
use reelforge_protocol::{ApiError, ErrorCode};
use tokio::io::BufReader;
use tokio_util::sync::CancellationToken;

pub async fn run(core: &Core) -> Result<(), ApiError> {
    let shutdown = CancellationToken::new();
    let engine = match core.start_engine(shutdown.clone(), LockWait::Refuse) {
        Ok(engine) => Some(engine),
        Err(CoreError::EngineBusy { .. }) => None,
        Err(error) => return Err(error.into()),
    };
    let input = BufReader::new(tokio::io::stdin());
    let served = reelforge_api::mcp::serve_stdio(core, input, tokio::io::stdout()).await;
    shutdown.cancel();
    if let Some(engine) = engine {
        match engine.await {
            Ok(result) => result?,
            Err(error) => return Err(ApiError::new(ErrorCode::Internal, error.to_string())),
        }
    }
    served.map_err(|error| ApiError::new(ErrorCode::Internal, error.to_string()))
}
