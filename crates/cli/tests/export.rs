//! `reelforge export` (issue 18): one run from a 9:16 job yields the Reels, feed 4:5, square
//! and YouTube files at their sizes (ffprobe), none letterboxed (the outer rows and columns of
//! a frame are not uniform black), each with its burned captions inside its format's safe
//! zone (the pixels a captioned export changes against the same export without captions);
//! a cover image per format; a second export takes new names and leaves the first
//! untouched, unless `--overwrite`; the timelines for editors read back with OpenTimelineIO;
//! their transitions (crossfade, dip) read back as OpenTimelineIO transitions over the same
//! clips; `--cover-title` draws the job's title on the covers; a metadata sidecar (`.json`, `.txt`)
//! lists each run's files with the offline writer's title, description and hashtags.

mod support;

use serde_json::Value;
use std::path::Path;
use std::process::Command;
use std::time::Duration;
use support::frames::{black_edge, gray_frame};

const RUN_LIMIT: Duration = Duration::from_secs(600);

fn json(data: &Path, args: &[&str]) -> Value {
    support::success_json(args, &support::reelforge_within(data, args, RUN_LIMIT))
}

/// A generated two-segment 9:16 job of one-second local clips, segment 1 narrated.
fn generated_vertical_job(data: &Path) -> String {
    let job = json(
        data,
        &[
            "jobs",
            "create",
            "--title",
            "Export me",
            "--segments",
            "2",
            "--aspect",
            "9:16",
            "--provider",
            "local",
            "--duration",
            "1",
            "--json",
        ],
    );
    let id = job["id"].as_str().unwrap().to_owned();
    json(
        data,
        &[
            "jobs",
            "configure",
            &id,
            "--prompt",
            "A lighthouse at dawn",
            "--json",
        ],
    );
    json(
        data,
        &[
            "jobs",
            "configure",
            &id,
            "--segment",
            "1",
            "--narration",
            "Hello there, friends",
            "--json",
        ],
    );
    json(data, &["generate", &id, "--wait", "--json"]);
    id
}

/// The box (x0, y0, x1, y1) of the pixels that differ clearly between two frames.
fn changed_box(w: usize, a: &[u8], b: &[u8]) -> Option<(usize, usize, usize, usize)> {
    let mut found: Option<(usize, usize, usize, usize)> = None;
    for (i, (x, y)) in a.iter().zip(b).enumerate() {
        if x.abs_diff(*y) > 60 {
            let (px, py) = (i % w, i / w);
            found = Some(match found {
                None => (px, py, px, py),
                Some((x0, y0, x1, y1)) => (x0.min(px), y0.min(py), x1.max(px), y1.max(py)),
            });
        }
    }
    found
}

/// Each format's caption safe zone (x0, y0, x1, y1): Reels keeps clear of its right rail and
/// bottom bar, the others of the lower 8 % margins (see `caption_zone_for`).
fn safe_zone(format: &str) -> (usize, usize, usize, usize) {
    match format {
        "reels" => (120, 990, 960, 1470),
        "feed45" => (120, 540, 888, 876),
        "square" => (86, 562, 994, 994),
        _ => (152, 562, 1768, 994),
    }
}

