//! The offline quick flow narrated and captioned, as a new user runs it (no keys): the
//! narration is heard in every segment, the video measures −14 LUFS, the captions are burned
//! in word by word (frames at two word times differ in the caption zone and the picture
//! outside it is the plain assembly's), the voice follows the script's language, and
//! re-assembling reuses the synthesized narration. A missing espeak-ng is the typed
//! `voice_missing` error naming the package.

mod support;

use reelforge_core::media::caption_files::parse_ass_events;
use serde_json::Value;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

const RUN_LIMIT: Duration = Duration::from_secs(600);
/// The caption zone of a 1080×1920 export: x 120–888, y 768–1248.
const ZONE: (u32, u32, u32, u32) = (120, 768, 888, 1248);

fn run_json(data: &Path, args: &[&str]) -> Value {
    support::success_json(args, &support::reelforge_within(data, args, RUN_LIMIT))
}

/// The last value ffmpeg prints after `key` when measuring `path`'s audio through `filter`.
fn measured(path: &Path, filter: &str, key: &str) -> f64 {
    let out = Command::new("ffmpeg")
        .args(["-hide_banner", "-nostats", "-i"])
        .arg(path)
        .args(["-vn", "-af", filter, "-f", "null", "-"])
        .output()
        .expect("ffmpeg runs");
    let text = String::from_utf8_lossy(&out.stderr);
    text.lines()
        .filter_map(|l| l.split_once(key))
        .filter_map(|(_, v)| {
            v.trim()
                .trim_end_matches(" dB")
                .trim_end_matches(" LUFS")
                .parse()
                .ok()
        })
        .next_back()
        .unwrap_or_else(|| panic!("no `{key}` in {text}"))
}

/// Frame `index` of `path` (1080×1920), as grey pixels. By index, not time: the two export
/// paths may start their video a few milliseconds apart.
fn grey_frame(path: &Path, index: u32) -> Vec<u8> {
    let out = Command::new("ffmpeg")
        .args(["-hide_banner", "-v", "error", "-i"])
        .arg(path)
        .arg("-vf")
        .arg(format!("select=eq(n\\,{index}),format=gray"))
        .args(["-frames:v", "1", "-f", "rawvideo", "pipe:1"])
        .output()
        .expect("ffmpeg runs");
    assert!(out.status.success());
    assert_eq!(out.stdout.len(), 1080 * 1920);
    out.stdout
}

/// The largest mean absolute difference of two frames over one 16×16 block, inside the
/// caption zone and wholly outside it (blocks across the zone's edge, x 120 and 888 not being
/// multiples of 16, hold both caption strokes and picture, and count for neither). A caption's strokes make whole blocks differ by over a hundred
/// grey levels; encoding two videos separately adds a few (under 4 measured here, in blocks
/// next to the zone that the encoder predicted from it).
fn block_diffs(a: &[u8], b: &[u8]) -> (f64, f64) {
    let (x0, y0, x1, y1) = ZONE;
    let (mut inside, mut outside) = (0f64, 0f64);
    for by in (0..1920u32).step_by(16) {
        for bx in (0..1080u32).step_by(16) {
            let mut sum = 0u64;
            for y in by..by + 16 {
                for x in bx..(bx + 16).min(1080) {
                    let i = (y * 1080 + x) as usize;
                    sum += u64::from(a[i].abs_diff(b[i]));
                }
            }
            let mean = sum as f64 / 256.0;
            let in_zone = bx >= x0 && bx + 16 <= x1 && by >= y0 && by + 16 <= y1;
            let out_of_zone = bx + 16 <= x0 || bx >= x1 || by + 16 <= y0 || by >= y1;
            if in_zone {
                inside = inside.max(mean);
            } else if out_of_zone {
                outside = outside.max(mean);
            }
        }
    }
    (inside, outside)
}

