//! Durations snapped to what each provider's model allows, the total kept near the target:
//! Luma (5/10 s), Runway (2–10 s), Hailuo on fal (6/10 s), from providers.md; and the same
//! property for whatever models the built-in registry has registered.

use reelforge_core::providers::http::ProviderEnv;
use reelforge_core::providers::registry;
use reelforge_core::script::finish::finish_script;
use reelforge_core::script::snap::snap_durations;
use reelforge_core::script::{
    OfflineWriter, ScriptBrief, ScriptWriter, beats_for, segment_count_for,
};
use reelforge_core::secrets::SessionStore;
use reelforge_protocol::{AspectRatio, ScriptLanguage, StyleDefaults};
use std::sync::Arc;

const LUMA: [u32; 2] = [5, 10];
const HAILUO: [u32; 2] = [6, 10];

fn runway() -> Vec<u32> {
    (2..=10).collect()
}

/// The offline writer's script for `target_s` seconds, finished for a model allowing `allowed`.
async fn durations_for(target_s: u32, allowed: &[u32]) -> Vec<u32> {
    let count = segment_count_for(target_s, allowed);
    let brief = ScriptBrief {
        subject: "3 Python tips".into(),
        pillar: "tips".into(),
        language: ScriptLanguage::En,
        target_duration_s: target_s,
        aspect_ratio: AspectRatio::Portrait,
        beats: beats_for(count),
        allowed_durations_s: allowed.to_vec(),
        style: StyleDefaults::default(),
    };
    let draft = OfflineWriter.write(&brief).await.unwrap();
    let done = finish_script(draft, allowed, target_s, &StyleDefaults::default());
    done.segments.iter().map(|s| s.duration_s).collect()
}

#[test]
fn luma_gets_five_and_ten_second_clips() {
    assert_eq!(snap_durations(&[4, 5, 6, 6, 5, 4], &LUMA, 30), [5; 6]);
    assert_eq!(snap_durations(&[7, 8], &LUMA, 15), [5, 10]);
    let long = snap_durations(&[8, 9, 9, 11, 9, 8], &LUMA, 55);
    assert!(long.iter().all(|d| LUMA.contains(d)), "{long:?}");
    assert_eq!(long.iter().sum::<u32>(), 55);
}

#[test]
fn runway_keeps_any_whole_second_from_two_to_ten() {
    let wanted = [4, 5, 5, 6, 5, 5];
    assert_eq!(snap_durations(&wanted, &runway(), 30), wanted);
    assert_eq!(snap_durations(&[1, 12, 5], &runway(), 17), [2, 10, 5]);
    // Over the target: shortened where it strays least from what was wanted.
    let trimmed = snap_durations(&[6, 6, 6, 6, 6, 6], &runway(), 30);
    assert_eq!(trimmed.iter().sum::<u32>(), 30);
    assert!(trimmed.iter().all(|d| (5..=6).contains(d)), "{trimmed:?}");
}

#[test]
fn hailuo_gets_six_and_ten_second_clips() {
    assert_eq!(snap_durations(&[6, 6, 6, 6, 6], &HAILUO, 30), [6; 5]);
    // Six beats of 5 s cannot make 30 s with 6 s clips: the nearest total is kept.
    assert_eq!(snap_durations(&[5; 6], &HAILUO, 30), [6; 6]);
    let mixed = snap_durations(&[7, 9, 8, 9], &HAILUO, 32);
    assert!(mixed.iter().all(|d| HAILUO.contains(d)), "{mixed:?}");
    assert_eq!(mixed.iter().sum::<u32>(), 32);
}

#[tokio::test]
async fn quick_scripts_fit_each_provider() {
    assert_eq!(durations_for(30, &LUMA).await, [5; 6]);
    assert_eq!(
        durations_for(30, &HAILUO).await,
        [6; 5],
        "five beats of 6 s"
    );
    let runway = durations_for(30, &runway()).await;
    assert_eq!(runway.len(), 6);
    assert_eq!(runway.iter().sum::<u32>(), 30);
    assert_eq!(durations_for(60, &LUMA).await, [10; 6]);
}

/// Whatever the built-in registry holds by now: every model's scripts use only allowed
/// durations and stay within one clip of the target.
#[tokio::test]
async fn every_registered_model_gets_allowed_durations() {
    let env = ProviderEnv::new(Arc::new(SessionStore::new()));
    for provider in registry::builtin(&env).descriptors() {
        for model in &provider.models {
            if model.durations_s.is_empty() {
                continue;
            }
            let got = durations_for(30, &model.durations_s).await;
            assert!(
                got.iter().all(|d| model.durations_s.contains(d)),
                "{}/{}: {got:?} not in {:?}",
                provider.id,
                model.id,
                model.durations_s
            );
            let longest = model.durations_s.iter().max().copied().unwrap();
            let total: u32 = got.iter().sum();
            assert!(
                total.abs_diff(30) <= longest,
                "{}/{}: {total} s is far from 30 s ({got:?})",
                provider.id,
                model.id
            );
        }
    }
}
