//! The Replicate FLUX keyframe adapter over real HTTP against the fake Replicate: one
//! keyframe per aspect ratio, each a real PNG of the size its descriptor promises; the
//! faults: moderation (FLUX's NSFW failure), a 5xx after the create arrived (ambiguous, sent
//! once), a 429 with Retry-After and a 402 on create, a 503 on a status request, no key; an
//! expired output URL fetched again; an image that ignores the aspect ratio, detected for
//! reframing; and FLUX dev's reference image sent (a corrupt one refused before anything is
//! sent); a create whose answer was lost found among the recent predictions.

use reelforge_core::providers::image::output::frame_fit;
use reelforge_core::providers::image::replicate_flux::{
    FLUX_DEV, FLUX_SCHNELL, ReplicateFluxProvider,
};
use reelforge_core::providers::image::{ImageProvider, ImageRequest};
use reelforge_core::providers::{ErrorClass, Reconciliation, TakeErrorCode, TerminalReason};
use reelforge_core::secrets::{SecretStore, SessionStore};
use reelforge_protocol::AspectRatio;
use reelforge_tests::fakes::{FAKE_KEY, FakeServer, Fault, Route, replicate};
use reelforge_tests::image_check::{env_for, fetch, finish, probe};
use std::sync::Arc;
use std::time::Duration;

struct Rig {
    fake: FakeServer,
    store: Arc<SessionStore>,
    provider: ReplicateFluxProvider,
    dir: tempfile::TempDir,
}

async fn rig() -> Rig {
    let dir = tempfile::tempdir().unwrap();
    let fake = replicate::start(0, &dir.path().join("clips"))
        .await
        .unwrap();
    let (store, env) = env_for("replicate", fake.base_url());
    let provider = ReplicateFluxProvider::new(&env);
    Rig {
        fake,
        store,
        provider,
        dir,
    }
}

fn request(model: &str, prompt: &str, aspect_ratio: AspectRatio) -> ImageRequest {
    ImageRequest {
        model: model.to_owned(),
        prompt: prompt.to_owned(),
        aspect_ratio,
        reference_paths: Vec::new(),
        seed: Some(7),
    }
}

#[tokio::test]
async fn every_aspect_ratio_gets_a_png_of_the_size_its_descriptor_promises() {
    let rig = rig().await;
    let model = rig.provider.descriptor().model(None).unwrap().clone();
    assert_eq!(model.id, FLUX_SCHNELL);
    assert!(!model.takes_references());
    for ratio in AspectRatio::ALL {
        let (remote_id, output) = finish(
            &rig.provider,
            &request(FLUX_SCHNELL, "a lighthouse at dawn", ratio),
        )
        .await;
        let name = format!("{}.png", ratio.as_str().replace(':', "x"));
        let dest = fetch(
            &rig.provider,
            &remote_id,
            &output.unwrap(),
            rig.dir.path(),
            &name,
        )
        .await;
        let size = model.size(ratio).unwrap();
        assert_eq!(
            probe(&dest),
            ("png".to_owned(), size.width, size.height),
            "{ratio}"
        );
        assert!(frame_fit(&dest, ratio).unwrap().fits, "{ratio}");
    }
    assert_eq!(rig.fake.calls(Route::Create), 4);
    let create = &rig.fake.core.requests(Route::Create)[0];
    assert_eq!(
        create.target,
        "/v1/models/black-forest-labs/flux-schnell/predictions"
    );
    assert_eq!(
        create.headers["authorization"].to_str().unwrap(),
        format!("Bearer {FAKE_KEY}")
    );
    assert_eq!(create.headers["cancel-after"].to_str().unwrap(), "10m");
}

