//! IPC tests on Tauri's mock runtime (no display needed): the real handler list, the real
//! compile-time context (so the real capabilities and ACL) and a Core on a temporary data dir.
//! The engine's start, stop and event forwarding are tested in [`engine_events`].

mod engine_events;
mod imports;
mod native;
mod opening;
mod preview_security;
mod provider_keys;

use std::collections::BTreeSet;
use std::path::Path;

use reelforge_core::Core;
use reelforge_protocol::commands::{self, ALL, UpdateTemplateRequest};
use reelforge_protocol::{
    ApiError, ConfigureSegmentsRequest, CreateJobRequest, DecideRequest, JobConfig, JobDetail,
    JobId, JobListQuery, JobPage, SegmentPatch, SegmentRef, SubmitUnknownDecision, TemplateDto,
    TemplateId, TemplateInput,
};
use serde_json::{Value, json};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

/// The codes `ApiError` can carry on the wire.
const API_CODES: &[&str] = &["validation", "not_found", "conflict", "storage", "internal"];

/// The app's own origin as the webview reports it; any other origin counts as remote and the
/// ACL refuses app commands.
fn app_origin() -> tauri::Url {
    let origin = if cfg!(any(windows, target_os = "android")) {
        "http://tauri.localhost"
    } else {
        "tauri://localhost"
    };
    origin.parse().unwrap()
}

struct Harness {
    webview: WebviewWindow<MockRuntime>,
    app: App<MockRuntime>,
    core: Core,
    _data_dir: tempfile::TempDir,
}

impl Harness {
    /// The app as `run` assembles it (same handler, same context), with its Core on a fresh
    /// temporary data directory and the `main` window the capability names.
    fn new() -> Self {
        let data_dir = tempfile::tempdir().unwrap();
        let core = tauri::async_runtime::block_on(Core::open(data_dir.path())).unwrap();
        let app = mock_builder()
            .invoke_handler(crate::handler())
            .manage(crate::CoreSlot::opened(core.clone()))
            .manage(
                crate::preview::PreviewListener::bind()
                    .unwrap()
                    .serve(core.clone()),
            )
            .manage(crate::import::OfferedFiles::default())
            .build(crate::context())
            .unwrap();
        let webview = WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .unwrap();
        Self {
            webview,
            app,
            core,
            _data_dir: data_dir,
        }
    }

    /// Invokes `cmd` with `{"req": req}` as the UI does; `Err` holds the rejection value.
    fn invoke(&self, cmd: &str, req: Value) -> Result<Value, Value> {
        self.invoke_raw(cmd, json!({ "req": req }))
    }

    fn invoke_raw(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        invoke_on(&self.webview, cmd, args)
    }
}

/// Invokes `cmd` with `args` from `webview` as the app's own page does.
fn invoke_on(webview: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
    let request = InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: app_origin(),
        body: InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    get_ipc_response(webview, request).map(|body| body.deserialize::<Value>().unwrap())
}

/// An `ApiError` as it crosses the boundary: exactly `{code, message}` with a known code.
fn assert_api_error(value: &Value, code: &str) {
    let object = value
        .as_object()
        .unwrap_or_else(|| panic!("not an ApiError object: {value}"));
    let keys: BTreeSet<&str> = object.keys().map(String::as_str).collect();
    assert_eq!(keys, BTreeSet::from(["code", "message"]), "in {value}");
    assert_eq!(value["code"], code, "in {value}");
    assert!(
        !value["message"].as_str().unwrap_or_default().is_empty(),
        "empty message in {value}"
    );
}

