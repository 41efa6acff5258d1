//! The Runway side of the scenarios that use a hosted provider: its fake server over HTTP, a
//! keychain service name of the scenario's own (the real OS keychain), and the app's
//! environment pointing at both. Dropping it removes the key it may have left.

use crate::harness::{Outcome, Scenario};
use crate::scenarios::common;
use reelforge_core::secrets::{ApiKey, KeychainStore, SecretStore};
use reelforge_tests::fakes::{self, FAKE_KEY, FakeServer};

pub struct RunwaySetup {
    pub fake: FakeServer,
    pub keychain: KeychainStore,
    /// The app's environment: offline defaults plus Runway's base URL and the keychain service.
    pub env: Vec<(&'static str, String)>,
}

impl RunwaySetup {
    /// Starts the fake; with `with_key`, the fake's key is stored in the keychain first.
    pub async fn start(scenario: &Scenario, with_key: bool) -> Outcome<Self> {
        let fake = fakes::runway::start(0, &scenario.dir.join("clips")).await?;
        let service = format!(
            "studio.reelforge.e2e.{}.{}",
            scenario.name,
            std::process::id()
        );
        let keychain = KeychainStore::with_service(service.clone());
        if with_key {
            keychain.set("runway", &ApiKey::new(FAKE_KEY).ok_or("empty key")?)?;
        }
        let mut env = common::local_env();
        env.push(("REELFORGE_RUNWAY_BASE_URL", fake.base_url().to_owned()));
        env.push(("REELFORGE_KEYCHAIN_SERVICE", service));
        Ok(Self {
            fake,
            keychain,
            env,
        })
    }
}

impl Drop for RunwaySetup {
    fn drop(&mut self) {
        let _ = self.keychain.remove("runway");
    }
}
