//! The fal.ai FLUX schnell keyframe adapter over real HTTP against the fake fal queue: one
//! keyframe per aspect ratio, each a real PNG of the size its descriptor promises; and the
//! faults: moderation (`has_nsfw_concepts`), a 5xx on create (ambiguous, sent once) and on a
//! status request (transient), an expired output URL (fetched again from a fresh result), an
//! inline base64 image instead of a URL, and no key (`no_key`); FLUX Kontext's reference
//! images sent as data URIs (one, or several to `…/multi`), a missing, corrupt or too
//! large one refused before anything is sent, and a 429 on create.

use reelforge_core::providers::http::ProviderEnv;
use reelforge_core::providers::image::fal_flux::{FLUX_KONTEXT, FLUX_SCHNELL, FalFluxProvider};
use reelforge_core::providers::image::output::frame_fit;
use reelforge_core::providers::image::{ImageProvider, ImageRequest};
use reelforge_core::providers::{
    ErrorClass, PollOutcome, ProviderError, RemoteOutput, TakeErrorCode, TerminalReason,
};
use reelforge_core::secrets::{ApiKey, SecretStore, SessionStore};
use reelforge_protocol::AspectRatio;
use reelforge_tests::fakes::{FAKE_KEY, FakeServer, Fault, Route, fal};
use std::path::{Path, PathBuf};
use std::sync::Arc;

struct Rig {
    fake: FakeServer,
    store: Arc<SessionStore>,
    provider: FalFluxProvider,
    dir: tempfile::TempDir,
}

async fn rig() -> Rig {
    let dir = tempfile::tempdir().unwrap();
    let fake = fal::start(0, &dir.path().join("clips")).await.unwrap();
    let store = Arc::new(SessionStore::new());
    store.set("fal", &ApiKey::new(FAKE_KEY).unwrap()).unwrap();
    let env = ProviderEnv::new(store.clone());
    env.endpoints.set("fal", Some(fake.base_url().to_owned()));
    let provider = FalFluxProvider::new(&env);
    Rig {
        fake,
        store,
        provider,
        dir,
    }
}

fn request(prompt: &str, aspect_ratio: AspectRatio) -> ImageRequest {
    ImageRequest {
        model: FLUX_SCHNELL.to_owned(),
        prompt: prompt.to_owned(),
        aspect_ratio,
        reference_paths: Vec::new(),
        seed: Some(7),
    }
}

/// Submits `request` and polls until the fake answers done (the third status request).
async fn finish(
    rig: &Rig,
    request: &ImageRequest,
) -> (String, Result<RemoteOutput, ProviderError>) {
    let submitted = rig.provider.submit(request).await.unwrap();
    assert!(
        submitted.remote_id.starts_with("fal-ai/flux")
            && submitted.remote_id.contains("/requests/"),
        "{}",
        submitted.remote_id
    );
    for _ in 0..5 {
        match rig.provider.poll(&submitted.remote_id).await.unwrap() {
            PollOutcome::Running { .. } => continue,
            PollOutcome::Succeeded { output, .. } => return (submitted.remote_id, Ok(output)),
            PollOutcome::Failed(why) => return (submitted.remote_id, Err(why)),
        }
    }
    panic!("never finished");
}

async fn fetch(rig: &Rig, remote_id: &str, output: &RemoteOutput, name: &str) -> PathBuf {
    let dest = rig.dir.path().join(name);
    let bytes = rig
        .provider
        .fetch_output(remote_id, output, &dest)
        .await
        .unwrap();
    assert_eq!(bytes, std::fs::metadata(&dest).unwrap().len());
    dest
}

fn png_size(file: &Path) -> (u32, u32) {
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
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let stream = &json["streams"][0];
    assert_eq!(stream["codec_name"], "png", "{json}");
    (
        stream["width"].as_u64().unwrap() as u32,
        stream["height"].as_u64().unwrap() as u32,
    )
}

#[tokio::test]
async fn every_aspect_ratio_gets_a_png_of_the_size_its_descriptor_promises() {
    let rig = rig().await;
    let model = rig.provider.descriptor().model(None).unwrap().clone();
    for ratio in AspectRatio::ALL {
        let (remote_id, output) = finish(&rig, &request("a lighthouse at dawn", ratio)).await;
        let output = output.unwrap();
        let dest = fetch(
            &rig,
            &remote_id,
            &output,
            &format!("{}.png", ratio.as_str().replace(':', "x")),
        )
        .await;
        let size = model.size(ratio).unwrap();
        assert_eq!(png_size(&dest), (size.width, size.height), "{ratio}");
    }
    assert_eq!(rig.fake.calls(Route::Create), 4);
    let create = &rig.fake.core.requests(Route::Create)[0];
    assert_eq!(create.target, "/fal-ai/flux/schnell");
    assert_eq!(
        create.headers["authorization"].to_str().unwrap(),
        format!("Key {FAKE_KEY}")
    );
}

