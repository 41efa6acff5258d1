//! Per-take media and incremental re-assembly on generated clips: thumbnail and 720p preview
//! proxy checked with ffprobe; the stored ffprobe summary spares assembly a probe until the
//! take's file changes; re-assembling after replacing one take re-encodes only that
//! take, reuses the other cached segments and still yields a valid video.

#[path = "media_fixtures/mod.rs"]
mod fixtures;

use fixtures::{ClipSpec, clip, leftovers, make_clip, make_tone, summary, tools};
use reelforge_core::media::{
    AssemblyMode, AssemblyRequest, AudioMix, ExportPreset, FileStamp, KnownProbe, RunOptions,
    SegmentCache, assemble, prepare_take_media,
};
use std::collections::HashMap;

#[tokio::test]
async fn thumbnail_and_preview_proxy_of_a_take() {
    let dir = tempfile::tempdir().unwrap();
    let take = make_clip(
        dir.path(),
        "take.mp4",
        ClipSpec::new(1081, 1919, 24, 1.2).silent(),
    );
    let out = tempfile::tempdir().unwrap();
    let media = prepare_take_media(&tools(), &take, out.path(), RunOptions::default())
        .await
        .unwrap();
    assert_eq!(media.info.video.as_ref().unwrap().width, 1081);
    let thumb = summary(&media.thumbnail);
    assert_eq!((thumb.width, thumb.video_codec.as_str()), (480, "mjpeg"));
    let proxy = summary(&media.proxy);
    assert_eq!(
        (proxy.width, proxy.height, proxy.video_codec.as_str()),
        (720, 1278, "h264")
    );
    assert!((proxy.duration - 1.2).abs() < 0.1, "{proxy:?}");
    assert_eq!(proxy.audio_codec, None);
    let mut names: Vec<String> = leftovers(out.path(), &[])
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["take.preview.mp4", "take.thumb.jpg"]);

    let err = prepare_take_media(
        &tools(),
        &dir.path().join("gone.mp4"),
        out.path(),
        RunOptions::default(),
    )
    .await
    .unwrap_err();
    assert!(err.to_string().contains("gone.mp4 does not exist"), "{err}");
}

#[tokio::test]
async fn assembly_reuses_stored_probe_summaries_until_a_take_changes() {
    let dir = tempfile::tempdir().unwrap();
    let spec = ClipSpec::new(720, 1280, 30, 1.0);
    let takes: Vec<_> = (0..3)
        .map(|i| make_clip(dir.path(), &format!("t{i}.mp4"), spec))
        .collect();
    let previews = tempfile::tempdir().unwrap();
    let mut known = HashMap::new();
    for take in &takes {
        let media = prepare_take_media(&tools(), take, previews.path(), RunOptions::default())
            .await
            .unwrap();
        assert_eq!(media.stamp, FileStamp::of(take).unwrap());
        assert_eq!(
            media.stamp.size_bytes,
            std::fs::metadata(take).unwrap().len()
        );
        let stored = media.known_probe();
        assert!(stored.info.audio.is_some());
        assert!((stored.info.clip_duration().as_secs_f64() - 1.0).abs() < 0.05);
        // What the database keeps is the JSON of the summary.
        let json = serde_json::to_string(&stored).unwrap();
        let back: KnownProbe = serde_json::from_str(&json).unwrap();
        assert_eq!(back, stored);
        known.insert(take.clone(), back);
    }
    let output = dir.path().join("out.mp4");
    let clips: Vec<_> = takes
        .iter()
        .enumerate()
        .map(|(i, p)| clip(p, i + 1, None))
        .collect();
    let mut request = AssemblyRequest::new(clips, &output, ExportPreset::DraftVertical720);
    request.known_probes = known;
    let done = assemble(&tools(), &request, RunOptions::default())
        .await
        .unwrap();
    assert_eq!(done.probed, 0, "every take unchanged: no ffprobe run");
    assert_eq!(done.mode, AssemblyMode::StreamCopy);
    assert!((summary(&output).duration - 3.0).abs() < 0.1);

    // Take 2 is regenerated in place, longer: its stale summary is not trusted.
    make_clip(dir.path(), "t1.mp4", ClipSpec::new(720, 1280, 30, 2.0));
    let done = assemble(&tools(), &request, RunOptions::default())
        .await
        .unwrap();
    assert_eq!(done.probed, 1, "only the changed take is probed");
    assert!((done.timeline.total.as_secs_f64() - 4.0).abs() < 0.1);
    assert!((summary(&output).duration - 4.0).abs() < 0.1);
    // What it read comes back stamped, to be stored: then the next assembly probes nothing.
    let changed = dir.path().join("t1.mp4");
    assert_eq!(done.reprobed.len(), 1);
    let fresh = &done.reprobed[0];
    assert_eq!(fresh.info.path, changed);
    assert_eq!(fresh.stamp, FileStamp::of(&changed).unwrap());
    assert!((fresh.info.clip_duration().as_secs_f64() - 2.0).abs() < 0.05);
    let mut refreshed = request.clone();
    refreshed.known_probes.insert(changed, fresh.clone());
    let again = assemble(&tools(), &refreshed, RunOptions::default())
        .await
        .unwrap();
    assert_eq!((again.probed, again.reprobed.len()), (0, 0));

    // Without stored summaries every take is probed.
    request.known_probes.clear();
    let done = assemble(&tools(), &request, RunOptions::default())
        .await
        .unwrap();
    assert_eq!((done.probed, done.reprobed.len()), (3, 3));
}

