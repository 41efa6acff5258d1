//! IPC tests on Tauri's mock runtime (no display needed): the real handler list, the real
//! compile-time context (so the real capabilities and ACL) and a Core on a temporary data dir.
//! The engine's start, stop and event forwarding are tested in [`engine_events`].

mod api_switch;
mod engine_events;
mod imports;
mod limits;
mod native;
mod opening;
mod preview_security;
mod provider_keys;

use std::collections::BTreeSet;
use std::path::Path;

use reelforge_core::Core;
use reelforge_protocol::commands::{self, ALL, CommandName, UpdateTemplateRequest};
use reelforge_protocol::{
    ApiError, AppSettings, AssembleRequest, CaptionPlatform, CaptionPreviewRequest, CaptionStyle,
    Command, ConfigureSegmentsRequest, CreateJobRequest, DecideRequest, ImportAssetRequest,
    JobConfig, JobDetail, JobId, JobListQuery, JobPage, MediaRef, NarrationChoice,
    NarrationPlanRequest, QuickRequest, SegmentPatch, SegmentRef, SelectTakeRequest,
    SetJobVoiceRequest, SetMusicFolderRequest, SetProviderKeyRequest, SetSegmentReferencesRequest,
    SubmitUnknownDecision, TakeId, TemplateDto, TemplateId, TemplateInput, TurnOnApiRequest,
    UpdateProviderSettingsRequest, VoiceAndCaptions, VoicePreviewRequest, WriterSettings,
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
            .manage(reelforge_api::ApiSwitch::default())
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

/// A call of `cmd` with `args` from the app's own page.
fn ipc_request(cmd: &str, args: Value) -> InvokeRequest {
    InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: app_origin(),
        body: InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    }
}

