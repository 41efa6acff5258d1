//! The harness every provider adapter test shares: an [`AdapterRig`] (a fake provider
//! server in a temporary directory, a [`ProviderEnv`] whose endpoint override points at it
//! and whose session store holds the fake key, and the adapter built on that env), the
//! submit → poll until done → fetch_output steps, a small PNG to use as a reference image,
//! and the checks that a fetched output is a real MP4.

use crate::fakes::{FakeServer, Fault, Route};
use base64::Engine;
use reelforge_core::providers::http::ProviderEnv;
use reelforge_core::providers::{
    ErrorClass, GenerationRequest, PollOutcome, ProviderError, RemoteOutput, VideoProvider,
};
use reelforge_core::secrets::{ApiKey, SecretStore, SessionStore};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

/// A 1×1 PNG, base64.
pub const PNG_1X1: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

/// One adapter wired to its fake over real HTTP.
pub struct AdapterRig<P> {
    pub fake: FakeServer,
    pub store: Arc<SessionStore>,
    pub env: ProviderEnv,
    pub provider: P,
    /// Holds the fake's clips (`clips/`) and whatever a test writes.
    pub dir: tempfile::TempDir,
}

impl<P: VideoProvider> AdapterRig<P> {
    /// Starts a fake with `start` (a `fakes::<id>::start`), stores `key` for `provider_id`
    /// when there is one, points `provider_id`'s endpoint at the fake and builds the adapter.
    pub async fn start(
        provider_id: &str,
        start: impl AsyncFnOnce(u16, &Path) -> std::io::Result<FakeServer>,
        key: Option<&str>,
        build: impl FnOnce(&ProviderEnv) -> P,
    ) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let fake = start(0, &dir.path().join("clips")).await.unwrap();
        let store = Arc::new(SessionStore::new());
        if let Some(key) = key {
            store.set(provider_id, &ApiKey::new(key).unwrap()).unwrap();
        }
        let env = ProviderEnv::new(store.clone());
        env.endpoints
            .set(provider_id, Some(fake.base_url().to_owned()));
        let provider = build(&env);
        Self {
            fake,
            store,
            env,
            provider,
            dir,
        }
    }

    /// Writes a 1×1 PNG named `name` in the rig's directory; returns its path.
    pub fn png(&self, name: &str) -> String {
        write_png(self.dir.path(), name)
    }

    /// `name` in the rig's directory.
    pub fn dest(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Fetches `output` to a fresh `<uuid>.mp4` in the rig's directory and checks it is an
    /// MP4; returns its path.
    pub async fn fetch(&self, remote_id: &str, output: &RemoteOutput) -> PathBuf {
        let dest = self.dest(&format!("{}.mp4", uuid::Uuid::new_v4()));
        fetch_mp4(&self.provider, remote_id, output, &dest).await;
        dest
    }

    /// Arms an expired-link fault on the next download, then fetches `output` (MP4-checked):
    /// the adapter must get a fresh link and download exactly once more. Returns the file.
    pub async fn fetch_after_expiry(&self, remote_id: &str, output: &RemoteOutput) -> PathBuf {
        let downloads = self.fake.calls(Route::Download);
        self.fake.arm(Route::Download, Fault::ExpiredUrl, 1);
        let dest = self.fetch(remote_id, output).await;
        assert_eq!(
            self.fake.calls(Route::Download),
            downloads + 2,
            "expired, then the fresh link"
        );
        dest
    }

    /// A create whose connection is reset after the provider made the job is ambiguous and
    /// reached the fake exactly once (never re-sent); a slow create then still succeeds.
    pub async fn assert_reset_create_sent_once_and_slow_create_succeeds(
        &self,
        request: &GenerationRequest,
    ) {
        let before = self.fake.calls(Route::Create);
        let error = self.submit_failing(request, Fault::ResetAfterRequest).await;
        assert_eq!(error.class, ErrorClass::AmbiguousSubmit);
        assert_eq!(
            self.fake.calls(Route::Create) - before,
            1,
            "exactly one create reached the fake (and it made the job): not re-sent"
        );
        self.fake.arm(Route::Create, Fault::Slow { millis: 300 }, 1);
        let submitted = self.provider.submit(request).await.unwrap();
        last_succeeded(&poll_until_done(&self.provider, &submitted.remote_id, 10).await);
    }

    /// Arms `fault` once on the create route and submits `request`, which must fail;
    /// returns the error.
    pub async fn submit_failing(&self, request: &GenerationRequest, fault: Fault) -> ProviderError {
        self.fake.arm(Route::Create, fault, 1);
        self.provider.submit(request).await.unwrap_err()
    }

    /// Arms `fault` once on the poll route and polls `remote_id`, which must fail; returns
    /// the error.
    pub async fn poll_failing(&self, remote_id: &str, fault: Fault) -> ProviderError {
        self.fake.arm(Route::Poll, fault, 1);
        self.provider.poll(remote_id).await.unwrap_err()
    }

    /// Arms each create fault once and submits `request`: a 429 (Retry-After 7 s) is
    /// transient and carries its delay; a `server_status` answer and malformed JSON, which
    /// may follow a create the provider made, are ambiguous.
    pub async fn assert_create_faults_classified(
        &self,
        request: &GenerationRequest,
        server_status: u16,
    ) {
        let error = self
            .submit_failing(request, Fault::RateLimited { retry_after_s: 7 })
            .await;
        assert_eq!(error.class, ErrorClass::Transient, "HTTP 429");
        assert_eq!(error.retry_after, Some(std::time::Duration::from_secs(7)));
        let error = self
            .submit_failing(
                request,
                Fault::ServerError {
                    status: server_status,
                },
            )
            .await;
        assert_eq!(
            error.class,
            ErrorClass::AmbiguousSubmit,
            "HTTP {server_status}"
        );
        let error = self.submit_failing(request, Fault::MalformedJson).await;
        assert_eq!(error.class, ErrorClass::AmbiguousSubmit, "malformed JSON");
    }

    /// Arms each poll fault once on `remote_id` and checks none ends the job: a
    /// `server_status` answer and malformed JSON are transient, a 429 is transient and carries
    /// its `Retry-After` of `retry_after_s`.
    pub async fn assert_poll_faults_transient(
        &self,
        remote_id: &str,
        server_status: u16,
        retry_after_s: u64,
    ) {
        let error = self
            .poll_failing(
                remote_id,
                Fault::ServerError {
                    status: server_status,
                },
            )
            .await;
        assert_eq!(error.class, ErrorClass::Transient, "HTTP {server_status}");
        let error = self.poll_failing(remote_id, Fault::MalformedJson).await;
        assert_eq!(error.class, ErrorClass::Transient, "malformed JSON");
        let error = self
            .poll_failing(remote_id, Fault::RateLimited { retry_after_s })
            .await;
        assert_eq!(
            (error.class, error.retry_after),
            (
                ErrorClass::Transient,
                Some(std::time::Duration::from_secs(retry_after_s))
            ),
            "HTTP 429"
        );
    }

    /// Submits, polls until done (at most 10 polls), fetches the output to `name` in the
    /// rig's directory and checks it is an MP4; returns its path.
    pub async fn generate(&self, request: &GenerationRequest, name: &str) -> PathBuf {
        let submitted = self.provider.submit(request).await.unwrap();
        let seen = poll_until_done(&self.provider, &submitted.remote_id, 10).await;
        let output = last_succeeded(&seen);
        let dest = self.dest(name);
        fetch_mp4(&self.provider, &submitted.remote_id, &output, &dest).await;
        dest
    }
}

