//! Finding a create call whose answer was lost among a provider's recent generations: what
//! adapters whose API lists them (Luma's Dream Machine, Replicate) share.
//!
//! A generation matches when its provider-side creation time is no earlier than the moment
//! the create was sent (less [`CLOCK_SKEW`], for clocks that disagree) and the request it
//! echoes has the fingerprint of ours: the same model and the same fields we sent, images
//! aside (an upload gets a new URL each time). The lists are newest first; pages are read
//! until one reaches back before the send, at most [`MAX_PAGES`].

use std::time::Duration;

/// How far a provider's clock may be behind ours when its creation times are compared with
/// the moment we sent the create.
pub const CLOCK_SKEW: Duration = Duration::from_secs(60);

/// Most pages of a recent-generations list read for one lookup.
pub const MAX_PAGES: usize = 5;

/// The earliest creation time (unix milliseconds) a generation made by a create sent at
/// `sent_at_ms` may show.
pub fn earliest_created_ms(sent_at_ms: i64) -> i64 {
    sent_at_ms - i64::try_from(CLOCK_SKEW.as_millis()).unwrap_or(0)
}

/// Unix milliseconds of an RFC 3339 timestamp (`2026-01-07T01:36:08.845Z`,
/// `…T01:36:08.907244+02:00`); `None` when it is not one.
pub fn rfc3339_ms(text: &str) -> Option<i64> {
    let (date, rest) = text.split_once(['T', 't', ' '])?;
    let mut ymd = date.splitn(3, '-').map(|p| p.parse::<i64>().ok());
    let (year, month, day) = (ymd.next()??, ymd.next()??, ymd.next()??);
    let zone_at = rest.find(['Z', 'z', '+', '-']).unwrap_or(rest.len());
    let (clock, zone) = rest.split_at(zone_at);
    let (hms, fraction) = clock.split_once('.').unwrap_or((clock, ""));
    let mut parts = hms.splitn(3, ':').map(|p| p.parse::<i64>().ok());
    let (hour, minute, second) = (parts.next()??, parts.next()??, parts.next()??);
    let valid = (1..=12).contains(&month)
        && (1..=31).contains(&day)
        && hour < 24
        && minute < 60
        && second < 61
        && fraction.bytes().all(|b| b.is_ascii_digit());
    if !valid {
        return None;
    }
    let millis = fraction
        .bytes()
        .chain(std::iter::repeat(b'0'))
        .take(3)
        .fold(0i64, |n, b| n * 10 + i64::from(b - b'0'));
    let offset_s = match zone {
        "" | "Z" | "z" => 0,
        zone => {
            let sign = if zone.starts_with('-') { -1 } else { 1 };
            let (h, m) = zone[1..].split_once(':')?;
            sign * (h.parse::<i64>().ok()? * 3600 + m.parse::<i64>().ok()? * 60)
        }
    };
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset_s;
    Some(seconds * 1000 + millis)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year - era * 400;
    let shifted_month = (month + 9) % 12;
    let doy = (153 * shifted_month + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_timestamps_providers_send() {
        assert_eq!(rfc3339_ms("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            rfc3339_ms("2026-01-07T01:36:08.845Z"),
            Some(1_767_749_768_845)
        );
        assert_eq!(
            rfc3339_ms("2023-09-08T16:19:34.907244Z"),
            Some(1_694_189_974_907)
        );
        assert_eq!(
            rfc3339_ms("2023-09-08T18:19:34.907+02:00"),
            rfc3339_ms("2023-09-08T16:19:34.907Z")
        );
        assert_eq!(rfc3339_ms("2024-02-29T00:00:00Z"), Some(1_709_164_800_000));
        assert_eq!(rfc3339_ms("yesterday"), None);
        assert_eq!(rfc3339_ms("2024-13-01T00:00:00Z"), None);
        assert_eq!(earliest_created_ms(120_000), 60_000);
    }
}