#[test]
fn one_run_yields_every_shape_reframed_with_captions_in_their_safe_zones() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let job = generated_vertical_job(d);
    let formats = "reels,feed45,square,youtube";
    let sidecars = std::cell::RefCell::new(Vec::new());
    let export = |extra: &[&str]| -> Vec<Value> {
        let args = [
            &[
                "export",
                &job,
                "--format",
                formats,
                "--no-narration",
                "--json",
            ][..],
            extra,
        ]
        .concat();
        let result = json(d, &args);
        assert_eq!(result["job_id"], job.as_str());
        let files = result["exports"].as_array().unwrap();
        let (sidecar, files): (Vec<Value>, Vec<Value>) = files
            .iter()
            .cloned()
            .partition(|f| f["format"].as_str().unwrap().starts_with("metadata"));
        sidecars.borrow_mut().push(sidecar);
        // Each video has its cover beside it, a frame of its own size.
        let (videos, covers): (Vec<Value>, Vec<Value>) = files
            .into_iter()
            .partition(|f| !f["format"].as_str().unwrap().ends_with("-cover"));
        assert_eq!(videos.len(), covers.len(), "{result}");
        for (video, cover) in videos.iter().zip(&covers) {
            let path = cover["path"].as_str().unwrap();
            assert_eq!(
                cover["format"],
                format!("{}-cover", video["format"].as_str().unwrap())
            );
            assert!(path.ends_with(".jpg"), "{path}");
            let (w, h, _) = gray_frame(path, 0.0);
            assert_eq!(
                (w as u64, h as u64),
                (
                    video["width"].as_u64().unwrap(),
                    video["height"].as_u64().unwrap()
                )
            );
        }
        videos
    };
    let first = export(&[]);
    let sizes = [
        ("reels", 1080, 1920),
        ("feed45", 1080, 1350),
        ("square", 1080, 1080),
        ("youtube", 1920, 1080),
    ];
    assert_eq!(first.len(), sizes.len());
    for (file, (format, w, h)) in first.iter().zip(sizes) {
        assert_eq!(file["format"], format);
        let path = file["path"].as_str().unwrap();
        assert!(path.ends_with(&format!("-{format}.mp4")), "{path}");
        assert_eq!(
            file["bytes"].as_u64(),
            Some(std::fs::metadata(path).unwrap().len())
        );
        let (fw, fh, luma) = gray_frame(path, 1.5);
        assert_eq!((fw, fh), (w, h), "{format}");
        for side in ["top", "bottom", "left", "right"] {
            assert!(
                !black_edge(fw, fh, &luma, side),
                "{format} has a black bar at the {side}"
            );
        }
    }
    let status = json(d, &["status", &job, "--json"]);
    assert_eq!(status["status"], "completed", "{status}");

    // Again without captions: new names, the first files untouched.
    let before: Vec<u64> = first.iter().map(|f| f["bytes"].as_u64().unwrap()).collect();
    let plain = export(&["--captions", "none"]);
    for ((captioned, bare), bytes) in first.iter().zip(&plain).zip(before) {
        let (a, b) = (
            captioned["path"].as_str().unwrap(),
            bare["path"].as_str().unwrap(),
        );
        assert_ne!(a, b);
        assert!(
            b.ends_with(&format!("-{}-2.mp4", bare["format"].as_str().unwrap())),
            "{b}"
        );
        assert_eq!(
            std::fs::metadata(a).unwrap().len(),
            bytes,
            "{a} was written over"
        );
        let format = captioned["format"].as_str().unwrap();
        let (w, _, with) = gray_frame(a, 0.5);
        let (_, _, without) = gray_frame(b, 0.5);
        let (x0, y0, x1, y1) = changed_box(w, &with, &without).expect("captions drawn");
        let (zx0, zy0, zx1, zy1) = safe_zone(format);
        assert!(
            x0 >= zx0 && y0 >= zy0 && x1 <= zx1 && y1 <= zy1,
            "{format}: captions at ({x0},{y0})–({x1},{y1}), outside ({zx0},{zy0})–({zx1},{zy1})"
        );
    }

    // A metadata sidecar beside each run's videos, the first one never written over.
    let sidecars = sidecars.into_inner();
    let path = |run: usize, i: usize| sidecars[run][i]["path"].as_str().unwrap().to_owned();
    assert_eq!(sidecars[0][0]["format"], "metadata", "{sidecars:?}");
    assert_eq!(sidecars[0][1]["format"], "metadata-text", "{sidecars:?}");
    assert!(path(0, 0).ends_with(".json") && path(0, 1).ends_with(".txt"));
    assert!(path(1, 0).ends_with("-2.json") && path(1, 1).ends_with("-2.txt"));
    let sidecar: Value =
        serde_json::from_slice(&std::fs::read(path(0, 0)).unwrap()).expect("a JSON sidecar");
    assert_eq!(sidecar["title"], "Export me", "{sidecar}");
    assert_eq!(sidecar["language"], "en", "{sidecar}");
    assert_eq!(sidecar["writer"], "offline", "{sidecar}");
    for tag in sidecar["hashtags"].as_array().unwrap() {
        let tag = tag.as_str().unwrap();
        assert!(tag.starts_with('#') && !tag.contains(' '), "{tag}");
    }
    for file in &first {
        let format = file["format"].as_str().unwrap();
        let name = Path::new(file["path"].as_str().unwrap())
            .file_name()
            .unwrap();
        assert_eq!(
            sidecar["formats"][format]["video"],
            name.to_string_lossy().as_ref()
        );
    }
    let text = std::fs::read_to_string(path(0, 1)).unwrap();
    assert!(text.starts_with("Export me\n\n"), "{text}");
    assert_eq!(
        sidecars[0][0]["bytes"].as_u64(),
        Some(std::fs::metadata(path(0, 0)).unwrap().len())
    );

    // Asked to, it writes over the first Reels file.
    let again = json(
        d,
        &[
            "export",
            &job,
            "--format",
            "reels",
            "--no-narration",
            "--overwrite",
            "--json",
        ],
    );
    assert_eq!(again["exports"][0]["path"], first[0]["path"]);
}