/// Invokes `cmd` with `args` from `webview` as the app's own page does.
fn invoke_on(webview: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
    get_ipc_response(webview, ipc_request(cmd, args))
        .map(|body| body.deserialize::<Value>().unwrap())
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

/// A valid request for every command, typed by its declaration (a sample of another type, or
/// a command without one, does not compile). Ids name nothing, so several commands answer
/// `not_found`: what matters is that the command was reached.
fn sample_request(command: CommandName, template: &TemplateDto) -> Value {
    use CommandName as C;
    let missing = "00000000-0000-0000-0000-000000000000";
    let job = || JobId::from(missing);
    let segment = || SegmentRef {
        job_id: job(),
        index: 0,
    };
    // An unknown provider: the key commands are reached without touching the keychain.
    let provider = || "no-such-provider".to_owned();
    match command {
        C::AppInfo(c) => sample(c, ()),
        C::ListTemplates(c) => sample(c, ()),
        C::GetTemplate(c) => sample(c, TemplateId::from(missing)),
        C::CreateTemplate(c) => sample(c, renamed(template, "Registration check")),
        C::UpdateTemplate(c) => sample(
            c,
            UpdateTemplateRequest {
                id: TemplateId::from(missing),
                input: renamed(template, "Update check"),
            },
        ),
        C::DeleteTemplate(c) => sample(c, TemplateId::from(missing)),
        C::ListJobs(c) => sample(c, JobListQuery::default()),
        C::GetJob(c) => sample(c, job()),
        C::CreateJob(c) => sample(
            c,
            CreateJobRequest {
                title: "Registration check".into(),
                subject: String::new(),
                template_id: Some(template.id.clone()),
                segment_count: None,
                config: JobConfig::default(),
                budget_cap_micros: None,
            },
        ),
        C::ConfigureSegments(c) => sample(
            c,
            ConfigureSegmentsRequest {
                job_id: job(),
                indexes: Vec::new(),
                patch: SegmentPatch {
                    prompt: Some("a lighthouse at dusk".into()),
                    ..SegmentPatch::default()
                },
            },
        ),
        C::DeleteJob(c) => sample(c, job()),
        C::ListProviders(c) => sample(c, ()),
        C::ListVoices(c) => sample(c, ()),
        C::GetMusicLibrary(c) => sample(c, ()),
        C::SetMusicFolder(c) => sample(c, SetMusicFolderRequest { folder: None }),
        C::EstimateJob(c) => sample(c, job()),
        C::LaunchJob(c) => sample(c, job()),
        C::PauseJob(c) => sample(c, job()),
        C::ResumeJob(c) => sample(c, job()),
        C::CancelJob(c) => sample(c, job()),
        C::CancelSegment(c) => sample(c, segment()),
        C::RetrySegment(c) => sample(c, segment()),
        C::DecideSubmitUnknown(c) => sample(
            c,
            DecideRequest {
                segment: segment(),
                decision: SubmitUnknownDecision::Abandon,
                take_id: None,
            },
        ),
        C::ListProviderStatus(c) => sample(c, ()),
        C::SetProviderKey(c) => sample(
            c,
            SetProviderKeyRequest {
                provider: provider().into(),
                key: "registration-check".into(),
                session_only: true,
            },
        ),
        C::TestProviderKey(c) => sample(c, provider()),
        C::RemoveProviderKey(c) => sample(c, provider()),
        C::UpdateProviderSettings(c) => sample(
            c,
            UpdateProviderSettingsRequest {
                provider: provider().into(),
                settings: Default::default(),
            },
        ),
        C::WriteScript(c) => sample(c, QuickRequest::new("Registration")),
        // Review mode: the job is created but nothing is generated.
        C::StartQuick(c) => sample(
            c,
            QuickRequest {
                review: true,
                ..QuickRequest::new("Registration check")
            },
        ),
        C::GetWriterSettings(c) => sample(c, ()),
        C::SetWriterSettings(c) => sample(c, WriterSettings::default()),
        C::PreviewUrl(c) => sample(
            c,
            MediaRef::Take {
                take_id: TakeId::from(missing),
            },
        ),
        // Never offered by the OS: refused with a validation error, nothing read.
        C::ImportAsset(c) => sample(
            c,
            ImportAssetRequest {
                path: "/etc/passwd".into(),
            },
        ),
        C::SetSegmentReferences(c) => sample(
            c,
            SetSegmentReferencesRequest {
                segment: segment(),
                assets: Vec::new(),
            },
        ),
        C::AssembleJob(c) => sample(c, AssembleRequest::new(job())),
        C::SelectTake(c) => sample(
            c,
            SelectTakeRequest {
                job_id: job(),
                segment_id: missing.into(),
                take_id: missing.into(),
            },
        ),
        C::GetAppSettings(c) => sample(c, ()),
        C::SetAppSettings(c) => sample(c, AppSettings::default()),
        C::FfmpegInfo(c) => sample(c, ()),
        C::SetFfmpegLocation(c) => sample(c, Some("/nonexistent/ffmpeg".into())),
        // The mock runtime has no dialog plugin: refused as `internal`, no dialog opens.
        C::PickReferenceFiles(c) => sample(c, ()),
        C::RevealJobOutput(c) => sample(c, job()),
        // No dialog plugin in the mock runtime either: `internal`, no dialog opens.
        C::PickAudioFile(c) => sample(c, ()),
        C::SetJobVoice(c) => sample(
            c,
            SetJobVoiceRequest {
                job_id: job(),
                choice: VoiceAndCaptions::default(),
            },
        ),
        // Only stage directions: nothing to say, nothing synthesized.
        C::PreviewVoice(c) => sample(
            c,
            VoicePreviewRequest {
                narration: NarrationChoice::default(),
                text: "[wide shot]".into(),
            },
        ),
        C::PlanNarration(c) => sample(
            c,
            NarrationPlanRequest {
                job_id: job(),
                narration: NarrationChoice::default(),
            },
        ),
        C::PreviewCaptions(c) => sample(
            c,
            CaptionPreviewRequest {
                job_id: job(),
                segment_index: 0,
                style: CaptionStyle::Karaoke,
                platform: CaptionPlatform::Tiktok,
            },
        ),
        // The automation API's switch: on a port the OS picks, then off.
        C::GetApiState(c) => sample(c, ()),
        C::TurnOnApi(c) => sample(
            c,
            TurnOnApiRequest {
                port: Some(0),
                new_token: false,
            },
        ),
        C::TurnOffApi(c) => sample(c, ()),
        C::RotateApiToken(c) => sample(c, ()),
        // Continuity chaining (issue 17): an unknown job is `not_found`, nothing changes.
        C::GetChainStatus(c) => sample(c, job()),
        C::SetChaining(c) => sample(
            c,
            reelforge_protocol::SetChainingRequest {
                job_id: job(),
                chain_all: Some(true),
                segments: Vec::new(),
            },
        ),
        C::RegenerateStale(c) => sample(c, job()),
        // Draft → final promotion (issue 17).
        C::EstimatePromotion(c) => sample(c, promotion()),
        C::PromoteSegments(c) => sample(c, promotion()),
        // Issue 17, segment editing and the job's reference set:
        C::EditSegment(c) => sample(
            c,
            reelforge_protocol::EditSegmentRequest {
                job_id: job(),
                index: 0,
                patch: SegmentPatch {
                    prompt: Some("A dog".into()),
                    ..SegmentPatch::default()
                },
                references: None,
            },
        ),
        C::SetJobReferences(c) => sample(
            c,
            reelforge_protocol::SetJobReferencesRequest {
                job_id: job(),
                assets: Vec::new(),
            },
        ),
        // Own clips as segments (issue 17)
        C::UseSegmentClip(c) => sample(
            c,
            reelforge_protocol::UseClipRequest {
                segment: SegmentRef {
                    job_id: job(),
                    index: 0,
                },
                asset_id: reelforge_protocol::AssetId::from("a"),
                in_ms: 0,
                out_ms: Some(2_000),
            },
        ),
        C::PickVideoFile(c) => sample(c, ()),
        // Issue 17 — duplicate, re-run, bulk actions.
        C::DuplicateJob(c) => sample(
            c,
            reelforge_protocol::DuplicateJobRequest {
                job_id: job(),
                with_takes: true,
            },
        ),
        C::RerunJob(c) => sample(c, job()),
        C::BulkJobs(c) => sample(
            c,
            reelforge_protocol::BulkJobsRequest {
                selection: reelforge_protocol::BulkSelection::Filter {
                    status: None,
                    search: Some("rust".into()),
                    except: vec![job()],
                },
                action: reelforge_protocol::BulkAction::Delete,
            },
        ),
        // Storyboard keyframes (issue 19)
        C::ListImageProviders(c) => sample(c, ()),
        // Issue 18 — the per-segment focus point dragged on the preview.
        C::GetSegmentFocus(c) => sample(c, job()),
        C::SetSegmentFocus(c) => sample(
            c,
            reelforge_protocol::SetSegmentFocusRequest {
                segment: SegmentRef {
                    job_id: job(),
                    index: 0,
                },
                x_permille: 500,
                y_permille: 0,
            },
        ),
        // Storyboard (issue 19): an unknown job is `not_found`, nothing changes.
        C::GetStoryboard(c) => sample(c, job()),
        C::SetStoryboardOptions(c) => sample(
            c,
            reelforge_protocol::StoryboardOptionsRequest {
                job_id: job(),
                image_provider: "local".into(),
                image_model: None,
                same_character: true,
            },
        ),
        C::GenerateKeyframes(c) => sample(
            c,
            reelforge_protocol::GenerateKeyframesRequest {
                job_id: job(),
                segments: vec![0],
            },
        ),
        C::SelectKeyframe(c) => sample(
            c,
            reelforge_protocol::SelectKeyframeRequest {
                job_id: job(),
                take_id: TakeId::from(missing),
            },
        ),
        C::ApproveKeyframes(c) => sample(
            c,
            reelforge_protocol::ApproveKeyframesRequest {
                job_id: job(),
                segments: Vec::new(),
                approved: true,
            },
        ),
        C::AnimateStoryboard(c) => sample(c, job()),
    }
}

fn promotion() -> reelforge_protocol::PromotionRequest {
    reelforge_protocol::PromotionRequest {
        job_id: JobId::from("00000000-0000-0000-0000-000000000000"),
        segments: vec![0, 2],
    }
}

/// `request` as command `C`'s `req`.
fn sample<C: Command>(_: C, request: C::Request) -> Value {
    to_json(&request)
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
            .invoke(commands::ListTemplates::NAME, Value::Null)
            .expect("list_templates failed"),
    )
}

