//! Queries on `settings`.

use crate::support::{open, writer};
use reelforge_core::storage::settings;

#[tokio::test]
async fn settings_get_set_remove() {
    let (_dir, db) = open().await;
    let mut conn = writer(&db).await;
    assert_eq!(
        settings::get::<String>(&mut conn, "language")
            .await
            .unwrap(),
        None
    );
    settings::set(&mut conn, "language", &"fr", 1)
        .await
        .unwrap();
    settings::set(&mut conn, "language", &"en", 2)
        .await
        .unwrap();
    assert_eq!(
        settings::get::<String>(&mut conn, "language")
            .await
            .unwrap()
            .as_deref(),
        Some("en")
    );
    assert!(settings::remove(&mut conn, "language").await.unwrap());
    assert!(!settings::remove(&mut conn, "language").await.unwrap());
}
