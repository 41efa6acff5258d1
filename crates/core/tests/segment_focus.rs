//! The per-segment crop focus as the job screen sets it (issue 18, item 3): the
//! `set_segment_focus` command stores a segment's point (by zero-based index) and answers the
//! job's stored points, which `get_segment_focus` lists; a point outside the picture or a
//! segment the job does not have is refused and changes nothing.

mod engine_support;

use engine_support::*;
use reelforge_core::CommandCall;
use reelforge_protocol::commands::CommandName;
use reelforge_protocol::{ApiError, ErrorCode, JobConfig, SegmentFocus};
use serde_json::json;
use std::sync::Arc;

#[tokio::test]
async fn the_screens_focus_is_stored_listed_and_checked() {
    let alpha = Arc::new(ScriptedProvider::new("alpha", 1, 0));
    let h = harness(vec![alpha]).await;
    let job = configured_job(&h.core, 2, "alpha", JobConfig::default(), None).await;
    let call = |name: &str, request: serde_json::Value| {
        let core = &h.core;
        let command = CommandName::from_name(name).expect("a declared command");
        async move {
            CommandCall::parse(command, request)
                .expect("a bound command")
                .run(core)
                .await
        }
    };
    let listed = call("get_segment_focus", json!(job.0)).await.unwrap();
    assert_eq!(listed, json!([]), "every segment at its centre");

    let set = |index: u32, x: u16, y: u16| json!({ "segment": { "job_id": job.0, "index": index }, "x_permille": x, "y_permille": y });
    let stored = call("set_segment_focus", set(1, 250, 900)).await.unwrap();
    let expected = vec![SegmentFocus {
        index: 1,
        x_permille: 250,
        y_permille: 900,
    }];
    assert_eq!(
        serde_json::from_value::<Vec<SegmentFocus>>(stored).unwrap(),
        expected
    );

    let outside: ApiError = call("set_segment_focus", set(0, 1200, 0))
        .await
        .unwrap_err();
    assert_eq!(outside.code, ErrorCode::Validation, "{}", outside.message);
    let missing: ApiError = call("set_segment_focus", set(7, 0, 0)).await.unwrap_err();
    assert_eq!(missing.code, ErrorCode::NotFound, "{}", missing.message);

    let listed = call("get_segment_focus", json!(job.0)).await.unwrap();
    assert_eq!(
        serde_json::from_value::<Vec<SegmentFocus>>(listed).unwrap(),
        expected,
        "nothing changed"
    );
}
