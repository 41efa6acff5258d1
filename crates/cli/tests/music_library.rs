//! The music library from the command line: `music --folder` keeps the folder and lists its
//! usable tracks (a file that is not audio is left out); `assemble --music auto` takes the
//! shortest track lasting the whole video (copied into the library), mixed under the picture,
//! faded in, and normalised; without a library, `auto` assembles with no music.

mod support;

use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn tone(path: &Path, frequency: u32, secs: u32) {
    let out = Command::new("ffmpeg")
        .args(["-hide_banner", "-v", "error", "-y", "-f", "lavfi", "-i"])
        .arg(format!("sine=frequency={frequency}:duration={secs}"))
        .args(["-c:a", "aac"])
        .arg(path)
        .output()
        .expect("ffmpeg runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Mean volume (dB) of `path`'s audio between `from` and `to` seconds.
fn mean_volume(path: &Path, from: f64, to: f64) -> f64 {
    let out = Command::new("ffmpeg")
        .args(["-hide_banner", "-nostats", "-i"])
        .arg(path)
        .args([
            "-vn",
            "-af",
            &format!("atrim={from}:{to},volumedetect"),
            "-f",
            "null",
            "-",
        ])
        .output()
        .expect("ffmpeg runs");
    let text = String::from_utf8_lossy(&out.stderr);
    text.lines()
        .find_map(|l| l.split_once("mean_volume:"))
        .and_then(|(_, v)| v.trim().trim_end_matches(" dB").parse().ok())
        .unwrap_or_else(|| panic!("no volume in {text}"))
}

fn library_audio(data: &Path) -> Vec<String> {
    support::files_under(data)
        .into_iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .filter(|n| n.ends_with(".m4a"))
        .collect()
}

#[test]
fn auto_music_takes_the_shortest_track_lasting_the_video() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let music = dir.path().join("music");
    std::fs::create_dir_all(&music).unwrap();
    tone(&music.join("short.m4a"), 330, 2);
    tone(&music.join("fits.m4a"), 440, 9);
    tone(&music.join("long.m4a"), 550, 30);
    std::fs::write(music.join("notes.mp3"), b"not audio").unwrap();

    let job = support::reels_job(&data);
    support::configure(&data, &job);
    support::json(&data, &["generate", &job, "--wait", "--json"]);
    let out = dir.path().join("out.mp4");
    let out_arg = out.to_str().unwrap();
    let assemble = [
        "assemble",
        &job,
        "--music",
        "auto",
        "--no-narration",
        "--no-burn-captions",
        "--out",
        out_arg,
        "--json",
    ];
    // No library yet: `auto` means no music.
    support::json(&data, &assemble);
    assert!(library_audio(&data).is_empty());

    let library: Value = support::json(
        &data,
        &["music", "--folder", music.to_str().unwrap(), "--json"],
    );
    let names: Vec<&str> = library["tracks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["fits.m4a", "long.m4a", "short.m4a"], "{library}");
    let again: Value = support::json(&data, &["music", "--json"]);
    assert_eq!(again, library, "the folder is kept");

    // Six 1 s clips: 6 s of video; `fits` (9 s) is the shortest track lasting it.
    support::json(&data, &assemble);
    let used = library_audio(&data);
    assert_eq!(used.len(), 1, "{used:?}");
    assert!(used[0].ends_with("fits.m4a"), "{used:?}");
    // The bed is heard, fading in from silence.
    let opening = mean_volume(&out, 0.0, 0.1);
    let middle = mean_volume(&out, 2.0, 4.0);
    assert!(middle > -40.0, "music is heard: {middle} dB");
    assert!(
        opening < middle - 3.0,
        "it fades in: {opening} dB then {middle} dB"
    );

    let cleared: Value = support::json(&data, &["music", "--no-folder", "--json"]);
    assert_eq!(cleared["folder"], Value::Null);
}
