//! Unit tests of `providers::veo`.

use super::*;

fn op(value: Value) -> PollOutcome {
    outcome(serde_json::from_value(value).unwrap())
}

#[test]
fn retry_info_is_read_from_google_error_details() {
    let body = r#"{"error":{"code":429,"message":"quota","status":"RESOURCE_EXHAUSTED","details":[
        {"@type":"type.googleapis.com/google.rpc.QuotaFailure"},
        {"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"27s"}]}}"#;
    assert_eq!(retry_info(body), Some(Duration::from_secs(27)));
    assert_eq!(retry_info(r#"{"error":{"code":429}}"#), None);
    assert_eq!(retry_info("not json"), None);
}

#[test]
fn operations_map_to_outcomes() {
    assert!(matches!(
        op(json!({"name": "models/m/operations/a"})),
        PollOutcome::Running { .. }
    ));
    let PollOutcome::Succeeded { output, .. } = op(json!({"done": true, "response": {
        "generateVideoResponse": {"generatedSamples": [{"video": {"uri": "https://x/files/a:download?alt=media"}}]}}}))
    else {
        panic!("not succeeded")
    };
    assert!(output.url.ends_with("alt=media"));
    let PollOutcome::Failed(filtered) = op(json!({"done": true, "response": {
        "generateVideoResponse": {"raiMediaFilteredCount": 1, "raiMediaFilteredReasons": ["celebrity"]}}}))
    else {
        panic!("not failed")
    };
    assert_eq!(
        filtered.class,
        super::super::ErrorClass::Terminal(TerminalReason::Moderation)
    );
    assert!(filtered.message.contains("celebrity"));
    let PollOutcome::Failed(internal) =
        op(json!({"done": true, "error": {"code": 13, "message": "boom"}}))
    else {
        panic!("not failed")
    };
    assert_eq!(internal.class, super::super::ErrorClass::Transient);
    assert_eq!(internal.code, TakeErrorCode::ProviderFailed);
    assert!(internal.message.contains("code 13"), "{}", internal.message);
    let failed =
        |code: i64| match op(json!({"done": true, "error": {"code": code, "message": "x"}})) {
            PollOutcome::Failed(e) => (e.class, e.code),
            other => panic!("not failed: {other:?}"),
        };
    assert_eq!(
        failed(1),
        (
            super::super::ErrorClass::Terminal(TerminalReason::Cancelled),
            TakeErrorCode::Cancelled
        ),
        "a cancel on Google's side is spelt as every other adapter's"
    );
    assert_eq!(failed(8).1, TakeErrorCode::RateLimited);
    assert_eq!(failed(4).1, TakeErrorCode::RequestTimeout);
}
