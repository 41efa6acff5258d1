//! What the image adapter tests share: an image provider wired to its fake (the key in a
//! session store, the base URL pointed at the fake), one image taken through the durable
//! shape (submit → poll until done → fetch into a file), and the fetched file's format and
//! size read back with ffprobe.

use reelforge_core::providers::http::ProviderEnv;
use reelforge_core::providers::image::{ImageProvider, ImageRequest};
use reelforge_core::providers::{PollOutcome, ProviderError, RemoteOutput};
use reelforge_core::secrets::{ApiKey, SecretStore, SessionStore};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A session key store holding [`crate::fakes::FAKE_KEY`] for `provider`, and an env whose
/// `provider` base URL is `base_url`.
pub fn env_for(provider: &str, base_url: &str) -> (Arc<SessionStore>, ProviderEnv) {
    let store = Arc::new(SessionStore::new());
    store
        .set(provider, &ApiKey::new(crate::fakes::FAKE_KEY).unwrap())
        .unwrap();
    let env = ProviderEnv::new(store.clone());
    env.endpoints.set(provider, Some(base_url.to_owned()));
    (store, env)
}

/// Submits `request` and polls (at most ten times, without waiting: the fakes advance per
/// read) until done; the remote id and the output or why it failed.
pub async fn finish(
    provider: &dyn ImageProvider,
    request: &ImageRequest,
) -> (String, Result<RemoteOutput, ProviderError>) {
    let submitted = provider.submit(request).await.unwrap();
    for _ in 0..10 {
        match provider.poll(&submitted.remote_id).await.unwrap() {
            PollOutcome::Running { .. } => continue,
            PollOutcome::Succeeded { output, .. } => return (submitted.remote_id, Ok(output)),
            PollOutcome::Failed(why) => return (submitted.remote_id, Err(why)),
        }
    }
    panic!("{} never finished", submitted.remote_id);
}

/// Fetches `output` into `dir/name`, checking the byte count returned.
pub async fn fetch(
    provider: &dyn ImageProvider,
    remote_id: &str,
    output: &RemoteOutput,
    dir: &Path,
    name: &str,
) -> PathBuf {
    let dest = dir.join(name);
    let bytes = provider
        .fetch_output(remote_id, output, &dest)
        .await
        .unwrap();
    assert_eq!(bytes, std::fs::metadata(&dest).unwrap().len());
    dest
}

/// The codec (`png`, `mjpeg`, `webp`), width and height of the image at `file`.
pub fn probe(file: &Path) -> (String, u32, u32) {
    let out = std::process::Command::new("ffprobe")
        .args([
            "-v",
            "error",
            "-show_entries",
            "stream=codec_name,width,height",
            "-of",
            "json",
        ])
        .arg(file)
        .output()
        .expect("ffprobe runs (scripts/setup.sh installs it)");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let stream = &json["streams"][0];
    (
        stream["codec_name"].as_str().unwrap_or_default().to_owned(),
        stream["width"].as_u64().unwrap_or(0) as u32,
        stream["height"].as_u64().unwrap_or(0) as u32,
    )
}
