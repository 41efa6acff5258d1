//! The `Range` header of a preview request (RFC 9110 §14): one byte range, as `<video>`
//! elements send when they seek. Several ranges, other units and malformed values are
//! ignored (the whole file is sent), which the RFC allows.

/// What to send of a file of a known length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ByteRange {
    /// No usable `Range`: the whole file, `200 OK`.
    Full,
    /// Bytes `start..=end`, `206 Partial Content`.
    Partial { start: u64, end: u64 },
    /// The range starts past the end of the file: `416 Range Not Satisfiable`.
    Unsatisfiable,
}

/// Reads `header` (the `Range` value, if any) against a file of `len` bytes.
pub fn parse(header: Option<&str>, len: u64) -> ByteRange {
    let Some(spec) = header.and_then(|h| h.trim().strip_prefix("bytes=")) else {
        return ByteRange::Full;
    };
    if spec.contains(',') {
        return ByteRange::Full;
    }
    let Some((first, last)) = spec.trim().split_once('-') else {
        return ByteRange::Full;
    };
    let number = |s: &str| {
        let s = s.trim();
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u64>().ok())
            .flatten()
    };
    match (first.trim().is_empty(), number(first), number(last)) {
        // `-n`: the last n bytes.
        (true, _, Some(suffix)) => {
            if suffix == 0 || len == 0 {
                ByteRange::Unsatisfiable
            } else {
                ByteRange::Partial {
                    start: len.saturating_sub(suffix),
                    end: len - 1,
                }
            }
        }
        // `a-` and `a-b`.
        (false, Some(start), last) if last.is_some() || last_is_empty(last, spec) => {
            if last.is_some_and(|end| end < start) {
                ByteRange::Full
            } else if start >= len {
                ByteRange::Unsatisfiable
            } else {
                ByteRange::Partial {
                    start,
                    end: last.map_or(len - 1, |end| end.min(len - 1)),
                }
            }
        }
        _ => ByteRange::Full,
    }
}

/// Whether the part after `-` is empty (an open range `a-`), as opposed to unparsable.
fn last_is_empty(last: Option<u64>, spec: &str) -> bool {
    last.is_none()
        && spec
            .split_once('-')
            .is_some_and(|(_, l)| l.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::ByteRange::{Full, Partial, Unsatisfiable};
    use super::*;

    #[test]
    fn single_ranges_are_resolved_against_the_length() {
        assert_eq!(parse(None, 10), Full);
        assert_eq!(parse(Some("bytes=0-"), 10), Partial { start: 0, end: 9 });
        assert_eq!(parse(Some("bytes=2-5"), 10), Partial { start: 2, end: 5 });
        assert_eq!(parse(Some("bytes=2-500"), 10), Partial { start: 2, end: 9 });
        assert_eq!(parse(Some("bytes=-3"), 10), Partial { start: 7, end: 9 });
        assert_eq!(parse(Some("bytes=-30"), 10), Partial { start: 0, end: 9 });
        assert_eq!(parse(Some("bytes=10-"), 10), Unsatisfiable);
        assert_eq!(parse(Some("bytes=10-20"), 10), Unsatisfiable);
        assert_eq!(parse(Some("bytes=-0"), 10), Unsatisfiable);
        assert_eq!(parse(Some("bytes=0-"), 0), Unsatisfiable);
    }

    #[test]
    fn other_forms_send_the_whole_file() {
        for header in [
            "bytes=5-2",
            "bytes=0-1,4-5",
            "items=0-1",
            "bytes=a-b",
            "bytes=-",
            "bytes=1",
            "bytes=+1-2",
            "bytes=99999999999999999999999-",
        ] {
            assert_eq!(parse(Some(header), 10), Full, "{header}");
        }
    }
}
