//! Money as shown to people. Amounts are integer micro-USD everywhere; this is the one place
//! that turns them into text and reads them back from what people type, shared by the UI and
//! the CLI.

/// Micro-USD in one US dollar.
pub const MICROS_PER_USD: i64 = 1_000_000;

/// `$1.23`; amounts under a cent keep enough digits to not read as free (`$0.004`).
pub fn format_usd(micros: i64) -> String {
    let sign = if micros < 0 { "-" } else { "" };
    let abs = micros.unsigned_abs();
    if abs != 0 && abs < 10_000 {
        // Under one cent: three decimals, at least $0.001.
        let thousandths = abs.div_ceil(1_000);
        return format!("{sign}$0.{thousandths:03}");
    }
    let cents = (abs + 5_000) / 10_000;
    format!("{sign}${}.{:02}", cents / 100, cents % 100)
}

/// Parses a dollar amount as people type it (`5`, `5.5`, `$12.30`, `12,50` with a decimal
/// comma, `3 $`) into micro-USD; `None` when it is not one (empty, negative, more than six
/// decimals).
pub fn parse_usd(text: &str) -> Option<i64> {
    let text = without_dollar_sign(text).replace(',', ".");
    let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
    if whole.is_empty() && frac.is_empty() || frac.len() > 6 {
        return None;
    }
    if !whole
        .chars()
        .chain(frac.chars())
        .all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let frac_micros: i64 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<6}").parse().ok()?
    };
    whole.checked_mul(MICROS_PER_USD)?.checked_add(frac_micros)
}

/// A budget cap as typed in a form: `Some(None)` when left empty (no cap), `Some(Some(micros))`
/// for an amount (see [`parse_usd`]), `None` when it is not an amount.
pub fn parse_budget_cap(text: &str) -> Option<Option<i64>> {
    if without_dollar_sign(text).is_empty() {
        Some(None)
    } else {
        parse_usd(text).map(Some)
    }
}

/// `text` without surrounding blanks and a leading or trailing `$`.
fn without_dollar_sign(text: &str) -> &str {
    text.trim()
        .trim_start_matches('$')
        .trim_end_matches('$')
        .trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_dollars_cents_and_fractions_of_a_cent() {
        assert_eq!(format_usd(0), "$0.00");
        assert_eq!(format_usd(1_230_000), "$1.23");
        assert_eq!(format_usd(40_000), "$0.04");
        assert_eq!(format_usd(1_234_567_890), "$1234.57");
        assert_eq!(format_usd(4_000), "$0.004");
        assert_eq!(format_usd(1), "$0.001");
        assert_eq!(format_usd(-2_500_000), "-$2.50");
    }

    #[test]
    fn parses_what_people_type() {
        assert_eq!(parse_usd("5"), Some(5_000_000));
        assert_eq!(parse_usd("$12.30"), Some(12_300_000));
        assert_eq!(parse_usd(".5"), Some(500_000));
        assert_eq!(parse_usd("0.000001"), Some(1));
        assert_eq!(parse_usd("12,5"), Some(12_500_000), "decimal comma");
        assert_eq!(parse_usd("3 $"), Some(3_000_000));
        assert_eq!(parse_usd(" $ 7 "), Some(7_000_000));
        let bad = [
            "",
            "$",
            "abc",
            "1.2.3",
            "1,000.50",
            "-1",
            "0.0000001",
            ".",
            "lots",
        ];
        for bad in bad {
            assert_eq!(parse_usd(bad), None, "{bad}");
        }
    }

    #[test]
    fn an_empty_budget_cap_means_no_cap_and_text_is_refused() {
        for empty in ["", "  ", "$", " $ "] {
            assert_eq!(parse_budget_cap(empty), Some(None), "{empty:?}");
        }
        assert_eq!(parse_budget_cap("5"), Some(Some(5_000_000)));
        assert_eq!(parse_budget_cap("$12.50"), Some(Some(12_500_000)));
        assert_eq!(parse_budget_cap("12,5"), Some(Some(12_500_000)));
        assert_eq!(parse_budget_cap(".25"), Some(Some(250_000)));
        assert_eq!(parse_budget_cap("0.000001"), Some(Some(1)));
        for bad in ["1.0000001", "-3", "lots", ".", "x"] {
            assert_eq!(parse_budget_cap(bad), None, "{bad}");
        }
    }
}
