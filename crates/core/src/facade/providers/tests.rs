//! Unit tests of `facade::providers`.

use super::*;
use crate::pipeline::EngineSetup;
use crate::providers::http::ProviderEnv;
use crate::providers::{
    GenerationRequest, PollOutcome, ProviderError, RemoteOutput, Submitted, TerminalReason,
};
use crate::secrets::{FailingStore, LayeredStore, SessionStore};
use reelforge_protocol::{AspectRatio, GenerationMode, ModelDescriptor, Pricing};
use std::path::Path;

const SECRET: &str = "sk-test-9f8e7d6c5b4a";

/// A provider that needs a key and accepts only [`SECRET`].
#[derive(Debug)]
struct Keyed {
    descriptor: ProviderDescriptor,
    env: ProviderEnv,
}

impl Keyed {
    fn new(env: &ProviderEnv) -> Self {
        let model = |id: &str| ModelDescriptor {
            id: id.into(),
            display_name: id.into(),
            modes: vec![GenerationMode::TextToVideo],
            durations_s: vec![5],
            aspect_ratios: vec![AspectRatio::Portrait],
            resolutions: vec!["720p".into()],
            image_inputs: Vec::new(),
            pricing: Pricing::PerClip { micros: 1 },
            requires: Vec::new(),
        };
        Self {
            descriptor: ProviderDescriptor {
                id: "keyed".into(),
                display_name: "Keyed".into(),
                label: "test".into(),
                needs_key: true,
                models: vec![model("m1"), model("m2")],
                default_concurrency: 2,
                max_generation_s: 60,
            },
            env: env.clone(),
        }
    }
}

#[async_trait::async_trait]
impl VideoProvider for Keyed {
    fn descriptor(&self) -> &ProviderDescriptor {
        &self.descriptor
    }
    async fn submit(&self, _: &GenerationRequest) -> Result<Submitted, ProviderError> {
        Err(ProviderError::transient(TakeErrorCode::Internal, "unused"))
    }
    async fn poll(&self, _: &str) -> Result<PollOutcome, ProviderError> {
        Err(ProviderError::transient(TakeErrorCode::Internal, "unused"))
    }
    async fn cancel(&self, _: &str) -> Result<(), ProviderError> {
        Ok(())
    }
    async fn test_key(&self) -> Result<(), ProviderError> {
        match self.env.secrets.get("keyed") {
            Ok(Some(k)) if k.expose() == SECRET => Ok(()),
            _ => Err(ProviderError::terminal(
                TerminalReason::BadKey,
                "the key was refused",
            )),
        }
    }
    async fn fetch_output(
        &self,
        _: &str,
        _: &RemoteOutput,
        _: &Path,
    ) -> Result<u64, ProviderError> {
        Ok(0)
    }
}

async fn open(dir: &Path, store: SharedSecrets) -> Core {
    let env = ProviderEnv::new(store);
    let mut setup = EngineSetup::with_env(env.clone());
    setup.registry = setup.registry.with(Arc::new(Keyed::new(&env)));
    Core::open_with(dir, setup).await.unwrap()
}

fn set(provider: &str, key: &str, session_only: bool) -> SetProviderKeyRequest {
    SetProviderKeyRequest {
        provider: provider.into(),
        key: key.into(),
        session_only,
    }
}

fn keyed(all: &[ProviderStatus]) -> &ProviderStatus {
    all.iter().find(|s| s.descriptor.id == "keyed").unwrap()
}

#[tokio::test]
async fn set_test_remove_a_key_and_never_return_it() {
    let dir = tempfile::tempdir().unwrap();
    let core = open(dir.path(), Arc::new(SessionStore::new())).await;
    let before = core.list_provider_status().await.unwrap();
    assert!(!keyed(&before).has_key);
    assert_eq!(keyed(&before).key_storage, KeyStorage::None);
    let local = before.iter().find(|s| s.descriptor.id == "local").unwrap();
    assert!(!local.has_key && local.key_error.is_none());

    let no_key = core.test_provider_key("keyed").await.unwrap();
    assert!(!no_key.ok);
    assert_eq!(no_key.code, Some(TakeErrorCode::NoKey));

    let status = core
        .set_provider_key(set("keyed", &format!("  {SECRET}\n"), false))
        .await
        .unwrap();
    assert!(status.has_key);
    let json = serde_json::to_string(&core.list_provider_status().await.unwrap()).unwrap();
    assert!(!json.contains(SECRET), "a status carries the key: {json}");

    let tested = core.test_provider_key("keyed").await.unwrap();
    assert!(tested.ok, "{tested:?}");

    core.set_provider_key(set("keyed", "wrong", false))
        .await
        .unwrap();
    let refused = core.test_provider_key("keyed").await.unwrap();
    assert_eq!(
        (refused.ok, refused.code),
        (false, Some(TakeErrorCode::BadKey))
    );

    let removed = core.remove_provider_key("keyed").await.unwrap();
    assert!(!removed.has_key);

    // Validation: unknown providers, providers without keys, empty keys.
    let e = core.set_provider_key(set("nope", "k", false)).await;
    assert!(matches!(e, Err(CoreError::NotFound { .. })));
    let e = core.set_provider_key(set("local", "k", false)).await;
    assert!(matches!(e, Err(CoreError::Validation { .. })));
    let e = core.set_provider_key(set("keyed", "   ", false)).await;
    assert!(matches!(e, Err(CoreError::Validation { .. })));
    // The quick-mode writer's key has a slot too.
    let llm = core.set_provider_key(set("llm", "k", false)).await.unwrap();
    assert!(llm.has_key);
}