#[tokio::test]
async fn moderation_and_server_errors_are_classified_and_a_create_is_never_resent() {
    let rig = rig().await;
    rig.fake.arm(Route::Create, Fault::Moderation, 1);
    let (_, flagged) = finish(&rig, &request("something flagged", AspectRatio::Portrait)).await;
    let flagged = flagged.unwrap_err();
    assert_eq!(
        flagged.class,
        ErrorClass::Terminal(TerminalReason::Moderation)
    );
    assert_eq!(flagged.code, TakeErrorCode::Moderation);
    assert!(flagged.message.contains("has_nsfw_concepts"), "{flagged}");

    let creates = rig.fake.calls(Route::Create);
    rig.fake.arm(
        Route::Create,
        Fault::ServerErrorAfterRequest { status: 502 },
        1,
    );
    let err = rig
        .provider
        .submit(&request("a harbour", AspectRatio::Portrait))
        .await
        .unwrap_err();
    assert_eq!(err.class, ErrorClass::AmbiguousSubmit, "{err}");
    assert_eq!(
        rig.fake.calls(Route::Create),
        creates + 1,
        "sent once, never again"
    );

    let submitted = rig
        .provider
        .submit(&request("a harbour", AspectRatio::Portrait))
        .await
        .unwrap();
    rig.fake
        .arm(Route::Poll, Fault::ServerError { status: 503 }, 1);
    let err = rig.provider.poll(&submitted.remote_id).await.unwrap_err();
    assert_eq!(err.class, ErrorClass::Transient, "{err}");

    rig.store.remove("fal").unwrap();
    let creates = rig.fake.calls(Route::Create);
    let err = rig
        .provider
        .submit(&request("a harbour", AspectRatio::Portrait))
        .await
        .unwrap_err();
    assert_eq!(
        err.class,
        ErrorClass::Terminal(TerminalReason::BadKey),
        "{err}"
    );
    assert!(err.message.contains("no API key"), "{err}");
    assert_eq!(err.code, TakeErrorCode::NoKey);
    assert_eq!(
        rig.fake.calls(Route::Create),
        creates,
        "nothing sent without a key"
    );
}

#[tokio::test]
async fn an_expired_url_is_fetched_again_and_an_inline_image_is_decoded() {
    let rig = rig().await;
    let (remote_id, output) = finish(&rig, &request("a fox in snow", AspectRatio::Portrait)).await;
    let output = output.unwrap();
    rig.fake.arm(Route::Download, Fault::ExpiredUrl, 1);
    let downloads = rig.fake.calls(Route::Download);
    let dest = fetch(&rig, &remote_id, &output, "expired.png").await;
    assert_eq!(
        rig.fake.calls(Route::Download),
        downloads + 2,
        "expired, then the fresh link"
    );
    assert_eq!(png_size(&dest), (576, 1024));

    let (remote_id, output) = finish(
        &rig,
        &request("a fox in snow fake:data-uri", AspectRatio::Square),
    )
    .await;
    let output = output.unwrap();
    assert!(output.url.starts_with("data:image/png;base64,"));
    let downloads = rig.fake.calls(Route::Download);
    let dest = fetch(&rig, &remote_id, &output, "inline.png").await;
    assert_eq!(
        rig.fake.calls(Route::Download),
        downloads,
        "nothing to download"
    );
    assert_eq!(png_size(&dest), (1024, 1024));
}

/// A real PNG reference image in `dir`.
fn reference(dir: &Path, name: &str) -> String {
    let path = dir.join(name);
    let status = std::process::Command::new("ffmpeg")
        .args(["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i"])
        .args(["testsrc2=size=64x96", "-frames:v", "1"])
        .arg(&path)
        .status()
        .unwrap();
    assert!(status.success());
    path.display().to_string()
}

#[tokio::test]
async fn kontext_sends_its_references_and_refuses_bad_ones_before_sending() {
    let rig = rig().await;
    let kontext = rig
        .provider
        .descriptor()
        .model(Some(FLUX_KONTEXT))
        .unwrap()
        .clone();
    assert!(kontext.takes_references());
    let character = reference(rig.dir.path(), "character.png");
    let mut keep = request("the same character on a beach", AspectRatio::Portrait);
    keep.model = FLUX_KONTEXT.to_owned();
    keep.reference_paths = vec![character.clone()];
    // The fake answers 422 unless the data URI decodes to an image.
    let (remote_id, output) = finish(&rig, &keep).await;
    let dest = fetch(&rig, &remote_id, &output.unwrap(), "kontext.png").await;
    let size = kontext.size(AspectRatio::Portrait).unwrap();
    assert_eq!(png_size(&dest), (size.width, size.height));
    assert!(frame_fit(&dest, AspectRatio::Portrait).unwrap().fits);
    let creates = rig.fake.core.requests(Route::Create);
    assert_eq!(creates.last().unwrap().target, "/fal-ai/flux-pro/kontext");

    keep.reference_paths = vec![character.clone(), reference(rig.dir.path(), "style.png")];
    let (_, output) = finish(&rig, &keep).await;
    assert!(output.is_ok(), "{output:?}");
    let creates = rig.fake.core.requests(Route::Create);
    assert_eq!(
        creates.last().unwrap().target,
        "/fal-ai/flux-pro/kontext/multi"
    );

    let corrupt = rig.dir.path().join("corrupt.png");
    std::fs::write(&corrupt, b"not an image").unwrap();
    let huge = rig.dir.path().join("huge.png");
    std::fs::copy(&character, &huge).unwrap();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&huge)
        .unwrap()
        .set_len(11 << 20)
        .unwrap();
    let sent = rig.fake.calls(Route::Create);
    for (paths, says) in [
        (vec![], "needs a reference"),
        (vec![corrupt.display().to_string()], "not a PNG"),
        (vec![huge.display().to_string()], "at most"),
    ] {
        keep.reference_paths = paths;
        let err = rig.provider.submit(&keep).await.unwrap_err();
        assert_eq!(
            err.class,
            ErrorClass::Terminal(TerminalReason::InvalidInput),
            "{err}"
        );
        assert!(err.message.contains(says), "{err}");
    }
    assert_eq!(rig.fake.calls(Route::Create), sent, "nothing sent");

    rig.fake
        .arm(Route::Create, Fault::RateLimited { retry_after_s: 3 }, 1);
    keep.reference_paths = vec![character];
    let err = rig.provider.submit(&keep).await.unwrap_err();
    assert_eq!(
        (err.class, err.code),
        (ErrorClass::Transient, TakeErrorCode::RateLimited)
    );
}
