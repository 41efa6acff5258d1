//! The chat-completions script writer against the fake server (OpenAI and Ollama flavours):
//! a schema-valid script through the Core (settings + `llm` key), a refusal, a cut-off
//! answer, invalid JSON repaired by the one repair call, invalid JSON twice, and the Ollama
//! variant (no key, 404 for a model that is not pulled); the post of an export (title,
//! description, hashtags) in French and English, and a refused one.

use reelforge_core::Core;
use reelforge_core::CoreError;
use reelforge_core::pipeline::EngineSetup;
use reelforge_core::script::post::PostBrief;
use reelforge_core::script::{ChatWriter, LLM_SECRET_ID, ScriptError};
use reelforge_core::secrets::ApiKey;
use reelforge_protocol::{QuickRequest, ScriptLanguage, WriterKind, WriterSettings};
use reelforge_tests::fakes::FAKE_KEY;
use reelforge_tests::fakes::chat::{FakeChat, Flavor, POST_SCHEMA, Scenario};
use tempfile::TempDir;

struct Setup {
    core: Core,
    fake: FakeChat,
    _dirs: (TempDir, TempDir),
}

/// A Core whose writer is the fake (OpenAI flavour, key stored as `llm`).
async fn setup(flavor: Flavor, scenario: Scenario) -> Setup {
    let data = tempfile::tempdir().unwrap();
    let clips = tempfile::tempdir().unwrap();
    let fake = FakeChat::start(flavor, clips.path()).await.unwrap();
    fake.set(scenario);
    let setup = EngineSetup::default();
    if flavor == Flavor::OpenAi {
        setup
            .env
            .secrets
            .set(LLM_SECRET_ID, &ApiKey::new(FAKE_KEY).unwrap())
            .unwrap();
    }
    let core = Core::open_with(data.path(), setup).await.unwrap();
    let model = match flavor {
        Flavor::OpenAi => "gpt-4o-mini",
        Flavor::Ollama => "llama3.2",
    };
    core.set_writer_settings(WriterSettings {
        kind: WriterKind::Chat,
        base_url: fake.base_url(),
        model: model.to_owned(),
    })
    .await
    .unwrap();
    Setup {
        core,
        fake,
        _dirs: (data, clips),
    }
}

fn request() -> QuickRequest {
    QuickRequest {
        language: Some(ScriptLanguage::En),
        ..QuickRequest::new("3 Python tips")
    }
}

