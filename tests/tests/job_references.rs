//! A job's character/style reference set (issue 17) reaches a provider over HTTP: the engine
//! on the fake Runway API, a text-to-video segment on a model that takes only a first frame
//! gets the set's image as its start frame (the prompt unchanged), byte for byte as imported.

#[allow(dead_code)]
#[path = "fault_injection/core_on_fakes.rs"]
mod core_on_fakes;

use base64::Engine;
use core_on_fakes::CoreOnFakes;
use reelforge_protocol::{
    ApiError, AssetId, ErrorCode, GenerationMode, JobStatus, SetJobReferencesRequest,
};
use reelforge_tests::adapter_check::write_png;
use reelforge_tests::fakes::runway;
use serde_json::Value;
use std::path::Path;
use std::time::Duration;

#[tokio::test]
async fn the_job_reference_set_reaches_runway_as_the_start_frame_of_a_text_segment() {
    let clips = tempfile::tempdir().unwrap();
    let fake = runway::start(0, clips.path()).await.unwrap();
    let rig = CoreOnFakes::open(&[("runway", &fake)]).await;
    let job = rig
        .job(
            "runway",
            "gen4.5",
            GenerationMode::TextToVideo,
            "A fox in the snow",
        )
        .await;

    let png = write_png(rig.dir.path(), "character.png");
    let asset = rig.core.import_asset(Path::new(&png)).await.unwrap();
    let set = SetJobReferencesRequest {
        job_id: job.clone(),
        assets: vec![asset.id.clone()],
    };
    let detail = rig.core.set_job_references(&set).await.unwrap();
    assert_eq!(detail.reference_assets, vec![asset.id.clone()]);
    let estimate = rig.core.estimate_job(&job).await.unwrap();
    assert!(
        !estimate.segments[0].job_references_unsent,
        "said before launch: {estimate:?}"
    );

    let done = rig.generate(&job, Duration::from_secs(120)).await;
    assert_eq!(
        done.summary.status,
        JobStatus::Review,
        "{:?}",
        done.activity
    );

    let creates: Value = reqwest::get(format!("{}/__fake/runway/creates", fake.base_url()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let creates = creates.as_array().unwrap();
    assert_eq!(creates.len(), 1, "{creates:?}");
    assert_eq!(creates[0]["endpoint"], "image_to_video");
    let body = &creates[0]["body"];
    assert_eq!(body["promptText"], "A fox in the snow");
    let uri = body["promptImage"].as_str().expect("a start frame");
    let (mime, b64) = uri
        .strip_prefix("data:")
        .and_then(|d| d.split_once(";base64,"))
        .expect("an inline image");
    assert_eq!(mime, "image/png");
    let sent = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .unwrap();
    assert_eq!(
        sent,
        std::fs::read(&png).unwrap(),
        "the imported image itself"
    );

    // An unknown asset is refused and the set stays.
    let unknown = SetJobReferencesRequest {
        job_id: job.clone(),
        assets: vec![AssetId::from("no-such-asset")],
    };
    let err = ApiError::from(rig.core.set_job_references(&unknown).await.unwrap_err());
    assert_eq!(err.code, ErrorCode::NotFound);
    assert_eq!(
        rig.core.get_job(&job).await.unwrap().reference_assets,
        vec![asset.id]
    );
}
