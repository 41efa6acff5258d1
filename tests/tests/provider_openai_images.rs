//! The OpenAI GPT image keyframe adapter over real HTTP against the fake OpenAI server: the
//! synchronous base64 answer kept in the durable shape (submit holds it, poll answers it
//! done with its token cost, fetch writes it), one PNG per aspect ratio of the size the
//! descriptor promises, 9:16 made as 2:3 and reported for reframing; the faults: moderation
//! (400 `moderation_blocked`), 429 with Retry-After (transient) and 429
//! `insufficient_quota` (terminal), a 5xx after the create arrived (ambiguous, sent once),
//! no key; a URL answered instead of base64, its expired link fetched again; an image held
//! before a crash fetched after the restart (kept in the data folder), and one held without a
//! data folder reported gone rather than paid for twice; reference
//! images sent to `/v1/images/edits` as `image[]` parts, a corrupt one refused before sending.

use reelforge_core::providers::image::openai_images::{GPT_IMAGE_1, OpenAiImagesProvider};
use reelforge_core::providers::image::output::frame_fit;
use reelforge_core::providers::image::{ImageProvider, ImageRequest};
use reelforge_core::providers::{ErrorClass, PollOutcome, TakeErrorCode, TerminalReason};
use reelforge_core::secrets::{SecretStore, SessionStore};
use reelforge_protocol::AspectRatio;
use reelforge_tests::fakes::{FAKE_KEY, FakeServer, Fault, Route, openai_audio};
use reelforge_tests::image_check::{env_for, fetch, finish, probe};
use std::sync::Arc;
use std::time::Duration;

struct Rig {
    fake: FakeServer,
    store: Arc<SessionStore>,
    provider: OpenAiImagesProvider,
    dir: tempfile::TempDir,
}

async fn rig() -> Rig {
    let dir = tempfile::tempdir().unwrap();
    let fake = openai_audio::start(0, &dir.path().join("clips"))
        .await
        .unwrap();
    let (store, env) = env_for("openai", &format!("{}/v1", fake.base_url()));
    let provider = OpenAiImagesProvider::new(&env);
    Rig {
        fake,
        store,
        provider,
        dir,
    }
}

fn request(prompt: &str, aspect_ratio: AspectRatio) -> ImageRequest {
    ImageRequest {
        model: GPT_IMAGE_1.to_owned(),
        prompt: prompt.to_owned(),
        aspect_ratio,
        reference_paths: Vec::new(),
        seed: None,
    }
}

#[tokio::test]
async fn base64_images_follow_the_durable_shape_and_odd_shapes_are_reported() {
    let rig = rig().await;
    let model = rig.provider.descriptor().model(None).unwrap().clone();
    for ratio in AspectRatio::ALL {
        let submitted = rig
            .provider
            .submit(&request("a lighthouse at dawn", ratio))
            .await
            .unwrap();
        let PollOutcome::Succeeded {
            output,
            actual_cost_micros,
        } = rig.provider.poll(&submitted.remote_id).await.unwrap()
        else {
            panic!("a held image is done at once");
        };
        let size = model.size(ratio).unwrap();
        let square = size.width == size.height;
        // Medium quality: 1056 (square) or 1584 image tokens at $40/M, 7 text tokens at $5/M.
        let tokens = if square { 1056 } else { 1584 };
        assert_eq!(actual_cost_micros, Some(tokens * 40 + 7 * 5), "{ratio}");
        let name = format!("{}.png", ratio.as_str().replace(':', "x"));
        let dest = fetch(
            &rig.provider,
            &submitted.remote_id,
            &output,
            rig.dir.path(),
            &name,
        )
        .await;
        assert_eq!(
            probe(&dest),
            ("png".to_owned(), size.width, size.height),
            "{ratio}"
        );
        let fit = frame_fit(&dest, ratio).unwrap();
        let expected_fit = matches!(ratio, AspectRatio::Square);
        assert_eq!(
            fit.fits, expected_fit,
            "{ratio}: {}x{}",
            fit.width, fit.height
        );
    }
    assert_eq!(rig.fake.calls(Route::Create), 4);
    assert_eq!(
        rig.fake.calls(Route::Download),
        0,
        "nothing downloaded: base64 answers"
    );
    let create = &rig.fake.core.requests(Route::Create)[0];
    assert_eq!(create.target, "/v1/images/generations");
    assert_eq!(
        create.headers["authorization"].to_str().unwrap(),
        format!("Bearer {FAKE_KEY}")
    );
}

#[tokio::test]
async fn refusals_rate_limits_and_server_errors_are_classified_and_a_create_is_never_resent() {
    let rig = rig().await;
    let portrait = |prompt: &str| request(prompt, AspectRatio::Portrait);
    rig.fake.arm(Route::Create, Fault::Moderation, 1);
    let err = rig
        .provider
        .submit(&portrait("something flagged"))
        .await
        .unwrap_err();
    assert_eq!(
        err.class,
        ErrorClass::Terminal(TerminalReason::Moderation),
        "{err}"
    );
    assert!(err.message.contains("safety system"), "{err}");

    rig.fake
        .arm(Route::Create, Fault::RateLimited { retry_after_s: 9 }, 1);
    let err = rig
        .provider
        .submit(&portrait("a harbour"))
        .await
        .unwrap_err();
    assert_eq!(
        (err.class, err.code),
        (ErrorClass::Transient, TakeErrorCode::RateLimited)
    );
    assert_eq!(err.retry_after, Some(Duration::from_secs(9)));

    let err = rig
        .provider
        .submit(&portrait("a harbour fake:quota"))
        .await
        .unwrap_err();
    assert_eq!(
        err.class,
        ErrorClass::Terminal(TerminalReason::InsufficientCredits),
        "{err}"
    );

    let creates = rig.fake.calls(Route::Create);
    rig.fake.arm(
        Route::Create,
        Fault::ServerErrorAfterRequest { status: 500 },
        1,
    );
    let err = rig
        .provider
        .submit(&portrait("a harbour"))
        .await
        .unwrap_err();
    assert_eq!(err.class, ErrorClass::AmbiguousSubmit, "{err}");
    assert_eq!(
        rig.fake.calls(Route::Create),
        creates + 1,
        "sent once, never again"
    );

    rig.store.remove("openai").unwrap();
    let creates = rig.fake.calls(Route::Create);
    let err = rig
        .provider
        .submit(&portrait("a harbour"))
        .await
        .unwrap_err();
    assert_eq!(err.code, TakeErrorCode::NoKey, "{err}");
    assert_eq!(
        rig.fake.calls(Route::Create),
        creates,
        "nothing sent without a key"
    );
}