/// (start s, end s, text) of each cue of an .srt.
fn srt_cues(srt: &str) -> Vec<(f64, f64, String)> {
    let seconds = |t: &str| {
        let (hms, ms) = t.trim().split_once(',').unwrap();
        let parts: Vec<f64> = hms.split(':').map(|p| p.parse().unwrap()).collect();
        parts[0] * 3600.0 + parts[1] * 60.0 + parts[2] + ms.parse::<f64>().unwrap() / 1000.0
    };
    srt.split("\n\n")
        .filter(|b| !b.trim().is_empty())
        .map(|block| {
            let lines: Vec<&str> = block.lines().collect();
            let (start, end) = lines[1].split_once("-->").unwrap();
            (seconds(start), seconds(end), lines[2..].join(" "))
        })
        .collect()
}

fn narrated_quick(lang: Option<&str>, expected_voice: &str) {
    let data = tempfile::tempdir().unwrap();
    let mut args = vec!["quick", "3 astuces Python", "--yes", "--json"];
    if let Some(lang) = lang {
        args.extend(["--lang", lang]);
    }
    let outcome = run_json(data.path(), &args);
    let assembly = &outcome["assembly"];
    let video = Path::new(assembly["output"].as_str().unwrap()).to_owned();
    let narration = &assembly["narration"];
    assert_eq!(narration["provider"], "espeak-ng", "{assembly}");
    assert_eq!(narration["voice"], expected_voice, "{assembly}");
    assert_eq!(
        (
            narration["synthesized"].as_u64(),
            narration["reused"].as_u64()
        ),
        (Some(6), Some(0))
    );

    // Speech in every segment's range, and the whole at −14 LUFS.
    let segments = assembly["segments"].as_array().unwrap();
    assert_eq!(segments.len(), 6);
    for (i, segment) in segments.iter().enumerate() {
        let (start, end) = (
            segment["start_ms"].as_f64().unwrap() / 1000.0,
            segment["end_ms"].as_f64().unwrap() / 1000.0,
        );
        let voice = segment["voice_ms"].as_f64().unwrap() / 1000.0;
        assert!(
            voice + 0.25 <= end - start,
            "segment {i}: voice {voice} s in {start}–{end}"
        );
        let mean = measured(
            &video,
            &format!("atrim={start}:{end},volumedetect"),
            "mean_volume:",
        );
        eprintln!(
            "{expected_voice} segment {}: {start:.2}–{end:.2} s, voice {voice:.2} s, mean {mean:.1} dB",
            i + 1
        );
        assert!(mean > -35.0, "segment {} is silent: {mean} dB", i + 1);
    }
    let lufs = measured(&video, "ebur128", "I:");
    eprintln!("{expected_voice}: integrated {lufs:.1} LUFS");
    assert!((lufs + 14.0).abs() <= 1.0, "{lufs} LUFS");

    // Word-level captions: the spoken words, in order, no stage direction.
    let srt = std::fs::read_to_string(assembly["srt"].as_str().unwrap()).unwrap();
    let cues = srt_cues(&srt);
    let script_words: Vec<String> = outcome["script"]["segments"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| {
            s["narration"]
                .as_str()
                .unwrap()
                .split_whitespace()
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect();
    // The .srt: each 1–3-word phrase once, every spoken word once, in order.
    let srt_words: Vec<&str> = cues.iter().flat_map(|c| c.2.split_whitespace()).collect();
    assert_eq!(
        srt_words, script_words,
        "every spoken word once in the .srt"
    );
    for cue in &cues {
        let shown = cue.2.split_whitespace().count();
        assert!((1..=3).contains(&shown), "{cue:?}");
        assert!(!cue.2.contains(['[', ']', '(', ')', '*']), "{cue:?}");
    }
    for pair in cues.windows(2) {
        assert!(
            pair[0].2 != pair[1].2 || pair[0].1 != pair[1].0,
            "a phrase repeated: {pair:?}"
        );
    }
    // The .ass: one event per spoken word, showing its phrase with that word highlighted.
    let ass = std::fs::read_to_string(assembly["ass"].as_str().unwrap()).unwrap();
    let events = parse_ass_events(&ass);
    assert_eq!(
        events.len(),
        script_words.len(),
        "one event per spoken word"
    );
    for ((_, _, text), word) in events.iter().zip(&script_words) {
        assert!(
            text.to_uppercase().contains(&word.to_uppercase()),
            "{text} / {word}"
        );
        assert!(text.contains("\\fscx115"), "the spoken word pops: {text}");
    }
    let cues: Vec<(f64, f64)> = events
        .iter()
        .map(|(start, end, _)| (start.as_secs_f64(), end.as_secs_f64()))
        .collect();

    // The same job without burned captions: the narration comes from the cache.
    let job = outcome["job"]["id"].as_str().unwrap();
    let plain = data.path().join("plain.mp4");
    let plain_args = [
        "assemble",
        job,
        "--no-burn-captions",
        "--out",
        plain.to_str().unwrap(),
        "--json",
    ];
    let again = run_json(data.path(), &plain_args);
    assert_eq!(
        (
            again["narration"]["synthesized"].as_u64(),
            again["narration"]["reused"].as_u64()
        ),
        (Some(0), Some(6))
    );

    // At two word times: the burned frame differs from the plain one in the caption zone
    // only, and what it shows there changes from one word to the next.
    // The frame in the middle of each of the first two cues (30 fps).
    let mid = |k: usize| ((cues[k].0 + cues[k].1) / 2.0 * 30.0).round() as u32;
    let (t1, t2) = (mid(0), mid(1));
    assert_ne!(t1, t2);
    let (b1, p1) = (grey_frame(&video, t1), grey_frame(&plain, t1));
    let (b2, p2) = (grey_frame(&video, t2), grey_frame(&plain, t2));
    for (t, burned, plain) in [(t1, &b1, &p1), (t2, &b2, &p2)] {
        let (inside, outside) = block_diffs(burned, plain);
        eprintln!(
            "frame {t}: most changed block in the caption zone {inside:.1}, outside {outside:.1}"
        );
        assert!(inside > 40.0, "no caption in frame {t}");
        assert!(
            outside < 8.0,
            "the picture outside the zone changed in frame {t}: {outside}"
        );
    }
    let caption =
        |b: &[u8], p: &[u8]| -> Vec<u8> { b.iter().zip(p).map(|(x, y)| x.abs_diff(*y)).collect() };
    let (word_change, _) = block_diffs(&caption(&b1, &p1), &caption(&b2, &p2));
    eprintln!("caption change between the two words: {word_change:.1}");
    assert!(
        word_change > 40.0,
        "the caption did not change between two words"
    );
}

#[test]
fn quick_french_is_narrated_in_french_with_word_captions_at_minus_14_lufs() {
    narrated_quick(None, "fr");
}

#[test]
fn quick_english_is_narrated_by_the_english_voice() {
    narrated_quick(Some("en"), "en-us");
}

#[test]
fn a_missing_espeak_ng_fails_with_voice_missing_naming_the_package() {
    let data = tempfile::tempdir().unwrap();
    let review = [
        "quick",
        "3 astuces Python",
        "--review",
        "--duration",
        "4",
        "--json",
    ];
    let job = run_json(data.path(), &review);
    let id = job["id"].as_str().unwrap();
    run_json(data.path(), &["generate", id, "--wait", "--json"]);
    let nowhere = data.path().join("not-installed/espeak-ng");
    let mut cmd = support::command(data.path(), &["assemble", id, "--json"]);
    cmd.env("REELFORGE_ESPEAK_NG", &nowhere);
    let out = support::output_within(&mut cmd, RUN_LIMIT);
    assert!(!out.status.success());
    let body: Value = serde_json::from_slice(&out.stdout).expect("an error as JSON");
    assert_eq!(body["error"]["code"], "voice_missing", "{body}");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("espeak-ng") && message.contains("not-installed"),
        "{message}"
    );
    // Nothing was written, and without narration the same job assembles.
    assert!(
        !data.path().join("exports").exists()
            || std::fs::read_dir(data.path().join("exports"))
                .unwrap()
                .count()
                == 0
    );
    let mut silent = support::command(data.path(), &["assemble", id, "--no-narration", "--json"]);
    silent.env("REELFORGE_ESPEAK_NG", &nowhere);
    let done = support::output_within(&mut silent, RUN_LIMIT);
    let result = support::success_json(&["assemble"], &done);
    assert!(result["narration"].is_null(), "{result}");
}
