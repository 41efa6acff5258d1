//! How numbers, money, dates and statuses read on screen, in the current language.

use crate::clock::Clock;
use crate::i18n::{Lang, t};
use reelforge_protocol::Beat;
use reelforge_protocol::money::format_usd;
use reelforge_protocol::{GenerationMode, JobStatus, ProviderDescriptor};

pub use crate::i18n::errors::{error_code_label, error_label, take_error};

const MS_PER_MINUTE: i64 = 60_000;
const MS_PER_HOUR: i64 = 60 * MS_PER_MINUTE;
const MS_PER_DAY: i64 = 24 * MS_PER_HOUR;

/// An amount in micro-USD. English is exactly [`format_usd`], the rounding shared with the CLI
/// (`$1.23`, `$0.04`, `$0.004` under a cent); French writes the same digits the French way,
/// decimal comma and the sign after a no-break space (`1,23 $`).
pub fn money(lang: Lang, micros: i64) -> String {
    let usd = format_usd(micros);
    match lang {
        Lang::En => usd,
        Lang::Fr => {
            let (sign, rest) = match usd.strip_prefix('-') {
                Some(rest) => ("-", rest),
                None => ("", usd.as_str()),
            };
            let digits = rest.trim_start_matches('$').replace('.', ",");
            format!("{sign}{digits}\u{a0}$")
        }
    }
}

/// Whole percent of `done` over `total` (0 when there is nothing to do), at most 100.
pub fn percent(done: u32, total: u32) -> u32 {
    if total == 0 {
        0
    } else {
        (u64::from(done.min(total)) * 100 / u64::from(total)) as u32
    }
}

/// Seconds, e.g. `5 s`.
pub fn seconds(lang: Lang, s: u64) -> String {
    (t(lang).seconds_short)(s)
}

/// Year, month (1–12) and day of a count of days since 1970-01-01 (proleptic Gregorian).
fn civil_date(days: i64) -> (i64, u32, u32) {
    // Shift the epoch to 0000-03-01 so that leap days end each 400-year era.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153; // 0 = March
    let day = (day_of_year - (153 * month_index + 2) / 5 + 1) as u32;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Local milliseconds since the epoch for `unix_ms`.
fn local_ms(clock: Clock, unix_ms: i64) -> i64 {
    unix_ms + i64::from(clock.utc_offset_min) * MS_PER_MINUTE
}

/// A local date from unix milliseconds: `Mar 14, 2025` / `14 mars 2025`.
pub fn date(lang: Lang, clock: Clock, unix_ms: i64) -> String {
    let (year, month, day) = civil_date(local_ms(clock, unix_ms).div_euclid(MS_PER_DAY));
    let month_name = t(lang).months_short[(month - 1) as usize];
    match lang {
        Lang::En => format!("{month_name} {day}, {year}"),
        Lang::Fr => format!("{day} {month_name} {year}"),
    }
}

/// A local date and time from unix milliseconds: `Mar 14, 2025, 09:30` / `14 mars 2025, 09:30`.
pub fn date_time(lang: Lang, clock: Clock, unix_ms: i64) -> String {
    let minute_of_day = local_ms(clock, unix_ms).rem_euclid(MS_PER_DAY) / MS_PER_MINUTE;
    let (hour, minute) = (minute_of_day / 60, minute_of_day % 60);
    format!("{}, {hour:02}:{minute:02}", date(lang, clock, unix_ms))
}

/// How long ago `unix_ms` was: `just now`, `5 min ago`, `3 h ago`, `yesterday`, `4 days ago`;
/// beyond a week, or in the future, the date alone.
pub fn relative_time(lang: Lang, clock: Clock, unix_ms: i64) -> String {
    let strings = t(lang);
    let elapsed = clock.now_ms - unix_ms;
    if elapsed < -MS_PER_MINUTE {
        return date(lang, clock, unix_ms);
    }
    match elapsed {
        e if e < MS_PER_MINUTE => strings.just_now.to_owned(),
        e if e < MS_PER_HOUR => (strings.minutes_ago)(e / MS_PER_MINUTE),
        e if e < MS_PER_DAY => (strings.hours_ago)(e / MS_PER_HOUR),
        e if e < 2 * MS_PER_DAY => strings.yesterday.to_owned(),
        e if e < 7 * MS_PER_DAY => (strings.days_ago)(e / MS_PER_DAY),
        _ => date(lang, clock, unix_ms),
    }
}

/// The label of a job status.
pub fn status_label(lang: Lang, status: JobStatus) -> &'static str {
    let s = t(lang);
    match status {
        JobStatus::Draft => s.status_draft,
        JobStatus::Configured => s.status_configured,
        JobStatus::Generating => s.status_generating,
        JobStatus::Review => s.status_review,
        JobStatus::Assembling => s.status_assembling,
        JobStatus::Completed => s.status_completed,
        JobStatus::Failed => s.status_failed,
        JobStatus::Paused => s.status_paused,
        JobStatus::Cancelled => s.status_cancelled,
    }
}

