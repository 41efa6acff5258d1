//! Queries on `assets`.

use crate::support::{asset, open, writer};
use reelforge_core::storage::assets;
use reelforge_protocol::AssetId;

#[tokio::test]
async fn assets_are_content_addressed() {
    let (_dir, db) = open().await;
    let mut conn = writer(&db).await;
    let first = assets::insert_or_existing(&mut conn, &asset("a1", "abc"))
        .await
        .unwrap();
    assert_eq!(first, AssetId("a1".into()));
    // Same bytes imported again: the existing asset is returned, nothing is added.
    let again = assets::insert_or_existing(&mut conn, &asset("a2", "abc"))
        .await
        .unwrap();
    assert_eq!(again, first);
    assert_eq!(
        assets::get(&mut conn, &first).await.unwrap(),
        asset("a1", "abc")
    );
    assert!(assets::get(&mut conn, &AssetId("a2".into())).await.is_err());
    assert_eq!(
        assets::find_by_sha256(&mut conn, "abc")
            .await
            .unwrap()
            .unwrap()
            .id,
        first
    );
    assert_eq!(
        assets::find_by_sha256(&mut conn, "zzz").await.unwrap(),
        None
    );
}