/// Writes a 1×1 PNG named `name` in `dir`; returns its path.
pub fn write_png(dir: &Path, name: &str) -> String {
    let path = dir.join(name);
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(PNG_1X1)
        .unwrap();
    std::fs::write(&path, bytes).unwrap();
    path.to_string_lossy().into_owned()
}

/// A PNG-signed file of `len` bytes named `name` in `dir` (adapters sniff the signature,
/// fakes do not decode images); returns its path.
pub fn write_big_png(dir: &Path, name: &str, len: usize) -> String {
    let path = dir.join(name);
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.resize(len, 7);
    std::fs::write(&path, bytes).unwrap();
    path.to_string_lossy().into_owned()
}

/// Polls until the job leaves Running, at most `max_polls` times; returns every outcome
/// seen, the last one the terminal one.
pub async fn poll_until_done(
    provider: &impl VideoProvider,
    remote_id: &str,
    max_polls: usize,
) -> Vec<PollOutcome> {
    let mut seen = Vec::new();
    for _ in 0..max_polls {
        let outcome = provider.poll(remote_id).await.unwrap();
        let done = !matches!(outcome, PollOutcome::Running { .. });
        seen.push(outcome);
        if done {
            return seen;
        }
    }
    panic!("still running after {max_polls} polls: {seen:?}");
}

