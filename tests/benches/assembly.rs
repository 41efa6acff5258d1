//! Media assembly benchmark (issue 5): prints medians over repeated runs, side by side.
//!
//! - uniform 6 × 5 s 1080×1920 takes: stream-copy assembly (joined in-process at the MP4 box
//!   level) ÷ `cp` of the same bytes (target ≤ 3×), with the takes' stored ffprobe summaries
//!   as the app has them, and probing every take;
//! - mixed 6 × 5 s takes to the 9:16 preset with burned captions and a music bed: ours (one
//!   encode) vs the seed app's recipe (normalise each clip at preset fast, concat, burn the
//!   subtitles and amix the music in a second encode) (target ≥ 4× faster);
//! - re-assembly after replacing 1 of 6 takes ÷ full assembly, with the segment cache and
//!   the takes' stored summaries as the app has them, and probing every take (target ≤ 0.3).
//!
//! - with `REELFORGE_BENCH_MOVIEPY_PYTHON` set to a Python that has moviepy (`pip install
//!   moviepy`), the same mixed clips through moviepy's `concatenate_videoclips` +
//!   `write_videofile` too (target: ours ≥ 4× faster).
//!
//! `cargo bench -p reelforge-tests --bench assembly`; `REELFORGE_BENCH_ROUNDS` (default 3)
//! sets the repetitions, `REELFORGE_BENCH_ONLY=copy` stops after the stream-copy figures.

use reelforge_core::media::{
    AssemblyMode, AssemblyRequest, AudioMix, Clip, ExportPreset, FileStamp, KnownProbe, MediaTools,
    RunOptions, SegmentCache, assemble, probe,
};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const SECS: u32 = 5;