#[test]
fn every_declared_command_is_served_and_granted() {
    let harness = Harness::new();
    let templates = seeded_templates(&harness);
    let template = templates.first().expect("no seeded template");

    for &command in CommandName::EVERY {
        let cmd = command.name();
        match harness.invoke(cmd, sample_request(command, template)) {
            Ok(_) => {}
            // Only the command itself answers with an ApiError object; Tauri's own refusals
            // ("not found", "not allowed", bad arguments) are plain strings.
            Err(error) => {
                let code = error["code"].as_str().unwrap_or_default();
                assert_ne!(
                    code, "window_only",
                    "`{cmd}` is served by neither engine nor shell"
                );
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
fn a_call_the_capability_does_not_grant_never_reaches_the_handler() {
    let harness = Harness::new();
    // The capability grants the app's commands to the `main` window only.
    let other = WebviewWindowBuilder::new(&harness.app, "other", Default::default())
        .build()
        .unwrap();
    for &command in CommandName::EVERY {
        let refused = invoke_on(&other, command.name(), json!({ "req": null })).unwrap_err();
        let refused = refused.as_str().unwrap_or_default();
        assert!(refused.contains("not allowed"), "{command:?}: {refused}");
    }
    // Nor from a page of another origin in the granted window.
    let request = InvokeRequest {
        url: "https://example.com".parse().unwrap(),
        ..ipc_request(commands::AppInfo::NAME, json!({ "req": null }))
    };
    let refused = get_ipc_response(&harness.webview, request).unwrap_err();
    assert!(
        refused.as_str().unwrap_or_default().contains("not allowed"),
        "{refused}"
    );
    // The granted call itself answers.
    harness
        .invoke(commands::AppInfo::NAME, Value::Null)
        .unwrap();
}

#[test]
fn a_malformed_request_is_refused_before_the_command_runs() {
    let harness = Harness::new();
    let refused = harness
        .invoke_raw(commands::GetJob::NAME, json!({ "req": 42 }))
        .unwrap_err();
    let refused = refused.as_str().unwrap_or_default();
    assert!(
        refused.contains("invalid args `req` for command `get_job`"),
        "{refused}"
    );
    let refused = harness
        .invoke_raw(commands::GetJob::NAME, json!({}))
        .unwrap_err();
    assert!(refused.is_string(), "{refused}");
}

#[test]
fn no_input_commands_take_null_req() {
    let harness = Harness::new();
    for cmd in [
        commands::AppInfo::NAME,
        commands::ListTemplates::NAME,
        commands::ListProviders::NAME,
    ] {
        // What the UI sends.
        harness
            .invoke_raw(cmd, json!({ "req": null }))
            .unwrap_or_else(|e| panic!("{cmd} with req null: {e}"));
    }
    let info = harness
        .invoke(commands::AppInfo::NAME, Value::Null)
        .unwrap();
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
        .invoke(commands::GetJob::NAME, json!("no-such-job"))
        .unwrap_err();
    assert_api_error(&error, "not_found");
    from_json::<ApiError>(error);

    let error = harness
        .invoke(commands::GetTemplate::NAME, json!("no-such-template"))
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
        commands::CreateTemplate::NAME,
        to_json(&renamed(&templates[0], "IPC round trip")),
    ));
    assert_eq!(created.input.name, "IPC round trip");
    assert!(!created.builtin);
    let fetched: TemplateDto = from_json(call(commands::GetTemplate::NAME, to_json(&created.id)));
    assert_eq!(fetched, created);

    let job: JobDetail = from_json(call(
        commands::CreateJob::NAME,
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

    let page: JobPage = from_json(call(commands::ListJobs::NAME, json!({})));
    assert_eq!(page.total_matching, 1);
    assert_eq!(page.items[0].id, job_id);

    let configured: JobDetail = from_json(call(
        commands::ConfigureSegments::NAME,
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

    call(commands::DeleteJob::NAME, to_json(&job_id));
    assert_api_error(
        &harness
            .invoke(commands::GetJob::NAME, to_json(&job_id))
            .unwrap_err(),
        "not_found",
    );
    call(commands::DeleteTemplate::NAME, to_json(&created.id));
}

#[test]
fn the_committed_capability_is_the_one_the_declarations_give() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("capabilities");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    let path = root.join(crate::capability::DEFAULT_CAPABILITY);
    assert_eq!(
        files,
        std::slice::from_ref(&path),
        "unexpected capability files"
    );
    let committed = std::fs::read_to_string(&path).unwrap();
    assert!(
        committed == crate::capability::default_capability(ALL),
        "{} is not what the declared commands give: build src-tauri (build.rs writes it) \
         and commit it",
        path.display()
    );
}

#[test]
fn the_capability_grants_exactly_the_declared_commands_to_the_main_window() {
    let capability: Value =
        serde_json::from_str(&crate::capability::default_capability(ALL)).unwrap();
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