#[tokio::test]
async fn moderation_refusals_and_server_errors_are_classified_and_a_create_is_never_resent() {
    let rig = rig().await;
    let portrait = |prompt: &str| request(FLUX_SCHNELL, prompt, AspectRatio::Portrait);
    rig.fake.arm(Route::Create, Fault::Moderation, 1);
    let (_, flagged) = finish(&rig.provider, &portrait("something flagged")).await;
    let flagged = flagged.unwrap_err();
    assert_eq!(
        flagged.class,
        ErrorClass::Terminal(TerminalReason::Moderation),
        "{flagged}"
    );
    assert!(flagged.message.contains("NSFW"), "{flagged}");

    let creates = rig.fake.calls(Route::Create);
    rig.fake.arm(
        Route::Create,
        Fault::ServerErrorAfterRequest { status: 502 },
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

    rig.fake
        .arm(Route::Create, Fault::RateLimited { retry_after_s: 7 }, 1);
    let err = rig
        .provider
        .submit(&portrait("a harbour"))
        .await
        .unwrap_err();
    assert_eq!(
        (err.class, err.code),
        (ErrorClass::Transient, TakeErrorCode::RateLimited)
    );
    assert_eq!(err.retry_after, Some(Duration::from_secs(7)));

    rig.fake
        .arm(Route::Create, Fault::ServerError { status: 402 }, 1);
    let err = rig
        .provider
        .submit(&portrait("a harbour"))
        .await
        .unwrap_err();
    assert_eq!(
        err.class,
        ErrorClass::Terminal(TerminalReason::InsufficientCredits),
        "{err}"
    );

    let submitted = rig.provider.submit(&portrait("a harbour")).await.unwrap();
    rig.fake
        .arm(Route::Poll, Fault::ServerError { status: 503 }, 1);
    let err = rig.provider.poll(&submitted.remote_id).await.unwrap_err();
    assert_eq!(err.class, ErrorClass::Transient, "{err}");

    rig.store.remove("replicate").unwrap();
    let creates = rig.fake.calls(Route::Create);
    let err = rig
        .provider
        .submit(&portrait("a harbour"))
        .await
        .unwrap_err();
    assert_eq!(
        err.class,
        ErrorClass::Terminal(TerminalReason::BadKey),
        "{err}"
    );
    assert_eq!(
        err.code,
        TakeErrorCode::NoKey,
        "a missing key is not a refused one"
    );
    assert_eq!(
        rig.fake.calls(Route::Create),
        creates,
        "nothing sent without a key"
    );
}

#[tokio::test]
async fn an_expired_url_is_fetched_again_and_an_image_of_another_shape_is_reported() {
    let rig = rig().await;
    let (remote_id, output) = finish(
        &rig.provider,
        &request(FLUX_SCHNELL, "a fox in snow", AspectRatio::Portrait),
    )
    .await;
    rig.fake.arm(Route::Download, Fault::ExpiredUrl, 1);
    let downloads = rig.fake.calls(Route::Download);
    let dest = fetch(
        &rig.provider,
        &remote_id,
        &output.unwrap(),
        rig.dir.path(),
        "expired.png",
    )
    .await;
    assert_eq!(
        rig.fake.calls(Route::Download),
        downloads + 2,
        "expired, then a fresh link"
    );
    assert_eq!(probe(&dest), ("png".to_owned(), 768, 1344));

    let (remote_id, output) = finish(
        &rig.provider,
        &request(
            FLUX_SCHNELL,
            "a fox fake:wrong-aspect",
            AspectRatio::Portrait,
        ),
    )
    .await;
    let dest = fetch(
        &rig.provider,
        &remote_id,
        &output.unwrap(),
        rig.dir.path(),
        "square.png",
    )
    .await;
    let fit = frame_fit(&dest, AspectRatio::Portrait).unwrap();
    assert_eq!(
        (fit.width, fit.height, fit.fits),
        (1024, 1024, false),
        "reported for reframing"
    );
}

#[tokio::test]
async fn flux_dev_sends_its_reference_image_and_refuses_a_corrupt_one_before_sending() {
    let rig = rig().await;
    let dev = rig.provider.descriptor().model(Some(FLUX_DEV)).unwrap();
    assert!(dev.takes_references());
    let reference = rig.dir.path().join("character.png");
    let status = std::process::Command::new("ffmpeg")
        .args([
            "-hide_banner",
            "-loglevel",
            "error",
            "-f",
            "lavfi",
            "-i",
            "testsrc2=size=64x96",
            "-frames:v",
            "1",
        ])
        .arg(&reference)
        .status()
        .unwrap();
    assert!(status.success());
    let mut with_reference = request(
        FLUX_DEV,
        "the same character on a beach",
        AspectRatio::Portrait,
    );
    with_reference.reference_paths = vec![reference.display().to_string()];
    let (_, output) = finish(&rig.provider, &with_reference).await;
    assert!(
        output.is_ok(),
        "{output:?}: the fake reads the data URL as an image"
    );
    let create = rig.fake.core.requests(Route::Create);
    assert_eq!(
        create[0].target,
        "/v1/models/black-forest-labs/flux-dev/predictions"
    );

    let corrupt = rig.dir.path().join("corrupt.png");
    std::fs::write(&corrupt, b"not an image at all").unwrap();
    with_reference.reference_paths = vec![corrupt.display().to_string()];
    let creates = rig.fake.calls(Route::Create);
    let err = rig.provider.submit(&with_reference).await.unwrap_err();
    assert_eq!(
        err.class,
        ErrorClass::Terminal(TerminalReason::InvalidInput),
        "{err}"
    );
    assert!(err.message.contains("corrupt.png"), "{err}");
    assert_eq!(rig.fake.calls(Route::Create), creates);
}

#[tokio::test]
async fn a_lost_create_is_found_among_the_recent_predictions() {
    let rig = rig().await;
    let lost = request(FLUX_SCHNELL, "a harbour at night", AspectRatio::Portrait);
    let sent_at_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    rig.fake.arm(Route::Create, Fault::ResetAfterRequest, 1);
    let err = rig.provider.submit(&lost).await.unwrap_err();
    assert_eq!(err.class, ErrorClass::AmbiguousSubmit, "{err}");
    // Another image of the same model, made meanwhile, is not ours.
    let other = request(FLUX_SCHNELL, "a different harbour", AspectRatio::Portrait);
    rig.provider.submit(&other).await.unwrap();
    match rig.provider.find_created(&lost, sent_at_ms).await.unwrap() {
        Reconciliation::Found(ids) => assert_eq!(ids.len(), 1, "{ids:?}"),
        other => panic!("{other:?}"),
    }
    let never = request(FLUX_DEV, "never sent", AspectRatio::Portrait);
    assert_eq!(
        rig.provider.find_created(&never, sent_at_ms).await.unwrap(),
        Reconciliation::NotFound
    );
}
