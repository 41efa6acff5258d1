//! The app's Settings switch of the API, as the window's commands (`get_api_state`,
//! `turn_on_api`, `turn_off_api`, `rotate_api_token`) drive it: [`ApiSwitch`] on the app's
//! own [`Core`], with the switch remembered in the engine's settings ([`ApiPreference`]) so
//! [`ApiSwitch::resume`] turns it back on at the next start. A token made by a call is in
//! its answer, the only time it is shown; only its hash is kept.

use crate::ApiSwitch;
use crate::token::{TOKEN_HASH_FILE, TokenHash, new_token};
use reelforge_core::{ApiPreference, Core, CoreError};
use reelforge_protocol::{ApiAccess, ApiAccessChange, ApiError, ErrorCode, TurnOnApiRequest};
use std::io;

impl ApiSwitch {
    /// Whether the API is served, where, and what turning it on would use.
    pub async fn access(&self, core: &Core) -> Result<ApiAccess, ApiError> {
        let preference = core.api_preference().await?;
        let has_token = TokenHash::load(core.data_dir())
            .map_err(|error| token_file_error(core, error))?
            .is_some();
        Ok(ApiAccess {
            port: self.port().await,
            remembered_on: preference.on,
            preferred_port: preference.port,
            has_token,
        })
    }

    /// Serves the API on `core` (the port asked, else the preferred one) and remembers it
    /// on, on the port served, for the next start. A port taken is `conflict`.
    pub async fn turn_on_from_settings(
        &self,
        core: Core,
        request: TurnOnApiRequest,
    ) -> Result<ApiAccessChange, ApiError> {
        let preference = core.api_preference().await?;
        let port = request.port.unwrap_or(preference.port);
        let on = self
            .turn_on(core.clone(), port, request.new_token)
            .await
            .map_err(|error| switch_error(&core, port, error))?;
        core.set_api_preference(ApiPreference {
            on: true,
            port: on.port,
        })
        .await?;
        tracing::info!("automation API on 127.0.0.1:{}", on.port);
        Ok(ApiAccessChange {
            access: self.access(&core).await?,
            new_token: on.new_token,
        })
    }

    /// Stops the API and remembers it off.
    pub async fn turn_off_from_settings(&self, core: &Core) -> Result<ApiAccess, ApiError> {
        self.turn_off().await;
        let preference = core.api_preference().await?;
        core.set_api_preference(ApiPreference {
            on: false,
            ..preference
        })
        .await?;
        tracing::info!("automation API off");
        self.access(core).await
    }

    /// Makes a new token (returned to be shown once); the old one is refused from now on. A
    /// running API restarts on its port with the new token; an API off stays off.
    pub async fn rotate_token(&self, core: Core) -> Result<ApiAccessChange, ApiError> {
        let new_token = match self.port().await {
            Some(port) => {
                self.turn_on(core.clone(), port, true)
                    .await
                    .map_err(|error| switch_error(&core, port, error))?
                    .new_token
            }
            None => Some(
                new_token(core.data_dir())
                    .map_err(|error| token_file_error(&core, error))?
                    .0,
            ),
        };
        Ok(ApiAccessChange {
            access: self.access(&core).await?,
            new_token,
        })
    }

    /// At the app's start: serves the API again when it was left on, on its port, with the
    /// stored token. Answers the port served (`None`: left off).
    pub async fn resume(&self, core: Core) -> Result<Option<u16>, ApiError> {
        let preference = core.api_preference().await?;
        if !preference.on {
            return Ok(None);
        }
        let on = self
            .turn_on(core.clone(), preference.port, false)
            .await
            .map_err(|error| switch_error(&core, preference.port, error))?;
        tracing::info!("automation API on 127.0.0.1:{} (as left)", on.port);
        Ok(Some(on.port))
    }
}

/// A failed turn-on: the port taken (`conflict`), or the token file unreadable.
fn switch_error(core: &Core, port: u16, error: io::Error) -> ApiError {
    match error.kind() {
        io::ErrorKind::AddrInUse | io::ErrorKind::PermissionDenied => ApiError::new(
            ErrorCode::Conflict,
            format!("cannot listen on 127.0.0.1:{port}: {error}"),
        ),
        _ => token_file_error(core, error),
    }
}

/// The token file could not be read or written.
fn token_file_error(core: &Core, error: io::Error) -> ApiError {
    ApiError::from(CoreError::Io {
        path: core.data_dir().join(TOKEN_HASH_FILE).display().to_string(),
        source: error,
    })
}
