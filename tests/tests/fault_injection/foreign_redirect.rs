//! A provider's download answers 302 to a server on another origin (a CDN, or an attacker's
//! host): the redirect is followed and the file arrives, but no credential header does.

use reelforge_core::protocol::{AspectRatio, GenerationMode};
use reelforge_core::providers::veo::VeoProvider;
use reelforge_core::providers::{GenerationRequest, VideoProvider};
use reelforge_tests::adapter_check::{AdapterRig, last_succeeded, poll_until_done};
use reelforge_tests::fakes::{FAKE_KEY, Route, SeenRequest, veo};

/// Headers that carry a credential in some provider's API.
const CREDENTIAL_HEADERS: [&str; 4] = ["authorization", "x-goog-api-key", "x-api-key", "cookie"];

fn assert_no_credentials(requests: &[SeenRequest]) {
    for request in requests {
        for name in CREDENTIAL_HEADERS {
            assert!(
                request.headers.get(name).is_none(),
                "{} {} arrived with a `{name}` header",
                request.method,
                request.target
            );
        }
        for (name, value) in &request.headers {
            assert!(
                !String::from_utf8_lossy(value.as_bytes()).contains(FAKE_KEY),
                "{} {} carried the key in `{name}`",
                request.method,
                request.target
            );
        }
    }
}

#[tokio::test]
async fn a_download_redirected_to_another_origin_arrives_without_the_key() {
    let rig = AdapterRig::start("veo", veo::start, Some(FAKE_KEY), VeoProvider::new).await;
    // A second server on another port serving the same clips: the foreign origin.
    let foreign = veo::start(0, &rig.dir.path().join("clips")).await.unwrap();
    rig.fake.core.set_clip_base(Some(foreign.base_url()));
    let request = GenerationRequest {
        model: "veo-3.1-fast-generate-preview".to_owned(),
        mode: GenerationMode::TextToVideo,
        prompt: "a lighthouse at dawn".to_owned(),
        duration_s: 4,
        aspect_ratio: AspectRatio::Portrait,
        reference_paths: vec![],
        seed: None,
    };
    let submitted = rig.provider.submit(&request).await.unwrap();
    let output = last_succeeded(&poll_until_done(&rig.provider, &submitted.remote_id, 10).await);

    // Checks the file is a real MP4: the cross-origin redirect was followed.
    rig.fetch(&submitted.remote_id, &output).await;

    let at_api = rig.fake.core.requests(Route::Download);
    assert_eq!(at_api.len(), 1, "one download call at the API");
    assert_eq!(
        at_api[0]
            .headers
            .get("x-goog-api-key")
            .and_then(|v| v.to_str().ok()),
        Some(FAKE_KEY),
        "the API's own origin still gets the key it requires"
    );
    let at_foreign = foreign.core.all_requests();
    assert_eq!(
        at_foreign.len(),
        1,
        "the redirect reached the foreign origin once: {at_foreign:?}"
    );
    assert_eq!(at_foreign[0].route, Route::Download);
    assert_no_credentials(&at_foreign);
}