#[tokio::test]
async fn a_url_answer_is_downloaded_and_a_held_image_survives_a_restart_on_its_data_folder() {
    let rig = rig().await;
    let (remote_id, output) = finish(
        &rig.provider,
        &request("a fox fake:url", AspectRatio::Landscape),
    )
    .await;
    let output = output.unwrap();
    assert!(
        output.url.starts_with(rig.fake.base_url()),
        "{}",
        output.url
    );
    rig.fake.arm(Route::Download, Fault::ExpiredUrl, 1);
    let dest = fetch(
        &rig.provider,
        &remote_id,
        &output,
        rig.dir.path(),
        "url.png",
    )
    .await;
    assert_eq!(rig.fake.calls(Route::Download), 2, "expired, then again");
    assert_eq!(probe(&dest), ("png".to_owned(), 1536, 1024));

    // A restart on the same data folder: the image paid for before the crash is still held.
    let data = tempfile::tempdir().unwrap();
    let (_, first_env) = env_for("openai", &format!("{}/v1", rig.fake.base_url()));
    first_env.work.place_in(data.path()).unwrap();
    let first = OpenAiImagesProvider::new(&first_env);
    let submitted = first
        .submit(&request("a fox", AspectRatio::Square))
        .await
        .unwrap();
    drop((first, first_env));
    let (_, env) = env_for("openai", &format!("{}/v1", rig.fake.base_url()));
    env.work.place_in(data.path()).unwrap();
    let restarted = OpenAiImagesProvider::new(&env);
    let output = match restarted.poll(&submitted.remote_id).await.unwrap() {
        PollOutcome::Succeeded { output, .. } => output,
        other => panic!("{other:?}"),
    };
    let dest = fetch(
        &restarted,
        &submitted.remote_id,
        &output,
        rig.dir.path(),
        "kept.png",
    )
    .await;
    assert_eq!(probe(&dest), ("png".to_owned(), 1024, 1024));

    // Without a data folder (providers built on their own), what a process held ends with it.
    let submitted = rig
        .provider
        .submit(&request("a fox", AspectRatio::Square))
        .await
        .unwrap();
    let (_, env) = env_for("openai", &format!("{}/v1", rig.fake.base_url()));
    let other = OpenAiImagesProvider::new(&env);
    match other.poll(&submitted.remote_id).await.unwrap() {
        PollOutcome::Failed(e) => {
            assert_eq!(
                e.class,
                ErrorClass::Terminal(TerminalReason::InvalidOutput),
                "{e}"
            );
            assert!(e.message.contains("no longer held"), "{e}");
        }
        other => panic!("{other:?}"),
    }
    let creates = rig.fake.calls(Route::Create);
    assert!(
        other.poll("../etc").await.is_err(),
        "ids are checked before use"
    );
    assert_eq!(rig.fake.calls(Route::Create), creates);
}

#[tokio::test]
async fn references_go_to_the_edits_endpoint_and_bad_ones_are_refused_before_sending() {
    let rig = rig().await;
    assert!(
        rig.provider
            .descriptor()
            .model(None)
            .unwrap()
            .takes_references()
    );
    let mut paths = Vec::new();
    for name in ["character.png", "style.png"] {
        let path = rig.dir.path().join(name);
        let status = std::process::Command::new("ffmpeg")
            .args(["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i"])
            .args(["testsrc2=size=64x96", "-frames:v", "1"])
            .arg(&path)
            .status()
            .unwrap();
        assert!(status.success());
        paths.push(path.display().to_string());
    }
    let mut keep = request("the same character on a beach", AspectRatio::Portrait);
    keep.reference_paths = paths;
    // The fake refuses any image[] part that is not an image.
    let (remote_id, output) = finish(&rig.provider, &keep).await;
    let dest = fetch(
        &rig.provider,
        &remote_id,
        &output.unwrap(),
        rig.dir.path(),
        "kept.png",
    )
    .await;
    assert_eq!(probe(&dest), ("png".to_owned(), 1024, 1536));
    let create = rig.fake.core.requests(Route::Create);
    assert_eq!(create.last().unwrap().target, "/v1/images/edits");

    let corrupt = rig.dir.path().join("corrupt.png");
    std::fs::write(&corrupt, b"not an image").unwrap();
    keep.reference_paths = vec![corrupt.display().to_string()];
    let creates = rig.fake.calls(Route::Create);
    let err = rig.provider.submit(&keep).await.unwrap_err();
    assert_eq!(
        err.class,
        ErrorClass::Terminal(TerminalReason::InvalidInput),
        "{err}"
    );
    assert!(err.message.contains("corrupt.png"), "{err}");
    assert_eq!(rig.fake.calls(Route::Create), creates, "nothing sent");
}