/// A syntactically valid request for every command, built from the protocol types so it
/// follows the contract. Ids name nothing, so several commands answer `not_found`: what matters
/// is that the command was reached.
fn sample_request(cmd: &str, template: &TemplateDto) -> Value {
    let missing = "00000000-0000-0000-0000-000000000000";
    match cmd {
        commands::APP_INFO | commands::LIST_TEMPLATES => Value::Null,
        commands::GET_TEMPLATE | commands::DELETE_TEMPLATE => json!(missing),
        commands::CREATE_TEMPLATE => to_json(&renamed(template, "Registration check")),
        commands::UPDATE_TEMPLATE => to_json(&UpdateTemplateRequest {
            id: TemplateId::from(missing),
            input: renamed(template, "Update check"),
        }),
        commands::LIST_JOBS => to_json(&JobListQuery::default()),
        commands::GET_JOB | commands::DELETE_JOB => json!(missing),
        commands::CREATE_JOB => to_json(&CreateJobRequest {
            title: "Registration check".into(),
            subject: String::new(),
            template_id: Some(template.id.clone()),
            segment_count: None,
            config: JobConfig::default(),
            budget_cap_micros: None,
        }),
        commands::CONFIGURE_SEGMENTS => to_json(&ConfigureSegmentsRequest {
            job_id: JobId::from(missing),
            indexes: Vec::new(),
            patch: SegmentPatch {
                prompt: Some("a lighthouse at dusk".into()),
                ..SegmentPatch::default()
            },
        }),
        commands::LIST_PROVIDERS => Value::Null,
        commands::ESTIMATE_JOB
        | commands::LAUNCH_JOB
        | commands::PAUSE_JOB
        | commands::RESUME_JOB
        | commands::CANCEL_JOB => json!(missing),
        commands::CANCEL_SEGMENT | commands::RETRY_SEGMENT => to_json(&SegmentRef {
            job_id: JobId::from(missing),
            index: 0,
        }),
        commands::DECIDE_SUBMIT_UNKNOWN => to_json(&DecideRequest {
            segment: SegmentRef {
                job_id: JobId::from(missing),
                index: 0,
            },
            decision: SubmitUnknownDecision::Abandon,
        }),
        commands::LIST_PROVIDER_STATUS => Value::Null,
        // An unknown provider: the key commands are reached without touching the keychain.
        commands::SET_PROVIDER_KEY => json!({
            "provider": "no-such-provider",
            "key": "registration-check",
            "session_only": true,
        }),
        commands::TEST_PROVIDER_KEY | commands::REMOVE_PROVIDER_KEY => json!("no-such-provider"),
        commands::UPDATE_PROVIDER_SETTINGS => json!({
            "provider": "no-such-provider",
            "settings": {},
        }),
        commands::WRITE_SCRIPT => to_json(&reelforge_protocol::QuickRequest::new("Registration")),
        // Review mode: the job is created but nothing is generated.
        commands::START_QUICK => to_json(&reelforge_protocol::QuickRequest {
            review: true,
            ..reelforge_protocol::QuickRequest::new("Registration check")
        }),
        commands::GET_WRITER_SETTINGS => Value::Null,
        commands::SET_WRITER_SETTINGS => to_json(&reelforge_protocol::WriterSettings::default()),
        commands::PREVIEW_URL => to_json(&reelforge_protocol::MediaRef::Take {
            take_id: reelforge_protocol::TakeId::from(missing),
        }),
        // Never offered by the OS: refused with a validation error, nothing read.
        commands::IMPORT_ASSET => json!({ "path": "/etc/passwd" }),
        commands::SET_SEGMENT_REFERENCES => json!({
            "segment": { "job_id": missing, "index": 0 },
            "assets": [],
        }),
        commands::ASSEMBLE_JOB => to_json(&reelforge_protocol::AssembleRequest::new(
            reelforge_protocol::JobId::from(missing),
        )),
        commands::SELECT_TAKE => json!({
            "job_id": missing, "segment_id": missing, "take_id": missing,
        }),
        commands::GET_APP_SETTINGS | commands::FFMPEG_INFO => Value::Null,
        commands::SET_FFMPEG_LOCATION => json!("/nonexistent/ffmpeg"),
        commands::SET_APP_SETTINGS => to_json(&reelforge_protocol::AppSettings::default()),
        // The mock runtime has no dialog plugin: refused as `internal`, no dialog opens.
        commands::PICK_REFERENCE_FILES => Value::Null,
        commands::REVEAL_JOB_OUTPUT => json!(missing),
        // No dialog plugin in the mock runtime either: `internal`, no dialog opens.
        commands::PICK_AUDIO_FILE => Value::Null,
        other => panic!("no sample request for `{other}`: add one here"),
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap()
}

fn from_json<T: serde::de::DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value.clone())
        .unwrap_or_else(|e| panic!("response does not match the protocol ({e}): {value}"))
}

/// A seeded template's input (valid by construction) under a new name.
fn renamed(template: &TemplateDto, name: &str) -> TemplateInput {
    TemplateInput {
        name: name.into(),
        ..template.input.clone()
    }
}

fn seeded_templates(harness: &Harness) -> Vec<TemplateDto> {
    from_json(
        harness
            .invoke(commands::LIST_TEMPLATES, Value::Null)
            .expect("list_templates failed"),
    )
}

#[test]
fn every_command_in_all_is_registered_and_allowed() {
    let harness = Harness::new();
    let templates = seeded_templates(&harness);
    let template = templates.first().expect("no seeded template");

    for cmd in ALL {
        match harness.invoke(cmd, sample_request(cmd, template)) {
            Ok(_) => {}
            // Only the command itself answers with an ApiError object; Tauri's own refusals
            // ("not found", "not allowed", bad arguments) are plain strings.
            Err(error) => {
                let code = error["code"].as_str().unwrap_or_default();
                assert!(
                    API_CODES.contains(&code),
                    "`{cmd}` did not reach its handler: {error}"
                );
                assert_api_error(&error, code);
            }
        }
    }

    // The check above can tell: a name nobody registered or granted is refused by Tauri.
    let refused = harness.invoke("not_a_command", Value::Null).unwrap_err();
    assert!(refused.is_string(), "unexpected refusal shape: {refused}");
}