#[test]
fn assembling_to_another_shape_crops_and_keeps_the_jobs_own_video() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let job = generated_vertical_job(d);
    let own = json(d, &["assemble", &job, "--no-narration", "--json"]);
    let own_path = own["output"].as_str().unwrap().to_owned();
    let own_bytes = std::fs::metadata(&own_path).unwrap().len();
    let wide = json(
        d,
        &[
            "assemble",
            &job,
            "--preset",
            "16x9",
            "--no-narration",
            "--json",
        ],
    );
    let wide_path = wide["output"].as_str().unwrap();
    assert_ne!(wide_path, own_path);
    assert!(wide_path.ends_with("-landscape-1080.mp4"), "{wide_path}");
    assert_eq!(std::fs::metadata(&own_path).unwrap().len(), own_bytes);
    let (w, h, luma) = gray_frame(wide_path, 1.5);
    assert_eq!((w, h), (1920, 1080));
    for side in ["top", "bottom", "left", "right"] {
        assert!(!black_edge(w, h, &luma, side), "a black bar at the {side}");
    }

    // A focus at the top of segment 1 moves its crop there; segment 2 keeps the centre.
    let export = |d: &Path| -> String {
        let args = [
            "export",
            &job,
            "--format",
            "youtube",
            "--no-narration",
            "--captions",
            "none",
            "--json",
        ];
        json(d, &args)["exports"][0]["path"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let centred = export(d);
    json(d, &["focus", &job, "1", "500,0", "--json"]);
    let missing = support::reelforge(d, &["focus", &job, "9", "500,0", "--json"]);
    assert!(!missing.status.success(), "segment 9 does not exist");
    let topped = export(d);
    let differs = |at: f64| {
        let (_, _, a) = gray_frame(&centred, at);
        let (_, _, b) = gray_frame(&topped, at);
        a.iter()
            .zip(&b)
            .filter(|(x, y)| x.abs_diff(**y) > 40)
            .count()
            * 10
            > a.len()
    };
    assert!(differs(0.5), "segment 1 is cropped around its focus");
    assert!(!differs(1.5), "segment 2 keeps the centre");
}

#[test]
fn the_timelines_for_editors_read_back_with_opentimelineio() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let job = generated_vertical_job(d);
    let args = [
        "export",
        &job,
        "--format",
        "reels",
        "--timeline",
        "otio,fcpxml,edl",
        "--json",
    ];
    let result = json(d, &args);
    let files = result["exports"].as_array().unwrap();
    let timelines: Vec<&str> = files
        .iter()
        .filter(|f| ["otio", "fcpxml", "edl"].contains(&f["format"].as_str().unwrap()))
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(timelines.len(), 3, "{result}");
    let folder = Path::new(timelines[0]).parent().unwrap();
    let copies: Vec<String> = std::fs::read_dir(folder.join("media"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        copies.len(),
        3,
        "the takes and the voice are copied beside the timelines: {copies:?}"
    );
    let Some(printed) = read_back(&timelines) else {
        return;
    };
    for read in printed {
        let line = read.to_string();
        let video: Vec<(String, u64)> = read["video"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["name"].as_str().unwrap().to_owned(),
                    c["frames"].as_u64().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            video,
            [("segment 1".to_owned(), 30), ("segment 2".to_owned(), 30)],
            "{line}"
        );
        assert!(
            read["markers"].as_u64().unwrap() >= 1,
            "the caption is marked: {line}"
        );
    }
}

/// Each timeline as `tests/sdk/otio_readback.py` reads it with OpenTimelineIO (`None` when
/// the SDK Python is not set up and not required).
fn read_back(timelines: &[&str]) -> Option<Vec<Value>> {
    let python = reelforge_tests::sdk::python()?;
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/sdk/otio_readback.py");
    let out = Command::new(&python)
        .arg(&script)
        .args(timelines)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(
        printed.lines().count(),
        timelines.len(),
        "one reading per timeline: {printed}"
    );
    Some(
        printed
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect(),
    )
}

/// The timelines of an export's result.
fn timeline_paths(result: &Value) -> Vec<String> {
    result["exports"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| ["otio", "fcpxml", "edl"].contains(&f["format"].as_str().unwrap()))
        .map(|f| f["path"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn the_timelines_carry_the_jobs_crossfades() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let job = generated_vertical_job(d);
    for (transition, names) in [
        (
            "crossfade",
            ["SMPTE_Dissolve", "Cross Dissolve", "SMPTE_Dissolve"],
        ),
        (
            "dip",
            ["Custom_Transition", "Fade To Color", "SMPTE_Dissolve"],
        ),
    ] {
        let args = [
            "export",
            &job,
            "--format",
            "reels",
            "--no-narration",
            "--transition",
            transition,
            "--timeline",
            "otio,fcpxml,edl",
            "--json",
        ];
        let result = json(d, &args);
        let paths = timeline_paths(&result);
        let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
        assert_eq!(paths.len(), 3, "{result}");
        // Two 1 s clips overlapping by 0.5 s: 1.5 s, as the assembled video.
        assert_eq!(result["duration_ms"], 1500, "{result}");
        let Some(readings) = read_back(&paths) else {
            return;
        };
        for (read, name) in readings.iter().zip(names) {
            let video: Vec<(&str, u64)> = read["video"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| (c["name"].as_str().unwrap(), c["frames"].as_u64().unwrap()))
                .collect();
            // The outgoing clip is cut at the edit; the dissolve runs into its last 15 frames.
            assert_eq!(video, [("segment 1", 15), ("segment 2", 30)], "{read}");
            assert_eq!(
                read["transitions"],
                serde_json::json!([{"type": name, "in": 0, "out": 15}]),
                "{read}"
            );
            if !read["file"].as_str().unwrap().ends_with(".fcpxml") {
                assert_eq!(read["frames"], 45, "{read}");
            }
        }
    }
}

#[test]
fn the_title_is_drawn_on_the_cover_only_when_asked() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let job = generated_vertical_job(d);
    let cover = |extra: &[&str]| -> String {
        let base = [
            "export",
            &job,
            "--format",
            "square",
            "--no-narration",
            "--captions",
            "none",
            "--json",
        ];
        let result = json(d, &[&base[..], extra].concat());
        let files = result["exports"].as_array().unwrap();
        let cover = files.iter().find(|f| f["format"] == "square-cover");
        cover.expect("a cover")["path"].as_str().unwrap().to_owned()
    };
    let plain = cover(&[]);
    let titled = cover(&["--cover-title"]);
    assert_ne!(plain, titled, "the second export takes new names");
    let (w, h, a) = gray_frame(&plain, 0.0);
    let (_, _, b) = gray_frame(&titled, 0.0);
    let (x0, y0, x1, y1) = changed_box(w, &a, &b).expect("the title changes the cover");
    assert!(
        y0 >= h / 20 && y1 <= h / 3,
        "drawn in the upper third: {:?}",
        (x0, y0, x1, y1)
    );
    assert!(
        x1 - x0 > w / 5 && x0 < w / 2 && x1 > w / 2,
        "centred across the width: {:?}",
        (x0, y0, x1, y1)
    );
}