/// The label of a generation mode.
pub fn mode_label(lang: Lang, mode: GenerationMode) -> &'static str {
    let s = t(lang);
    match mode {
        GenerationMode::TextToVideo => s.mode_text_to_video,
        GenerationMode::ImageToVideo => s.mode_image_to_video,
        GenerationMode::FirstLastFrame => s.mode_first_last_frame,
        GenerationMode::UploadedClip => s.mode_uploaded_clip,
    }
}

/// A template beat as read on screen. Beats are stored as ids (`call_to_action`): a known one
/// ([`Beat`]) reads in the current language ("Call to action", "Appel à l'action"), any other
/// one is humanised (underscores become spaces, first letter capitalised). The stored value is
/// never changed; this is for display only.
pub fn beat_label(lang: Lang, beat: &str) -> String {
    // No trimming: the wizard's beat field shows this while the person types in it.
    let id = beat.to_lowercase().replace([' ', '-'], "_");
    if let Some(known) = Beat::parse(&id) {
        return (t(lang).beat_name)(known).to_owned();
    }
    let spaced = beat.replace('_', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Whether `label` starts with `name` (case aside), as in "Luma AI (hosted AI) — …".
fn starts_with_name(label: &str, name: &str) -> bool {
    !name.is_empty()
        && label
            .get(..name.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(name))
}

/// A provider on one line, as in a provider dropdown: "Name — what it is", or the label alone
/// when it already starts with the name, so the name is never shown twice.
pub fn provider_option(provider: &ProviderDescriptor) -> String {
    let (name, label) = (provider.display_name.trim(), provider.label.trim());
    if label.is_empty() {
        name.to_owned()
    } else if starts_with_name(label, name) {
        label.to_owned()
    } else {
        format!("{name} — {label}")
    }
}

/// What a provider is, shown beside its name: its label without a leading "Name — " (or
/// "Name: ") that would repeat the name just shown.
pub fn provider_description(provider: &ProviderDescriptor) -> String {
    let (name, label) = (provider.display_name.trim(), provider.label.trim());
    if starts_with_name(label, name) {
        let rest = &label[name.len()..];
        for separator in [" — ", " – ", " - ", ": ", ", "] {
            if let Some(rest) = rest.strip_prefix(separator)
                && !rest.trim().is_empty()
            {
                return rest.trim().to_owned();
            }
        }
    }
    label.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_in_each_language() {
        assert_eq!(money(Lang::En, 1_230_000), "$1.23");
        assert_eq!(money(Lang::En, 40_000), "$0.04");
        assert_eq!(money(Lang::En, 0), "$0.00");
        assert_eq!(money(Lang::En, 4_000), "$0.004");
        assert_eq!(money(Lang::En, -2_500_000), "-$2.50");
        assert_eq!(money(Lang::Fr, 1_230_000), "1,23\u{a0}$");
        assert_eq!(money(Lang::Fr, 4_000), "0,004\u{a0}$");
        assert_eq!(money(Lang::Fr, -2_500_000), "-2,50\u{a0}$");
        assert_eq!(money(Lang::Fr, 1_234_567_890), "1234,57\u{a0}$");
    }

    #[test]
    fn civil_dates_match_known_days() {
        assert_eq!(civil_date(0), (1970, 1, 1));
        assert_eq!(civil_date(-1), (1969, 12, 31));
        assert_eq!(civil_date(11_016), (2000, 2, 29));
        assert_eq!(civil_date(20_089), (2025, 1, 1));
    }

    #[test]
    fn dates_read_in_each_language() {
        // 2025-03-14 09:30:00 UTC.
        let at = 1_741_944_600_000;
        let utc = Clock::fixed(at, 0);
        assert_eq!(date_time(Lang::En, utc, at), "Mar 14, 2025, 09:30");
        assert_eq!(date_time(Lang::Fr, utc, at), "14 mars 2025, 09:30");
        let paris = Clock::fixed(at, 60);
        assert_eq!(date_time(Lang::En, paris, at), "Mar 14, 2025, 10:30");
    }

    #[test]
    fn relative_times() {
        let now = 1_741_944_600_000;
        let clock = Clock::fixed(now, 0);
        assert_eq!(relative_time(Lang::En, clock, now - 10_000), "just now");
        assert_eq!(
            relative_time(Lang::En, clock, now - 5 * MS_PER_MINUTE),
            "5 min ago"
        );
        assert_eq!(
            relative_time(Lang::Fr, clock, now - 3 * MS_PER_HOUR),
            "il y a 3 h"
        );
        assert_eq!(
            relative_time(Lang::Fr, clock, now - 30 * MS_PER_HOUR),
            "hier"
        );
        assert_eq!(
            relative_time(Lang::En, clock, now - 4 * MS_PER_DAY),
            "4 days ago"
        );
        assert_eq!(
            relative_time(Lang::En, clock, now - 30 * MS_PER_DAY),
            "Feb 12, 2025"
        );
        assert_eq!(
            relative_time(Lang::Fr, clock, now - 30 * MS_PER_DAY),
            "12 févr. 2025"
        );
    }

    #[test]
    fn percent_is_bounded() {
        assert_eq!(percent(0, 0), 0);
        assert_eq!(percent(1, 3), 33);
        assert_eq!(percent(5, 4), 100);
    }

    #[test]
    fn every_status_has_a_distinct_label() {
        for lang in Lang::ALL {
            let labels: std::collections::HashSet<_> = JobStatus::ALL
                .into_iter()
                .map(|s| status_label(lang, s))
                .collect();
            assert_eq!(labels.len(), JobStatus::ALL.len());
        }
    }

    #[test]
    fn every_known_beat_has_a_distinct_label() {
        for lang in Lang::ALL {
            let labels: std::collections::HashSet<_> =
                Beat::all().map(|b| beat_label(lang, b.as_str())).collect();
            assert_eq!(labels.len(), Beat::all().count());
        }
    }

    #[test]
    fn beats_read_as_labels() {
        assert_eq!(beat_label(Lang::En, "call_to_action"), "Call to action");
        assert_eq!(beat_label(Lang::Fr, "call_to_action"), "Appel à l'action");
        assert_eq!(beat_label(Lang::Fr, "call to action"), "Appel à l'action");
        assert_eq!(beat_label(Lang::En, "hook"), "Hook");
        assert_eq!(beat_label(Lang::Fr, "revelation"), "Révélation");
        assert_eq!(beat_label(Lang::Fr, "demo"), "Démo");
        assert_eq!(beat_label(Lang::Fr, "title_card"), "Carton-titre");
        assert_eq!(beat_label(Lang::En, "b_roll"), "B roll");
        assert_eq!(beat_label(Lang::Fr, "b_roll"), "B roll");
        assert_eq!(beat_label(Lang::En, "élan final"), "Élan final");
        assert_eq!(beat_label(Lang::En, ""), "");
        assert_eq!(
            beat_label(Lang::En, "demo "),
            "Demo ",
            "spaces being typed stay"
        );
    }

    fn provider(name: &str, label: &str) -> ProviderDescriptor {
        ProviderDescriptor {
            id: "p".into(),
            display_name: name.into(),
            label: label.into(),
            needs_key: false,
            models: Vec::new(),
            default_concurrency: 1,
            max_generation_s: 60,
        }
    }

    #[test]
    fn a_provider_name_is_never_shown_twice() {
        let local = provider(
            "Local (ffmpeg motion)",
            "Local (ffmpeg motion) — offline, not AI",
        );
        assert_eq!(
            provider_option(&local),
            "Local (ffmpeg motion) — offline, not AI"
        );
        assert_eq!(provider_description(&local), "offline, not AI");
        let plain = provider("Local (ffmpeg motion)", "Offline, not an AI model");
        assert_eq!(
            provider_option(&plain),
            "Local (ffmpeg motion) — Offline, not an AI model"
        );
        assert_eq!(provider_description(&plain), "Offline, not an AI model");
        let luma = provider("Luma AI", "Luma AI (hosted AI) — ray-2");
        assert_eq!(provider_option(&luma), "Luma AI (hosted AI) — ray-2");
        assert_eq!(provider_description(&luma), "Luma AI (hosted AI) — ray-2");
        assert_eq!(provider_option(&provider("Bare", "")), "Bare");
    }
}