#[tokio::test]
async fn a_missing_keychain_gives_the_hint_and_a_visible_session_fallback() {
    let dir = tempfile::tempdir().unwrap();
    let missing =
        SecretError::Unavailable("no secret service provider or dbus session found".into());
    let store = Arc::new(LayeredStore::new(Arc::new(FailingStore::new(missing))));
    let core = open(dir.path(), store).await;

    let all = core.list_provider_status().await.unwrap();
    let error = keyed(&all).key_error.clone().expect("the keychain error");
    assert!(error.contains("GNOME Keyring or KWallet"), "{error}");

    let refused = core
        .set_provider_key(set("keyed", SECRET, false))
        .await
        .unwrap_err();
    assert_eq!(
        refused.code(),
        reelforge_protocol::ErrorCode::KeychainUnavailable
    );
    assert!(refused.to_string().contains("session only"), "{refused}");

    let status = core
        .set_provider_key(set("keyed", SECRET, true))
        .await
        .unwrap();
    assert_eq!(status.key_storage, KeyStorage::Session);
    assert!(status.has_key && status.key_error.is_none());
    assert!(core.test_provider_key("keyed").await.unwrap().ok);
    let removed = core.remove_provider_key("keyed").await.unwrap();
    assert!(!removed.has_key);
}

#[tokio::test]
async fn a_locked_keychain_says_unlock() {
    let dir = tempfile::tempdir().unwrap();
    let locked = SecretError::Locked("SS Error: object locked".into());
    let store = Arc::new(LayeredStore::new(Arc::new(FailingStore::new(locked))));
    let core = open(dir.path(), store).await;
    let err = core
        .set_provider_key(set("keyed", SECRET, false))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("unlock it"), "{err}");
    let err = core.test_provider_key("keyed").await.unwrap_err();
    assert!(err.to_string().contains("unlock it"), "{err}");
}

#[tokio::test]
async fn settings_are_validated_stored_and_applied_at_once_and_at_open() {
    let dir = tempfile::tempdir().unwrap();
    let core = open(dir.path(), Arc::new(SessionStore::new())).await;
    assert_eq!(core.runner().concurrency("keyed"), Some(2));
    let status = core
        .update_provider_settings(UpdateProviderSettingsRequest {
            provider: "keyed".into(),
            settings: ProviderSettings {
                base_url: Some(" http://127.0.0.1:9/v1/ ".into()),
                concurrency: Some(5),
                default_model: Some("m2".into()),
            },
        })
        .await
        .unwrap();
    assert_eq!(status.base_url.as_deref(), Some("http://127.0.0.1:9/v1"));
    assert_eq!(status.concurrency, 5);
    assert_eq!(status.default_model.as_deref(), Some("m2"));
    assert_eq!(
        core.inner.endpoints.get("keyed").as_deref(),
        Some("http://127.0.0.1:9/v1")
    );
    assert_eq!(core.runner().concurrency("keyed"), Some(5));
    assert_eq!(core.runner().slots_in_use("keyed"), 0);

    for bad in [
        ProviderSettings {
            base_url: Some("ftp://x".into()),
            ..Default::default()
        },
        ProviderSettings {
            concurrency: Some(0),
            ..Default::default()
        },
        ProviderSettings {
            default_model: Some("m9".into()),
            ..Default::default()
        },
    ] {
        let e = core
            .update_provider_settings(UpdateProviderSettingsRequest {
                provider: "keyed".into(),
                settings: bad,
            })
            .await;
        assert!(matches!(e, Err(CoreError::Validation { .. })), "{e:?}");
    }
    core.close().await;

    // Reopened: the stored settings are in effect again; nothing key-like is stored.
    let core = open(dir.path(), Arc::new(SessionStore::new())).await;
    assert_eq!(core.runner().concurrency("keyed"), Some(5));
    assert_eq!(
        core.inner.endpoints.get("keyed").as_deref(),
        Some("http://127.0.0.1:9/v1")
    );
    let cleared = core
        .update_provider_settings(UpdateProviderSettingsRequest {
            provider: "keyed".into(),
            settings: ProviderSettings::default(),
        })
        .await
        .unwrap();
    assert_eq!(cleared.base_url, None);
    assert_eq!(cleared.concurrency, 2);
    assert_eq!(cleared.default_model.as_deref(), Some("m1"));
}

#[test]
fn base_url_variables_are_named_from_the_id() {
    assert_eq!(base_url_env("luma"), "REELFORGE_LUMA_BASE_URL");
    assert_eq!(base_url_env("fal-ai"), "REELFORGE_FAL_AI_BASE_URL");
}