/// The output and reported charge of a success; panics on anything else.
pub fn succeeded(outcome: PollOutcome) -> (RemoteOutput, Option<i64>) {
    match outcome {
        PollOutcome::Succeeded {
            output,
            actual_cost_micros,
        } => (output, actual_cost_micros),
        other => panic!("not succeeded: {other:?}"),
    }
}

/// The error of a failure; panics on anything else.
pub fn failed(outcome: PollOutcome) -> ProviderError {
    match outcome {
        PollOutcome::Failed(error) => error,
        other => panic!("not failed: {other:?}"),
    }
}

/// The output of the last outcome seen, which must be a success.
pub fn last_succeeded(seen: &[PollOutcome]) -> RemoteOutput {
    match seen.last() {
        Some(PollOutcome::Succeeded { output, .. }) => output.clone(),
        other => panic!("not succeeded: {other:?}"),
    }
}

/// The error of the last outcome seen, which must be a failure.
pub fn last_failed(seen: &[PollOutcome]) -> ProviderError {
    match seen.last() {
        Some(PollOutcome::Failed(error)) => error.clone(),
        other => panic!("not failed: {other:?}"),
    }
}

/// Fetches `output` to `dest` and checks the byte count matches the file and the file is an
/// MP4 (`ftyp` box first).
pub async fn fetch_mp4(
    provider: &impl VideoProvider,
    remote_id: &str,
    output: &RemoteOutput,
    dest: &Path,
) {
    let bytes = provider
        .fetch_output(remote_id, output, dest)
        .await
        .unwrap();
    assert!(bytes > 0);
    let data = std::fs::read(dest).unwrap();
    assert_eq!(bytes, data.len() as u64);
    assert_mp4_bytes(&data);
}

/// Checks `data` starts like an MP4 (an `ftyp` box).
pub fn assert_mp4_bytes(data: &[u8]) {
    assert!(data.len() >= 8, "{} bytes is no MP4", data.len());
    assert_eq!(&data[4..8], b"ftyp", "a real MP4");
}

/// Duration in seconds and `WxH` of an MP4's video, by ffprobe.
pub fn probe(path: &Path) -> (f64, String) {
    let out = Command::new("ffprobe")
        .args([
            "-v",
            "error",
            "-select_streams",
            "v:0",
            "-show_entries",
            "stream=width,height:format=duration",
            "-of",
            "default=noprint_wrappers=1",
        ])
        .arg(path)
        .output()
        .expect("ffprobe runs");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let field = |k: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("{k}=")))
            .unwrap_or_default()
            .to_owned()
    };
    (
        field("duration").parse().unwrap_or(0.0),
        format!("{}x{}", field("width"), field("height")),
    )
}

/// Checks the MP4 at `path` lasts `duration_s` seconds, within half a second.
pub fn assert_duration(path: &Path, duration_s: f64) {
    let (seconds, _) = probe(path);
    assert!((seconds - duration_s).abs() < 0.5, "{seconds} s");
}
