//! The automation API as the app's Settings switch sees it: whether it is served and where
//! ([`ApiAccess`]), turning it on ([`TurnOnApiRequest`]) and the token shown once
//! ([`ApiAccessChange`]). The app serves these commands to its window only: the API cannot
//! switch itself off nor read a token.

use serde::{Deserialize, Serialize};

/// The port the API uses when none was ever chosen (as `reelforge serve`).
pub const DEFAULT_API_PORT: u16 = 8765;

/// `get_api_state`: the API on (at `port`) or off, and what turning it on would use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ApiAccess {
    /// The port served on 127.0.0.1; `None`: off.
    pub port: Option<u16>,
    /// Turned on again at the next start (the switch as last set).
    pub remembered_on: bool,
    /// The port turning on uses when none is given (the last one served).
    pub preferred_port: u16,
    /// A token was made (callers hold it); never the token itself.
    pub has_token: bool,
}

impl ApiAccess {
    /// `http://127.0.0.1:<port>/api/v1` while on.
    pub fn url(&self) -> Option<String> {
        self.port.map(api_url)
    }
}

/// Where the commands are on `port`.
pub fn api_url(port: u16) -> String {
    format!("http://127.0.0.1:{port}/api/v1")
}

/// `turn_on_api`: serve the API, remembered for the next start.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TurnOnApiRequest {
    /// The port (`0`: one the OS picks); `None`: the preferred one.
    #[serde(default)]
    pub port: Option<u16>,
    /// Make a new token (shown once in the answer), replacing the one callers have.
    #[serde(default)]
    pub new_token: bool,
}

/// `turn_on_api` and `rotate_api_token`: the API's state and, when a token was made by this
/// call, the token: shown this once, only its SHA-256 is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ApiAccessChange {
    pub access: ApiAccess,
    pub new_token: Option<String>,
}