fn ffmpeg(args: &[String]) {
    let out = Command::new("ffmpeg")
        .args(["-hide_banner", "-v", "error", "-y"])
        .args(args)
        .output()
        .expect("ffmpeg runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn s(items: &[&str]) -> Vec<String> {
    items.iter().map(|x| (*x).to_owned()).collect()
}

/// A take: testsrc2 picture (moving, so the encoder has real work), optional sine audio.
fn make_take(path: &Path, w: u32, h: u32, fps: u32, audio: Option<u32>, x264: &str) {
    let mut args = s(&["-f", "lavfi", "-i"]);
    args.push(format!("testsrc2=size={w}x{h}:rate={fps}:duration={SECS}"));
    if let Some(rate) = audio {
        args.extend(s(&["-f", "lavfi", "-i"]));
        args.push(format!(
            "sine=frequency=330:sample_rate={rate}:duration={SECS}"
        ));
        args.extend(s(&["-c:a", "aac", "-ar", &rate.to_string(), "-ac", "2"]));
    }
    let pix = if w % 2 == 1 || h % 2 == 1 {
        "yuv444p"
    } else {
        "yuv420p"
    };
    args.extend(s(&[
        "-c:v", "libx264", "-preset", x264, "-b:v", "8M", "-pix_fmt", pix,
    ]));
    args.push(path.to_string_lossy().into_owned());
    ffmpeg(&args);
}

/// Each take's ffprobe summary, as the app stores it when the take is made.
async fn stored_summaries(tools: &MediaTools, takes: &[PathBuf]) -> HashMap<PathBuf, KnownProbe> {
    let mut known = HashMap::new();
    for take in takes {
        let info = probe(tools, take).await.expect("probe");
        let stamp = FileStamp::of(take).unwrap();
        known.insert(take.clone(), KnownProbe { info, stamp });
    }
    known
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

fn clips(paths: &[PathBuf]) -> Vec<Clip> {
    paths
        .iter()
        .enumerate()
        .map(|(i, p)| Clip {
            path: p.clone(),
            narration: Some(format!("Tip number {} for today's short video", i + 1)),
            label: format!("segment {}", i + 1),
            voice: None,
        })
        .collect()
}

/// The seed app's recipe: normalise each clip, concat, second encode for subtitles + music.
fn seed_recipe(takes: &[PathBuf], srt: &Path, music: &Path, work: &Path, out: &Path) {
    let mut normalised = Vec::new();
    for (i, take) in takes.iter().enumerate() {
        let norm = work.join(format!("norm{i}.mp4"));
        let mut args = vec!["-i".to_owned(), take.to_string_lossy().into_owned()];
        args.extend(s(&["-f", "lavfi", "-i", "anullsrc=r=48000:cl=stereo"]));
        args.extend(s(&[
            "-filter_complex",
            "[0:v]scale=1080:1920:force_original_aspect_ratio=decrease,\
             pad=1080:1920:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=30[v]",
            "-map",
            "[v]",
        ]));
        // The seed keeps a clip's own audio, or silence when it has none.
        let has_audio = Command::new("ffprobe")
            .args([
                "-v",
                "error",
                "-select_streams",
                "a",
                "-show_entries",
                "stream=index",
                "-of",
                "csv=p=0",
            ])
            .arg(take)
            .output()
            .map(|o| !o.stdout.is_empty())
            .unwrap_or(false);
        args.extend(s(&[
            "-map",
            if has_audio { "0:a:0" } else { "1:a:0" },
            "-shortest",
        ]));
        args.extend(s(&[
            "-c:v", "libx264", "-preset", "fast", "-pix_fmt", "yuv420p",
        ]));
        args.extend(s(&["-c:a", "aac", "-ar", "48000", "-ac", "2"]));
        args.push(norm.to_string_lossy().into_owned());
        ffmpeg(&args);
        normalised.push(norm);
    }
    let list = work.join("list.txt");
    let text: String = normalised
        .iter()
        .map(|p| format!("file '{}'\n", p.display()))
        .collect();
    std::fs::write(&list, text).unwrap();
    let joined = work.join("joined.mp4");
    let mut args = s(&["-f", "concat", "-safe", "0", "-i"]);
    args.push(list.to_string_lossy().into_owned());
    args.extend(s(&["-c", "copy"]));
    args.push(joined.to_string_lossy().into_owned());
    ffmpeg(&args);
    let mut args = vec!["-i".to_owned(), joined.to_string_lossy().into_owned()];
    args.extend(s(&["-stream_loop", "-1", "-i"]));
    args.push(music.to_string_lossy().into_owned());
    args.push("-filter_complex".to_owned());
    args.push(format!(
        "[0:v]subtitles=filename={}[v];[0:a][1:a]amix=inputs=2:duration=first[a]",
        srt.display()
    ));
    args.extend(s(&[
        "-map", "[v]", "-map", "[a]", "-c:v", "libx264", "-preset", "fast",
    ]));
    args.extend(s(&["-c:a", "aac", "-movflags", "+faststart"]));
    args.push(out.to_string_lossy().into_owned());
    ffmpeg(&args);
}

/// moviepy's plain concatenation of the same clips, as the best-known open tool does it.
const MOVIEPY_SCRIPT: &str = "import sys
from moviepy import VideoFileClip, concatenate_videoclips
clips = [VideoFileClip(p) for p in sys.argv[2:]]
final = concatenate_videoclips(clips, method='compose')
final.write_videofile(sys.argv[1], fps=30, codec='libx264', audio_codec='aac', logger=None)
";

fn moviepy(python: &Path, script: &Path, takes: &[PathBuf], out: &Path) {
    let status = Command::new(python)
        .arg(script)
        .arg(out)
        .args(takes)
        .status()
        .expect("python runs");
    assert!(status.success(), "moviepy failed");
}

#[tokio::main]
async fn main() {
    let rounds: usize = std::env::var("REELFORGE_BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3)
        .max(1);
    // `REELFORGE_BENCH_FFMPEG_DIR`: a folder with the ffmpeg and ffprobe to measure (e.g. the
    // static builds a package ships as sidecars); else the usual resolution (PATH here).
    let configured = std::env::var_os("REELFORGE_BENCH_FFMPEG_DIR").map(PathBuf::from);
    let tools =
        MediaTools::resolve(configured.as_deref()).expect("ffmpeg and ffprobe are installed");
    let version = std::process::Command::new(tools.ffmpeg())
        .arg("-version")
        .output()
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .next()
                .unwrap_or_default()
                .to_owned()
        })
        .unwrap_or_default();
    println!(
        "tools: {} ({version}), {}",
        tools.ffmpeg().display(),
        tools.ffprobe().display()
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let made = Instant::now();
    let uniform: Vec<PathBuf> = (0..6)
        .map(|i| {
            let p = root.join(format!("uniform{i}.mp4"));
            make_take(&p, 1080, 1920, 30, Some(48_000), "ultrafast");
            p
        })
        .collect();
    println!(
        "generated 6 uniform takes in {:.1} s; {rounds} rounds each",
        made.elapsed().as_secs_f64()
    );
    // 1. Stream copy vs cp. The app stores each take's ffprobe summary when the take is
    // made, so its assembly probes no unchanged take: measured that way ("stored probes"),
    // and probing every take as a bare call does.
    let out_dir = root.join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let known = stored_summaries(&tools, &uniform).await;
    let (mut stored, mut probing, mut cp) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..rounds {
        for (with_known, times) in [(true, &mut stored), (false, &mut probing)] {
            let mut request = AssemblyRequest::new(
                clips(&uniform),
                out_dir.join("copy.mp4"),
                ExportPreset::Vertical1080,
            );
            if with_known {
                request.known_probes = known.clone();
            }
            // Like cp's, the destination is fresh: unlinking last round's 31 MB is not timed.
            let _ = std::fs::remove_file(&request.output);
            let t = Instant::now();
            let done = assemble(&tools, &request, RunOptions::default())
                .await
                .expect("stream copy");
            times.push(t.elapsed());
            assert_eq!(done.mode, AssemblyMode::StreamCopy);
            assert_eq!(done.probed, if with_known { 0 } else { uniform.len() });
        }
        let cp_dir = root.join("cp");
        let _ = std::fs::remove_dir_all(&cp_dir);
        std::fs::create_dir(&cp_dir).unwrap();
        let t = Instant::now();
        let status = Command::new("cp")
            .args(&uniform)
            .arg(&cp_dir)
            .status()
            .unwrap();
        cp.push(t.elapsed());
        assert!(status.success());
    }
    let (stored, probing, cp) = (median(stored), median(probing), median(cp));
    println!(
        "stream copy, 6 × {SECS} s 1080×1920: ours {:.3} s (stored probes) | {:.3} s (probing every take) | cp {:.3} s | ratio {:.1}× / {:.1}× (target ≤ 3×)",
        secs(stored),
        secs(probing),
        secs(cp),
        secs(stored) / secs(cp),
        secs(probing) / secs(cp)
    );

    if std::env::var("REELFORGE_BENCH_ONLY").is_ok_and(|v| v == "copy") {
        return;
    }
    let made = Instant::now();
    let shapes: [(u32, u32, u32, Option<u32>); 6] = [
        (1080, 1920, 30, Some(48_000)),
        (720, 1280, 24, None),
        (1081, 1919, 25, Some(44_100)),
        (1920, 1080, 30, Some(48_000)),
        (1080, 1080, 24, Some(44_100)),
        (768, 1344, 30, None),
    ];
    let mixed: Vec<PathBuf> = shapes
        .iter()
        .enumerate()
        .map(|(i, &(w, h, fps, audio))| {
            let p = root.join(format!("mixed{i}.mp4"));
            make_take(&p, w, h, fps, audio, "ultrafast");
            p
        })
        .collect();
    let replacement = root.join("replacement.mp4");
    make_take(&replacement, 720, 1280, 30, Some(48_000), "ultrafast");
    let music = root.join("music.m4a");
    ffmpeg(&[
        "-f".into(),
        "lavfi".into(),
        "-i".into(),
        "sine=frequency=220:sample_rate=44100:duration=7".into(),
        music.to_string_lossy().into_owned(),
    ]);
    println!(
        "generated 7 more takes in {:.1} s",
        made.elapsed().as_secs_f64()
    );

    // 2. Mixed takes → 9:16 with burned captions and music: ours vs the seed recipe.
    let (mut ours, mut seed) = (Vec::new(), Vec::new());
    for round in 0..rounds {
        let mut request = AssemblyRequest::new(
            clips(&mixed),
            out_dir.join("mixed.mp4"),
            ExportPreset::Vertical1080,
        );
        request.burn_captions = true;
        request.audio = AudioMix {
            music: Some(music.clone()),
            voice: None,
            normalize_loudness: false,
        };
        let t = Instant::now();
        let done = assemble(&tools, &request, RunOptions::default())
            .await
            .expect("mixed assembly");
        ours.push(t.elapsed());
        let work = root.join(format!("seed{round}"));
        std::fs::create_dir(&work).unwrap();
        let t = Instant::now();
        seed_recipe(
            &mixed,
            done.srt.as_deref().unwrap(),
            &music,
            &work,
            &work.join("final.mp4"),
        );
        seed.push(t.elapsed());
    }
    let (ours, seed) = (median(ours), median(seed));
    let moviepy_time = std::env::var_os("REELFORGE_BENCH_MOVIEPY_PYTHON").map(|python| {
        let script = root.join("moviepy_concat.py");
        std::fs::write(&script, MOVIEPY_SCRIPT).unwrap();
        let runs = (0..rounds)
            .map(|_| {
                let t = Instant::now();
                moviepy(
                    Path::new(&python),
                    &script,
                    &mixed,
                    &out_dir.join("moviepy.mp4"),
                );
                t.elapsed()
            })
            .collect();
        median(runs)
    });
    println!(
        "mixed 6 × {SECS} s → 9:16 + captions + music: ours {:.1} s | seed recipe {:.1} s | {:.1}× faster (target ≥ 4×)",
        secs(ours),
        secs(seed),
        secs(seed) / secs(ours)
    );
    match moviepy_time {
        Some(m) => println!(
            "mixed 6 × {SECS} s: ours (with captions + music) {:.1} s | moviepy concatenate + write {:.1} s | {:.1}× faster (target ≥ 4×)",
            secs(ours),
            secs(m),
            secs(m) / secs(ours)
        ),
        None => println!("moviepy comparison skipped (set REELFORGE_BENCH_MOVIEPY_PYTHON)"),
    }

    // 3. Re-assembly after replacing one take, with the segment cache; with the takes'
    // stored summaries (as the app runs it) and probing every take.
    let mut all_takes = mixed.clone();
    all_takes.push(replacement.clone());
    let known = stored_summaries(&tools, &all_takes).await;
    let mut times: [(Vec<Duration>, Vec<Duration>); 2] = Default::default();
    for round in 0..rounds {
        for (with_known, (full, again)) in [true, false].into_iter().zip(times.iter_mut()) {
            let cache_dir = root.join(format!("cache{round}-{with_known}"));
            let cache = SegmentCache::open(cache_dir, 2_000_000_000).unwrap();
            let mut request = AssemblyRequest::new(
                clips(&mixed),
                out_dir.join("cached.mp4"),
                ExportPreset::Vertical1080,
            );
            request.cache = Some(cache);
            request.audio = AudioMix {
                music: Some(music.clone()),
                voice: None,
                normalize_loudness: false,
            };
            if with_known {
                request.known_probes = known.clone();
            }
            let t = Instant::now();
            assemble(&tools, &request, RunOptions::default())
                .await
                .expect("full assembly");
            full.push(t.elapsed());
            request.clips[2].path = replacement.clone();
            let t = Instant::now();
            let done = assemble(&tools, &request, RunOptions::default())
                .await
                .expect("re-assembly");
            again.push(t.elapsed());
            assert_eq!(
                done.mode,
                AssemblyMode::Segments {
                    reused: 5,
                    encoded: 1
                }
            );
            assert_eq!(done.probed, if with_known { 0 } else { mixed.len() });
        }
    }
    for ((full, again), how) in times
        .into_iter()
        .zip(["stored summaries", "probing every take"])
    {
        let (full, again) = (median(full), median(again));
        println!(
            "re-assembly after replacing 1 of 6 ({how}): {:.1} s | full {:.1} s | ratio {:.2} (target ≤ 0.3)",
            secs(again),
            secs(full),
            secs(again) / secs(full)
        );
    }
}
