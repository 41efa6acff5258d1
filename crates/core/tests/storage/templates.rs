//! Queries on `templates`.

use crate::support::{job, open, writer};
use reelforge_core::storage::{jobs, templates};
use reelforge_protocol::TemplateId;

#[tokio::test]
async fn templates_insert_get_list_update_archive_delete() {
    let (_dir, db) = open().await;
    let mut conn = writer(&db).await;
    let mut input = reelforge_core::domain::template::builtin_templates().remove(0);
    let id = TemplateId("t1".into());
    templates::insert(&mut conn, &id, &input, true, 10)
        .await
        .unwrap();
    let got = templates::get(&mut conn, &id).await.unwrap();
    assert_eq!(got.input, input);
    assert!(got.builtin);
    assert_eq!((got.created_at, got.updated_at), (10, 10));

    // Names are unique among live templates, case-insensitively.
    let dup = templates::insert(&mut conn, &TemplateId("t2".into()), &input, false, 11).await;
    assert!(dup.is_err());
    assert_eq!(
        templates::find_live_by_name(&mut conn, &input.name.to_uppercase())
            .await
            .unwrap(),
        Some(id.clone())
    );

    input.segment_count = 3;
    input.beats.truncate(3);
    templates::update(&mut conn, &id, &input, 20).await.unwrap();
    let got = templates::get(&mut conn, &id).await.unwrap();
    assert_eq!(got.input.segment_count, 3);
    assert_eq!(got.updated_at, 20);
    assert!(
        templates::update(&mut conn, &TemplateId("nope".into()), &input, 20)
            .await
            .is_err()
    );

    assert_eq!(templates::list(&mut conn).await.unwrap().len(), 1);
    assert!(templates::is_live(&mut conn, &id).await.unwrap());
    jobs::insert(&mut conn, &job("j1", "uses t1", Some(&id), 30))
        .await
        .unwrap();
    assert_eq!(
        templates::count_jobs_using(&mut conn, &id).await.unwrap(),
        1
    );

    // A template in use cannot be deleted, only archived; archived ones leave the list
    // but stay readable, and free their name.
    assert!(templates::delete(&mut conn, &id).await.is_err());
    templates::archive(&mut conn, &id, 40).await.unwrap();
    assert!(!templates::is_live(&mut conn, &id).await.unwrap());
    assert!(templates::list(&mut conn).await.unwrap().is_empty());
    assert_eq!(
        templates::get(&mut conn, &id).await.unwrap().input.name,
        input.name
    );
    assert_eq!(
        templates::find_live_by_name(&mut conn, &input.name)
            .await
            .unwrap(),
        None
    );
    templates::insert(&mut conn, &TemplateId("t3".into()), &input, false, 50)
        .await
        .unwrap();
    assert!(
        templates::archive(&mut conn, &id, 60).await.is_err(),
        "already archived"
    );

    templates::delete(&mut conn, &TemplateId("t3".into()))
        .await
        .unwrap();
    assert!(
        templates::get(&mut conn, &TemplateId("t3".into()))
            .await
            .is_err()
    );
}
