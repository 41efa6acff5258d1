//! The automation API switch as last set in Settings ([`ApiPreference`]), kept in the
//! settings table so the app turns the API back on at its next start. The engine only keeps
//! the preference: the HTTP server itself is the API crate's, driven by the shell.

use super::Core;
use crate::error::CoreResult;
use crate::storage::settings;
use crate::time::now_ms;
use reelforge_protocol::DEFAULT_API_PORT;
use serde::{Deserialize, Serialize};

/// Settings key of the [`ApiPreference`].
const API_PREFERENCE_KEY: &str = "api_switch";

/// Whether the API is to be served at start, and on which port.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiPreference {
    pub on: bool,
    pub port: u16,
}

impl Default for ApiPreference {
    /// Off, on the port `reelforge serve` uses by default.
    fn default() -> Self {
        Self {
            on: false,
            port: DEFAULT_API_PORT,
        }
    }
}

impl Core {
    /// The API switch as last set (off unless turned on).
    pub async fn api_preference(&self) -> CoreResult<ApiPreference> {
        let mut conn = self.db().reader().acquire().await?;
        Ok(settings::get(&mut conn, API_PREFERENCE_KEY)
            .await?
            .unwrap_or_default())
    }

    /// Remembers the API switch for the next start.
    pub async fn set_api_preference(&self, preference: ApiPreference) -> CoreResult<()> {
        let mut tx = self.db().begin_write().await?;
        settings::set(&mut tx, API_PREFERENCE_KEY, &preference, now_ms()).await?;
        tx.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_preference_defaults_to_off_and_survives_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let core = Core::open(dir.path()).await.unwrap();
        assert_eq!(
            core.api_preference().await.unwrap(),
            ApiPreference {
                on: false,
                port: DEFAULT_API_PORT
            }
        );
        let chosen = ApiPreference {
            on: true,
            port: 9123,
        };
        core.set_api_preference(chosen).await.unwrap();
        drop(core);
        let reopened = Core::open(dir.path()).await.unwrap();
        assert_eq!(reopened.api_preference().await.unwrap(), chosen);
    }
}
