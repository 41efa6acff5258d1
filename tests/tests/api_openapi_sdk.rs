//! The automation API's OpenAPI document checked by PyPI's validators
//! (`tests/sdk/api_openapi.py`): `openapi-spec-validator` validates it, and `openapi-core`
//! builds requests from it that round-trip against the running API, their answers validated
//! against the document.

use reelforge_protocol::commands::ALL;
use reelforge_tests::api_server::Api;
use reelforge_tests::sdk::{printed_url, python, run_beside_fake};
use serde_json::Value;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_openapi_document_validates_and_requests_built_from_it_round_trip() {
    let Some(python) = python() else {
        return;
    };
    let api = Api::start().await;
    let base = format!("http://127.0.0.1:{}", api.port);
    let env = [
        ("API_BASE", base.as_str()),
        ("API_TOKEN", api.token.as_str()),
    ];
    let stdout = run_beside_fake(&python, "api_openapi.py", &env);

    let listed = stdout
        .lines()
        .find_map(|line| line.strip_prefix("commands: "))
        .unwrap_or_else(|| panic!("{stdout}"));
    let mut declared = ALL.to_vec();
    declared.sort_unstable();
    assert_eq!(listed, declared.join(","));

    // The job the script created is in the engine.
    let id = printed_url(&stdout);
    let (status, job) = api.call("get_job", Value::String(id.clone())).await;
    assert!(status.is_success(), "{job}");
    assert_eq!(job["title"], "From the OpenAPI document");
}