#[test]
fn no_input_commands_take_null_req() {
    let harness = Harness::new();
    for cmd in [
        commands::APP_INFO,
        commands::LIST_TEMPLATES,
        commands::LIST_PROVIDERS,
    ] {
        // What the UI sends.
        harness
            .invoke_raw(cmd, json!({ "req": null }))
            .unwrap_or_else(|e| panic!("{cmd} with req null: {e}"));
    }
    let info = harness.invoke(commands::APP_INFO, Value::Null).unwrap();
    assert_eq!(info["version"], env!("CARGO_PKG_VERSION"));
    assert!(!info["data_dir"].as_str().unwrap().is_empty());
}

#[test]
fn list_templates_returns_the_seeded_templates() {
    let harness = Harness::new();
    let templates = seeded_templates(&harness);
    assert!(!templates.is_empty(), "no seeded templates");
    for template in &templates {
        assert!(template.builtin, "{template:?}");
        assert!(!template.id.as_str().is_empty());
        assert!(!template.input.name.is_empty());
    }
}

#[test]
fn errors_cross_as_code_and_message() {
    let harness = Harness::new();
    let error = harness
        .invoke(commands::GET_JOB, json!("no-such-job"))
        .unwrap_err();
    assert_api_error(&error, "not_found");
    from_json::<ApiError>(error);

    let error = harness
        .invoke(commands::GET_TEMPLATE, json!("no-such-template"))
        .unwrap_err();
    assert_api_error(&error, "not_found");
}

#[test]
fn a_job_round_trips_through_ipc() {
    let harness = Harness::new();
    let templates = seeded_templates(&harness);
    let call = |cmd: &str, req: Value| {
        harness
            .invoke(cmd, req)
            .unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    };

    let created: TemplateDto = from_json(call(
        commands::CREATE_TEMPLATE,
        to_json(&renamed(&templates[0], "IPC round trip")),
    ));
    assert_eq!(created.input.name, "IPC round trip");
    assert!(!created.builtin);
    let fetched: TemplateDto = from_json(call(commands::GET_TEMPLATE, to_json(&created.id)));
    assert_eq!(fetched, created);

    let job: JobDetail = from_json(call(
        commands::CREATE_JOB,
        to_json(&CreateJobRequest {
            title: "Lighthouse".into(),
            subject: "keepers".into(),
            template_id: Some(created.id.clone()),
            segment_count: None,
            config: JobConfig::default(),
            budget_cap_micros: None,
        }),
    ));
    let job_id = job.summary.id.clone();
    assert_eq!(job.summary.title, "Lighthouse");
    assert!(!job.segments.is_empty());

    let page: JobPage = from_json(call(commands::LIST_JOBS, json!({})));
    assert_eq!(page.total_matching, 1);
    assert_eq!(page.items[0].id, job_id);

    let configured: JobDetail = from_json(call(
        commands::CONFIGURE_SEGMENTS,
        to_json(&ConfigureSegmentsRequest {
            job_id: job_id.clone(),
            indexes: vec![0],
            patch: SegmentPatch {
                prompt: Some("a lighthouse at dusk".into()),
                ..SegmentPatch::default()
            },
        }),
    ));
    assert_eq!(configured.segments[0].prompt, "a lighthouse at dusk");

    call(commands::DELETE_JOB, to_json(&job_id));
    assert_api_error(
        &harness
            .invoke(commands::GET_JOB, to_json(&job_id))
            .unwrap_err(),
        "not_found",
    );
    call(commands::DELETE_TEMPLATE, to_json(&created.id));
}

#[test]
fn capability_grants_exactly_the_command_list() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("capabilities");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [dir.join("default.json")],
        "unexpected capability files"
    );

    let capability: Value =
        serde_json::from_str(&std::fs::read_to_string(&files[0]).unwrap()).unwrap();
    assert_eq!(capability["windows"], json!(["main"]));

    let permissions: Vec<&str> = capability["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().expect("permission with a scope object"))
        .collect();
    let (app, other): (Vec<&str>, Vec<&str>) = permissions.iter().partition(|p| !p.contains(':'));
    assert_eq!(other, ["core:default"], "plugin permissions");

    let granted: BTreeSet<String> = app.iter().map(|p| p.to_string()).collect();
    assert_eq!(granted.len(), app.len(), "a permission is listed twice");
    let expected: BTreeSet<String> = ALL
        .iter()
        .map(|cmd| format!("allow-{}", cmd.replace('_', "-")))
        .collect();
    assert_eq!(granted, expected);
}
