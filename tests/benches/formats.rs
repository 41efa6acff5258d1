//! Multi-format export benchmark (issue 18): three formats (9:16, 1:1, 16:9) of the same job
//! in one run (`export_formats`: timeline prepared once, each clip decoded once, audio mixed
//! and measured once) ÷ three separate assemblies, each with burned captions, a music bed and
//! loudness normalisation, cropped to fill: as the app assembles (cut transitions through a
//! cold normalised-segment cache), and as one filter-graph encode each (no cache). Prints the
//! medians and the ratios (target ≤ 0.8).
//!
//! `cargo bench -p reelforge-tests --bench formats`; `REELFORGE_BENCH_ROUNDS` (default 3).

use reelforge_core::media::loudness::TARGET;
use reelforge_core::media::{
    AssemblyRequest, AudioMix, Clip, ExportPreset, FormatTarget, FormatsRequest, FrameFit,
    MediaTools, RunOptions, SegmentCache, assemble, export_formats,
};
use reelforge_protocol::CaptionPlatform;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const TAKES: usize = 4;
const SECS: u32 = 4;
const PRESETS: [ExportPreset; 3] = [
    ExportPreset::Vertical1080,
    ExportPreset::Square1080,
    ExportPreset::Landscape1080,
];

fn ffmpeg(args: &[&str]) {
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

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn request(takes: &[PathBuf], music: &Path, out: PathBuf, preset: ExportPreset) -> AssemblyRequest {
    let clips = takes
        .iter()
        .enumerate()
        .map(|(i, p)| Clip {
            path: p.clone(),
            narration: Some(format!("Tip number {} for today's short video", i + 1)),
            label: format!("segment {}", i + 1),
            voice: None,
        })
        .collect();
    let mut request = AssemblyRequest::new(clips, out, preset);
    request.fit = FrameFit::Fill;
    request.burn_captions = true;
    request.audio = AudioMix {
        music: Some(music.to_owned()),
        voice: None,
        normalize_loudness: true,
    };
    request
}

#[tokio::main]
async fn main() {
    let rounds: usize = std::env::var("REELFORGE_BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3)
        .max(1);
    let tools = MediaTools::resolve(None).expect("ffmpeg and ffprobe are installed");
    let root = tempfile::tempdir().unwrap();
    let root = root.path();
    let takes: Vec<PathBuf> = (0..TAKES)
        .map(|i| {
            let p = root.join(format!("take{i}.mp4"));
            let src = format!("testsrc2=size=1080x1920:rate=30:duration={SECS}");
            let tone = format!(
                "sine=frequency={}:sample_rate=48000:duration={SECS}",
                300 + i * 40
            );
            let path = p.to_string_lossy().into_owned();
            ffmpeg(&[
                "-f",
                "lavfi",
                "-i",
                &src,
                "-f",
                "lavfi",
                "-i",
                &tone,
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-b:v",
                "8M",
                "-pix_fmt",
                "yuv420p",
                "-c:a",
                "aac",
                &path,
            ]);
            p
        })
        .collect();
    let music = root.join("music.m4a");
    let music_path = music.to_string_lossy().into_owned();
    ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "sine=frequency=220:sample_rate=44100:duration=20",
        &music_path,
    ]);
    let out = root.join("out");
    std::fs::create_dir(&out).unwrap();

    let (mut cached, mut separate, mut together) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..rounds {
        let cache_dir = root.join(format!("cache{round}"));
        let t = Instant::now();
        for preset in PRESETS {
            let file = out.join(format!("app{round}-{}.mp4", preset.id()));
            let mut request = request(&takes, &music, file, preset);
            request.cache = Some(SegmentCache::open(&cache_dir, 1 << 32).unwrap());
            assemble(&tools, &request, RunOptions::default())
                .await
                .expect("assembly");
        }
        cached.push(t.elapsed());
        let t = Instant::now();
        for preset in PRESETS {
            let file = out.join(format!("sep{round}-{}.mp4", preset.id()));
            let request = request(&takes, &music, file, preset);
            assemble(&tools, &request, RunOptions::default())
                .await
                .expect("assembly");
        }
        separate.push(t.elapsed());

        let base = request(&takes, &music, out.join("unused.mp4"), PRESETS[0]);
        let targets = PRESETS
            .iter()
            .map(|&preset| FormatTarget {
                preset,
                safe_zone: CaptionPlatform::All,
                loudness: TARGET.to_owned(),
                max_video_kbps: 10_000,
                output: out.join(format!("one{round}-{}.mp4", preset.id())),
            })
            .collect();
        let request = FormatsRequest {
            base,
            focus: Vec::new(),
            fit: FrameFit::Fill,
            targets,
            overwrite: false,
            keep_voice: None,
        };
        let t = Instant::now();
        export_formats(&tools, &request, RunOptions::default())
            .await
            .expect("export");
        together.push(t.elapsed());
    }
    let (cached, separate, together) = (median(cached), median(separate), median(together));
    println!(
        "{TAKES} × {SECS} s 1080×1920 takes → 9:16 + 1:1 + 16:9 with captions, music, loudness \
         ({rounds} rounds, medians): one export run {:.1} s | three app assemblies (segment \
         cache) {:.1} s, ratio {:.2} | three one-encode assemblies {:.1} s, ratio {:.2} \
         (target ≤ 0.8)",
        together.as_secs_f64(),
        cached.as_secs_f64(),
        together.as_secs_f64() / cached.as_secs_f64(),
        separate.as_secs_f64(),
        together.as_secs_f64() / separate.as_secs_f64()
    );
}
