//! The music library through the command binding the app and the automation API share: no
//! library at first, a folder refused unless it is an existing absolute one, the usable
//! tracks listed by name with their lengths (a file that is not audio left out), and a job
//! assembled with a library track the request names (heard at its pitch), an unknown
//! track refused before anything runs.

#[path = "job_wait/mod.rs"]
mod job_wait;
#[path = "local_jobs/mod.rs"]
mod local_jobs;

use job_wait::until_reviewed;
use local_jobs::{LocalJob, create_local_job};
use reelforge_core::{CallRefusal, CommandCall, Core};
use reelforge_protocol::commands::CommandName;
use reelforge_protocol::{
    AspectRatio, AssembleRequest, ErrorCode, JobStatus, MusicChoice, MusicLibrary, NarrationChoice,
};
use serde_json::{Value, json};
use std::path::Path;
use std::process::Command;

async fn call(
    core: &Core,
    name: &str,
    request: Value,
) -> Result<Value, reelforge_protocol::ApiError> {
    let command = CommandName::from_name(name).expect("a declared command");
    let call = match CommandCall::parse(command, request) {
        Ok(call) => call,
        Err(CallRefusal::BadRequest(e)) => panic!("bad request: {e}"),
        Err(other) => panic!("refused: {other:?}"),
    };
    call.run(core).await
}

fn tone(path: &Path, secs: u32) {
    let status = Command::new("ffmpeg")
        .args(["-v", "error", "-y", "-f", "lavfi", "-i"])
        .arg(format!(
            "sine=frequency={TONE_HZ}:sample_rate=44100:duration={secs}"
        ))
        .args(["-c:a", "aac"])
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

/// The library's tones: a pitch the local takes' sound does not have.
const TONE_HZ: u32 = 1234;

/// ffmpeg's mean volume of `path`'s audio around the tones' pitch (dB).
fn tone_volume(path: &Path) -> f64 {
    let out = Command::new("ffmpeg")
        .args(["-hide_banner", "-nostats", "-i"])
        .arg(path)
        .arg("-vn")
        .arg("-af")
        .arg(format!(
            "bandpass=f={TONE_HZ}:width_type=h:w=40,volumedetect"
        ))
        .args(["-f", "null", "-"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stderr);
    text.lines()
        .filter_map(|l| l.split_once("mean_volume:"))
        .filter_map(|(_, v)| v.trim().trim_end_matches(" dB").parse().ok())
        .next_back()
        .unwrap_or_else(|| panic!("no mean volume in {text}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_library_is_chosen_listed_and_a_named_track_is_the_bed() {
    let dir = tempfile::tempdir().unwrap();
    let core = Core::open_with(&dir.path().join("data"), Default::default())
        .await
        .unwrap();
    let empty: MusicLibrary =
        serde_json::from_value(call(&core, "get_music_library", Value::Null).await.unwrap())
            .unwrap();
    assert_eq!(empty, MusicLibrary::default());

    let refused = call(
        &core,
        "set_music_folder",
        json!({ "folder": "relative/music" }),
    )
    .await
    .unwrap_err();
    assert_eq!(refused.code, ErrorCode::Validation);

    let music = dir.path().join("music");
    std::fs::create_dir(&music).unwrap();
    tone(&music.join("long.m4a"), 3);
    tone(&music.join("short.m4a"), 1);
    std::fs::write(music.join("notes.mp3"), b"not audio").unwrap();
    let folder = music.display().to_string();
    let chosen: MusicLibrary = serde_json::from_value(
        call(&core, "set_music_folder", json!({ "folder": folder }))
            .await
            .unwrap(),
    )
    .unwrap();
    assert_eq!(chosen.folder.as_deref(), Some(folder.as_str()));
    let listed: Vec<(&str, u64)> = chosen
        .tracks
        .iter()
        .map(|t| (t.name.as_str(), t.duration_ms / 100))
        .collect();
    assert_eq!(
        listed,
        [("long.m4a", 30), ("short.m4a", 10)],
        "by name, in tenths of s"
    );
    let again: MusicLibrary =
        serde_json::from_value(call(&core, "get_music_library", Value::Null).await.unwrap())
            .unwrap();
    assert_eq!(again, chosen, "kept as a setting");

    // A one-segment local job with a silent take.
    let job = LocalJob {
        title: "Bed",
        segments: 1,
        aspect_ratio: AspectRatio::Square,
        prompt: "A calm sea",
        narration: None,
        budget_cap_micros: None,
    };
    let id = create_local_job(&core, job).await;
    let shutdown = tokio_util::sync::CancellationToken::new();
    let mut events = core.subscribe();
    let engine = core
        .start_engine(shutdown.clone(), reelforge_core::LockWait::Refuse)
        .unwrap();
    core.launch_job(&id).await.unwrap();
    assert_eq!(until_reviewed(&mut events).await, JobStatus::Review);
    shutdown.cancel();
    engine.await.unwrap().unwrap();

    let mut request = AssembleRequest::new(id.clone());
    request.preset = Some("draft".into());
    request.narration = NarrationChoice::off();
    request.library_music = MusicChoice::Track("missing.m4a".into());
    let unknown = core.assemble_request(&request).await.unwrap_err();
    assert_eq!(
        reelforge_protocol::ApiError::from(unknown).code,
        ErrorCode::Validation
    );

    // Both land on the job's export file: each is measured before the next.
    request.library_music = MusicChoice::None;
    let silent = core.assemble_request(&request).await.unwrap();
    let quiet = tone_volume(Path::new(&silent.output));
    request.library_music = MusicChoice::Track("long.m4a".into());
    let with_bed = core.assemble_request(&request).await.unwrap();
    let bed = tone_volume(Path::new(&with_bed.output));
    eprintln!("at the tone: without music {quiet:.1} dB, with the track {bed:.1} dB");
    assert!(bed > quiet + 6.0, "the track is heard: {quiet} → {bed} dB");
}