#[tokio::test]
async fn replacing_one_take_reencodes_only_that_segment() {
    let dir = tempfile::tempdir().unwrap();
    let specs = [
        ClipSpec::new(320, 240, 25, 0.8),
        ClipSpec::new(240, 320, 30, 0.8).silent(),
        ClipSpec::new(300, 300, 24, 0.8).audio(44_100, 1),
    ];
    let takes: Vec<_> = specs
        .iter()
        .enumerate()
        .map(|(i, s)| make_clip(dir.path(), &format!("t{i}.mp4"), *s))
        .collect();
    let replacement = make_clip(dir.path(), "new.mp4", ClipSpec::new(640, 360, 30, 1.5));
    let music = make_tone(dir.path(), "music.m4a", 220, 0.5);
    let cache = SegmentCache::open(dir.path().join("cache"), 50_000_000).unwrap();
    let output = dir.path().join("out").join("final.mp4");
    std::fs::create_dir(output.parent().unwrap()).unwrap();
    let request = |paths: &[&std::path::Path]| {
        let clips = paths
            .iter()
            .enumerate()
            .map(|(i, p)| clip(p, i + 1, Some("words")))
            .collect();
        let mut r = AssemblyRequest::new(clips, &output, ExportPreset::DraftVertical720);
        r.cache = Some(cache.clone());
        r.audio = AudioMix {
            music: Some(music.clone()),
            voice: None,
            normalize_loudness: true,
        };
        r
    };
    let first = request(&[&takes[0], &takes[1], &takes[2]]);
    let done = assemble(&tools(), &first, RunOptions::default())
        .await
        .unwrap();
    assert_eq!(
        done.mode,
        AssemblyMode::Segments {
            reused: 0,
            encoded: 3
        }
    );
    let s = summary(&output);
    assert_eq!((s.width, s.height, s.fps.as_str()), (720, 1280, "30/1"));
    assert!((s.duration - 2.4).abs() < 0.15, "{s:?}");
    assert_eq!(s.sample_rate, Some(48_000));

    let again = assemble(&tools(), &first, RunOptions::default())
        .await
        .unwrap();
    assert_eq!(
        again.mode,
        AssemblyMode::Segments {
            reused: 3,
            encoded: 0
        }
    );

    let replaced = request(&[&takes[0], &replacement, &takes[2]]);
    let done = assemble(&tools(), &replaced, RunOptions::default())
        .await
        .unwrap();
    assert_eq!(
        done.mode,
        AssemblyMode::Segments {
            reused: 2,
            encoded: 1
        }
    );
    let s = summary(&output);
    assert!((s.duration - 3.1).abs() < 0.15, "{s:?}");
    let cues =
        reelforge_core::media::parse_srt(&std::fs::read_to_string(done.srt.unwrap()).unwrap());
    assert!((cues[2].start.as_secs_f64() - 2.3).abs() < 0.06, "{cues:?}");
    assert_eq!(
        leftovers(
            output.parent().unwrap(),
            &[
                &output,
                &output.with_extension("srt"),
                &output.with_extension("ass")
            ]
        ),
        Vec::<std::path::PathBuf>::new()
    );

    let before = cache.total_bytes().unwrap();
    assert!(before > 0);
    let small = SegmentCache::open(cache.dir(), before / 2).unwrap();
    small.evict_to_limit(&[]).unwrap();
    assert!(small.total_bytes().unwrap() <= before / 2);
    small.clear().unwrap();
    assert_eq!(cache.total_bytes().unwrap(), 0);
}
