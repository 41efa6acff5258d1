//! Keys over IPC: `set_provider_key` is the only way in, and nothing that comes back — the
//! status of that call, `list_provider_status`, a key test, a removal — carries the key.
//!
//! The harness's Core is the app's (`Core::open`: session keys in front of the OS keychain);
//! the key is set for this session only, so the test never writes to the machine's keychain.

use super::{Harness, from_json};
use reelforge_protocol::Command;
use reelforge_protocol::commands;
use reelforge_protocol::{KeyStorage, KeyTestResult, ProviderStatus};
use serde_json::{Value, json};

const KEY: &str = "sk-ipc-7c1d0e9b2a4f";

#[test]
fn a_key_goes_in_and_never_comes_back_out() {
    let harness = Harness::new();
    let before: Vec<ProviderStatus> = from_json(
        harness
            .invoke(commands::ListProviderStatus::NAME, Value::Null)
            .expect("list_provider_status failed"),
    );
    let Some(provider) = before
        .iter()
        .find(|s| s.descriptor.needs_key)
        .map(|s| s.descriptor.id.clone())
    else {
        panic!("no registered provider needs a key: nothing to test");
    };

    let set = harness
        .invoke(
            commands::SetProviderKey::NAME,
            json!({ "provider": provider, "key": KEY, "session_only": true }),
        )
        .expect("set_provider_key failed");
    let mut outputs = vec![set.clone()];
    let status: ProviderStatus = from_json(set);
    assert!(status.has_key);
    assert_eq!(status.key_storage, KeyStorage::Session);

    let listed = harness
        .invoke(commands::ListProviderStatus::NAME, Value::Null)
        .unwrap();
    outputs.push(listed.clone());
    let listed: Vec<ProviderStatus> = from_json(listed);
    let mine = listed.iter().find(|s| s.descriptor.id == provider).unwrap();
    assert!(mine.has_key);
    assert_eq!(mine.key_storage, KeyStorage::Session);

    // Pointed at a closed local port, the key test fails at once, with a reason.
    let updated = harness
        .invoke(
            commands::UpdateProviderSettings::NAME,
            json!({ "provider": provider, "settings": { "base_url": "http://127.0.0.1:9" } }),
        )
        .expect("update_provider_settings failed");
    outputs.push(updated.clone());
    let updated: ProviderStatus = from_json(updated);
    assert_eq!(updated.base_url.as_deref(), Some("http://127.0.0.1:9"));
    let tested = harness
        .invoke(commands::TestProviderKey::NAME, json!(provider))
        .unwrap();
    outputs.push(tested.clone());
    let _: KeyTestResult = from_json(tested);

    let removed = harness
        .invoke(commands::RemoveProviderKey::NAME, json!(provider))
        .unwrap();
    outputs.push(removed.clone());
    let removed: ProviderStatus = from_json(removed);
    assert!(!removed.has_key);

    // An error that crosses the boundary does not echo the request either.
    let refused = harness
        .invoke(
            commands::SetProviderKey::NAME,
            json!({ "provider": "no-such-provider", "key": KEY, "session_only": true }),
        )
        .unwrap_err();
    outputs.push(refused);

    for output in outputs {
        assert!(
            !output.to_string().contains(KEY),
            "the key came back over IPC: {output}"
        );
    }
}
