//! Snapping segment durations to what a model allows while keeping the total near a target.
//!
//! Pure functions over `ModelDescriptor.durations_s`: Luma's `5`/`10`, Runway's `2..=10`,
//! Hailuo's `6`/`10` or the local renderer's `1..=60` all go through [`snap_durations`].

/// Each wanted duration moved to an allowed one, then the fewest single steps (one segment to
/// the next allowed value up or down) that bring the total closer to `target_s`.
///
/// Each segment first takes the allowed value nearest to what was wanted (the shorter one on
/// a tie). While the total misses the target, the one step that brings it closest is taken,
/// preferring the segment whose new value stays nearest to what was wanted; it stops when no
/// step helps. With no allowed durations the wanted ones are returned unchanged.
pub fn snap_durations(wanted: &[u32], allowed: &[u32], target_s: u32) -> Vec<u32> {
    let mut allowed: Vec<u32> = allowed.iter().copied().filter(|d| *d > 0).collect();
    allowed.sort_unstable();
    allowed.dedup();
    if allowed.is_empty() {
        return wanted.to_vec();
    }
    let mut snapped: Vec<u32> = wanted.iter().map(|w| nearest(&allowed, *w)).collect();
    let target = i64::from(target_s);
    // Each step strictly shrinks the gap, so this ends; the bound is a guard.
    for _ in 0..(wanted.len() * allowed.len() + 1) {
        let total: i64 = snapped.iter().map(|d| i64::from(*d)).sum();
        let gap = target - total;
        if gap == 0 {
            break;
        }
        let mut best: Option<(i64, i64, usize, u32)> = None;
        for (i, current) in snapped.iter().enumerate() {
            let step = if gap > 0 {
                allowed.iter().copied().find(|a| a > current)
            } else {
                allowed.iter().rev().copied().find(|a| a < current)
            };
            let Some(next) = step else { continue };
            let new_gap = (gap - (i64::from(next) - i64::from(*current))).abs();
            let drift = (i64::from(next) - i64::from(wanted[i])).abs();
            let candidate = (new_gap, drift, i, next);
            if best.is_none_or(|b| (candidate.0, candidate.1) < (b.0, b.1)) {
                best = Some(candidate);
            }
        }
        match best {
            Some((new_gap, _, i, next)) if new_gap < gap.abs() => snapped[i] = next,
            _ => break,
        }
    }
    snapped
}

/// The allowed value nearest to `wanted` (the shorter one on a tie); `allowed` is sorted.
fn nearest(allowed: &[u32], wanted: u32) -> u32 {
    allowed
        .iter()
        .copied()
        .min_by_key(|a| (a.abs_diff(wanted), *a))
        .unwrap_or(wanted)
}

/// Splits `target_s` over segments by weight (the hook and the call to action shorter), as
/// whole seconds of at least one that add up to the target.
pub fn spread(target_s: u32, weights: &[u32]) -> Vec<u32> {
    if weights.is_empty() {
        return Vec::new();
    }
    let sum: u32 = weights.iter().sum::<u32>().max(1);
    let mut out: Vec<u32> = weights
        .iter()
        .map(|w| (target_s * w / sum).max(1))
        .collect();
    let mut total: u32 = out.iter().sum();
    let mut i = 0;
    while total < target_s {
        let at = i % out.len();
        out[at] += 1;
        total += 1;
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_prefers_the_shorter_on_a_tie() {
        assert_eq!(nearest(&[5, 10], 7), 5);
        assert_eq!(nearest(&[5, 10], 8), 10);
        assert_eq!(nearest(&[4, 8], 6), 4);
    }

    #[test]
    fn snapping_keeps_the_total_near_the_target() {
        assert_eq!(
            snap_durations(&[4, 5, 6, 6, 5, 4], &[5, 10], 30),
            vec![5; 6]
        );
        let total: u32 = snap_durations(&[5, 7, 7, 8, 7, 6], &[5, 10], 40)
            .iter()
            .sum();
        assert_eq!(total, 40);
        assert_eq!(snap_durations(&[3, 4], &[], 10), vec![3, 4]);
    }

    #[test]
    fn spread_adds_up_to_the_target() {
        let parts = spread(30, &[8, 10, 10, 12, 10, 9]);
        assert_eq!(parts.iter().sum::<u32>(), 30);
        assert!(parts.iter().all(|p| *p >= 4));
        assert_eq!(spread(2, &[1, 1, 1]), vec![1, 1, 1]);
    }
}
