//! Queries on `segments` and their reference images (`segment_assets`).

use crate::support::{asset, open, seed_job, segment, take, writer};
use reelforge_core::storage::{assets, segments, takes};
use reelforge_protocol::{AssetId, GenerationMode, JobId, SegmentId, SegmentPatch, TakeId};

#[tokio::test]
async fn segments_insert_list_patch_select_and_references() {
    let (_dir, db) = open().await;
    let mut conn = writer(&db).await;
    seed_job(&mut conn).await;
    let job_id = JobId("j1".into());
    let list = segments::list_for_job(&mut conn, &job_id).await.unwrap();
    assert_eq!(list.iter().map(|s| s.index).collect::<Vec<_>>(), vec![0, 1]);
    assert_eq!(list[0], segment("s0", "j1", 0));

    // Same index twice in one job is refused.
    assert!(
        segments::insert(&mut conn, &segment("s9", "j1", 1), 1)
            .await
            .is_err()
    );
    // A segment of an unknown job is refused (foreign key).
    assert!(
        segments::insert(&mut conn, &segment("s8", "nojob", 0), 1)
            .await
            .is_err()
    );

    let s0 = SegmentId("s0".into());
    let patch = SegmentPatch {
        prompt: Some("a cat typing".into()),
        mode: Some(GenerationMode::ImageToVideo),
        model: Some(Some("ray-2".into())),
        duration_s: Some(8),
        ..SegmentPatch::default()
    };
    segments::apply_patch(&mut conn, &s0, &patch, 2)
        .await
        .unwrap();
    let got = &segments::list_for_job(&mut conn, &job_id).await.unwrap()[0];
    assert_eq!(got.prompt, "a cat typing");
    assert_eq!(got.mode, GenerationMode::ImageToVideo);
    assert_eq!(got.model.as_deref(), Some("ray-2"));
    assert_eq!(got.duration_s, 8);
    assert_eq!(got.beat, "hook", "fields the patch leaves out stay");
    // Some(None) clears the model; None leaves it.
    let clear = SegmentPatch {
        model: Some(None),
        ..SegmentPatch::default()
    };
    segments::apply_patch(&mut conn, &s0, &clear, 3)
        .await
        .unwrap();
    assert_eq!(
        segments::list_for_job(&mut conn, &job_id).await.unwrap()[0].model,
        None
    );
    assert!(
        segments::apply_patch(&mut conn, &SegmentId("x".into()), &clear, 3)
            .await
            .is_err()
    );

    takes::insert(&mut conn, &take("g1", "s0", "j1"), 4)
        .await
        .unwrap();
    segments::select_take(&mut conn, &s0, Some(&TakeId("g1".into())), 5)
        .await
        .unwrap();
    assert_eq!(
        segments::list_for_job(&mut conn, &job_id).await.unwrap()[0].selected_take,
        Some(TakeId("g1".into()))
    );
    segments::select_take(&mut conn, &s0, None, 6)
        .await
        .unwrap();
    assert_eq!(
        segments::list_for_job(&mut conn, &job_id).await.unwrap()[0].selected_take,
        None
    );

    for (id, sha) in [("a1", "aa"), ("a2", "bb")] {
        assets::insert_or_existing(&mut conn, &asset(id, sha))
            .await
            .unwrap();
    }
    let refs = [AssetId("a2".into()), AssetId("a1".into())];
    segments::set_references(&mut conn, &SegmentId("s1".into()), &refs)
        .await
        .unwrap();
    let got = segments::references_for_job(&mut conn, &job_id)
        .await
        .unwrap();
    assert_eq!(
        got,
        vec![
            (SegmentId("s1".into()), AssetId("a2".into())),
            (SegmentId("s1".into()), AssetId("a1".into()))
        ]
    );
    segments::set_references(&mut conn, &SegmentId("s1".into()), &refs[..1])
        .await
        .unwrap();
    assert_eq!(
        segments::references_for_job(&mut conn, &job_id)
            .await
            .unwrap()
            .len(),
        1
    );
    // An unknown asset cannot be referenced.
    let bad = [AssetId("zz".into())];
    assert!(
        segments::set_references(&mut conn, &SegmentId("s1".into()), &bad)
            .await
            .is_err()
    );
}
