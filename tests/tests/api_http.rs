//! The automation API (`reelforge_api`) over real HTTP, in process on a real engine: every
//! declared command routed, the refusals (401, 421, 413, 404, 501 for window-only commands),
//! and the engine's events as server-sent events, in order, with `resync` after a lag.
//! The whole job flow through the `reelforge serve` binary is in `crates/cli/tests/serve.rs`.

use reelforge_api::MAX_BODY_BYTES;
use reelforge_api::paths_hidden::window_only as needs_window;
use reelforge_protocol::commands::{ALL, CommandName};
use reelforge_protocol::{EngineEvent, JobId, JobStatus};
use reelforge_tests::api_server::{Api, answer};
use reelforge_tests::sse::SseReader;
use reqwest::StatusCode;
use reqwest::header::{HOST, ORIGIN};
use serde_json::{Value, json};

fn assert_refusal((status, body): &(StatusCode, Value), expected: StatusCode, code: &str) {
    assert_eq!(*status, expected, "{body}");
    assert_eq!(body["code"], code, "{body}");
    assert!(!body["message"].as_str().unwrap_or_default().is_empty());
}

#[tokio::test]
async fn every_declared_command_is_routed_and_only_window_ones_are_refused_as_such() {
    let api = Api::start().await;
    for &command in CommandName::EVERY {
        let name = command.name();
        let (status, body) = answer(api.post(name).send().await.unwrap()).await;
        if needs_window(command) {
            assert_refusal(&(status, body), StatusCode::NOT_IMPLEMENTED, "window_only");
            continue;
        }
        // An empty body is a null request: it runs, or is refused as not this command's
        // request type — never as an unknown command.
        assert_ne!(status, StatusCode::NOT_FOUND, "{name}: {body}");
        assert_ne!(body["code"], "window_only", "{name}: {body}");
        if !status.is_success() {
            assert!(body["code"].is_string(), "{name}: {body}");
        }
    }
    let unknown = answer(api.post("not_a_command").send().await.unwrap()).await;
    assert_refusal(&unknown, StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn the_openapi_document_lists_exactly_the_declared_commands() {
    let api = Api::start().await;
    let response = api
        .client
        .get(format!("{}/openapi.json", api.base))
        .bearer_auth(&api.token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let document: Value = response.json().await.unwrap();
    let commands: Vec<&str> = document["paths"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(path, item)| item.get("post").is_some() && !path.contains("/uploads/"))
        .map(|(path, _)| path.strip_prefix("/api/v1/").unwrap())
        .collect();
    let mut declared = ALL.to_vec();
    declared.sort_unstable();
    let mut listed = commands.clone();
    listed.sort_unstable();
    assert_eq!(listed, declared);
    // Each names its declared types: `get_job` takes a job id and answers a job.
    let get_job = &document["paths"]["/api/v1/get_job"]["post"];
    assert_eq!(
        get_job["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/JobId"
    );
    let job = &get_job["responses"]["200"]["content"]["application/json"]["schema"]["$ref"];
    assert_eq!(job, "#/components/schemas/JobDetail");
    let schemas = document["components"]["schemas"].as_object().unwrap();
    for name in ["JobId", "JobDetail", "ApiError", "CreateJobRequest"] {
        assert!(schemas.contains_key(name), "{name} missing");
    }
    for upload in ["image", "audio", "video"] {
        let path = &document["paths"][format!("/api/v1/uploads/{upload}")]["post"];
        assert_eq!(path["x-upload"], true, "uploads/{upload} is listed");
    }
    let pick = &document["paths"]["/api/v1/pick_audio_file"]["post"];
    assert_eq!(pick["x-window-only"], true);
}

#[tokio::test]
async fn a_command_answers_its_declared_types_and_its_errors_as_code_and_message() {
    let api = Api::start().await;
    let (status, templates) = api.call("list_templates", Value::Null).await;
    assert_eq!(status, StatusCode::OK);
    let template = &templates.as_array().unwrap()[0];
    let request = json!({ "title": "Over HTTP", "template_id": template["id"] });
    let (status, job) = api.call("create_job", request).await;
    assert_eq!(status, StatusCode::OK, "{job}");
    assert_eq!(job["status"], "draft");
    let (status, read) = api.call("get_job", job["id"].clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(read["id"], job["id"]);

    let missing = api.call("get_job", json!("no-such-job")).await;
    assert_refusal(&missing, StatusCode::NOT_FOUND, "not_found");
    let wrong_type = api.call("get_job", json!(42)).await;
    assert_refusal(&wrong_type, StatusCode::BAD_REQUEST, "validation");
    let not_json = api.post("get_job").body("{").send().await.unwrap();
    assert_refusal(
        &answer(not_json).await,
        StatusCode::BAD_REQUEST,
        "validation",
    );
}

#[tokio::test]
async fn a_missing_or_wrong_token_is_401_and_a_foreign_host_or_origin_421() {
    let api = Api::start().await;
    let url = format!("{}/app_info", api.base);
    let bare = api.client.post(&url).send().await.unwrap();
    assert_eq!(
        bare.headers()["www-authenticate"],
        "Bearer",
        "a 401 names its scheme"
    );
    assert_refusal(
        &answer(bare).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    );
    let wrong = api.client.post(&url).bearer_auth("rf_0000").send().await;
    assert_refusal(
        &answer(wrong.unwrap()).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    );
    // The events need the token too.
    let events = api.client.get(format!("{}/events", api.base)).send().await;
    assert_eq!(events.unwrap().status(), StatusCode::UNAUTHORIZED);

    let foreign_host = api
        .post("app_info")
        .header(HOST, "evil.example")
        .send()
        .await;
    let refused = answer(foreign_host.unwrap()).await;
    assert_refusal(&refused, StatusCode::MISDIRECTED_REQUEST, "unauthorized");
    // A rebinding page names its own host with our port.
    let rebound = api
        .post("app_info")
        .header(HOST, format!("evil.example:{}", api.port))
        .send()
        .await;
    assert_eq!(rebound.unwrap().status(), StatusCode::MISDIRECTED_REQUEST);
    let foreign_origin = api
        .post("app_info")
        .header(ORIGIN, "https://evil.example")
        .send()
        .await;
    let refused = answer(foreign_origin.unwrap()).await;
    assert_refusal(&refused, StatusCode::MISDIRECTED_REQUEST, "unauthorized");

    // `localhost` and our own origin are accepted.
    let local = api
        .post("app_info")
        .header(HOST, format!("localhost:{}", api.port))
        .header(ORIGIN, format!("http://127.0.0.1:{}", api.port))
        .send()
        .await
        .unwrap();
    assert_eq!(local.status(), StatusCode::OK);
}

#[tokio::test]
async fn an_oversized_body_is_413_and_nothing_is_created() {
    let api = Api::start().await;
    let title = "x".repeat(MAX_BODY_BYTES + 1);
    let body = json!({ "title": title, "segment_count": 1 }).to_string();
    let too_large = api
        .post("create_job")
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_refusal(
        &answer(too_large).await,
        StatusCode::PAYLOAD_TOO_LARGE,
        "validation",
    );
    let (_, page) = api.call("list_jobs", json!({})).await;
    assert_eq!(page["items"].as_array().map(Vec::len), Some(0), "{page}");
}

fn job_updated(n: usize) -> EngineEvent {
    EngineEvent::JobUpdated {
        job_id: JobId::from(format!("job-{n}").as_str()),
        status: JobStatus::Generating,
    }
}

async fn events(api: &Api) -> SseReader {
    let response = api
        .client
        .get(format!("{}/events", api.base))
        .bearer_auth(&api.token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    SseReader::new(response)
}

#[tokio::test]
async fn the_engine_events_arrive_in_order_named_by_their_type() {
    let api = Api::start().await;
    // Subscribed once the headers arrived.
    let mut reader = events(&api).await;
    let sent: Vec<EngineEvent> = (0..3).map(job_updated).collect();
    api.core.emit(sent.clone());
    for expected in &sent {
        let event = reader.next().await.expect("the stream ended");
        assert_eq!(event.event, "job_updated");
        let received: EngineEvent = serde_json::from_value(event.json()).unwrap();
        assert_eq!(&received, expected);
    }
}

#[tokio::test]
async fn a_listener_that_falls_behind_gets_resync_then_the_newest_events_in_order() {
    let api = Api::start().await;
    let mut reader = events(&api).await;
    // This test runs on one thread: no event is read while these are sent, so the
    // listener's buffer (1,024) overflows.
    const SENT: usize = 3_000;
    api.core.emit((0..SENT).map(job_updated));
    let first = reader.next().await.unwrap();
    assert_eq!(first.event, "resync", "{first:?}");
    assert_eq!(first.json(), json!({ "type": "resync" }));
    let mut previous = None;
    let mut last = 0;
    while last != SENT - 1 {
        let event = reader.next().await.unwrap();
        assert_eq!(event.event, "job_updated", "{event:?}");
        let id = event.json()["job_id"].as_str().unwrap().to_owned();
        last = id["job-".len()..].parse().unwrap();
        if let Some(previous) = previous {
            assert_eq!(last, previous + 1, "out of order after {previous}");
        } else {
            assert!(last > 0, "nothing was missed");
        }
        previous = Some(last);
    }
}