fn script_error(err: CoreError) -> ScriptError {
    match err {
        CoreError::Script(e) => e,
        other => panic!("expected a script error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_schema_valid_script_becomes_a_finished_script() {
    let s = setup(Flavor::OpenAi, Scenario::ValidScript).await;
    let script = s.core.write_script(&request()).await.unwrap();
    assert_eq!(s.fake.calls(), 1);
    assert_eq!(script.writer, "chat:gpt-4o-mini");
    assert_eq!(script.title, "3 Python tips (fake LLM)");
    let beats: Vec<&str> = script.segments.iter().map(|s| s.beat.as_str()).collect();
    assert_eq!(
        beats,
        [
            "hook",
            "problem",
            "revelation",
            "solution",
            "proof",
            "call_to_action"
        ]
    );
    // The fake answers 6 s per segment; the local model allows 1–60 s, so the total is
    // brought back to the 30 s target.
    assert_eq!(script.total_duration_s(), 30);
    for segment in &script.segments {
        assert!(
            segment
                .prompt
                .starts_with("Pixar-like 3D. a friendly robot. a sunny workshop. "),
            "style first: {}",
            segment.prompt
        );
        assert!(segment.narration.contains("3 Python tips"));
    }
    // What was sent: strict JSON-schema output, the key, the beats and durations asked for.
    let sent = &s.fake.requests()[0];
    assert_eq!(sent["model"], "gpt-4o-mini");
    assert_eq!(sent["response_format"]["type"], "json_schema");
    assert_eq!(sent["response_format"]["json_schema"]["strict"], true);
    assert_eq!(
        sent["temperature"].as_f64().map(|t| (t * 10.0).round()),
        Some(7.0)
    );
    let user = sent["messages"][1]["content"].as_str().unwrap();
    assert!(user.contains("Write exactly 6 segments"), "{user}");
    assert!(user.contains("Narration language: English"), "{user}");
}

#[tokio::test]
async fn a_refusal_stops_at_once_with_the_models_words() {
    let s = setup(Flavor::OpenAi, Scenario::Refusal).await;
    let err = script_error(s.core.write_script(&request()).await.unwrap_err());
    assert_eq!(
        err,
        ScriptError::Refused("I'm sorry, I can't help with that request.".to_owned())
    );
    assert_eq!(s.fake.calls(), 1, "a refusal is not retried");
    assert_eq!(err.code(), reelforge_protocol::ErrorCode::Moderation);
}

#[tokio::test]
async fn a_cut_off_answer_is_asked_again_once_with_more_room_then_fails() {
    let s = setup(Flavor::OpenAi, Scenario::Truncation).await;
    let err = script_error(s.core.write_script(&request()).await.unwrap_err());
    assert_eq!(err, ScriptError::Truncated);
    assert!(err.to_string().contains("cut off"), "{err}");
    assert_eq!(s.fake.calls(), 2);
    let sent = s.fake.requests();
    assert_eq!(
        sent[1]["max_tokens"].as_u64().unwrap(),
        2 * sent[0]["max_tokens"].as_u64().unwrap()
    );
}

#[tokio::test]
async fn invalid_json_is_repaired_by_one_more_call() {
    let s = setup(Flavor::OpenAi, Scenario::InvalidThenValid).await;
    let script = s.core.write_script(&request()).await.unwrap();
    assert_eq!(script.segments.len(), 6);
    assert_eq!(s.fake.calls(), 2);
    let repair = &s.fake.requests()[1]["messages"];
    let messages = repair.as_array().unwrap();
    assert_eq!(
        messages.len(),
        4,
        "system, user, the bad answer, the repair request"
    );
    assert_eq!(messages[2]["role"], "assistant");
    let ask = messages[3]["content"].as_str().unwrap();
    assert!(ask.contains("invalid JSON"), "{ask}");
}

#[tokio::test]
async fn invalid_json_twice_is_a_clear_error() {
    let s = setup(Flavor::OpenAi, Scenario::InvalidTwice).await;
    let err = script_error(s.core.write_script(&request()).await.unwrap_err());
    assert!(matches!(err, ScriptError::InvalidOutput(_)), "{err:?}");
    let text = err.to_string();
    assert!(text.contains("after one repair attempt"), "{text}");
    assert!(text.contains("offline writer"), "{text}");
    assert_eq!(s.fake.calls(), 2, "exactly one repair attempt");
}

#[tokio::test]
async fn a_missing_key_is_the_services_401() {
    let clips = tempfile::tempdir().unwrap();
    let fake = FakeChat::start(Flavor::OpenAi, clips.path()).await.unwrap();
    let writer = ChatWriter::new(&fake.base_url(), "gpt-4o-mini", None);
    let core_dir = tempfile::tempdir().unwrap();
    let core = Core::open_with(core_dir.path(), EngineSetup::default())
        .await
        .unwrap();
    let err = core
        .write_script_with(&request(), &writer)
        .await
        .unwrap_err();
    let text = script_error(err).to_string();
    assert!(text.contains("HTTP 401"), "{text}");
}

#[tokio::test]
async fn ollama_needs_no_key_and_says_when_a_model_is_not_pulled() {
    let s = setup(Flavor::Ollama, Scenario::ValidScript).await;
    let fr = QuickRequest::new("3 astuces Python");
    let script = s.core.write_script(&fr).await.unwrap();
    assert_eq!(
        script.language,
        ScriptLanguage::Fr,
        "guessed from the subject"
    );
    assert!(script.segments[0].narration.starts_with("Parlons de"));
    assert!(
        s.fake.requests()[0]["top_p"].is_number(),
        "Ollama defaults are overridden"
    );

    let writer = ChatWriter::new(&s.fake.base_url(), "mistral", None);
    let err = s.core.write_script_with(&fr, &writer).await.unwrap_err();
    let err = script_error(err);
    assert!(matches!(err, ScriptError::Service { .. }), "{err:?}");
    assert!(err.to_string().contains("try pulling it first"), "{err}");
}

#[tokio::test]
async fn an_unreachable_server_says_where_it_looked() {
    let dir = tempfile::tempdir().unwrap();
    let core = Core::open_with(dir.path(), EngineSetup::default())
        .await
        .unwrap();
    // Port 9 (discard) on loopback: nothing listens there.
    let writer = ChatWriter::new("http://127.0.0.1:9/v1", "m", None);
    let err = script_error(
        core.write_script_with(&request(), &writer)
            .await
            .unwrap_err(),
    );
    assert!(matches!(err, ScriptError::Unreachable { .. }), "{err:?}");
    assert!(err.to_string().contains("127.0.0.1:9"), "{err}");
}

fn post_brief(language: ScriptLanguage, subject: &str) -> PostBrief {
    PostBrief {
        title: subject.to_owned(),
        subject: subject.to_owned(),
        pillar: "tips".to_owned(),
        language,
        narration: vec!["First line.".to_owned()],
    }
}

#[tokio::test]
async fn the_chat_writer_writes_the_post_in_the_jobs_language_with_tidy_hashtags() {
    let s = setup(Flavor::OpenAi, Scenario::ValidScript).await;
    let writer = s.core.script_writer().await.unwrap();
    let fr = writer
        .write_post(&post_brief(ScriptLanguage::Fr, "pâte à crêpes"))
        .await
        .unwrap();
    assert_eq!(fr.title, "pâte à crêpes (faux LLM)");
    assert_eq!(
        fr.description,
        "Tout sur pâte à crêpes, en moins d'une minute."
    );
    // The model's tags held to shape: `#`, no spaces, once each.
    assert_eq!(fr.hashtags, ["#astuces", "#cuisinemaison", "#apprendre"]);
    let en = writer
        .write_post(&post_brief(ScriptLanguage::En, "sourdough"))
        .await
        .unwrap();
    assert_eq!(en.title, "sourdough (fake LLM)");
    assert_eq!(en.hashtags, ["#tips", "#homecooking", "#learn"]);
    // What was sent: the post's own strict schema, the key, the language asked for.
    let sent = s.fake.requests();
    assert_eq!(sent.len(), 2);
    let format = &sent[0]["response_format"]["json_schema"];
    assert_eq!(format["name"], POST_SCHEMA);
    assert_eq!(format["strict"], true);
    let user = sent[0]["messages"][1]["content"].as_str().unwrap();
    assert!(user.contains("Post language: French"), "{user}");
    assert!(user.contains("at most 100 characters"), "{user}");
    assert!(
        sent[1]["messages"][1]["content"]
            .as_str()
            .unwrap()
            .contains("Post language: English")
    );
}

#[tokio::test]
async fn a_refused_post_says_so() {
    let s = setup(Flavor::OpenAi, Scenario::Refusal).await;
    let writer = s.core.script_writer().await.unwrap();
    let err = writer
        .write_post(&post_brief(ScriptLanguage::En, "cats"))
        .await
        .unwrap_err();
    assert!(matches!(err, ScriptError::Refused(_)), "{err:?}");
}
